"""`autograder gradescope`: build Gradescope's autograder zip, or grade inside it.

``--out FILE.zip`` builds the zip (upload it as a Gradescope programming
assignment's autograder). ``--grade-root ROOT`` is what the zip's
run_autograder calls: it grades ROOT/submission and writes
ROOT/results/results.json (ROOT is /autograder on Gradescope). Exit status 0
once results.json is written, even when the upload could not be graded (the
student then reads why); 2 for bad usage.
"""
from pathlib import Path

from ..course import default_course
from ..errors import EXIT_OK
from ..release.gradescope import build_zip, grade_in


def run(args) -> int:
    course = default_course()
    if args.grade_root:
        results = grade_in(args.grade_root, course)
        print(f"wrote {args.grade_root / 'results' / 'results.json'}: score {results['score']:g}")
        return EXIT_OK
    names = [course.assignment(name).name for name in args.assignment] if args.assignment else [
        a.name for a in course.assignments if (course.graders_dir / a.name).is_dir() and (course.reference_dir / a.name).is_dir()
    ]
    entries = build_zip(course, args.out, names)
    print(f"wrote {args.out} ({len(entries)} files) grading {', '.join(names)}")
    return EXIT_OK


def register(commands) -> None:
    parser = commands.add_parser("gradescope", help="build a Gradescope autograder zip (or grade inside one)")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--out", type=Path, metavar="FILE.zip", help="write the autograder zip here")
    mode.add_argument("--grade-root", type=Path, metavar="ROOT", help="grade ROOT/submission into ROOT/results/results.json (run_autograder does this)")
    parser.add_argument("--assignment", action="append", metavar="NAME", help="the assignment(s) the zip grades (default: every one with graders; one per Gradescope assignment is simplest)")
    parser.set_defaults(run=run)
