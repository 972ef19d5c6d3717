"""Every catalogued mistake loses points and is named; every correct variant scores full marks."""
import pytest

from autograder.catalogue import build_submission, entries
from autograder.course import load_course
from autograder.grading import grade

from .conftest import FAST_LIMITS, ROOT

COURSE = load_course(ROOT)
MISTAKES = entries(COURSE, kind="mistakes")
VARIANTS = entries(COURSE, kind="variants")


def _grade(course, entry, tmp_path):
    build_submission(course, entry, tmp_path)
    return grade(tmp_path, course=course, assignments=[entry.assignment], seed=1234, limits=FAST_LIMITS)


@pytest.mark.parametrize("entry", MISTAKES, ids=lambda e: e.id)
def test_mistake_loses_points_and_is_named(course, entry, tmp_path):
    report = _grade(course, entry, tmp_path)
    failed = [t for t in report.tests if not t.passed]
    assert report.max_score > 0
    assert report.score < report.max_score, f"{entry.id} scored full marks"
    assert not [t for t in failed if t.status == "error"], "a grader crashed"
    named = {t.diagnosis for t in failed}
    assert entry.diagnosis in named, f"{entry.id}: expected {entry.diagnosis}, got {sorted(d or '-' for d in named)}"


@pytest.mark.parametrize("entry", VARIANTS, ids=lambda e: e.id)
def test_correct_variant_scores_full_marks(course, entry, tmp_path):
    report = _grade(course, entry, tmp_path)
    lost = [f"{t.name}: {t.feedback}" for t in report.tests if not t.passed]
    assert not lost and report.score == report.max_score > 0, "\n".join(lost)


def test_catalogue_is_large_enough():
    per_assignment = {}
    for entry in MISTAKES:
        per_assignment[entry.assignment] = per_assignment.get(entry.assignment, 0) + 1
    assert per_assignment.get("self_attention", 0) >= 15
    assert len(VARIANTS) >= 5
