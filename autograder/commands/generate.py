"""`autograder generate`: regenerate assignments/ from reference/, or check that it is up to date."""
from ..course import default_course
from ..errors import EXIT_FAILED, EXIT_OK
from ..generate import drift, write_assignments


def run(args) -> int:
    course = default_course()
    if args.check:
        problems = drift(course, names=args.assignment)
        for problem in problems:
            print(problem)
        print("assignments/ is up to date with reference/" if not problems else f"{len(problems)} file(s) out of date: run `autograder generate`")
        return EXIT_FAILED if problems else EXIT_OK
    written = write_assignments(course, names=args.assignment)
    print(f"wrote {len(written)} file(s) to {course.assignments_dir}")
    return EXIT_OK


def register(commands) -> None:
    parser = commands.add_parser("generate", help="regenerate assignments/ from reference/ (stubs from solutions)")
    parser.add_argument("--assignment", action="append", metavar="NAME")
    parser.add_argument("--check", action="store_true", help="only report files that are out of date (exit 1 if any)")
    parser.set_defaults(run=run)
