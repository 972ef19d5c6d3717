"""`grade-all` end to end: discover, skip what is already graded, grade the rest in parallel, write the outputs."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..course import Course
from ..sandbox.client import Limits
from .discover import Unit, discover
from .feedback import write_feedback
from .gradebook import write_gradebook
from .ingest import report_units
from .progress import Progress
from .runner import run_tasks
from .store import GraderHashes, Store, unit_key


@dataclass
class Options:
    out: Path
    jobs: int = max(1, os.cpu_count() or 1)
    assignments: list[str] = field(default_factory=list)  # empty: every assignment that has graders
    deadline: dt.datetime | None = None
    use_due_dates: bool = True  # without --deadline, each assignment's due date in course.toml
    limits: Limits = field(default_factory=Limits)
    force: bool = False  # regrade even what is up to date
    task_seconds: float | None = None  # a unit still grading after this is stopped (default: from the limits)


@dataclass
class Outcome:
    records: list[dict]
    graded: int  # graded in this run
    reused: int  # already graded, unchanged
    errors: int  # units whose grading failed (crash, hang), in this run


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _without_time(record: dict) -> dict:
    return {key: value for key, value in record.items() if key != "graded_at"}


def _base_record(unit: Unit, key: str) -> dict:
    return {"student": unit.student, "assignment": unit.assignment, "key": key, "origin": unit.origin, "seed": unit.seed, **unit.meta}


def grade_class(course: Course, options: Options, submissions: Path | None = None, reports: Path | None = None, stream=None) -> Outcome:
    """Grade every unit under ``submissions`` and/or gather ``reports``; write the gradebook and feedback."""
    wanted = options.assignments or [a.name for a in course.assignments if (course.graders_dir / a.name).is_dir()]

    def deadline_for(name: str):
        return options.deadline or (course.assignment(name).due if options.use_due_dates else None)

    units = discover(submissions, course, wanted, deadline_for) if submissions else []
    units += report_units(reports, wanted) if reports else []
    if not options.assignments:  # graders may exist for assignments nobody has started: leave those out
        started = {unit.assignment for unit in units if not unit.missing}
        units = [unit for unit in units if unit.assignment in started]
    store, hashes = Store(options.out), GraderHashes(course)
    records: dict[tuple, dict] = {}
    tasks: dict[str, tuple[Unit, str]] = {}
    reused = 0
    for unit in units:
        key = unit_key(unit.content_hash or "none", "report" if unit.report else hashes(unit.assignment), unit.seed)
        fresh = _base_record(unit, key)
        old = store.load(unit.student, unit.assignment)
        if unit.missing or unit.report is not None:
            fresh.update(status="missing", error=unit.missing, report=None) if unit.missing else fresh.update(status="graded", report=unit.report)
        elif old and old.get("key") == key and not options.force:
            reused += 1
            fresh = {**old, **fresh}  # keep the grade, refresh what the deadline decides (commit, lateness)
        else:
            tasks[str(len(tasks))] = (unit, key)
            continue
        if _without_time(fresh) == _without_time(old or {}):
            fresh = old
        else:
            fresh = {**fresh, "graded_at": _now()}
            store.save(fresh)
        records[unit.student, unit.assignment] = fresh

    progress = Progress(len(tasks), stream)
    errors = 0

    def done(answer: dict) -> None:
        nonlocal errors
        unit, key = tasks[answer["id"]]
        record = _base_record(unit, key) | {"graded_at": _now(), "report": answer.get("report"), "error": answer.get("error")}
        record["status"] = "error" if record["error"] else "graded"
        errors += bool(record["error"])
        store.save(record)  # at once: an interrupted run keeps it
        records[unit.student, unit.assignment] = record
        progress.step(f"{unit.student}/{unit.assignment}: {record['error'] or 'graded'}", error=bool(record["error"]))

    limits = asdict(options.limits)
    payloads = [{"id": i, "assignment": unit.assignment, "seed": unit.seed, "limits": limits, **unit.task} for i, (unit, _) in tasks.items()]
    options.out.mkdir(parents=True, exist_ok=True)
    try:
        run_tasks(payloads, done, jobs=options.jobs, course_root=course.root,
                  task_seconds=options.task_seconds or 2 * (options.limits.total_seconds + options.limits.startup_seconds) + 30,
                  log_path=options.out / "workers.log")
    finally:
        progress.close()
        ordered = [records[key] for key in sorted(records)]
        write_gradebook(options.out, ordered, course)
        write_feedback(options.out, ordered)
    return Outcome(ordered, len(tasks), reused, errors)
