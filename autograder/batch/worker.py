"""A long-lived grading process: reads a group of tasks per line on stdin, answers one JSON line per group.

Started by :mod:`autograder.batch.runner`, once per parallel job. The graders
are collected once, in one pytest session that grades every task it is given
(:func:`autograder.grading.session`). Each student's code runs in its own
sandboxed process, forked from this process's zygote (a clean worker with
numpy imported); this process only runs the trusted graders.
"""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path

from ..course import default_course
from ..grading import open_sandboxes, prepare, report_of, session
from ..sandbox.client import Limits
from ..sandbox.processes import Zygote
from .gitsource import export


def _error(task: dict, error: Exception) -> dict:
    return {"id": task["id"], "error": f"{type(error).__name__}: {error}"}


def grade_chunk(tasks: list[dict], course, spawner: Zygote, run) -> list[dict]:
    """Grade several units together: each grader test runs its pytest protocol once for all of them.

    Every unit still has its own sandbox, seed and report; a unit that cannot
    be prepared or started gets its own error and the others go on.
    """
    answers: dict = {}
    with contextlib.ExitStack() as stack:
        groups: dict = {}
        for task in tasks:
            try:
                scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="autograder-batch-")))
                path = Path(task["path"]) if "path" in task else scratch / task["base"]
                if "git" in task:
                    export(Path(task["git"]), task["commit"], task["subdir"], scratch)
                request = prepare(path, course, [task["assignment"]], task["seed"], Limits(**task["limits"]))
                folders = {name: request.submission.folders[name] for name in request.names}
                sandboxes = open_sandboxes(course, folders, request.limits, spawner)
                stack.callback(lambda opened=sandboxes: [sandbox.close() for sandbox in opened.values()])
                groups.setdefault(request.names, []).append((task, request, (folders, request.seed, request.limits, sandboxes)))
            except Exception as error:  # noqa: BLE001 - recorded for this unit only
                answers[task["id"]] = _error(task, error)
        for members in groups.values():
            started = time.monotonic()
            try:
                outcomes = run.many([member for _, _, member in members])
            except Exception as error:  # noqa: BLE001
                outcomes = [error] * len(members)
            for (task, request, _), outcome in zip(members, outcomes):
                if isinstance(outcome, Exception):
                    answers[task["id"]] = _error(task, outcome)
                else:
                    answers[task["id"]] = {"id": task["id"], "report": report_of(request, *outcome, started).to_dict()}
    return [answers[task["id"]] for task in tasks]


def main() -> None:
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # nothing printed while grading can corrupt the answers
    course = default_course()
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")  # pytest points stdin at /dev/null while it runs
    tasks = (json.loads(line) for line in requests)

    def answer(result: list[dict]) -> None:
        answers.write(json.dumps(result) + "\n")
        answers.flush()

    def drive(run) -> None:
        for group in tasks:  # tasks graded together, answered in one line (so nothing waits in a buffer)
            answer(grade_chunk(group, course, spawner, run))

    with Zygote() as spawner:
        spawner.start()
        names = [a.name for a in course.assignments if (course.graders_dir / a.name).is_dir()]
        _, _, problems = session(course, names, drive)
    for group in tasks:  # left when pytest stopped before running anything
        answer([{"id": task["id"], "error": "; ".join(problems) or "the graders did not run"} for task in group])


if __name__ == "__main__":
    main()
