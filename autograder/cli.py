"""The command line: a thin layer over the command modules in :mod:`autograder.commands`."""
from __future__ import annotations

import argparse
import sys

from .catalogue import CatalogueError
from .commands import command_modules
from .course import CourseError
from .errors import EXIT_USAGE, UsageError
from .solutions import MarkupError

USER_ERRORS = (UsageError, CourseError, MarkupError, CatalogueError)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder", description="Grade NumPy self-attention assignments with hidden pytest graders.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in command_modules():
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except USER_ERRORS as error:
        print(f"autograder: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("autograder: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
