"""A pool of grading processes that survives any one task: a hang or a crash becomes that task's error.

Each worker (:mod:`autograder.batch.worker`) grades one task at a time. A task
that outlives ``task_seconds`` has its worker killed (with its process group)
and a fresh worker takes the next task, so one submission cannot stall or end
the batch.
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


class _Worker:
    def __init__(self, course_root: Path, log):
        env = {**os.environ, ENV_COURSE_ROOT: str(course_root), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "autograder.batch.worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=env,
            start_new_session=True, text=True, encoding="utf-8",
        )
        self.task: dict | None = None
        self.started = 0.0

    def give(self, task: dict) -> None:
        self.task, self.started = task, time.monotonic()
        self.process.stdin.write(json.dumps(task) + "\n")
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
    workers: list[_Worker] = []
    with open(log_path, "a", encoding="utf-8") as log:
        try:
            while pending or any(w.task for w in workers):
                while pending and len([w for w in workers if w.task]) < jobs:
                    idle = next((w for w in workers if w.task is None), None)
                    if idle is None:
                        idle = _Worker(course_root, log)
                        workers.append(idle)
                    idle.give(pending.pop())
                busy = [w for w in workers if w.task]
                wait = max(0.0, min(w.started + task_seconds for w in busy) - time.monotonic())
                ready, _, _ = select.select([w.process.stdout for w in busy], [], [], wait)
                for worker in busy:
                    task = worker.task
                    if worker.process.stdout in ready:
                        line = worker.process.stdout.readline()
                        if line:
                            worker.task = None
                            done(json.loads(line))
                            continue
                        code = worker.process.wait()
                        error = f"the grading process died (exit status {code}) while grading this submission"
                    elif time.monotonic() - worker.started >= task_seconds:
                        error = f"grading did not finish within {task_seconds:g} s; the grading process was stopped"
                    else:
                        continue
                    worker.kill()
                    workers.remove(worker)
                    done({"id": task["id"], "error": error})
        finally:
            for worker in workers:
                worker.kill() if worker.task else worker.stop()
