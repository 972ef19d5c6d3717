"""Hostile and broken submissions gain nothing, and cost the grader nothing.

Each file in tests/attacks/ is appended to the reference module of assignment
1, as the catalogue does. Its docstring says which functions must lose all
their points (``loses:``; every other function must keep all of them), or
which single test (``loses-test:``), and what the feedback must say
(``message:``) or the student's printed output must show (``output:``).
A few attacks need files besides the module: they are built below. Every
attack is graded once, with short limits, and must finish in time, crash no
grader, leak nothing ("LEAK" in its output means it read or wrote something
it must not) and leave the grader process as it was.
"""
import os
import re
import signal
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

from autograder.course import load_course
from autograder.grading import grade
from autograder.sandbox.client import MIB, Limits, Sandbox

from .conftest import ROOT

COURSE = load_course(ROOT)
ATTACKS = Path(__file__).with_name("attacks")
ASSIGNMENT = "self_attention"
FUNCTIONS = ("softmax", "scaled_scores", "causal_mask", "padding_mask", "apply_mask", "attention", "project_qkv", "self_attention")
# Tighter than FAST_LIMITS: hostile code hits every limit, so every limit must be cheap to hit.
LIMITS = Limits(call_seconds=1.0, total_seconds=10.0, memory_bytes=512 * MIB, file_bytes=4 * MIB, processes=32, reply_bytes=32 * MIB, strikes=1)
SECONDS = 25.0  # one attack's whole grading run, worker restarts included
_FIELD = re.compile(r"^(loses|loses-test|message|output|requires):[ \t]*(.*)$", re.MULTILINE)


def _fields(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return {key: value.strip() for key, value in _FIELD.findall(text.split('"""')[1])}


def _confinement() -> dict:
    folder = ROOT / "reference" / ASSIGNMENT
    with Sandbox(folder, LIMITS) as sandbox:
        sandbox.call("attention", "causal_mask", 1, 1)
        return sandbox.confinement


CONFINEMENT = _confinement()


def _build(tmp_path: Path, code: str) -> Path:
    folder = tmp_path / "submission" / ASSIGNMENT
    folder.mkdir(parents=True)
    reference = (ROOT / "reference" / ASSIGNMENT / "attention.py").read_text(encoding="utf-8")
    (folder / "attention.py").write_text(reference + "\n\n# ---- attack ----\n" + code, encoding="utf-8")
    return folder


def _grade(tmp_path: Path):
    started = time.monotonic()
    report = grade(tmp_path / "submission", course=COURSE, assignments=[ASSIGNMENT], seed=7, limits=LIMITS)
    return report, time.monotonic() - started


def _function(test) -> str:
    return test.name.split(":")[0]


def _check_grader_state(saved: dict) -> None:
    assert np.allclose is saved["allclose"] and np.array_equal is saved["array_equal"]
    assert np.geterr() == saved["errors"] and np.get_printoptions() == saved["printoptions"]
    assert signal.getsignal(signal.SIGINT) == saved["sigint"] and signal.getsignal(signal.SIGTERM) == saved["sigterm"]


def _leftover_processes(marker: str) -> list[str]:
    """Processes still running whose command line names ``marker`` (this test's sandbox folder)."""
    left = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if marker.encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                left.append(pid)
        except OSError:
            continue
    return left


def _assert_outcome(report, seconds: float, fields: dict) -> None:
    assert not report.problems, report.problems
    assert not [t for t in report.tests if t.status == "error"], "a grader crashed"
    assert seconds < SECONDS, f"grading took {seconds:.1f} s"
    assert {_function(t) for t in report.tests} == set(FUNCTIONS)
    texts = "\n".join(f"{t.feedback}\n{t.output}" for t in report.tests)
    assert "LEAK" not in texts, texts[texts.index("LEAK") - 200 : texts.index("LEAK") + 200]
    assert "\x1b" not in texts, "terminal escapes reached the report"
    if "loses-test" in fields:
        lost = [t for t in report.tests if not t.passed]
        assert [t.name for t in lost] == [fields["loses-test"]]
        assert fields["message"] in lost[0].feedback
        return
    loses = {name.strip() for name in fields["loses"].split(",") if name.strip()}
    for test in report.tests:
        if _function(test) in loses and "does not modify" in test.name:
            continue  # a wrong answer may still leave its input alone; a crash loses this point too
        if _function(test) in loses:
            assert not test.passed and test.score == 0, f"{test.name} kept its points"
        else:
            assert test.passed, f"{test.name} lost its points: {test.feedback}"
    if loses:
        first = next(t for t in report.tests if _function(t) in loses)
        assert fields["message"].lower() in first.feedback.lower(), first.feedback
    assert report.score == sum(t.max_score for t in report.tests if t.passed)


@pytest.fixture
def grader_state(tmp_path, monkeypatch):
    sandboxes = tmp_path / "sandboxes"
    sandboxes.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(sandboxes))  # every worker's command line names this folder
    saved = {
        "allclose": np.allclose, "array_equal": np.array_equal, "errors": np.geterr(),
        "printoptions": np.get_printoptions(), "sigint": signal.getsignal(signal.SIGINT), "sigterm": signal.getsignal(signal.SIGTERM),
    }
    yield
    _check_grader_state(saved)
    assert not _leftover_processes(str(sandboxes)), "the student's processes outlived the grading"


