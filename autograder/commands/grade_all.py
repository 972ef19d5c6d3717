"""`autograder grade-all`: grade a whole class in parallel, resumably, at a deadline; write gradebook and feedback."""
import datetime as dt
import os
from pathlib import Path

from ..batch.run import Options, grade_class
from ..course import default_course
from ..errors import EXIT_OK, UsageError
from ..sandbox.client import Limits


def parse_deadline(text: str) -> dt.datetime | None:
    if text.lower() == "none":
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--deadline: not an ISO-8601 date-time: {text!r} (e.g. 2027-01-25T23:59:00Z, or 'none')") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def run(args) -> int:
    if args.submissions is None and args.from_reports is None:
        raise UsageError("give a folder of submissions, or --from-reports DIR, or both")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    course = default_course()
    for name in args.assignment or []:
        course.assignment(name)  # an unknown name is a usage error
    options = Options(
        out=args.out, jobs=args.jobs, assignments=args.assignment or [],
        deadline=parse_deadline(args.deadline) if args.deadline else None,
        use_due_dates=args.deadline is None,
        limits=Limits(call_seconds=args.timeout) if args.timeout else Limits(), force=args.force,
    )
    outcome = grade_class(course, options, args.submissions, args.from_reports)
    students = len({r["student"] for r in outcome.records})
    print(f"{students} student(s), {len(outcome.records)} submission(s): {outcome.graded} graded now, "
          f"{outcome.reused} unchanged since the last run, {outcome.errors} grading error(s)")
    print(f"gradebook: {args.out / 'gradebook.csv'}; feedback pages: {args.out / 'feedback'}/")
    return EXIT_OK


def register(commands) -> None:
    parser = commands.add_parser("grade-all", help="grade a whole class in parallel; write a gradebook and feedback pages")
    parser.add_argument("submissions", nargs="?", type=Path, help="folder of student folders or cloned repositories, or an nbgrader course (its submitted/ tree)")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="where results, gradebook and feedback go (reruns resume here)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="parallel grading processes (default: one per CPU)")
    parser.add_argument("--deadline", metavar="ISO-8601", help="grade each repository's last commit at or before this time ('none': the latest); default: each assignment's due date in course.toml")
    parser.add_argument("--assignment", action="append", metavar="NAME", help="grade only this assignment (repeatable)")
    parser.add_argument("--from-reports", type=Path, metavar="DIR", help="gather JSON reports already graded (e.g. downloaded GitHub Actions artifacts) instead of regrading")
    parser.add_argument("--timeout", type=float, metavar="SECONDS", help=f"per-call time limit (default {Limits.call_seconds:g})")
    parser.add_argument("--force", action="store_true", help="regrade everything, even submissions unchanged since the last run")
    parser.set_defaults(run=run)
