"""The sandbox itself: confinement, limits, copying and the wire format, checked directly."""
import io
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder.sandbox import wire
from autograder.sandbox.client import MIB, Limits, Sandbox, copy_submission

from .conftest import ROOT

LIMITS = Limits(call_seconds=2.0, total_seconds=20.0, memory_bytes=512 * MIB, file_bytes=4 * MIB)
PROBE = '''

def probe(code):
    """Run ``code`` as the student; returns what it printed, or the error it raised."""
    import contextlib, io
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            exec(code, {})
    except BaseException as error:
        return printed.getvalue() + f"{type(error).__name__}: {error}"
    return printed.getvalue()
'''


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("probe") / "self_attention"
    folder.mkdir()
    reference = (ROOT / "reference" / "self_attention" / "attention.py").read_text(encoding="utf-8")
    (folder / "attention.py").write_text(reference + PROBE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def sandbox(folder):
    with Sandbox(folder, LIMITS, hide=(ROOT / "reference", ROOT / "autograder" / "graders", ROOT)) as sandbox:
        yield sandbox


def _probe(sandbox, code: str) -> str:
    outcome = sandbox.call("attention", "probe", code)
    assert outcome.ok, outcome
    return outcome.value


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="the grader is not root here")


PYTHON_UNDER_TMP = sorted({Path(p).parts[2] for p in (sys.prefix, sys.base_prefix, *sys.path) if p.startswith("/tmp/")})


@needs_root
def test_root_grader_confines_the_student_fully(sandbox):
    _probe(sandbox, "pass")
    assert sandbox.confinement["namespaces"] and sandbox.confinement["filesystem"] == "minimal"
    assert sandbox.confinement["network"] == "none" and sandbox.confinement["user"] == 65534


@needs_root
@pytest.mark.parametrize(
    "code",
    [
        f"print(open({str(ROOT / 'reference/self_attention/attention.py')!r}).read())",
        f"print(os.listdir({str(ROOT / 'autograder/graders')!r}))",
        f"print(open({str(ROOT / '.git/HEAD')!r}).read())",
        f"print(open('/proc/{os.getpid()}/environ').read())",
        f"print(open('/proc/{os.getpid()}/mem', 'rb').read(1))",
        "print(open('/proc/1/environ').read(1) and [p for p in os.listdir('/proc') if p.isdigit() and p != '1'])",
        "import autograder.graders",
        f"import sys; sys.path.insert(0, {str(ROOT)!r}); import autograder.graders",
        "import socket; socket.create_connection(('1.1.1.1', 53), timeout=1)",
        # The interpreter's own folders stay visible, read-only, even under /tmp (a virtual environment there).
        f"print([name for name in os.listdir('/tmp') if not name.startswith('autograder-') and name not in {PYTHON_UNDER_TMP!r}])",
        "open('attention.py', 'a').write('# changed')",
        "os.setuid(0)",
    ],
)
def test_student_cannot_reach_what_is_hidden(sandbox, code):
    printed = _probe(sandbox, "import os\n" + code)
    assert "Error" in printed or printed.strip() in ("", "[]"), printed


def test_student_can_use_the_standard_library_and_a_private_tmp(sandbox):
    printed = _probe(sandbox, "import statistics, fractions, tempfile\nwith tempfile.TemporaryFile() as f: f.write(b'x')\nprint(statistics.mean([1, 2]))")
    assert printed.strip() == "1.5"


def test_output_is_cut_and_cleaned(sandbox):
    outcome = sandbox.call("attention", "probe", "import sys; sys.stderr.write('\\x1b[31mred\\x07' + 'y' * 10**6)")
    assert outcome.ok and "\x1b" not in outcome.output and "\x07" not in outcome.output
    assert "red" in outcome.output and len(outcome.output) < LIMITS.output_chars + 100
    assert sandbox.call("attention", "probe", "import sys; sys.stderr.write('next')").output.strip() == "next"


