"""A made-up class built from the catalogue: correct, untouched and mistaken submissions, for tests and benchmarks."""
from __future__ import annotations

import shutil
from pathlib import Path

from ..catalogue import build_submission, entries
from ..course import Course


def sample_class(course: Course, assignment: str, target: Path, count: int) -> dict[str, str]:
    """Write ``count`` student folders under ``target``; returns student -> what they submitted.

    Students cycle through: the reference, the untouched stubs, then every
    catalogue entry (mistakes and correct variants) in turn.
    """
    catalogue = entries(course, [assignment])
    kinds = ["reference", "stubs", *catalogue]
    made = {}
    for index in range(count):
        student = f"student{index:03d}"
        kind = kinds[index % len(kinds)]
        folder = target / student
        if kind == "reference":
            shutil.copytree(course.reference_dir / assignment, folder / assignment, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
        elif kind == "stubs":
            shutil.copytree(course.assignments_dir / assignment, folder / assignment, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            build_submission(course, kind, folder)
        made[student] = kind if isinstance(kind, str) else kind.id
    return made
