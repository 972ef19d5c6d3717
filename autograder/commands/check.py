"""`autograder check`: verify every assignment before a release; one row per check."""
from ..course import default_course
from ..errors import EXIT_FAILED, EXIT_OK
from ..selfcheck import Row, run_checks


def _percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "n/a"


def run(args) -> int:
    course = default_course()
    names = args.assignment or [a.name for a in course.assignments]
    for name in names:
        course.assignment(name)  # a UsageError-style CourseError for unknown names
    rows, figures = run_checks(course, names)
    for row in rows:
        print(f"{'ok  ' if row.ok else 'FAIL'}  {row.assignment:20} {row.check}" + (f"  ({row.detail})" if row.detail else ""))
    failed = [row for row in rows if not row.ok]
    print()
    print(f"catalogued mistakes: {figures.mistakes}; lose points: {figures.mistakes_losing_points} "
          f"({_percent(figures.mistakes_losing_points, figures.mistakes)}); named with the right diagnosis: "
          f"{figures.mistakes_named} ({_percent(figures.mistakes_named, figures.mistakes)})")
    print(f"correct variants: {figures.variants}; full marks: {figures.variants_full_marks} "
          f"({_percent(figures.variants_full_marks, figures.variants)})")
    print(f"{len(rows) - len(failed)} of {len(rows)} checks passed" + (f"; {len(failed)} failed" if failed else ""))
    return EXIT_FAILED if failed else EXIT_OK


def register(commands) -> None:
    parser = commands.add_parser("check", help="self-test the course before a release (exit 1 on any failure)")
    parser.add_argument("--assignment", action="append", metavar="NAME", help="check only this assignment (repeatable)")
    parser.set_defaults(run=run)


__all__ = ["Row", "register", "run"]