def test_total_budget_and_strikes(folder):
    limits = Limits(call_seconds=0.5, total_seconds=1.2, strikes=1)
    with Sandbox(folder, limits) as sandbox:
        first = sandbox.call("attention", "probe", "while True: pass")
        again = sandbox.call("attention", "probe", "pass")
        other = sandbox.call("attention", "causal_mask", 2, 2)
        sandbox.call("attention", "softmax", "while True: pass")
        assert first.kind == "timeout" and "0.5 s" in first.message
        assert again.kind == "timeout" and again.message.startswith("skipped")
        assert other.ok


def test_reply_larger_than_allowed(folder):
    with Sandbox(folder, Limits(reply_bytes=1 * MIB)) as sandbox:
        outcome = sandbox.call("attention", "probe", "import numpy; globals()['x'] = numpy.ones(10**6)")
        big = sandbox.call("attention", "causal_mask", 2000, 2000)
    assert outcome.ok
    assert big.ok and isinstance(big.value, wire.Foreign) and "too large" in big.value.description


def test_memory_limit(sandbox):
    printed = _probe(sandbox, "import numpy\nnumpy.ones(1 << 30)")
    assert "MemoryError" in printed


def test_copy_skips_links_out_special_and_huge_files(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "attention.py").write_text("x = 1\n")
    (source / "inside.py").symlink_to(source / "attention.py")
    (source / "outside.py").symlink_to(ROOT / "course.toml")
    os.mkfifo(source / "pipe")
    with open(source / "huge.bin", "wb") as huge:
        huge.truncate(64 * MIB)
    (source / ".git").mkdir()
    (source / ".git" / "config").write_text("secret")
    left_out = copy_submission(source, tmp_path / "copy", Limits(file_bytes=4 * MIB))
    assert sorted(p.name for p in (tmp_path / "copy").iterdir()) == ["attention.py", "inside.py"]
    assert not (tmp_path / "copy" / "inside.py").is_symlink()
    assert set(left_out) == {"outside.py", "pipe", "huge.bin"}


def test_wire_refuses_malformed_messages():
    good = io.BytesIO()
    np.save(good, np.ones(3))
    lying = good.getvalue().replace(b"(3,)", b"(9999999999,)".ljust(4))
    header = b'{"array_sizes": [%d]}' % len(lying)
    for payload in [
        struct.pack(">I", len(header)) + header + lying,
        struct.pack(">I", 2) + b"[[" * 1,
        struct.pack(">I", 9) + b'{"a": 1}x',
    ]:
        with pytest.raises(wire.WireError):
            wire.unpack(payload)
    for tag in [{"dict": 5}, {"dict": [[1]]}, {"list": "x"}, {"array": 3}, {"py": [1]}, {"what": 1}]:
        with pytest.raises(wire.WireError):
            wire.decode_value(tag, [])


def test_numpy_scalars_cross_as_arrays():
    blobs = []
    tag = wire.encode_value(np.float32(2.5), blobs)
    value = wire.decode_value(tag, [np.load(io.BytesIO(blob)) for blob in blobs])
    assert isinstance(value, np.ndarray) and value.dtype == np.float32 and value == 2.5


def test_user_namespace_confines_a_grader_without_root(folder, tmp_path):
    """Without root, an unprivileged user namespace still hides the course and the network.

    The course root's path may remain as an empty skeleton when the virtual
    environment lives inside it (the README's quick start): its contents are what must be gone.
    """
    unshare = shutil.which("unshare")
    if os.geteuid() != 0 or not unshare or subprocess.run([unshare, "--user", "true"], capture_output=True).returncode:
        pytest.skip("cannot simulate a grader without root here")
    script = (
        "import sys; from pathlib import Path; from autograder.sandbox.client import Sandbox\n"
        f"with Sandbox(Path({str(folder)!r}), hide=(Path({str(ROOT)!r}),)) as s:\n"
        f"    out = s.call('attention', 'probe', \"import os; print(os.getuid(), any(os.path.exists(os.path.join({str(ROOT)!r}, p)) for p in ('reference', 'autograder', '.git', 'course.toml')))\")\n"
        "    print(out.value.strip(), s.confinement['namespaces'], s.confinement['network'])\n"
    )
    result = subprocess.run([unshare, "--user", "--map-user=1000", "--map-group=1000", sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["1000", "False", "True", "none"], result.stderr
