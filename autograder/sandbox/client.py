"""The grader's side of the sandbox: start the worker, send calls, judge nothing.

A :class:`Sandbox` owns one temporary copy of a submission and at most one
live worker process. Every call comes back as a :class:`CallOutcome`, a
plain value: the student's return value, or what went wrong (not implemented,
an exception, a timeout, a crash). The worker is restarted after a crash or a
timeout, so one broken function cannot cost the others their points.
"""
from __future__ import annotations

import dataclasses
import os
import re
import select
import shutil
import signal
import struct
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import wire
from .processes import StartFailed, WorkerProcess, Zygote, ZygoteChild

PACKAGE = Path(__file__).parent.parent  # the grader's own package: never readable by the student
MIB = 1 << 20
CONTROL = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f]")  # terminal escapes and control characters


@dataclass(frozen=True)
class Limits:
    """Resource limits for one submission's student process."""

    call_seconds: float = 10.0  # one call, wall clock
    total_seconds: float = 120.0  # every call of one submission together
    startup_seconds: float = 20.0  # interpreter and numpy import
    memory_bytes: int = 2048 * MIB  # address space
    file_bytes: int = 16 * MIB  # largest file the student may write (caps output floods)
    processes: int = 64
    reply_bytes: int = 512 * MIB  # largest answer accepted from the student
    output_chars: int = 1500  # captured stdout/stderr kept per call
    strikes: int = 2  # timeouts of one function before its later calls are skipped
    copy_bytes: int = 64 * MIB  # largest submission folder copied into the sandbox
    copy_files: int = 500  # most files copied from it

    def for_worker(self) -> dict:
        return {
            "memory_bytes": self.memory_bytes,
            "file_bytes": self.file_bytes,
            "processes": self.processes,
            "cpu_seconds": int(self.total_seconds + self.startup_seconds) + 5,
            "reply_bytes": self.reply_bytes,
            "output_chars": 4 * self.output_chars,
        }


@dataclass(frozen=True)
class CallOutcome:
    """One student call, captured as a value before anyone judges it."""

    status: str  # "ok" or "error"
    module: str = ""
    function: str = ""
    value: Any = None
    kind: str = ""  # for errors: not_implemented, exception, timeout, crashed, syntax_error, ...
    exception: str = ""
    message: str = ""
    traceback: str = ""
    output: str = ""  # what the student printed, truncated, never parsed
    mutated: tuple[str, ...] = ()
    seconds: float = 0.0
    peak_bytes: int | None = None  # with measure(): memory the call added at its peak (resident set)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class _Timeout(Exception):
    pass


class _Crash(Exception):
    pass


class _Ended(_Crash):
    pass


