"""Lay out an nbgrader course directory from ``reference/``.

nbgrader wants ``{root}/source/<assignment>/`` holding the instructor's
notebook (solutions and hidden tests in place) beside every other file the
students get. nbgrader copies ``.py`` files verbatim, so the student's
module goes there as its stub, exactly as ``autograder generate`` writes it
to ``assignments/``; only the notebook is the instructor's source version.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from ..course import Course
from ..errors import UsageError
from ..generate import planned_files

CONFIG_NAME = "nbgrader_config.py"


def notebook_assignments(course: Course) -> list[str]:
    """The assignments whose reference folder holds a notebook."""
    return [a.name for a in course.assignments if any((course.reference_dir / a.name).glob("*.ipynb"))]


def course_config(course: Course, root: Path) -> str:
    """The course directory's nbgrader_config.py: the repository's settings, with this root."""
    return (
        "# Written by `autograder nbgrader-course`: the course's nbgrader settings live in its repository.\n"
        f"load_subconfig({str(course.root / CONFIG_NAME)!r})  # noqa: F821 (given by traitlets)\n"
        f"c.CourseDirectory.root = {str(root)!r}  # noqa: F821\n"
    )


def write_source(course: Course, root: Path, names: list[str] | None = None) -> list[Path]:
    """Fill ``root/source/<name>/`` for each assignment with a notebook; returns the folders written."""
    available = notebook_assignments(course)
    for name in names or []:
        course.assignment(name)  # an unknown name raises CourseError
        if name not in available:
            raise UsageError(f"assignment {name} has no notebook in {course.reference_dir / name}")
    if root.exists() and not root.is_dir():
        raise UsageError(f"not a folder: {root}")
    root = root.resolve()
    written = []
    for name in names or available:
        files = planned_files(course, name)  # read everything before deleting anything
        folder = root / "source" / name
        shutil.rmtree(folder, ignore_errors=True)
        for relative, content in files.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if relative.suffix == ".ipynb":
                shutil.copyfile(course.reference_dir / name / relative, path)
            else:
                path.write_bytes(content)
        written.append(folder)
    config = root / CONFIG_NAME
    if not config.exists():
        config.write_text(course_config(course, root), encoding="utf-8")
    return written
