"""Bad input to `autograder grade`: one clear line on stderr, exit status 2, never a traceback."""
import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT

REFERENCE = ROOT / "reference" / "self_attention" / "attention.py"


def _run(*args, cwd=None, prefix=()):
    return subprocess.run(
        [*prefix, sys.executable, "-m", "autograder", "grade", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, timeout=120,
    )


def _assert_usage_error(result, *words):
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("autograder: error: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for word in words:
        assert word in lines[0], lines[0]


def _submission(tmp_path, content: bytes | None = None):
    folder = tmp_path / "submission" / "self_attention"
    folder.mkdir(parents=True)
    if content is not None:
        (folder / "attention.py").write_bytes(content)
    return folder


def test_path_that_does_not_exist(tmp_path):
    _assert_usage_error(_run(tmp_path / "nowhere"), "no such folder")


def test_path_that_is_a_file(tmp_path):
    (tmp_path / "attention.py").write_text("x = 1\n")
    _assert_usage_error(_run(tmp_path / "attention.py"), "not a folder")


def test_empty_folder(tmp_path):
    _assert_usage_error(_run(tmp_path), "no assignment folders")


def test_unknown_assignment(tmp_path):
    _submission(tmp_path, REFERENCE.read_bytes())
    _assert_usage_error(_run(tmp_path / "submission", "--assignment", "nope"), "no assignment named 'nope'")


def test_missing_assignment_folder(tmp_path):
    _submission(tmp_path, REFERENCE.read_bytes())
    _assert_usage_error(_run(tmp_path / "submission", "--assignment", "multi_head"), "no folder for assignment multi_head")


@pytest.mark.parametrize(
    "content, words",
    [
        (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8, ("binary file",)),
        ("def softmax(x):\n    return x  # é\n".encode("utf-16"), ("binary file",)),
        ("# café\n".encode("latin-1") + REFERENCE.read_bytes(), ("not UTF-8",)),
        (REFERENCE.read_bytes() + b"#" * (2 << 20), ("MiB",)),
    ],
    ids=["binary", "utf-16", "latin-1", "huge"],
)
def test_module_that_is_not_python_source(tmp_path, content, words):
    _submission(tmp_path, content)
    _assert_usage_error(_run(tmp_path / "submission"), "attention.py", *words)


def test_module_that_is_a_folder(tmp_path):
    (_submission(tmp_path) / "attention.py").mkdir()
    _assert_usage_error(_run(tmp_path / "submission"), "not a file")


def _without_privileges():
    """A command prefix that runs without root's power to read anything, or None."""
    if os.geteuid() != 0:
        return ()
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "--user", "--map-user=1000", "true"], capture_output=True).returncode == 0:
        return (unshare, "--user", "--map-user=1000", "--map-group=1000")
    return None


@pytest.mark.parametrize("what", ["module", "folder"])
def test_permission_denied(tmp_path, what):
    prefix = _without_privileges()
    if prefix is None:
        pytest.skip("cannot drop the power to read every file here")
    folder = _submission(tmp_path, REFERENCE.read_bytes())
    target = folder / "attention.py" if what == "module" else folder
    target.chmod(0)
    try:
        _assert_usage_error(_run(tmp_path / "submission", prefix=prefix), "permission denied")
    finally:
        target.chmod(0o755)


def test_broken_module_is_graded_not_refused(tmp_path):
    _submission(tmp_path, REFERENCE.read_bytes() + b"\ndef broken(:\n")
    result = _run(tmp_path / "submission", "--timeout", "5")
    assert result.returncode == 0, result.stderr
    assert "syntax error" in result.stdout and "Total: 0/" in result.stdout
