"""Grade a submission: find its assignment folders, run the hidden graders, return a report.

pytest and the grading plugin are imported inside :func:`grade`, after the
student's workers have been launched, so that their start-up overlaps the
grader's own.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import os
import time
import tokenize
from dataclasses import dataclass
from pathlib import Path

from .course import Course, default_course
from .errors import UsageError
from .results import GradeReport
from .sandbox.client import Limits, Sandbox
from .sandbox.processes import Zygote


@dataclass(frozen=True)
class Submission:
    base: Path  # the folder laid out like assignments/
    folders: dict  # assignment name -> its folder
    label: str  # what the default seed is derived from


def locate(path: Path, course: Course, only: list[str] | None = None) -> Submission:
    """The assignment folders of ``path``: a folder like assignments/, a repository containing one, or one assignment folder."""
    if not path.exists():
        raise UsageError(f"no such folder: {path}")
    if not path.is_dir():
        raise UsageError(f"not a folder: {path} (give the folder that holds your assignment folders)")
    names = [a.name for a in course.assignments]
    for name in only or []:
        course.assignment(name)  # raises for an unknown name
    path = path.resolve()
    base = path
    if path.name in names and not any((path / name).is_dir() for name in names):
        base, only = path.parent, only or [path.name]
    elif not any((path / name).is_dir() for name in names) and (path / "assignments").is_dir():
        base = path / "assignments"
    wanted = only or names
    try:
        folders = {name: base / name for name in wanted if (base / name).is_dir()}
    except PermissionError as error:
        raise UsageError(f"cannot read {base}: permission denied") from error
    if only and set(only) - set(folders):
        missing = ", ".join(sorted(set(only) - set(folders)))
        raise UsageError(f"no folder for assignment {missing} in {base}")
    if not folders:
        raise UsageError(f"no assignment folders in {base} (expected one of: {', '.join(names)})")
    for name, folder in folders.items():
        for module in course.assignment(name).modules:
            check_module_file(folder / f"{module}.py", folder)
    label = base.parent.name if base.name == "assignments" else base.name
    return Submission(base=base, folders=folders, label=label)


MAX_MODULE_BYTES = 1 << 20


def check_module_file(path: Path, folder: Path) -> None:
    """Raise UsageError when a student's module exists but is not readable Python source.

    A missing module, a syntax error or a link out of the folder is not a
    usage error: the graders report it for that module only.
    """
    try:
        os.listdir(folder)
        if not os.path.lexists(path) or not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder)):
            return
        if not path.is_file():
            raise UsageError(f"{path} is not a file")
        size = path.stat().st_size
        if size > MAX_MODULE_BYTES:
            raise UsageError(f"{path} is {size / 2**20:.1f} MiB, more than the {MAX_MODULE_BYTES // 2**20} MiB a module may have")
        data = path.read_bytes()
    except PermissionError:
        raise UsageError(f"cannot read {path if os.path.lexists(path) else folder}: permission denied") from None
    if b"\0" in data:
        raise UsageError(f"{path} is a binary file, not Python source")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        data.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        raise UsageError(f"{path} is not UTF-8 text: save it as UTF-8") from None


def seed_for(label: str) -> int:
    """A stable seed from the student's repository or folder name."""
    return int.from_bytes(hashlib.sha256(label.encode("utf-8")).digest()[:4], "big")


def default_seed(submission: Submission) -> tuple[int, str]:
    label = os.environ.get("GITHUB_REPOSITORY") or submission.label
    return seed_for(label), label


SKIPPED_PLUGINS = (
    "cacheprovider", "stepwise", "unraisableexception", "threadexception", "logging", "warnings",
    "faulthandler", "doctest", "junitxml", "pastebin", "legacypath",
)


def _pytest_args(course: Course, names: list[str]) -> list[str]:
    return [
        *(str(course.graders_dir / name) for name in names),
        "--rootdir", str(course.graders_dir),
        "--import-mode=importlib",
        # Plugins that graders do not need cost time in every session: a batch runs thousands.
        *[arg for plugin in SKIPPED_PLUGINS for arg in ("-p", f"no:{plugin}")],
        # --tb=no: a failure's traceback is never shown, so pytest need not format it.
        "-q", "--no-header", "--tb=no", "--capture=no",  # graders do not print; capturing costs every test
        "-W", "ignore::pytest.PytestAssertRewriteWarning",
    ]


def open_sandboxes(course: Course, folders: dict[str, Path], limits: Limits, spawner: Zygote | None) -> dict[str, Sandbox]:
    """One started sandbox per assignment; the course itself is hidden from the student."""
    hidden = (course.reference_dir, course.graders_dir, course.root)
    sandboxes: dict[str, Sandbox] = {}
    try:
        for name, folder in folders.items():
            sandboxes[name] = Sandbox(folder, limits, hide=hidden, spawner=spawner)
            sandboxes[name].start()
    except BaseException:
        for sandbox in sandboxes.values():
            sandbox.close()
        raise
    return sandboxes


