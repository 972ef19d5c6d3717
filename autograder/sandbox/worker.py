"""The sandboxed side: imports the student's modules and runs one call at a time.

Started by :mod:`autograder.sandbox.client` as ``python -I worker.py CONFIG``,
or forked by a zygote (``python -I worker.py --zygote``, see :func:`zygote`).
It talks to the grader over its original stdin/stdout with :mod:`wire`
messages, then points file descriptors 1 and 2 at the capture file so that
nothing the student prints can reach the protocol. Everything it sends is
treated by the grader as untrusted.
"""
import importlib
import io
import json
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wire  # noqa: E402  (loaded by path: this process cannot import the grader's package)
import confine  # noqa: E402

del sys.path[0]

import numpy  # noqa: E402,F401  (imported before confinement, as the student's code will need it)

MAX_TEXT = 2000


def _short(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + " [...]"


class CappedOutput(io.TextIOBase):
    """The student's sys.stdout and sys.stderr: keeps the first ``limit`` characters of each call, drops the rest.

    A flood of prints then costs neither the file size limit nor the call's
    answer; writing to file descriptors 1 and 2 directly still meets the limit.
    """

    encoding, errors = "utf-8", "replace"

    def __init__(self, stream, limit: int):
        self.stream, self.limit, self.room = stream, limit, limit

    def reset(self) -> None:
        self.room = self.limit

    def write(self, text) -> int:
        text = str(text)
        if 0 < self.room < len(text):
            self.stream.write(text[: self.room] + "\n[... more output cut]\n")
        elif self.room >= len(text):
            self.stream.write(text)
        self.room -= len(text)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def fileno(self) -> int:
        return self.stream.fileno()


def _student_traceback(error: BaseException, workdir: str) -> str:
    """The traceback frames that are in the student's files, innermost last."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.startswith(workdir)]
    lines = [f'  File "{os.path.relpath(f.filename, workdir)}", line {f.lineno}, in {f.name}\n    {f.line}' for f in frames]
    return _short("\n".join(lines))


def _describe_exception(error: BaseException, workdir: str) -> dict:
    if isinstance(error, NotImplementedError):
        kind = "not_implemented"
    elif isinstance(error, MemoryError):
        kind = "memory"
    elif isinstance(error, RecursionError):
        kind = "recursion"
    elif isinstance(error, Exception):
        kind = "exception"
    else:  # SystemExit, KeyboardInterrupt, GeneratorExit or a custom BaseException
        kind = "base_exception"
    try:
        message = _short(str(error))
    except BaseException:
        message = ""
    return {
        "status": "error",
        "kind": kind,
        "exception": type(error).__name__[:100],
        "message": message,
        "traceback": _student_traceback(error, workdir),
    }


def _import_student_module(name: str, workdir: str):
    """(module, None) or (None, error description)."""
    try:
        return importlib.import_module(name), None
    except SyntaxError as error:
        where = f"line {error.lineno}" if error.lineno else "an unknown line"
        text = (error.text or "").strip()
        return None, {
            "status": "error",
            "kind": "syntax_error",
            "exception": type(error).__name__,
            "message": _short(f"{error.msg} ({name}.py, {where})" + (f": {text}" if text else "")),
            "traceback": "",
        }
    except BaseException as error:
        described = _describe_exception(error, workdir)
        if isinstance(error, ModuleNotFoundError) and error.name == name:
            described["kind"] = "missing_module"
        elif isinstance(error, ModuleNotFoundError):
            described["kind"] = "missing_dependency"
        elif described["kind"] not in ("not_implemented",):
            described["kind"] = "import_failed"
        return None, described


def _call(request: dict, arguments: list, workdir: str, sync, limit: int) -> tuple[dict, list[bytes]]:
    module, failure = _import_student_module(request["module"], workdir)
    if failure:
        return failure, []
    function = getattr(module, request["function"], None)
    if not callable(function):
        return {"status": "error", "kind": "missing_function", "exception": "", "message": "", "traceback": ""}, []
    args, kwargs = arguments
    measuring = bool(request.get("measure_memory"))
    try:
        if measuring:
            sync("measure-start")
        try:
            value = function(*args, **kwargs)
        finally:
            if measuring:
                sync("measure-end")
    except BaseException as error:
        return _describe_exception(error, workdir), []
    blobs: list[bytes] = []
    reply = {"status": "ok"}
    try:
        reply["value"] = wire.encode_value(value, blobs, max_bytes=limit)
        if not measuring:  # the arguments as they are now: the grader compares them with what it sent
            reply["after"] = wire.encode_value((args, kwargs), blobs, max_bytes=limit)
    except BaseException as error:  # a hostile __array__ or __len__
        reply["value"] = {"foreign": "unencodable value", "description": _short(f"{type(error).__name__}: {error}")}
        reply.pop("after", None)
        blobs = []
    return reply, blobs


def serve(config: dict) -> None:
    """Confine this process, then answer calls on stdin/stdout until end of input."""
    workdir = config["workdir"]
    requests = os.fdopen(os.dup(0), "rb")
    replies = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)  # stdout joins stderr in the capture file
    output = CappedOutput(os.fdopen(1, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False), config["limits"]["output_chars"])
    sys.stdout = sys.stderr = output
    status = confine.confine(config)
    os.chdir(workdir)
    sys.path.insert(0, workdir)
    def sync(stage: str) -> None:
        """Let the grader read this process's memory use at ``stage``, and wait for it."""
        replies.write(wire.pack({"status": stage}, []))
        replies.flush()
        requests.read(1)

    replies.write(wire.pack({"status": "ready", "confinement": status}, []))
    replies.flush()
    while True:
        message = wire.read_blocking(requests)
        if message is None:
            return
        header, arrays = message
        arguments = wire.decode_value(header["arguments"], arrays)
        output.reset()
        reply, blobs = _call(header, arguments, workdir, sync, config["limits"]["reply_bytes"])
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
        replies.write(wire.pack(reply, blobs))
        replies.flush()


def _forked_child(control, fds: list, config: dict) -> None:
    """In a fresh fork of the zygote: take the grader's descriptors as 0, 1 and 2, then serve as a worker."""
    status = 1
    try:
        confine.die_with_parent()
        control.close()
        os.setsid()  # its own process group: the grader kills it and everything it starts with killpg
        for target, fd in enumerate(fds):  # requests, replies, capture file: like a worker's stdin, stdout, stderr
            os.dup2(fd, target)
        os.closerange(3, 1 << 16)
        os.environ["HOME"] = config["workdir"]
        os.chdir(os.path.dirname(config["workdir"]))
        if "numpy.random" in sys.modules:  # each student gets fresh randomness, as a new process would
            numpy.random.seed()
        serve(config)
        status = 0
    finally:
        os._exit(status)


def _reap(pid: int, timeout: float):
    """The exit status of child ``pid`` (a negative signal number when killed); None while it still runs."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return None
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.002)


def zygote() -> None:
    """Fork one worker per request of the grader, on the socket that is this process's stdin.

    The zygote has imported numpy but never runs student code nor holds
    grader data, so a fork is a clean worker without the start-up cost.
    Requests are JSON datagrams: ``spawn`` (with the child's three
    descriptors attached) answers the child's PID; ``reap`` waits at most
    ``timeout`` seconds and answers its exit status. Children are reaped only
    when asked, so the grader can signal a PID until it has its status.
    """
    import socket

    confine.die_with_parent()
    control = socket.socket(fileno=0)
    while True:
        data, fds, _, _ = socket.recv_fds(control, 1 << 20, 3)
        if not data:
            return
        request = json.loads(data)
        if request["op"] == "spawn":
            pid = os.fork()
            if pid == 0:
                _forked_child(control, fds, request["config"])
            answer = {"pid": pid}
        else:
            answer = {"code": _reap(request["pid"], request["timeout"])}
        for fd in fds:
            os.close(fd)
        control.send(json.dumps(answer).encode())


if __name__ == "__main__":
    zygote() if sys.argv[1] == "--zygote" else serve(json.loads(sys.argv[1]))
