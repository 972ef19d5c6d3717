"""`autograder release`: the student repository, its release dates, and the leak check."""
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.course import load_course
from autograder.grading import grade
from autograder.release.leaks import find_leaks

from .conftest import FAST_LIMITS, ROOT

A1 = "self_attention"
COURSE_TOML = """\
[course]
title = "Attention, a test course"

[[assignments]]
name = "self_attention"
title = "Scaled dot-product self-attention"
modules = ["attention"]
release = 2027-01-11T09:00:00Z
due = 2027-01-25T23:59:00Z

[[assignments]]
name = "later"
title = "An assignment not written yet"
modules = ["later"]
release = 2027-02-01T09:00:00Z
due = 2027-02-15T23:59:00Z
"""
BEFORE_A1, DURING_A1, AFTER_LATER = "2027-01-01T00:00Z", "2027-01-12T09:00Z", "2027-02-02T00:00Z"


def make_course(root: Path):
    """A small course of its own (assignment 1 only) so releases never touch the repository."""
    root.mkdir(parents=True)
    (root / "course.toml").write_text(COURSE_TOML)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "reference" / A1, root / "reference" / A1, ignore=ignore)
    graders = root / "autograder" / "graders"
    shutil.copytree(ROOT / "autograder" / "graders" / A1, graders / A1, ignore=ignore)
    shutil.copy(ROOT / "autograder" / "graders" / "__init__.py", graders / "__init__.py")
    return load_course(root)


def release_cli(course, out, *args):
    return main(["release", "--out", str(out), *args])


@pytest.fixture
def tmp_course(tmp_path, monkeypatch):
    course = make_course(tmp_path / "course")
    monkeypatch.setenv("AUTOGRADER_COURSE_ROOT", str(course.root))
    return course


@pytest.fixture
def student_tree(tmp_course, tmp_path):
    out = tmp_path / "student"
    assert release_cli(tmp_course, out, "--now", DURING_A1) == 0
    return out


def all_files(tree: Path) -> set[str]:
    return {str(p.relative_to(tree)) for p in tree.rglob("*") if p.is_file()}


def test_release_writes_the_student_repository(tmp_course, student_tree):
    files = all_files(student_tree)
    assert {"README.md", "requirements.txt", ".gitignore", ".github/workflows/classroom.yml"} <= files
    assert {f"{A1}/attention.py", f"{A1}/test_attention.py"} <= files
    assert not any(f.startswith(("reference", "autograder", "later")) for f in files)
    readme = (student_tree / "README.md").read_text()
    assert "Attention, a test course" in readme and f"`{A1}/`" in readme and "2027-01-25 23:59 UTC" in readme
    assert f"cd {A1}\n" in readme and "@" + "ASSIGNMENTS@" not in readme
    assert set((student_tree / "requirements.txt").read_text().split()) >= {"numpy>=1.26", "pytest>=8"}
    # assignments/ of the course was regenerated, and the tree holds exactly it
    generated = tmp_course.assignments_dir / A1 / "attention.py"
    assert generated.read_bytes() == (student_tree / A1 / "attention.py").read_bytes()
    for path in student_tree.rglob("*"):
        if path.is_file():
            text = path.read_text(errors="replace")
            assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text, path
    assert find_leaks(student_tree, tmp_course) == []


def test_public_tests_run_in_the_released_folder_and_fail_on_the_stubs(tmp_course, student_tree, tmp_path):
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}  # a student's pytest has no plugins
    stubs = subprocess.run(command, cwd=student_tree / A1, env=env, capture_output=True, text=True, timeout=120)
    assert stubs.returncode == 1, stubs.stdout[-2000:]
    assert "NotImplementedError" in stubs.stdout and " passed" not in stubs.stdout.splitlines()[-1]
    solved = tmp_path / "solved"
    shutil.copytree(student_tree / A1, solved)
    shutil.copy(tmp_course.reference_dir / A1 / "attention.py", solved / "attention.py")
    reference = subprocess.run(command, cwd=solved, env=env, capture_output=True, text=True, timeout=120)
    assert reference.returncode == 0, reference.stdout[-2000:]


def test_instructor_graders_grade_the_released_tree(tmp_course, student_tree):
    report = grade(student_tree, course=tmp_course, limits=FAST_LIMITS)
    assert report.assignments == (A1,) and report.max_score > 0 and report.score == 0
    assert all("not implemented" in t.feedback.lower() for t in report.tests)
    shutil.copy(tmp_course.reference_dir / A1 / "attention.py", student_tree / A1 / "attention.py")
    solved = grade(student_tree, course=tmp_course, limits=FAST_LIMITS)
    assert solved.score == solved.max_score == report.max_score


