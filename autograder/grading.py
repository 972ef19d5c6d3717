"""Grade a submission: find its assignment folders, run the hidden graders, return a report."""
from __future__ import annotations

import contextlib
import hashlib
import io
import os
import time
import tokenize
from dataclasses import dataclass
from pathlib import Path

import pytest

from .course import Course, default_course
from .errors import UsageError
from .plugin import GradingPlugin
from .results import GradeReport
from .sandbox.client import Limits


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
        "-q", "--no-header", "--tb=no",
        "-W", "ignore::pytest.PytestAssertRewriteWarning",
    ]


def grade(
    path: Path,
    *,
    course: Course | None = None,
    assignments: list[str] | None = None,
    seed: int | None = None,
    limits: Limits | None = None,
) -> GradeReport:
    """Grade every assignment found at ``path`` (or only ``assignments``)."""
    course = course or default_course()
    submission = locate(Path(path), course, assignments)
    seed_source = "--seed"
    if seed is None:
        seed, seed_source = default_seed(submission)
    names = [name for name in (a.name for a in course.assignments) if name in submission.folders]
    missing_graders = [name for name in names if not (course.graders_dir / name).is_dir()]
    if missing_graders:
        raise UsageError(f"no hidden graders for {', '.join(missing_graders)} in {course.graders_dir}")
    plugin = GradingPlugin(course=course, submissions=submission.folders, seed=seed, limits=limits or Limits())
    started = time.monotonic()
    saved_env = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # third-party plugins have no say in grading
    try:
        with contextlib.redirect_stdout(io.StringIO()) as chatter:
            exit_code = pytest.main(_pytest_args(course, names), plugins=[plugin])
    finally:
        plugin.close()
        if saved_env is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = saved_env
    problems = list(plugin.problems)
    if exit_code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) and not problems:
        problems.append(f"the graders did not run (pytest exit status {int(exit_code)}): {chatter.getvalue().strip()[-300:]}")
    return GradeReport(
        seed=seed,
        tests=tuple(plugin.results),
        assignments=tuple(names),
        problems=tuple(problems),
        seconds=round(time.monotonic() - started, 3),
        extra={"seed_source": seed_source, "submission": str(submission.base)},
    )
