"""A long-lived grading process: reads one task per line on stdin, answers one JSON line per task.

Started by :mod:`autograder.batch.runner`, once per parallel job. Each task is
graded by :func:`autograder.grading.grade`, which sandboxes the student's code
in its own process; this process only runs the trusted graders.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from ..course import default_course
from ..grading import grade
from ..sandbox.client import Limits
from .gitsource import export


def grade_task(task: dict, course) -> dict:
    """Grade one unit; any failure becomes a recorded error, never a dead worker."""
    try:
        with tempfile.TemporaryDirectory(prefix="autograder-batch-") as scratch:
            path = Path(task["path"]) if "path" in task else Path(scratch) / task["base"]
            if "git" in task:  # the commit picked at the deadline, exported; the clone is never touched
                export(Path(task["git"]), task["commit"], task["subdir"], Path(scratch))
            report = grade(path, course=course, assignments=[task["assignment"]], seed=task["seed"], limits=Limits(**task["limits"]))
            return {"id": task["id"], "report": report.to_dict()}
    except Exception as error:  # noqa: BLE001 - the batch goes on; the record says what happened
        return {"id": task["id"], "error": f"{type(error).__name__}: {error}"}


def main() -> None:
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # nothing printed while grading can corrupt the answers
    course = default_course()
    for line in sys.stdin:
        answers.write(json.dumps(grade_task(json.loads(line), course)) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
