"""Write the student repository: released assignments plus the files of a template.

The tree is staged in a temporary folder and leak-checked together with what
the target folder already holds; the target is touched only when both are
clean. Template files are copied as they are, except for the ``@NAME@``
placeholders of :func:`placeholders`.
"""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..course import Assignment, Course
from ..errors import UsageError
from ..generate import _is_ignored, write_assignments
from .leaks import Leak, collect_secrets, find_leaks

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "student"


@dataclass
class Release:
    out: Path
    assignments: list[str]
    files: list[Path] = field(default_factory=list)  # written, relative to out
    leaks: list[Leak] = field(default_factory=list)  # when not empty, nothing was written


def _when(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "not set"


def assignment_table(assignments: list[Assignment]) -> str:
    rows = ["| Folder | Assignment | Due |", "| --- | --- | --- |"]
    rows += [f"| `{a.name}/` | {a.title} | {_when(a.due)} |" for a in assignments]
    return "\n".join(rows)


def placeholders(course: Course, present: list[Assignment]) -> dict[str, str]:
    return {
        "@COURSE_TITLE@": course.title or "Course assignments",
        "@ASSIGNMENTS@": assignment_table(present),
        "@FIRST_ASSIGNMENT@": present[0].name,
    }


def template_files(values: dict[str, str], template: Path = TEMPLATE) -> dict[Path, bytes]:
    files = {}
    for path in sorted(template.rglob("*")):
        relative = path.relative_to(template)
        if path.is_file() and not _is_ignored(relative):
            data = path.read_bytes()
            if path.suffix == ".md":
                text = data.decode("utf-8")
                for name, value in values.items():
                    text = text.replace(name, value)
                data = text.encode("utf-8")
            files[relative] = data
    return files


def assignment_files(course: Course, names: list[str]) -> dict[Path, bytes]:
    """Regenerate assignments/ for ``names`` and return its files, relative to the tree."""
    missing = [name for name in names if not (course.reference_dir / name).is_dir()]
    if missing:
        raise UsageError(f"no reference/{missing[0]}/ in {course.root}: write the assignment before releasing it")
    write_assignments(course, names=names)
    files = {}
    for name in names:
        folder = course.assignments_dir / name
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if path.is_file() and not _is_ignored(relative):
                files[Path(name) / relative] = path.read_bytes()
    return files


def _write(root: Path, files: dict[Path, bytes]) -> None:
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def release(course: Course, out: Path, assignments: list[Assignment], now: dt.datetime) -> Release:
    """Write ``assignments`` and the template into ``out``, unless something secret would reach it."""
    names = [a.name for a in assignments]
    if out.exists() and not out.is_dir():
        raise UsageError(f"not a folder: {out}")
    files = assignment_files(course, names)
    present = [a for a in course.assignments if a.name in names or (out / a.name).is_dir()]
    files.update(template_files(placeholders(course, present)))
    result = Release(out=out, assignments=names)
    secrets = collect_secrets(course, now)
    with tempfile.TemporaryDirectory(prefix="autograder-release-") as staging:
        _write(Path(staging), files)
        result.leaks = find_leaks(Path(staging), course, now=now, secrets=secrets)
    if out.is_dir():  # what stays in the target must be clean too

        def replaced(relative: Path) -> bool:
            return relative in files or relative.parts[0] in names

        result.leaks += find_leaks(out, course, now=now, skip=replaced, secrets=secrets)
    if result.leaks:
        return result
    for name in names:
        shutil.rmtree(out / name, ignore_errors=True)
    _write(out, files)
    result.files = sorted(files)
    return result
