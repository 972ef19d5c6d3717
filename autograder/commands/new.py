"""`autograder new NAME`: scaffold a new assignment that passes `autograder check`."""
from ..course import default_course
from ..errors import EXIT_OK
from ..scaffold import scaffold


def run(args) -> int:
    course = default_course()
    for path in scaffold(course, args.name, args.title):
        print(f"wrote {path.relative_to(course.root)}")
    print(f"next: edit reference/{args.name}/{args.name}.py, then `autograder generate` and `autograder check --assignment {args.name}`")
    return EXIT_OK


def register(commands) -> None:
    parser = commands.add_parser("new", help="scaffold a new assignment (reference, grader, catalogue, course entry)")
    parser.add_argument("name", help="the assignment's folder and module name, e.g. rotary_embeddings")
    parser.add_argument("--title", help="a human title for course.toml")
    parser.set_defaults(run=run)