@dataclass
class Sandbox:
    """The student's code for one assignment, behind a process boundary."""

    source: Path
    limits: Limits = field(default_factory=Limits)
    hide: tuple[Path, ...] = ()  # folders the student must not read (hidden where the platform allows)
    spawner: Zygote | None = None  # fork workers from this zygote; None starts a new interpreter each time

    def __post_init__(self):
        self._root = Path(tempfile.mkdtemp(prefix="autograder-"))
        self.workdir = self._root / "submission"
        self.left_out = copy_submission(Path(self.source), self.workdir, self.limits)
        if os.geteuid() == 0:  # the worker drops to an unprivileged user that must read its copy
            os.chmod(self._root, 0o711)
            for path in [self.workdir, *self.workdir.rglob("*")]:
                os.chmod(path, 0o755 if path.is_dir() else 0o644)
        self.hide = tuple(dict.fromkeys([*self.hide, PACKAGE]))
        self._process: WorkerProcess | ZygoteChild | None = None
        self._launched = 0.0  # when the current worker was asked for
        self._ready = False  # its "ready" message has been read
        self._pid = 0  # the process that runs the student's code (a child of the started one when namespaced)
        self._capture = None
        self._capture_offset = 0
        self._spent = 0.0
        self._strikes: dict[str, int] = {}
        self._struck: dict[str, tuple[str, str]] = {}  # function -> kind and message of its last timeout or crash
        self.confinement: dict = {}

    # -- lifecycle -------------------------------------------------------
    def start(self) -> "Sandbox":
        """Launch the worker without waiting for it: it starts while the grader does other work.

        A failure to launch is not raised here: the first call retries and reports it.
        """
        try:
            self._launch()
        except (_Crash, OSError):
            pass
        return self

    def _launch(self) -> None:
        if self._process is None:
            if self._capture:
                self._capture.close()
            self._capture = open(self._root / "output.txt", "ab+")
            config = {
                "workdir": str(self.workdir),
                "limits": self.limits.for_worker(),
                "hide": [os.path.realpath(path) for path in self.hide],
            }
            self._launched, self._ready = time.monotonic(), False
            try:
                self._process = self.spawner.spawn(config, self._capture) if self.spawner else WorkerProcess(config, self._capture, self._root)
            except StartFailed as error:
                raise _Crash(f"the student process did not start: {error}") from None

    def _start(self) -> None:
        """Make sure a worker runs and has said it is ready."""
        self._launch()
        if self._ready:
            return
        try:
            header, _ = self._read(self._launched + self.limits.startup_seconds)
            self.confinement = header.get("confinement", {}) if isinstance(header.get("confinement"), dict) else {}
            self._pid = self._worker_pid(self.confinement.get("pid"))
        except (_Timeout, _Crash, StartFailed) as error:
            self._kill()
            raise _Crash(f"the student process did not start: {error}") from None
        self._ready = True

    def _worker_pid(self, reported) -> int:
        """The PID whose memory measure() reads: the reported one if it is our worker's child, sent before any student code ran."""
        if type(reported) is int and reported != self._process.pid:
            try:
                with open(f"/proc/{reported}/status") as status:
                    if f"PPid:\t{self._process.pid}\n" in status.read():
                        return reported
            except OSError:
                pass
        return self._process.pid

    def _exit_code(self, wait: bool) -> int | None:
        """The worker's exit status; when it ended, wait a moment for it (it may still be on its way out)."""
        try:
            return self._process.exit_code(wait) if self._process else None
        except StartFailed:
            return None

    def _kill(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process = None

    def close(self) -> None:
        self._kill()
        if self._capture:
            self._capture.close()
        shutil.rmtree(self._root, ignore_errors=True)

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- protocol --------------------------------------------------------
    def _read_exact(self, size: int, deadline: float) -> bytes:
        fd, chunks, remaining = self._process.replies.fileno(), [], size
        while remaining:
            timeout = deadline - time.monotonic()
            if timeout <= 0:
                raise _Timeout()
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                raise _Timeout()
            chunk = os.read(fd, min(remaining, 4 * MIB))
            if not chunk:
                raise _Ended("the student process ended")
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def _read(self, deadline: float) -> tuple[dict, list]:
        (size,) = struct.unpack(">Q", self._read_exact(8, deadline))
        if size > self.limits.reply_bytes:
            raise _Crash(f"the answer was {size / MIB:.0f} MiB, more than the {self.limits.reply_bytes // MIB} MiB allowed")
        try:
            return wire.unpack(self._read_exact(size, deadline))
        except wire.WireError as error:
            raise _Crash(f"the student process sent a malformed answer ({error})") from None

    def _output_since_last_call(self) -> str:
        """What the student printed since the last call, cut short and without control characters.

        The capture file is emptied after each call (the worker appends), so
        that a flood in one call cannot use up the file size limit of the next.
        """
        self._capture.flush()
        size = os.fstat(self._capture.fileno()).st_size
        self._capture.seek(0)
        data = self._capture.read(min(size, self.limits.output_chars))
        self._capture.truncate(0)
        text = CONTROL.sub("?", data.decode("utf-8", errors="replace"))
        text = text.replace(f"{self.workdir}/", "")  # warnings name the student's file, not our temporary copy
        if size > len(data):
            text += f"\n[... {size - len(data)} more bytes of output not shown]"
        return text

    # -- memory ----------------------------------------------------------
    def _status_kib(self, field_name: str) -> int:
        with open(f"/proc/{self._pid}/status") as status:
            for line in status:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
        raise _Crash(f"cannot read {field_name} of the student process")

    def _measured_reply(self, deadline: float) -> tuple[dict, list, int | None]:
        """Read the reply of a measured call: the worker pauses before and after the function."""
        header, arrays = self._read(deadline)
        if header.get("status") != "measure-start":
            return header, arrays, None
        with open(f"/proc/{self._pid}/clear_refs", "w") as clear:
            clear.write("5")  # reset the peak resident set size to the current one
        baseline = self._status_kib("VmRSS")
        self._process.requests.write(b"g")
        self._process.requests.flush()
        header, arrays = self._read(deadline)
        if header.get("status") != "measure-end":
            return header, arrays, None
        peak = (self._status_kib("VmHWM") - baseline) * 1024
        self._process.requests.write(b"g")
        self._process.requests.flush()
        header, arrays = self._read(deadline)
        return header, arrays, peak

    # -- calls -----------------------------------------------------------
    def measure(self, module: str, function: str, *args, **kwargs) -> CallOutcome:
        """Like :meth:`call`, and also measure the peak memory the call adds (read by the grader from /proc)."""
        return self.call(module, function, *args, _measure_memory=True, **kwargs)

    def call(self, module: str, function: str, *args, _measure_memory: bool = False, **kwargs) -> CallOutcome:
        key = f"{module}.{function}"
        if self._strikes.get(key, 0) >= self.limits.strikes:
            kind, reason = self._struck[key]
            return CallOutcome("error", module, function, kind=kind, message=f"skipped: {function} already failed {self.limits.strikes} times ({reason})")
        budget = self.limits.total_seconds - self._spent
        if budget <= 0:
            return CallOutcome("error", module, function, kind="timeout", message=f"skipped: the {self.limits.total_seconds:g} s time budget for this assignment is used up")
        blobs: list[bytes] = []
        arguments = wire.encode_value((list(args), kwargs), blobs)
        request = wire.pack({"op": "call", "module": module, "function": function, "arguments": arguments, "measure_memory": _measure_memory}, blobs)
        started = time.monotonic()
        try:
            self._start()
            self._process.requests.write(request)
            self._process.requests.flush()
            limit = min(self.limits.call_seconds, budget)
            header, arrays, peak = self._measured_reply(time.monotonic() + limit)
        except _Timeout:
            self._kill()
            outcome = CallOutcome("error", kind="timeout", message=f"did not finish within {limit:g} s")
        except (_Crash, BrokenPipeError, OSError) as error:
            code = self._exit_code(wait=isinstance(error, (_Ended, BrokenPipeError)))
            self._kill()
            outcome = CallOutcome("error", kind="crashed", message=_describe_crash(error, code, self.limits))
        else:
            outcome = dataclasses.replace(_outcome_from_reply(header, arrays, (list(args), kwargs)), peak_bytes=peak)
            if outcome.kind == "missing_module" and f"{module}.py" in self.left_out:
                outcome = dataclasses.replace(outcome, kind="left_out", message=self.left_out[f"{module}.py"])
        if outcome.kind in ("timeout", "crashed"):  # each costs a restart: a function that keeps doing it is skipped
            self._strikes[key] = self._strikes.get(key, 0) + 1
            self._struck[key] = (outcome.kind, outcome.message)
        seconds = time.monotonic() - started
        self._spent += seconds
        output = self._output_since_last_call() if self._capture else ""
        return dataclasses.replace(outcome, module=module, function=function, output=output, seconds=seconds)


def _describe_crash(error: Exception, code: int | None, limits: Limits) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        hints = {"SIGXCPU": "it used up its CPU time", "SIGXFSZ": f"it wrote more than {limits.file_bytes // MIB} MiB", "SIGSEGV": "it crashed the interpreter"}
        return f"the student process was killed by {name}" + (f": {hints[name]}" if name in hints else "")
    if code is not None:
        return f"the student process exited with status {code} (sys.exit or os._exit?)"
    return str(error) or type(error).__name__


def _outcome_from_reply(header: dict, arrays: list, sent: tuple) -> CallOutcome:
    text = lambda key: str(header.get(key, ""))[:4000]  # noqa: E731
    if header.get("status") == "ok":
        try:
            value = wire.decode_value(header.get("value"), arrays)
            after = wire.decode_value(header["after"], arrays) if "after" in header else None
        except wire.WireError as error:
            return CallOutcome("error", kind="crashed", message=f"malformed answer ({error})")
        return CallOutcome("ok", value=value, mutated=_mutated(sent, after))
    return CallOutcome("error", kind=text("kind") or "exception", exception=text("exception"), message=text("message"), traceback=text("traceback"))


def _mutated(sent: tuple, after) -> tuple[str, ...]:
    """The array arguments that differ, after the call, from what the grader sent (compared here, not by the student's process).

    Arrays inside dicts, lists and tuples count too (a KV cache passed as a dict), named like ``cache['K']``.
    """
    if not (isinstance(after, tuple) and len(after) == 2 and isinstance(after[0], list) and isinstance(after[1], dict)):
        return ()
    (args, kwargs), (args_after, kwargs_after) = sent, after
    pairs = [(f"argument {i + 1}", old, new) for i, (old, new) in enumerate(zip(args, args_after))]
    pairs += [(key, old, kwargs_after.get(key)) for key, old in kwargs.items()]
    return tuple(name for label, old, new in pairs for name in _changed(label, old, new))


def _changed(name: str, old, new):
    """Names of the arrays in ``old`` (an array or a container of them) that ``new`` does not equal."""
    if isinstance(old, np.ndarray):
        same = isinstance(new, np.ndarray) and old.shape == new.shape and old.dtype == new.dtype
        if not (same and np.array_equal(old, new, equal_nan=old.dtype.kind in "fc")):
            yield name
    elif isinstance(old, dict):
        for key, item in old.items():
            yield from _changed(f"{name}[{key!r}]", item, new.get(key) if isinstance(new, dict) else None)
    elif isinstance(old, (list, tuple)):
        for index, item in enumerate(old):
            yield from _changed(f"{name}[{index}]", item, new[index] if isinstance(new, (list, tuple)) and index < len(new) else None)


def _regular_file(path: Path, inside: Path) -> Path | None:
    """``path`` itself, or the file its symlink points to when that stays inside ``inside``; None for anything else."""
    real = Path(os.path.realpath(path))
    if path.is_symlink() and not real.is_relative_to(inside):
        return None
    return real if real.is_file() else None


def copy_submission(source: Path, target: Path, limits: Limits) -> dict[str, str]:
    """Copy the regular files of ``source`` into ``target``; returns {relative path: why it was left out}.

    Only regular files are copied, symlinks only when they point inside the
    submission, and no more than the limits allow, so that a submission
    cannot make the grader (possibly root) copy a secret, block on a FIFO or
    fill the disk.
    """
    inside, left_out, copied, total = Path(os.path.realpath(source)), {}, 0, 0
    target.mkdir(parents=True)
    for folder, subfolders, files in os.walk(source):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith(".") and name != "__pycache__")
        for name in sorted(files):
            path = Path(folder, name)
            relative = str(path.relative_to(source))
            if name.endswith(".pyc"):
                continue
            real = _regular_file(path, inside)
            size = real.stat().st_size if real else 0
            if real is None:
                left_out[relative] = "it is not a regular file in your folder (a link to somewhere else?)"
            elif size > limits.file_bytes or total + size > limits.copy_bytes or copied >= limits.copy_files:
                left_out[relative] = f"your folder is too large (at most {limits.copy_files} files, {limits.copy_bytes // MIB} MiB in all, {limits.file_bytes // MIB} MiB each)"
            else:
                (target / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(real, target / relative)
                copied, total = copied + 1, total + size
    return left_out
