"""Which assignments are out: the course file's release dates against a clock."""
from __future__ import annotations

import datetime as dt

from ..course import Assignment, Course
from ..errors import UsageError


def parse_now(text: str | None) -> dt.datetime:
    """``text`` as an aware date-time (UTC when it names no zone); the current time when None."""
    if text is None:
        return dt.datetime.now(dt.timezone.utc)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--now: not an ISO-8601 date or date-time: {text!r} (e.g. 2027-01-12T09:00Z)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def is_released(assignment: Assignment, now: dt.datetime) -> bool:
    """An assignment without a release date is never published by date, only by name."""
    return assignment.release is not None and assignment.release <= now


def is_past_due(assignment: Assignment, now: dt.datetime) -> bool:
    return assignment.due is not None and assignment.due <= now


def select(course: Course, names: list[str] | None, now: dt.datetime) -> list[Assignment]:
    """The named assignments (in course order), or every one released by ``now``."""
    if names:
        wanted = {course.assignment(name).name for name in names}  # raises for an unknown name
        return [a for a in course.assignments if a.name in wanted]
    chosen = [a for a in course.assignments if is_released(a, now)]
    if not chosen:
        upcoming = sorted((a.release, a.name) for a in course.assignments if a.release is not None)
        first = f"; the first release is {upcoming[0][1]} at {upcoming[0][0].isoformat()}" if upcoming else ""
        raise UsageError(f"no assignment is released at {now.isoformat()}{first} (name one with --assignment)")
    return chosen
