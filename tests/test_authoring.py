"""The authoring loop: `autograder new` scaffolds an assignment that `autograder check` passes,
and `check` fails loudly when a catalogued mistake goes unnamed."""
import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT


@pytest.fixture
def course_copy(tmp_path):
    """A course outside this checkout, as an instructor's own repository would be."""
    root = tmp_path / "course"
    (root / "autograder").mkdir(parents=True)
    shutil.copy(ROOT / "course.toml", root)
    for folder in ("reference", "assignments"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "autograder" / "graders", root / "autograder" / "graders", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _autograder(root, *args):
    env = {**os.environ, "AUTOGRADER_COURSE_ROOT": str(root)}
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=root, env=env, capture_output=True, text=True, timeout=600)


def test_new_assignment_passes_check_as_generated(course_copy):
    made = _autograder(course_copy, "new", "rotary_embeddings", "--title", "Rotary embeddings")
    assert made.returncode == 0, made.stderr
    for path in (
        "reference/rotary_embeddings/rotary_embeddings.py",
        "reference/rotary_embeddings/test_rotary_embeddings.py",
        "autograder/graders/rotary_embeddings/test_1_rotary_embeddings.py",
        "autograder/graders/rotary_embeddings/catalogue/mistakes/wrong_axis.py",
        "assignments/rotary_embeddings/rotary_embeddings.py",
    ):
        assert (course_copy / path).is_file(), path
    assert 'name = "rotary_embeddings"' in (course_copy / "course.toml").read_text()
    checked = _autograder(course_copy, "check", "--assignment", "rotary_embeddings")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "FAIL" not in checked.stdout
    assert "named with the right diagnosis: 1 (100.0%)" in checked.stdout


def test_check_fails_when_a_mistake_is_not_named(course_copy):
    _autograder(course_copy, "new", "toy")
    mistakes = course_copy / "autograder" / "graders" / "toy" / "catalogue" / "mistakes"
    (mistakes / "off_by_a_bit.py").write_text(
        '"""Adds a tiny constant.\n\ndiagnosis: forgot-epsilon\n"""\n\n_ok = normalize_rows\n\n\n'
        "def normalize_rows(x):\n    return _ok(x) + 0.01\n"
    )
    (mistakes / "correct_after_all.py").write_text('"""Is actually right.\n\ndiagnosis: wrong-values\n"""\n')
    checked = _autograder(course_copy, "check", "--assignment", "toy")
    assert checked.returncode == 1
    assert "FAIL  toy                  mistake off_by_a_bit loses points and is named forgot-epsilon" in checked.stdout
    assert "FAIL  toy                  mistake correct_after_all" in checked.stdout
    assert "lose points: 2 (66.7%)" in checked.stdout


def test_check_fails_when_assignments_drift(course_copy):
    _autograder(course_copy, "new", "toy")
    (course_copy / "assignments" / "toy" / "toy.py").write_text("# edited by hand\n")
    checked = _autograder(course_copy, "check", "--assignment", "toy")
    assert checked.returncode == 1
    assert "FAIL  toy                  assignments/ in sync with reference/" in checked.stdout


@pytest.mark.parametrize("name, message", [("Bad-Name", "not a valid assignment name"), ("self_attention", "already has an assignment")])
def test_new_refuses_bad_or_existing_names(course_copy, name, message):
    made = _autograder(course_copy, "new", name)
    assert made.returncode == 2
    assert message in made.stderr and "Traceback" not in made.stderr


def test_check_fails_when_hidden_material_would_be_released(course_copy):
    _autograder(course_copy, "new", "toy")
    grader = course_copy / "autograder" / "graders" / "toy" / "test_1_toy.py"
    shutil.copy(grader, course_copy / "reference" / "toy" / "notes_for_me.py")  # a careless copy into reference/
    assert _autograder(course_copy, "generate", "--assignment", "toy").returncode == 0
    checked = _autograder(course_copy, "check", "--assignment", "toy")
    assert checked.returncode == 1
    assert "FAIL  toy                  nothing hidden leaks into the release  (toy/notes_for_me.py: hidden grader" in checked.stdout
