"""Workers forked from a zygote: confined like new ones, isolated from each other, and robust to crashes."""
import os
import signal
import time

import pytest

from autograder.grading import grade
from autograder.sandbox.client import Sandbox
from autograder.sandbox.processes import Zygote

from .conftest import ROOT
from .test_attacks import ASSIGNMENT, ATTACKS, CONFINEMENT, COURSE, _assert_outcome, _build, _fields
from .test_attacks import LIMITS as ATTACK_LIMITS
from .test_sandbox import LIMITS, folder  # noqa: F401  (the probe submission fixture)

HIDDEN = (ROOT / "reference", ROOT / "autograder" / "graders", ROOT)


@pytest.fixture
def zygote():
    with Zygote() as zygote:
        yield zygote


def _sandbox(folder, zygote) -> Sandbox:
    return Sandbox(folder, LIMITS, hide=HIDDEN, spawner=zygote)


def _probe(sandbox, code: str) -> str:
    outcome = sandbox.call("attention", "probe", code)
    assert outcome.ok, outcome
    return outcome.value


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] not in "ZX"
    except FileNotFoundError:
        return False


def test_a_forked_worker_is_confined_like_a_new_one(folder, zygote):
    with Sandbox(folder, LIMITS, hide=HIDDEN) as fresh, _sandbox(folder, zygote) as forked:
        assert fresh.call("attention", "causal_mask", 2, 2).ok and forked.call("attention", "causal_mask", 2, 2).ok
        same = ("namespaces", "network", "filesystem", "hidden", "user")
        assert {key: forked.confinement[key] for key in same} == {key: fresh.confinement[key] for key in same}
        assert _probe(forked, "import os; print(os.environ['HOME'], sorted(os.environ))") == _probe(fresh, "import os; print(os.environ['HOME'], sorted(os.environ))").replace(str(fresh.workdir), str(forked.workdir))
        assert forked.measure("attention", "causal_mask", 2000, 2000).peak_bytes >= 3_000_000  # 4 MB of booleans


def test_two_forked_workers_cannot_see_each_other(folder, zygote):
    with _sandbox(folder, zygote) as first, _sandbox(folder, zygote) as second:
        _probe(first, "open('/tmp/mine.txt', 'w').write('secret')")
        if not second.call("attention", "causal_mask", 1, 1).ok or not second.confinement.get("namespaces"):
            pytest.skip("without namespaces every worker shares the file system")
        printed = _probe(second, f"import os\nprint(os.path.exists({str(first.workdir)!r}), os.path.exists('/tmp/mine.txt'), sorted(p for p in os.listdir('/proc') if p.isdigit()))")
        assert printed.split(None, 2)[:2] == ["False", "False"] and printed.split(None, 2)[2].strip() == "['1']", printed
        assert _probe(first, "print(open('/tmp/mine.txt').read())").strip() == "secret"


@pytest.mark.parametrize("code, message", [("import os; os._exit(3)", "status 3"), ("import ctypes; ctypes.string_at(0)", "SIGSEGV")])
def test_a_crashing_worker_harms_neither_the_zygote_nor_its_siblings(folder, zygote, code, message):
    with _sandbox(folder, zygote) as crashing, _sandbox(folder, zygote) as sibling:
        assert sibling.call("attention", "causal_mask", 2, 2).ok
        crashed = crashing.call("attention", "probe", code)
        assert crashed.kind == "crashed" and message in crashed.message, crashed
        assert _alive(zygote.pid)
        assert sibling.call("attention", "causal_mask", 3, 3).ok
        assert crashing.call("attention", "causal_mask", 2, 2).ok  # a fresh fork takes over


def test_a_killed_zygote_is_restarted_and_leaves_no_worker_behind(folder, zygote):
    with _sandbox(folder, zygote) as sandbox:
        assert sandbox.call("attention", "causal_mask", 2, 2).ok
        old, worker = zygote.pid, sandbox._process.pid
        os.kill(old, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while _alive(worker) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not _alive(worker), "the worker outlived its zygote"
        assert sandbox.call("attention", "causal_mask", 2, 2).kind == "crashed"
        assert sandbox.call("attention", "causal_mask", 2, 2).ok
        assert zygote.pid != old and _alive(zygote.pid)


def test_closing_reaps_the_workers(folder, zygote):
    sandboxes = [_sandbox(folder, zygote) for _ in range(3)]
    pids = []
    for sandbox in sandboxes:
        assert sandbox.call("attention", "causal_mask", 1, 1).ok
        pids.append(sandbox._process.pid)
    for sandbox in sandboxes:
        sandbox.close()
    assert not any(_alive(pid) or os.path.exists(f"/proc/{pid}") for pid in pids)
    assert _alive(zygote.pid)


@pytest.mark.parametrize("name", ["kill_everything", "fork_bomb", "search_memory", "walk_filesystem", "read_reference_by_path", "exits_inside_functions", "segfault", "global_state"])
def test_attacks_gain_nothing_from_a_forked_worker(name, tmp_path, zygote):
    """The batch path: the same attacks, each graded by workers forked from one zygote."""
    attack = ATTACKS / f"{name}.py"
    fields = _fields(attack)
    if fields.get("requires") == "namespaces" and not CONFINEMENT.get("namespaces"):
        pytest.skip("needs the student process in its own PID namespace")
    report_file = tmp_path / "report.json"
    report_file.write_text("original", encoding="utf-8")
    _build(tmp_path, attack.read_text(encoding="utf-8").replace("@COURSE_ROOT@", str(ROOT)).replace("@REPORT@", str(report_file)))
    started = time.monotonic()
    report = grade(tmp_path / "submission", course=COURSE, assignments=[ASSIGNMENT], seed=7, limits=ATTACK_LIMITS, spawner=zygote)
    _assert_outcome(report, time.monotonic() - started, fields)
    assert report_file.read_text(encoding="utf-8") == "original"
    assert _alive(zygote.pid)
