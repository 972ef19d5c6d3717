"""How the grader starts a student worker: a new interpreter, or a fork of a zygote.

Either way the grader gets a :class:`WorkerProcess`: a pipe to write
requests to, a pipe to read replies from, the PID it may signal, its exit
status and a way to kill it with everything it started. The worker itself
(confinement, calls) is the same code in both cases: :mod:`worker`.

A :class:`Zygote` is a clean ``python -I worker.py --zygote`` that has
imported numpy and nothing of the grader; forking it saves each submission
the interpreter and numpy start-up. One grading process keeps one zygote
and restarts it if it dies. Never fork the grader itself: the child would
inherit the reference and the graders in memory.
"""
from __future__ import annotations

import collections
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

WORKER = Path(__file__).with_name("worker.py")
REAP_SECONDS = 5.0  # a worker killed with SIGKILL ends well before this


class StartFailed(Exception):
    """The worker could not be started (the zygote is gone or does not answer)."""


def worker_env() -> dict:
    """The whole environment of a student process: nothing of the grader's (no tokens)."""
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        # Large arrays always get their own pages, returned on free, so that
        # measure() sees every large allocation rather than reused heap.
        "MALLOC_MMAP_THRESHOLD_": "131072",
        "MALLOC_TRIM_THRESHOLD_": "131072",
    }
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # needed for correct BLAS on some CPUs
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def _killpg(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _close(*streams) -> None:
    for stream in streams:
        try:
            stream.close()
        except OSError:  # unsent bytes to a dead worker
            pass


class WorkerProcess:
    """A worker started as a new interpreter (``python -I worker.py CONFIG``)."""

    def __init__(self, config: dict, capture, cwd: Path):
        self._process = subprocess.Popen(
            [sys.executable, "-I", str(WORKER), json.dumps(config)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=capture, cwd=cwd,
            env={**worker_env(), "HOME": config["workdir"]}, start_new_session=True,
        )
        self.requests, self.replies = self._process.stdin, self._process.stdout

    @property
    def pid(self) -> int:
        return self._process.pid

    def exit_code(self, wait: bool) -> int | None:
        """The exit status; when ``wait``, give it a moment to end (it may still be on its way out)."""
        try:
            return self._process.wait(timeout=1.0) if wait else self._process.poll()
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        _killpg(self._process.pid)
        self._process.kill()
        self._process.wait()
        _close(self.requests, self.replies)


class ZygoteChild:
    """A worker forked by a :class:`Zygote`: the zygote reaps it and reports its exit status."""

    def __init__(self, zygote: "Zygote", ticket: int, requests: int, replies: int):
        self._zygote, self._ticket, self._pid, self._code = zygote, ticket, None, None
        self._generation = zygote.generation  # a restarted zygote is not this child's parent
        self.requests, self.replies = os.fdopen(requests, "wb"), os.fdopen(replies, "rb")

    @property
    def pid(self) -> int:
        if self._pid is None:
            self._pid = self._zygote.answer(self._ticket)["pid"]
        return self._pid

    def _orphaned(self) -> bool:
        """Its zygote died: it died too (with its parent), and its PID may be someone else's now."""
        return self._generation != self._zygote.generation or not self._zygote.alive()

    def exit_code(self, wait: bool) -> int | None:
        if self._code is None and not self._orphaned():
            self._code = self._zygote.reap(self.pid, 1.0 if wait else 0.0)
        return self._code

    def kill(self) -> None:
        try:
            if self._code is None and not self._orphaned():  # not reaped yet, so the PID is still this child's
                _killpg(self.pid)
                self._code = self._zygote.reap(self.pid, REAP_SECONDS)
        except StartFailed:
            pass  # the zygote is gone, and its children with it
        finally:
            _close(self.requests, self.replies)


class Zygote:
    """A pre-started clean worker that forks one confined worker per sandbox; restarted when it dies."""

    def __init__(self, startup_seconds: float = 20.0):
        self.startup_seconds = startup_seconds
        self._process: subprocess.Popen | None = None
        self._control: socket.socket | None = None
        self._sent = 0  # tickets: the zygote answers requests in order
        self._unanswered: collections.deque[int] = collections.deque()
        self._answers: dict[int, dict] = {}
        self.generation = 0  # counts restarts

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start the zygote process now (it imports numpy while the grader does other work)."""
        if self.alive():
            return
        self.close()
        self.generation += 1
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with theirs:
            self._process = subprocess.Popen(
                [sys.executable, "-I", str(WORKER), "--zygote"],
                stdin=theirs, stdout=subprocess.DEVNULL, cwd="/", env=worker_env(), start_new_session=True,
            )
        self._control = ours

    def spawn(self, config: dict, capture) -> ZygoteChild:
        """Ask for a worker with ``config``, printing to the file ``capture``; does not wait for it."""
        for attempt in (1, 2):  # a zygote that died since the last spawn is restarted once
            self.start()
            requests, replies = os.pipe(), os.pipe()
            try:
                ticket = self._request({"op": "spawn", "config": config}, [requests[0], replies[1], capture.fileno()])
            except StartFailed:
                os.close(requests[1])
                os.close(replies[0])
                if attempt == 2:
                    raise
            else:
                return ZygoteChild(self, ticket, requests[1], replies[0])
            finally:  # the child holds the only other ends: its death is end of file here
                os.close(requests[0])
                os.close(replies[1])

    def reap(self, pid: int, timeout: float) -> int | None:
        """The exit status of child ``pid``, waiting at most ``timeout`` s; None while it runs."""
        return self._answer_or_fail(self._request({"op": "reap", "pid": pid, "timeout": timeout}, []), timeout)["code"]

    def answer(self, ticket: int) -> dict:
        return self._answer_or_fail(ticket, 0.0)

    def _request(self, message: dict, fds: list[int]) -> int:
        if self._control is None:
            raise StartFailed("the zygote is gone")
        try:
            socket.send_fds(self._control, [json.dumps(message).encode()], fds)
        except OSError as error:
            self._lost(f"the zygote is gone ({error})")
        self._sent += 1
        self._unanswered.append(self._sent)
        return self._sent

    def _answer_or_fail(self, ticket: int, extra_seconds: float) -> dict:
        deadline = time.monotonic() + self.startup_seconds + extra_seconds
        while ticket not in self._answers:
            if ticket not in self._unanswered:
                raise StartFailed("the zygote was restarted before it answered")
            ready, _, _ = select.select([self._control], [], [], max(0.0, deadline - time.monotonic()))
            data = self._control.recv(1 << 16) if ready else b""
            if not data:
                self._lost("the zygote did not answer" if not ready else "the zygote ended")
            self._answers[self._unanswered.popleft()] = json.loads(data)
        return self._answers.pop(ticket)

    def _lost(self, why: str):
        self.close()
        raise StartFailed(why)

    def close(self) -> None:
        """Stop the zygote; its children die with it."""
        if self._control is not None:
            self._control.close()
            self._control = None
        if self._process is not None:
            _killpg(self._process.pid)
            self._process.wait()
            self._process = None
        self._unanswered.clear()
        self._answers.clear()

    def __enter__(self) -> "Zygote":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
