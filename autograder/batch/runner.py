"""A pool of grading processes that survives any one task: a hang or a crash becomes that task's error.

Each worker (:mod:`autograder.batch.worker`) grades a few tasks at a time,
together (pytest's per-test work is then shared). Tasks that outlive
``task_seconds`` each have their worker killed (with its process group); the
unanswered tasks of a group go back to the queue one by one, so that only the
submission that stalls or kills its grading process gets the error, and the
batch goes on.
"""
from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Iterable

from ..course import ENV_COURSE_ROOT


GROUP = 8  # tasks graded together by one worker; more saves little and delays each result


class _Worker:
    def __init__(self, course_root: Path, log):
        env = {**os.environ, ENV_COURSE_ROOT: str(course_root), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "autograder.batch.worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=env,
            start_new_session=True, text=True, encoding="utf-8",
        )
        self.tasks: dict[str, dict] = {}  # id -> task, not answered yet
        self.started = 0.0
        self.deadline = 0.0

    def give(self, tasks: list[dict], task_seconds: float) -> None:
        self.tasks = {task["id"]: task for task in tasks}
        self.started = time.monotonic()
        self.deadline = self.started + task_seconds * len(tasks)
        self.process.stdin.write(json.dumps(tasks) + "\n")
        self.process.stdin.flush()

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            stream.close()

    def stop(self) -> None:
        """Let an idle worker end on end-of-input; kill it if it does not."""
        try:
            self.process.stdin.close()
            self.process.wait(timeout=5)
            self.process.stdout.close()
        except (OSError, subprocess.TimeoutExpired):
            self.kill()


def run_tasks(
    tasks: Iterable[dict],
    done: Callable[[dict], None],
    *,
    jobs: int,
    course_root: Path,
    task_seconds: float,
    log_path: Path,
) -> None:
    """Grade every task on ``jobs`` workers; call ``done(answer)`` once per task, in completion order.

    ``answer`` is ``{"id", "report"}`` or ``{"id", "error"}``.
    """
    pending = list(tasks)[::-1]
    alone: set[str] = set()  # tasks whose group failed: graded on their own from then on
    workers: list[_Worker] = []

    def next_group() -> list[dict]:
        # Groups stay small against what is left, so that results keep arriving (and being
        # saved) all through the run, and the last tasks spread over every worker.
        size = max(1, min(GROUP, len(pending) // (4 * jobs)))
        group = [pending.pop()]
        while len(group) < size and pending and group[0]["id"] not in alone and pending[-1]["id"] not in alone:
            group.append(pending.pop())
        return group

    with open(log_path, "a", encoding="utf-8") as log:
        try:
            while pending or any(w.tasks for w in workers):
                while pending and len([w for w in workers if w.tasks]) < jobs:
                    idle = next((w for w in workers if not w.tasks), None)
                    if idle is None:
                        idle = _Worker(course_root, log)
                        workers.append(idle)
                    idle.give(next_group(), task_seconds)
                busy = [w for w in workers if w.tasks]
                wait = max(0.0, min(w.deadline for w in busy) - time.monotonic())
                ready, _, _ = select.select([w.process.stdout for w in busy], [], [], wait)
                for worker in busy:
                    if worker.process.stdout in ready:
                        line = worker.process.stdout.readline()
                        if line:  # the answers of the whole group, in one line
                            for answer in json.loads(line):
                                worker.tasks.pop(answer.get("id"), None)
                                done(answer)
                            continue
                        code = worker.process.wait()
                        error = f"the grading process died (exit status {code}) while grading this submission"
                    elif time.monotonic() >= worker.deadline:
                        error = f"grading did not finish within {task_seconds:g} s; the grading process was stopped"
                    else:
                        continue
                    worker.kill()
                    workers.remove(worker)
                    left = list(worker.tasks.values())
                    if len(left) == 1:
                        done({"id": left[0]["id"], "error": error})
                    else:  # find the one to blame: grade each again on its own
                        alone.update(task["id"] for task in left)
                        pending.extend(left[::-1])
        finally:
            for worker in workers:
                worker.kill() if worker.tasks else worker.stop()
