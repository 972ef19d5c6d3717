"""The command line: a thin layer over :mod:`autograder.grading` and friends.

Exit status: 0 when the command did its job (whatever the score); 1 when a
check it runs failed; 2 for bad usage, a bad path or a malformed file, with a
one-line message and no traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .course import CourseError, default_course
from .grading import UsageError, grade
from .render import RENDERERS
from .sandbox.client import Limits
from .solutions import MarkupError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _grade(args) -> int:
    limits = Limits(call_seconds=args.timeout) if args.timeout else Limits()
    report = grade(args.path, assignments=args.assignment, seed=args.seed, limits=limits)
    text = RENDERERS[args.format](report)
    if args.output:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise UsageError(f"cannot write {args.output}: {error.strerror}") from None
        if args.format != "text":  # the file is for machines; the terminal still gets the summary
            sys.stdout.write(RENDERERS["text"](report))
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _generate(args) -> int:
    from .generate import drift, write_assignments

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder", description="Grade NumPy self-attention assignments with hidden pytest graders.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    grade_cmd = commands.add_parser("grade", help="grade a submission and print the report")
    grade_cmd.add_argument("path", nargs="?", type=Path, default=Path("assignments"), help="folder laid out like assignments/, or a repository containing one (default: ./assignments)")
    grade_cmd.add_argument("--assignment", action="append", metavar="NAME", help="grade only this assignment (repeatable)")
    grade_cmd.add_argument("--seed", type=int, help="seed for the random test cases (default: derived from the repository or folder name)")
    grade_cmd.add_argument("--format", choices=sorted(RENDERERS), default="text")
    grade_cmd.add_argument("--output", type=Path, metavar="FILE", help="write the report to FILE")
    grade_cmd.add_argument("--timeout", type=float, metavar="SECONDS", help=f"per-call time limit (default {Limits.call_seconds:g})")
    grade_cmd.set_defaults(run=_grade)

    generate_cmd = commands.add_parser("generate", help="regenerate assignments/ from reference/ (stubs from solutions)")
    generate_cmd.add_argument("--assignment", action="append", metavar="NAME")
    generate_cmd.add_argument("--check", action="store_true", help="only report files that are out of date (exit 1 if any)")
    generate_cmd.set_defaults(run=_generate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (UsageError, CourseError, MarkupError) as error:
        print(f"autograder: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("autograder: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
