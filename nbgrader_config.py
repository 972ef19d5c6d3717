"""nbgrader settings for this course (see docs/notebooks.md).

nbgrader reads this file when it runs in the repository's root; the course
directory made by `autograder nbgrader-course DIR` loads it from its own
nbgrader_config.py. Assignment names and modules come from course.toml.
"""
from pathlib import Path

from autograder.course import load_course

c = get_config()  # noqa: F821 (given by traitlets)
_course = load_course(Path(__file__).resolve().parent)


def _student_files(assignment) -> list[str]:
    """What the student writes: the modules and every other released file except the public tests."""
    folder = _course.reference_dir / assignment.name
    given = {p.name for p in folder.glob("*") if p.is_file() and not p.name.startswith("test_") and p.suffix != ".ipynb"}
    return sorted(given | {f"{module}.py" for module in assignment.modules})


# autograde copies the instructor's non-notebook files over the student's (so the
# public tests cannot be edited); the student's own files must stay.
c.Autograde.exclude_overwriting = {a.name: _student_files(a) for a in _course.assignments}

# The first test cell of a notebook runs all of the assignment's hidden graders.
c.Execute.timeout = 300
