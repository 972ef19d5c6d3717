"""Generate the students' ``assignments/`` from the instructor's ``reference/``.

``reference/<name>/`` is the single source of truth. Each of its files reaches
``assignments/<name>/`` as follows: a Python file with its solution regions
replaced by stubs, a notebook as nbgrader would release it (see
:mod:`autograder.notebooks.release`), any other file as it is. :func:`drift` tells whether the
committed ``assignments/`` still matches, so a test can fail when it does not.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from .course import Course
from .notebooks.release import release_notebook
from .solutions import strip_solutions

# Build and editor debris, never part of an assignment.
IGNORED_NAMES = {"__pycache__", ".pytest_cache", ".ipynb_checkpoints", ".DS_Store"}
IGNORED_SUFFIXES = {".pyc", ".pyo"}


def _is_ignored(relative: Path) -> bool:
    return any(part in IGNORED_NAMES for part in relative.parts) or relative.suffix in IGNORED_SUFFIXES


def release_text(path: Path, relative: Path) -> bytes:
    """What one reference file becomes in the student's tree."""
    data = path.read_bytes()
    if relative.suffix == ".py":
        return strip_solutions(data.decode("utf-8"), str(path)).encode("utf-8")
    if relative.suffix == ".ipynb":
        return release_notebook(data.decode("utf-8"), str(path)).encode("utf-8")
    return data


def planned_files(course: Course, name: str) -> dict[Path, bytes]:
    """Relative path -> content of every file ``assignments/<name>/`` should hold."""
    source = course.reference_dir / name
    planned = {}
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if path.is_file() and not _is_ignored(relative):
            planned[relative] = release_text(path, relative)
    return planned


@dataclass(frozen=True)
class Drift:
    path: Path
    problem: str  # "missing", "out of date" or "not generated from reference/"

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def drift(course: Course, target: Path | None = None, names: list[str] | None = None) -> list[Drift]:
    """Every difference between ``target`` (default ``assignments/``) and what reference/ generates."""
    target = target or course.assignments_dir
    problems = []
    for name in names or [a.name for a in course.assignments]:
        planned = planned_files(course, name)
        for relative, content in planned.items():
            path = target / name / relative
            if not path.is_file():
                problems.append(Drift(path, "missing"))
            elif path.read_bytes() != content:
                problems.append(Drift(path, "out of date"))
        folder = target / name
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                relative = path.relative_to(folder)
                if path.is_file() and not _is_ignored(relative) and relative not in planned:
                    problems.append(Drift(path, "not generated from reference/"))
    return problems


def write_assignments(course: Course, target: Path | None = None, names: list[str] | None = None) -> list[Path]:
    """Regenerate ``target/<name>/`` for each assignment; returns the files written."""
    target = target or course.assignments_dir
    written = []
    for name in names or [a.name for a in course.assignments]:
        planned = planned_files(course, name)  # parse everything before deleting anything
        folder = target / name
        if folder.exists():
            shutil.rmtree(folder)
        for relative, content in planned.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            written.append(path)
    return written