@dataclass(frozen=True)
class Request:
    """One submission to grade, checked: which assignments, with which seed and limits."""

    submission: Submission
    names: tuple[str, ...]  # in course order
    seed: int
    seed_source: str
    limits: Limits


def prepare(path: Path, course: Course, assignments: list[str] | None = None, seed: int | None = None, limits: Limits | None = None) -> Request:
    """Locate the submission and check that it can be graded (UsageError otherwise)."""
    submission = locate(Path(path), course, assignments)
    seed_source = "--seed"
    if seed is None:
        seed, seed_source = default_seed(submission)
    names = tuple(name for name in (a.name for a in course.assignments) if name in submission.folders)
    missing_graders = [name for name in names if not (course.graders_dir / name).is_dir()]
    if missing_graders:
        raise UsageError(f"no hidden graders for {', '.join(missing_graders)} in {course.graders_dir}")
    return Request(submission, names, seed, seed_source, limits or Limits())


def grade_in_session(run, request: Request, course: Course, spawner: Zygote | None = None, sandboxes: dict | None = None, started: float | None = None) -> GradeReport:
    """Grade ``request`` with ``run``, the function a :func:`session` hands its driver."""
    started = time.monotonic() if started is None else started
    folders = {name: request.submission.folders[name] for name in request.names}
    sandboxes = sandboxes if sandboxes is not None else open_sandboxes(course, folders, request.limits, spawner)
    try:
        results, problems = run(folders, request.seed, request.limits, sandboxes)
    finally:
        for sandbox in sandboxes.values():
            sandbox.close()
    return report_of(request, results, problems, started)


def report_of(request: Request, results, problems, started: float) -> GradeReport:
    """The report of ``request`` from its results and run-level problems."""
    return GradeReport(
        seed=request.seed,
        tests=tuple(results),
        assignments=request.names,
        problems=tuple(problems),
        seconds=round(time.monotonic() - started, 3),
        extra={"seed_source": request.seed_source, "submission": str(request.submission.base)},
    )


def session(course: Course, names, drive, extra_args: tuple[str, ...] = ()) -> tuple[int, str, list[str]]:
    """Collect the graders of ``names`` once, then call ``drive(run)``; returns pytest's exit status, output and problems.

    ``run(folders, seed, limits, sandboxes)`` runs the collected tests of the
    assignments in ``folders`` on those sandboxes and returns (results,
    problems); a driver may call it for many submissions, one after another.
    ``drive`` is not called when pytest stops before running tests.
    """
    import pytest  # here, not at the top: a cold grade starts the student's worker first

    from .plugin import GradingPlugin

    plugin = GradingPlugin(course=course, submissions={}, seed=0, limits=Limits(), drive=drive)
    saved_env = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # third-party plugins have no say in grading
    try:
        with contextlib.redirect_stdout(io.StringIO()) as chatter:
            exit_code = pytest.main([*_pytest_args(course, list(names)), *extra_args], plugins=[plugin])
    finally:
        plugin.close()
        if saved_env is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = saved_env
    if not plugin.driven and not plugin.problems:
        plugin.problems.append(f"the graders did not run (pytest exit status {int(exit_code)}): {chatter.getvalue().strip()[-300:]}")
    return int(exit_code), chatter.getvalue(), list(plugin.problems)


def grade(
    path: Path,
    *,
    course: Course | None = None,
    assignments: list[str] | None = None,
    seed: int | None = None,
    limits: Limits | None = None,
    spawner: Zygote | None = None,
) -> GradeReport:
    """Grade every assignment found at ``path`` (or only ``assignments``).

    ``spawner``: a zygote to fork the student workers from; without it, one
    assignment gets a new worker process and several share a zygote made for
    this call. The workers are launched before pytest is even imported.
    """
    course = course or default_course()
    request = prepare(path, course, assignments, seed, limits)
    own_spawner = Zygote(request.limits.startup_seconds) if spawner is None and len(request.names) > 1 else None
    started = time.monotonic()
    try:
        sandboxes = open_sandboxes(course, {name: request.submission.folders[name] for name in request.names}, request.limits, spawner or own_spawner)
        reports: list[GradeReport] = []
        try:
            exit_code, chatter, problems = session(course, request.names, lambda run: reports.append(grade_in_session(run, request, course, sandboxes=sandboxes, started=started)))
        finally:
            for sandbox in sandboxes.values():
                sandbox.close()
    finally:
        if own_spawner:
            own_spawner.close()
    if not reports:  # pytest stopped before running tests
        return report_of(request, (), problems, started)
    report = reports[0]
    if exit_code not in (0, 1) and not report.problems:  # e.g. no grader tests at all
        report = dataclasses.replace(report, problems=(f"the graders did not run (pytest exit status {exit_code}): {chatter.strip()[-300:]}",))
    return report
