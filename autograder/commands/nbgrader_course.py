"""`autograder nbgrader-course DIR`: lay out an nbgrader course directory from reference/."""
from pathlib import Path

from ..course import default_course
from ..errors import EXIT_OK
from ..notebooks.layout import CONFIG_NAME, write_source


def run(args) -> int:
    course = default_course()
    written = write_source(course, args.directory, names=args.assignment)
    for folder in written:
        print(f"wrote {folder}")
    print(f"next: cd {args.directory} && nbgrader generate_assignment <name> (settings: {args.directory / CONFIG_NAME})")
    return EXIT_OK


def register(commands) -> None:
    parser = commands.add_parser("nbgrader-course", help="lay out an nbgrader course directory (source/<assignment>/) from reference/")
    parser.add_argument("directory", type=Path, help="the nbgrader course root (created if missing)")
    parser.add_argument("--assignment", action="append", metavar="NAME", help="only this assignment (repeatable; default: every one with a notebook)")
    parser.set_defaults(run=run)