@pytest.mark.parametrize("attack", sorted(ATTACKS.glob("*.py")), ids=lambda path: path.stem)
def test_attack_gains_nothing(attack, tmp_path, grader_state):
    fields = _fields(attack)
    if fields.get("requires") == "namespaces" and not CONFINEMENT.get("namespaces"):
        pytest.skip("needs the student process in its own PID namespace")
    report_file = tmp_path / "report.json"
    report_file.write_text("original", encoding="utf-8")
    code = attack.read_text(encoding="utf-8").replace("@COURSE_ROOT@", str(ROOT)).replace("@REPORT@", str(report_file))
    _build(tmp_path, code)
    report, seconds = _grade(tmp_path)
    _assert_outcome(report, seconds, fields)
    if "output" in fields:
        assert any(fields["output"] in t.output for t in report.tests) or _printed(tmp_path, fields["output"])
    assert report_file.read_text(encoding="utf-8") == "original"
    assert "### BEGIN SOLUTION" in (ROOT / "reference" / ASSIGNMENT / "attention.py").read_text(encoding="utf-8")


def _printed(tmp_path, text) -> bool:
    """Output is shown only for failed tests: rerun one call to see what a passing function printed."""
    with Sandbox(tmp_path / "submission" / ASSIGNMENT, LIMITS) as sandbox:
        outcome = sandbox.call("attention", "softmax", np.ones((2, 3)))
    assert len(outcome.output) <= LIMITS.output_chars + 100
    return text in outcome.output


WRONG_SOFTMAX = "\n\ndef softmax(x, axis=-1):\n    return np.zeros(np.shape(x))\n"


def test_conftest_and_pytest_config_in_submission_are_ignored(tmp_path, grader_state):
    folder = _build(tmp_path, WRONG_SOFTMAX)
    (folder / "conftest.py").write_text(
        "import pytest\n\n@pytest.hookimpl(wrapper=True)\ndef pytest_runtest_makereport(item, call):\n"
        "    report = yield\n    report.outcome = 'passed'\n    return report\n",
        encoding="utf-8",
    )
    (folder / "pytest.ini").write_text("[pytest]\naddopts = -p conftest --deselect test_1_softmax.py\n", encoding="utf-8")
    (folder.parent / "conftest.py").write_text((folder / "conftest.py").read_text(), encoding="utf-8")
    report, seconds = _grade(tmp_path)
    _assert_outcome(report, seconds, {"loses": "softmax, attention, self_attention", "message": "differs"})


def test_symlink_to_the_reference_is_not_followed(tmp_path, grader_state):
    folder = tmp_path / "submission" / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / "attention.py").symlink_to(ROOT / "reference" / ASSIGNMENT / "attention.py")
    (folder / "secret.txt").symlink_to("/etc/shadow")
    report, seconds = _grade(tmp_path)
    _assert_outcome(report, seconds, {"loses": ", ".join(FUNCTIONS), "message": "not copied for grading"})


def test_special_and_huge_files_are_not_copied(tmp_path, grader_state):
    folder = _build(tmp_path, "")
    os.mkfifo(folder / "pipe")
    with open(folder / "weights.npy", "wb") as huge:
        huge.truncate(8 << 30)  # sparse: 8 GiB that the grader must not copy
    report, seconds = _grade(tmp_path)
    _assert_outcome(report, seconds, {"loses": "", "message": ""})


def test_attack_suite_is_large_enough():
    assert len(list(ATTACKS.glob("*.py"))) + 3 >= 30
