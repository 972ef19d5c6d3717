"""The course file (course.toml) and the folders it implies.

A course root holds ``course.toml``, ``reference/<assignment>/`` (the
instructor's solutions) and ``autograder/graders/<assignment>/`` (the hidden
graders). Everything else finds those folders through :class:`Course`.
"""
from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

COURSE_FILE = "course.toml"
ENV_COURSE_ROOT = "AUTOGRADER_COURSE_ROOT"


class CourseError(Exception):
    """The course file is missing or malformed; the message is one line for the user."""


@dataclass(frozen=True)
class Assignment:
    name: str
    title: str
    modules: tuple[str, ...]
    release: dt.datetime | None
    due: dt.datetime | None


@dataclass(frozen=True)
class Course:
    root: Path
    title: str
    assignments: tuple[Assignment, ...]

    @property
    def reference_dir(self) -> Path:
        return self.root / "reference"

    @property
    def assignments_dir(self) -> Path:
        return self.root / "assignments"

    @property
    def graders_dir(self) -> Path:
        return self.root / "autograder" / "graders"

    def assignment(self, name: str) -> Assignment:
        for assignment in self.assignments:
            if assignment.name == name:
                return assignment
        known = ", ".join(a.name for a in self.assignments)
        raise CourseError(f"no assignment named {name!r} in {self.root / COURSE_FILE} (known: {known})")


def _as_datetime(value, where: str) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)
    raise CourseError(f"{where}: expected a date or date-time, got {value!r}")


def load_course(root: Path) -> Course:
    path = root / COURSE_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseError(f"no {COURSE_FILE} in {root}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CourseError(f"{path} is not valid TOML: {error}") from None
    assignments = []
    for index, entry in enumerate(data.get("assignments", [])):
        where = f"{path} [[assignments]] #{index + 1}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise CourseError(f"{where}: every assignment needs a name")
        modules = entry.get("modules", [])
        if not modules or not all(isinstance(m, str) for m in modules):
            raise CourseError(f"{where}: 'modules' must list the student's module names")
        assignments.append(
            Assignment(
                name=entry["name"],
                title=entry.get("title", entry["name"]),
                modules=tuple(modules),
                release=_as_datetime(entry.get("release"), where),
                due=_as_datetime(entry.get("due"), where),
            )
        )
    if not assignments:
        raise CourseError(f"{path} lists no assignments")
    return Course(root=root.resolve(), title=data.get("course", {}).get("title", ""), assignments=tuple(assignments))


def find_course_root() -> Path:
    """The course this autograder grades for.

    ``$AUTOGRADER_COURSE_ROOT`` wins; otherwise the checkout this package lives
    in (an editable install), then the current directory and its parents.
    """
    override = os.environ.get(ENV_COURSE_ROOT)
    if override:
        return Path(override)
    candidates = [Path(__file__).resolve().parent.parent]
    cwd = Path.cwd().resolve()
    candidates += [cwd, *cwd.parents]
    for candidate in candidates:
        if (candidate / COURSE_FILE).is_file():
            return candidate
    raise CourseError(f"cannot find {COURSE_FILE}: run inside the course repository or set {ENV_COURSE_ROOT}")


def default_course() -> Course:
    return load_course(find_course_root())
