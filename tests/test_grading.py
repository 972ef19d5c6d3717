"""End-to-end grading: full marks, zero for stubs, determinism, broken modules, the command line."""
import json
import shutil
import subprocess
import sys

import pytest

from autograder.grading import grade, locate, seed_for
from autograder.errors import UsageError

from .conftest import FAST_LIMITS, ROOT


def graded_assignments(course):
    names = [a.name for a in course.assignments if (course.graders_dir / a.name).is_dir()]
    assert "self_attention" in names
    return names


def test_reference_scores_full_marks(course):
    names = graded_assignments(course)
    report = grade(course.reference_dir, course=course, assignments=names, seed=7)
    lost = [f"{t.assignment}: {t.name}: {t.feedback}" for t in report.tests if not t.passed]
    assert not lost, "\n".join(lost)
    assert not report.problems
    for name in names:
        assert report.for_assignment(name), f"no graded tests for {name}"
    assert report.score == report.max_score > 0


def test_untouched_stubs_score_zero_with_not_implemented(course):
    names = graded_assignments(course)
    report = grade(course.assignments_dir, course=course, assignments=names, seed=7)
    assert report.score == 0 and report.max_score > 0
    for test in (t for t in report.tests if t.max_score > 0):  # 0-point tests only collect text (written answers)
        assert test.status == "failed"
        assert test.diagnosis == "not-implemented", f"{test.name}: {test.feedback}"
        assert "not implemented yet" in test.feedback


def test_same_seed_same_grade_and_seed_changes_random_cases(course, tmp_path):
    folder = tmp_path / "self_attention"
    shutil.copytree(course.reference_dir / "self_attention", folder)
    with open(folder / "attention.py", "a") as module:  # wrong only on some random shapes
        module.write("\n_ok = softmax\n\ndef softmax(x, axis=-1):\n    return _ok(x, axis) if x.size % 2 else _ok(x, axis) + 1e-3\n")
    first, again = (grade(tmp_path, course=course, seed=11) for _ in range(2))
    assert [(t.name, t.score) for t in first.tests] == [(t.name, t.score) for t in again.tests]
    scores = {grade(tmp_path, course=course, seed=s).score for s in range(6)}
    assert len(scores) > 1, "random cases do not depend on the seed"


def test_default_seed_comes_from_the_repository_name(course, monkeypatch):
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    assert grade(course.reference_dir, course=course, assignments=["self_attention"]).seed == seed_for("reference")
    monkeypatch.setenv("GITHUB_REPOSITORY", "course-org/attention-alice")
    assert grade(course.reference_dir, course=course, assignments=["self_attention"]).seed == seed_for("course-org/attention-alice")


def _submission(course, tmp_path, code):
    folder = tmp_path / "self_attention"
    shutil.copytree(course.reference_dir / "self_attention", folder)
    (folder / "attention.py").write_text((folder / "attention.py").read_text() + "\n" + code)
    return tmp_path


def test_syntax_error_names_the_line_and_scores_zero(course, tmp_path):
    path = _submission(course, tmp_path, "def broken(:\n    pass\n")
    report = grade(path, course=course, assignments=["self_attention"], seed=1, limits=FAST_LIMITS)
    assert report.score == 0
    line = len((tmp_path / "self_attention" / "attention.py").read_text().splitlines()) - 1
    for test in report.tests:
        assert test.diagnosis == "syntax-error"
        assert f"line {line}" in test.feedback and "attention.py" in test.feedback


def test_infinite_loop_costs_only_its_own_tests(course, tmp_path):
    path = _submission(course, tmp_path, "def causal_mask(n_q, n_k):\n    while True:\n        pass\n")
    report = grade(path, course=course, assignments=["self_attention"], seed=1, limits=FAST_LIMITS)
    looped = [t for t in report.tests if "causal_mask" in t.name]
    assert looped and all(t.score == 0 and t.diagnosis == "timeout" for t in looped)
    others = [t for t in report.tests if "causal_mask" not in t.name]
    assert all(t.passed for t in others)


def test_one_broken_function_does_not_cost_the_others(course, tmp_path):
    path = _submission(course, tmp_path, "def padding_mask(lengths, n_k):\n    raise ValueError('oops')\n")
    report = grade(path, course=course, assignments=["self_attention"], seed=1)
    broken = [t for t in report.tests if "padding_mask" in t.name]
    assert broken and all(t.diagnosis == "raised-exception" and "ValueError: oops" in t.feedback for t in broken)
    assert "attention.py" in broken[0].feedback  # the line it came from
    assert all(t.passed for t in report.tests if t not in broken)


def test_student_output_is_captured_not_parsed(course, tmp_path):
    path = _submission(course, tmp_path, "_ok = scaled_scores\n\ndef scaled_scores(Q, K):\n    print('{\"score\": 100}')\n    return _ok(Q, K) * 2\n")
    report = grade(path, course=course, assignments=["self_attention"], seed=1)
    failed = [t for t in report.tests if "scaled_scores" in t.name]
    assert failed and all(not t.passed for t in failed)
    assert '{"score": 100}' in failed[0].output
    assert report.score < report.max_score


def test_locate_accepts_repository_assignments_folder_and_single_assignment(course, tmp_path):
    repo = tmp_path / "student-repo"
    shutil.copytree(course.assignments_dir / "self_attention", repo / "assignments" / "self_attention")
    for path in (repo, repo / "assignments", repo / "assignments" / "self_attention"):
        found = locate(path, course)
        assert list(found.folders) == ["self_attention"]
        assert found.label == "student-repo"
    with pytest.raises(UsageError, match="no such folder"):
        locate(tmp_path / "nowhere", course)
    with pytest.raises(UsageError, match="no assignment folders"):
        locate(tmp_path, course)


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_cli_grades_reference_and_writes_gradescope_json(tmp_path):
    out = tmp_path / "results.json"
    result = _cli("grade", "reference", "--assignment", "self_attention", "--format", "json", "--output", str(out), "--seed", "3")
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    assert data["score"] == data["max_score"] > 0
    assert data["tests"] and all(t["status"] == "passed" and t["score"] == t["max_score"] for t in data["tests"])
    assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(data["tests"][0])
    assert "Total:" in result.stdout


def test_cli_json_names_diagnoses_for_failed_tests():
    result = _cli("grade", "assignments", "--assignment", "self_attention", "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["score"] == 0
    assert {t["diagnosis"] for t in data["tests"]} == {"not-implemented"}


@pytest.mark.parametrize(
    "args, message",
    [
        (("grade", "does/not/exist"), "no such folder: does/not/exist"),
        (("grade", "reference", "--assignment", "nope"), "no assignment named 'nope'"),
        (("grade", "pyproject.toml"), "not a folder"),
    ],
)
def test_cli_bad_usage_is_one_line_exit_2(args, message):
    result = _cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_warnings_name_the_students_file_not_the_sandbox_copy(course, tmp_path):
    path = _submission(course, tmp_path, "_ok = scaled_scores\n\ndef scaled_scores(Q, K):\n    import warnings; warnings.warn('careful')\n    return _ok(Q, K) * 3\n")
    report = grade(path, course=course, assignments=["self_attention"], seed=1)
    printed = next(t.output for t in report.tests if "scaled_scores" in t.name and not t.passed)
    assert "attention.py:" in printed and "UserWarning: careful" in printed
    assert "autograder-" not in printed and "/submission/" not in printed
