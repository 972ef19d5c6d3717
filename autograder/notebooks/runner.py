"""The fresh interpreter behind :func:`autograder.notebooks.check`: grade one folder, write the report as JSON.

Run as ``python -I ... FOLDER ASSIGNMENT OUTPUT`` by the check, never inside
the student's kernel. The folder is graded as ``autograder grade`` would
grade it, with the same seed.
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from ..cli import USER_ERRORS
from ..errors import EXIT_USAGE
from ..grading import grade


def _grade(folder: Path, assignment: str):
    if folder.name == assignment:
        return grade(folder, assignments=[assignment])
    # nbgrader's assignment may be named differently: grade a copy under our name,
    # in a folder named like the original's parent, so that the seed is the same.
    with tempfile.TemporaryDirectory(prefix="notebook-runner-") as scratch:
        copy = Path(scratch) / folder.parent.name / assignment
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("*.ipynb", "__pycache__", ".ipynb_checkpoints"))
        return grade(copy, assignments=[assignment])


def main(argv: list[str] | None = None) -> int:
    folder, assignment, output = argv if argv is not None else sys.argv[1:]
    try:
        report = _grade(Path(folder), assignment)
    except USER_ERRORS as error:
        print(f"autograder: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    Path(output).write_text(json.dumps(report.to_dict()), encoding="utf-8")
    return 0
