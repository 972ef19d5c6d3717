"""Confine the worker process before any student code runs.

Runs inside the worker, so it imports only the standard library. Where the
platform allows (root, or an unprivileged user namespace), the worker forks
into new mount, network and PID namespaces: the child is PID 1 there, so
killing it kills every process the student started; it sees a minimal
read-only file system (system libraries, the Python installation, its own
copy of the submission, an empty /tmp and its own /proc) through chroot; as
root it then becomes user nobody. Resource limits apply everywhere. What was
applied is returned as a dict and reported to the grader; docs/threat-model.md
says what each setting protects.
"""
import ctypes
import os
import resource
import signal
import struct
import sys

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x00020000, 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 0x4000, 1 << 18
# statvfs flag -> mount flag: a bind mount made in a user namespace must keep these (the kernel locks them).
LOCKED_FLAGS = {1: MS_RDONLY, 2: MS_NOSUID, 4: MS_NODEV, 8: MS_NOEXEC, 1024: 1024, 2048: 2048, 4096: 1 << 21}
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
NOBODY = 65534
# What any Python process needs besides its own installation.
SYSTEM_PATHS = (
    "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
    "/etc/ld.so.cache", "/etc/localtime", "/dev/null", "/dev/zero", "/dev/random", "/dev/urandom",
)
SCRATCH = "size=64m,mode=1777"  # the student's private /tmp


class ConfineError(Exception):
    pass


_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        raise ConfineError(f"{what}: {os.strerror(ctypes.get_errno())}")


def _mount(source, target: str, fstype, flags: int, data=None) -> None:
    encode = lambda text: text.encode() if text is not None else None  # noqa: E731
    _check(_libc.mount(encode(source), encode(target), encode(fstype), flags, encode(data)), f"mount {target}")


def _write(path: str, text: str) -> None:
    with open(path, "w") as file:
        file.write(text)


def _unshare(privileged: bool) -> bool:
    """Enter new namespaces; without root, inside a user namespace mapping only our own ids."""
    flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID
    uid, gid = os.getuid(), os.getgid()
    if _libc.unshare(flags if privileged else flags | CLONE_NEWUSER) != 0:
        return False
    if not privileged:
        try:
            _write("/proc/self/setgroups", "deny")
            _write("/proc/self/uid_map", f"{uid} {uid} 1")
            _write("/proc/self/gid_map", f"{gid} {gid} 1")
        except OSError:
            return False
    return True


def _fork_child() -> int:
    """Fork into the new PID namespace. Only the child returns (its PID as the grader sees it).

    The parent stays outside, closes every descriptor (so the grader sees end
    of file when the child dies) and mirrors the child's exit status.
    """
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(write_end)
        outer_pid = int(os.read(read_end, 32))
        os.close(read_end)
        _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        return outer_pid
    os.write(write_end, str(child).encode())
    os.closerange(0, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    _, status = os.waitpid(child, 0)
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number not in (signal.SIGKILL, signal.SIGSTOP):
            signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)
    os._exit(os.waitstatus_to_exitcode(status) & 0xFF)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _python_paths() -> list[str]:
    """The interpreter's own folders, as Python spells them and as they really are."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix, *sys.path}
    found = set()
    for path in paths:
        if path and os.path.isabs(path) and os.path.exists(path):
            found.update({os.path.normpath(path), os.path.realpath(path)})
    return sorted(found)


def _bind(source: str, root: str) -> bool:
    """Bind ``source`` read-only at the same path under ``root``; False when a parent there is a symlink."""
    place, parent = root + source, os.path.dirname(root + source)
    while parent != root:  # creating folders through a symlink would write outside the new root
        if os.path.islink(parent):
            return False
        parent = os.path.dirname(parent)
    if os.path.isdir(source):
        os.makedirs(place, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(place), exist_ok=True)
        open(place, "a").close()
    _mount(source, place, None, MS_BIND | MS_REC)
    kept = sum(flag for bit, flag in LOCKED_FLAGS.items() if os.statvfs(source).f_flag & bit)
    _mount(None, place, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | kept)
    return True


def _build_root(config: dict) -> list[str]:
    """Mount the student's file system under a new root and chroot into it; returns the hidden paths."""
    workdir = config["workdir"]
    root = os.path.join(os.path.dirname(workdir), "root")
    os.makedirs(root, exist_ok=True)
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")
    os.makedirs(root + "/tmp")
    _mount("tmpfs", root + "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, SCRATCH)
    bound: list[str] = []
    for path in [*SYSTEM_PATHS, *_python_paths(), workdir]:
        if not os.path.lexists(path) or any(_inside(path, done) for done in bound):
            continue
        if os.path.islink(path) and os.path.dirname(path) == "/":  # /lib -> usr/lib on merged-/usr systems
            os.symlink(os.readlink(path), root + path)
        elif not _bind(path, root):
            continue
        bound.append(path)
    os.makedirs(root + "/proc")
    _mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    hidden = []
    for path in config.get("hide", []):  # e.g. the grader's package inside a bound site-packages
        if any(_inside(path, done) for done in bound) and os.path.isdir(root + path):
            _mount("tmpfs", root + path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=0555")
        hidden.append(path)
    _mount(None, root, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    os.chdir(root)
    os.chroot(".")
    return hidden


def _drop_capabilities() -> None:
    header = struct.pack("Ii", 0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this thread
    _check(_libc.capset(header, bytes(24)), "capset")


def _set_limit(kind: int, value: int) -> None:
    soft, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, value))


def die_with_parent() -> None:
    """Be killed when the parent (the grader, or the zygote that forked this process) ends."""
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def confine(config: dict) -> dict:
    """Confine this process (see the module docstring); returns what was applied."""
    privileged = os.geteuid() == 0
    status = {"namespaces": False, "network": "shared", "filesystem": "shared", "hidden": [], "user": os.geteuid(), "pid": os.getpid()}
    die_with_parent()
    if config.get("isolate", True) and _unshare(privileged):
        status["pid"] = _fork_child()
        status.update(namespaces=True, network="none")
        try:
            status["hidden"] = _build_root(config)
            status["filesystem"] = "minimal"
        except (OSError, ConfineError) as error:
            status["filesystem"] = f"shared ({error})"
        if not privileged:
            _drop_capabilities()
    if privileged:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
        status["user"] = os.geteuid()
        die_with_parent()  # the kernel forgets it when the user changes
    _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    limits = config["limits"]
    _set_limit(resource.RLIMIT_AS, limits["memory_bytes"])
    _set_limit(resource.RLIMIT_FSIZE, limits["file_bytes"])
    _set_limit(resource.RLIMIT_NPROC, limits["processes"])
    _set_limit(resource.RLIMIT_CPU, limits["cpu_seconds"])
    _set_limit(resource.RLIMIT_CORE, 0)
    return status
