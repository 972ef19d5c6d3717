"""A progress bar on stderr: redrawn in place on a terminal, a plain line at most every few seconds otherwise."""
from __future__ import annotations

import sys
import time


class Progress:
    WIDTH = 30

    def __init__(self, total: int, stream=None, every: float = 2.0):
        self.total, self.stream, self.every = total, stream or sys.stderr, every
        self.tty = self.stream.isatty()
        self.done = self.errors = 0
        self.started = self._last = time.monotonic()

    def _line(self) -> str:
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = f"{(self.total - self.done) / rate:.0f} s left" if rate and self.done < self.total else f"{elapsed:.1f} s"
        errors = f", {self.errors} error(s)" if self.errors else ""
        return f"{self.done}/{self.total} graded, {rate:.1f}/s, {eta}{errors}"

    def step(self, note: str = "", error: bool = False) -> None:
        self.done += 1
        self.errors += error
        now = time.monotonic()
        if self.tty:
            filled = self.WIDTH * self.done // max(self.total, 1)
            self.stream.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self._line()}\033[K")
        elif error or now - self._last >= self.every or self.done == self.total:
            self.stream.write(f"{self._line()}{'  ' + note if note else ''}\n")
            self._last = now
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self.total:
            self.stream.write("\n")
            self.stream.flush()
