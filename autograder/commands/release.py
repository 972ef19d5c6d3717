"""`autograder release`: write the student repository (released assignments, README, grading workflow).

Exit status: 0 written; 1 refused because something secret would reach the
tree (each leak is printed with the file it is in, nothing is written);
2 bad usage (unknown assignment, nothing released yet, bad --now).
"""
from pathlib import Path

from ..course import default_course
from ..errors import EXIT_FAILED, EXIT_OK
from ..release.schedule import parse_now, select
from ..release.tree import release


def run(args) -> int:
    course = default_course()
    now = parse_now(args.now)
    chosen = select(course, args.assignment, now)
    out = args.out or course.root / "out" / "student"
    result = release(course, out, chosen, now)
    if result.leaks:
        for leak in result.leaks:
            print(f"leak: {leak}")
        print(f"refused: {len(result.leaks)} leak(s) would reach {out}; nothing was written")
        return EXIT_FAILED
    print(f"released {', '.join(result.assignments)} to {out} ({len(result.files)} files, leak check clean)")
    return EXIT_OK


def register(commands) -> None:
    parser = commands.add_parser("release", help="write the student repository: released assignments, README, grading workflow")
    parser.add_argument("--assignment", action="append", metavar="NAME", help="release this assignment whatever its date (repeatable; default: every assignment whose release date has come)")
    parser.add_argument("--out", type=Path, metavar="DIR", help="the student repository to write (default: out/student in the course)")
    parser.add_argument("--now", metavar="ISO-8601", help="pretend the current time is this (default: now), e.g. 2027-01-12T09:00Z")
    parser.set_defaults(run=run)
