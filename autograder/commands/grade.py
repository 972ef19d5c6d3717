"""`autograder grade`: grade one submission and print or write the report."""
import sys
from pathlib import Path

from ..errors import EXIT_OK, UsageError
from ..grading import grade
from ..render import RENDERERS
from ..sandbox.client import Limits


def run(args) -> int:
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


def register(commands) -> None:
    parser = commands.add_parser("grade", help="grade a submission and print the report")
    parser.add_argument("path", nargs="?", type=Path, default=Path("assignments"), help="folder laid out like assignments/, or a repository containing one (default: ./assignments)")
    parser.add_argument("--assignment", action="append", metavar="NAME", help="grade only this assignment (repeatable)")
    parser.add_argument("--seed", type=int, help="seed for the random test cases (default: derived from the repository or folder name)")
    parser.add_argument("--format", choices=sorted(RENDERERS), default="text")
    parser.add_argument("--output", type=Path, metavar="FILE", help="write the report to FILE")
    parser.add_argument("--timeout", type=float, metavar="SECONDS", help=f"per-call time limit (default {Limits.call_seconds:g})")
    parser.set_defaults(run=run)