def test_release_dates_choose_the_assignments(tmp_course, tmp_path, capsys):
    out = tmp_path / "student"
    assert release_cli(tmp_course, out, "--now", BEFORE_A1) == 2
    assert "no assignment is released" in capsys.readouterr().err
    assert not out.exists()
    assert release_cli(tmp_course, out, "--now", BEFORE_A1, "--assignment", A1) == 0  # a named one goes out early
    assert (out / A1 / "attention.py").is_file()
    assert release_cli(tmp_course, out, "--now", AFTER_LATER) == 2  # "later" is due out but not written
    assert "no reference/later/" in capsys.readouterr().err
    assert release_cli(tmp_course, out, "--assignment", "nope") == 2
    assert release_cli(tmp_course, out, "--now", "next tuesday") == 2
    assert "--now" in capsys.readouterr().err


SOLUTION_BODY = """\
    x = np.asarray(x)
    shifted = x - np.max(x, axis=axis, keepdims=True)
"""


def _plant(course, out: Path, kind: str) -> str:
    """Put one kind of secret where a release would carry it; returns the file the refusal must name."""
    reference = course.reference_dir / A1
    grader = next((course.graders_dir / A1).glob("test_1_*.py"))
    if kind == "solution text pasted in a note":
        (reference / "notes.md").write_text("Some hints.\n\n" + SOLUTION_BODY.replace("    ", "  "))
        return f"{A1}/notes.md"
    if kind == "solution markers":
        (reference / "hint.txt").write_text("### BEGIN SOLUTION\nsee the lecture\n### END SOLUTION\n")
        return f"{A1}/hint.txt"
    if kind == "hidden tests":
        (reference / "more_tests.txt").write_text("### BEGIN HIDDEN TESTS\nassert True\n### END HIDDEN TESTS\n")
        return f"{A1}/more_tests.txt"
    if kind == "reference file":
        (out / "old").mkdir(parents=True)
        shutil.copy(reference / "attention.py", out / "old" / "attention_v0.py")
        return "old/attention_v0.py"
    if kind == "hidden grader":
        (out / "graders").mkdir(parents=True)
        shutil.copy(grader, out / "graders" / "check.py")
        return "graders/check.py"
    if kind == "hidden grader excerpt":
        lines = [line for line in grader.read_text().splitlines() if line.strip()]
        (out / "snippet.py").parent.mkdir(parents=True, exist_ok=True)
        (out / "snippet.py").write_text("# found online\n" + "\n".join(lines[6:10]) + "\n")
        return "snippet.py"
    if kind == "notebook answer":
        notebook = json.loads((reference / f"{A1}.ipynb").read_text())
        answer = next(c for c in notebook["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("solution"))
        (reference / "faq.md").write_text("".join(answer["source"]))
        return f"{A1}/faq.md"
    raise AssertionError(kind)


LEAK_KINDS = [
    "solution text pasted in a note", "solution markers", "hidden tests", "reference file",
    "hidden grader", "hidden grader excerpt", "notebook answer",
]


@pytest.mark.parametrize("kind", LEAK_KINDS)
def test_release_refuses_planted_leaks(tmp_course, tmp_path, capsys, kind):
    out = tmp_path / "student"
    if kind == "notebook answer" and not (tmp_course.reference_dir / A1 / f"{A1}.ipynb").is_file():
        pytest.skip("assignment 1 has no notebook")
    named = _plant(tmp_course, out, kind)
    before = all_files(out) if out.exists() else set()
    assert release_cli(tmp_course, out, "--now", DURING_A1) == 1
    printed = capsys.readouterr().out
    assert f"leak: {named}:" in printed and "nothing was written" in printed
    assert (all_files(out) if out.exists() else set()) == before


def test_leak_check_sees_through_indentation_and_respects_due_dates(tmp_course, tmp_path):
    tree = tmp_path / "tree"
    (tree / "a").mkdir(parents=True)
    (tree / "a" / "mine.py").write_text("def f(x, axis):\n" + SOLUTION_BODY.replace("    ", "\t\t"))
    during = dt.datetime(2027, 1, 12, tzinfo=dt.timezone.utc)
    after_due = dt.datetime(2027, 1, 26, tzinfo=dt.timezone.utc)
    [leak] = find_leaks(tree, tmp_course, now=during)
    assert (leak.kind, str(leak.path)) == ("solution text", "a/mine.py") and "reference/self_attention/attention.py:" in leak.source
    assert find_leaks(tree, tmp_course, now=after_due) == []  # a past-due solution may be shown
    (tree / "a" / "marked.py").write_text("### BEGIN SOLUTION\n")
    assert [leak.kind for leak in find_leaks(tree, tmp_course, now=after_due)] == ["solution markers"]


def test_the_whole_course_releases_without_false_alarms(course, tmp_path):
    """Every assignment of the real course, generated side by side, passes the leak check."""
    from autograder.generate import write_assignments

    names = [a.name for a in course.assignments if (course.reference_dir / a.name).is_dir()]
    write_assignments(course, tmp_path, names)
    assert find_leaks(tmp_path, course) == []
