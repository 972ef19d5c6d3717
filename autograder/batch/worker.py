"""A long-lived grading process: reads one task per line on stdin, answers one JSON line per task.

Started by :mod:`autograder.batch.runner`, once per parallel job. The graders
are collected once, in one pytest session that grades every task it is given
(:func:`autograder.grading.session`). Each student's code runs in its own
sandboxed process, forked from this process's zygote (a clean worker with
numpy imported); this process only runs the trusted graders.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from ..course import default_course
from ..grading import grade_in_session, prepare, session
from ..sandbox.client import Limits
from ..sandbox.processes import Zygote
from .gitsource import export


def grade_task(task: dict, course, spawner: Zygote, run) -> dict:
    """Grade one unit; any failure becomes a recorded error, never a dead worker."""
    try:
        with tempfile.TemporaryDirectory(prefix="autograder-batch-") as scratch:
            path = Path(task["path"]) if "path" in task else Path(scratch) / task["base"]
            if "git" in task:  # the commit picked at the deadline, exported; the clone is never touched
                export(Path(task["git"]), task["commit"], task["subdir"], Path(scratch))
            request = prepare(path, course, [task["assignment"]], task["seed"], Limits(**task["limits"]))
            report = grade_in_session(run, request, course, spawner)
            return {"id": task["id"], "report": report.to_dict()}
    except Exception as error:  # noqa: BLE001 - the batch goes on; the record says what happened
        return {"id": task["id"], "error": f"{type(error).__name__}: {error}"}


def main() -> None:
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # nothing printed while grading can corrupt the answers
    course = default_course()
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")  # pytest points stdin at /dev/null while it runs
    tasks = (json.loads(line) for line in requests)

    def answer(result: dict) -> None:
        answers.write(json.dumps(result) + "\n")
        answers.flush()

    def drive(run) -> None:
        for task in tasks:
            answer(grade_task(task, course, spawner, run))

    with Zygote() as spawner:
        spawner.start()
        names = [a.name for a in course.assignments if (course.graders_dir / a.name).is_dir()]
        _, _, problems = session(course, names, drive)
    for task in tasks:  # left when pytest stopped before running anything
        answer({"id": task["id"], "error": "; ".join(problems) or "the graders did not run"})


if __name__ == "__main__":
    main()
