"""`autograder ci`: grade inside a GitHub Actions job, for the student repository's workflow.

Prints the text report to the log, appends the Markdown report to the job
summary ($GITHUB_STEP_SUMMARY), sets the step output ``result`` that GitHub
Classroom's reporter reads ($GITHUB_OUTPUT) and writes the JSON report for the
artifact. Outside Actions, pass --summary and --github-output to see the same.
Exit status: 0 graded, whatever the score; 2 nothing could be graded (the
summary and ``result`` then say why).
"""
import os
import sys
from pathlib import Path

from ..course import CourseError
from ..errors import EXIT_OK, EXIT_USAGE, UsageError
from ..grading import grade
from ..render import RENDERERS
from ..render.classroom import encode
from ..sandbox.client import Limits


def _append(path: Path | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(text)


def _write_outputs(args, summary: str, result: str) -> None:
    _append(args.summary, summary)
    _append(args.github_output, f"result={result}\n")  # base64 has no newline, so the one-line form is safe


def run(args) -> int:
    limits = Limits(call_seconds=args.timeout) if args.timeout else Limits()
    try:
        report = grade(args.path, assignments=args.assignment, seed=args.seed, limits=limits)
    except (UsageError, CourseError) as error:
        failure = {"version": 1, "status": "error", "max_score": 0, "tests": [{"name": "grading", "status": "error", "score": 0, "message": str(error)}]}
        _write_outputs(args, f"## Autograder: this push could not be graded\n\n{error}\n", encode(failure))
        print(f"autograder: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.report:
        try:
            args.report.write_text(RENDERERS["json"](report), encoding="utf-8")
        except OSError as error:
            raise UsageError(f"cannot write {args.report}: {error.strerror}") from None
    _write_outputs(args, RENDERERS["markdown"](report), RENDERERS["classroom"](report).strip())
    sys.stdout.write(RENDERERS["text"](report))
    return EXIT_OK


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


def register(commands) -> None:
    parser = commands.add_parser("ci", help="grade in GitHub Actions: job summary, Classroom points, JSON report")
    parser.add_argument("path", nargs="?", type=Path, default=Path("."), help="the student's repository (default: .)")
    parser.add_argument("--assignment", action="append", metavar="NAME", help="grade only this assignment (repeatable)")
    parser.add_argument("--seed", type=int, help="seed for the random cases (default: from $GITHUB_REPOSITORY)")
    parser.add_argument("--report", type=Path, metavar="FILE", help="write the JSON report (Gradescope's results.json format) to FILE")
    parser.add_argument("--summary", type=Path, metavar="FILE", default=_env_path("GITHUB_STEP_SUMMARY"), help="append the Markdown report here (default: $GITHUB_STEP_SUMMARY)")
    parser.add_argument("--github-output", type=Path, metavar="FILE", default=_env_path("GITHUB_OUTPUT"), help="append result=<base64> here (default: $GITHUB_OUTPUT)")
    parser.add_argument("--timeout", type=float, metavar="SECONDS", help=f"per-call time limit (default {Limits.call_seconds:g})")
    parser.set_defaults(run=run)
