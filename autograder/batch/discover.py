"""Find the class's submissions: one unit of work per student and assignment.

SUBMISSIONS is a folder with one folder per student, each laid out like
assignments/ (or a repository containing one, cloned or not), or an nbgrader
course (its ``submitted/<student>/<assignment>/`` tree).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..course import Course
from ..errors import UsageError
from ..grading import locate, seed_for
from . import gitsource
from .store import tree_hash

Deadlines = Callable[[str], "dt.datetime | None"]  # assignment name -> its deadline


@dataclass
class Unit:
    """One student's one assignment: what to grade, and what is known about when it was submitted."""

    student: str
    assignment: str
    seed: int
    origin: str  # "folder", "nbgrader", "git" or "report"
    content_hash: str | None = None  # None: nothing to grade (see missing)
    task: dict | None = None  # what a worker needs to grade it
    meta: dict = field(default_factory=dict)  # submitted_at, commit, late, later_commits
    missing: str | None = None  # why there is nothing to grade
    report: dict | None = None  # an already graded report (ingested, not regraded)


def iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds") if moment else None


def _nbgrader_timestamp(folder: Path) -> dt.datetime | None:
    """nbgrader's ``timestamp.txt`` (e.g. ``2027-01-20 10:15:00.123456 UTC``), or None."""
    try:
        text = (folder / "timestamp.txt").read_text(encoding="utf-8").strip()
        moment = dt.datetime.fromisoformat(text.replace(" UTC", "+00:00"))
    except (OSError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _folder_units(student: str, folder: Path, course: Course, wanted: list[str], deadlines: Deadlines) -> list[Unit]:
    seed = seed_for(student)
    try:
        base = locate(folder, course).base
    except UsageError as error:
        return [Unit(student, name, seed, "folder", missing=str(error)) for name in wanted]
    units = []
    for name in wanted:
        assignment = base / name
        if not assignment.is_dir():
            units.append(Unit(student, name, seed, "folder", missing=f"no {name} folder"))
            continue
        stamp, deadline = _nbgrader_timestamp(assignment), deadlines(name)
        meta = {"submitted_at": iso(stamp), "late": stamp > deadline if stamp and deadline else None}
        if stamp is None:  # copies and clones reset mtimes: informative only, never lateness
            mtimes = [path.stat().st_mtime for path in assignment.rglob("*") if path.is_file()]
            meta["modified_at"] = iso(dt.datetime.fromtimestamp(max(mtimes), dt.timezone.utc)) if mtimes else None
        origin = "nbgrader" if stamp else "folder"
        units.append(Unit(student, name, seed, origin, tree_hash(assignment), {"path": str(base)}, meta))
    return units


def _git_units(student: str, repo: Path, course: Course, wanted: list[str], deadlines: Deadlines) -> list[Unit]:
    seed = seed_for(gitsource.origin_label(repo) or student)  # the seed GitHub Actions used for this repository
    try:
        prefix = locate(repo, course).base.relative_to(repo.resolve()).as_posix()
    except UsageError:
        prefix = "assignments" if (repo / "assignments").is_dir() else "."
    units = []
    for name in wanted:
        subdir = name if prefix == "." else f"{prefix}/{name}"
        deadline = deadlines(name)
        try:
            pick = gitsource.pick_commit(repo, deadline, subdir)
        except gitsource.GitError as error:
            units.append(Unit(student, name, seed, "git", missing=f"cannot read the repository: {error}"))
            continue
        meta = {
            "commit": pick.commit, "submitted_at": iso(pick.committed_at), "later_commits": pick.later_commits,
            "late": pick.later_commits > 0 if deadline else None,
        }
        tree = gitsource.tree_id(repo, pick.commit, subdir) if pick.commit else None
        if tree is None:
            why = f"no {subdir} folder at commit {pick.commit[:10]}" if pick.commit else f"no commit at or before the deadline ({iso(deadline)})"
            units.append(Unit(student, name, seed, "git", meta=meta, missing=why))
            continue
        task = {"git": str(repo), "commit": pick.commit, "subdir": subdir, "base": prefix}
        units.append(Unit(student, name, seed, "git", f"git:{tree}", task, meta))
    return units


def student_folders(root: Path) -> list[Path]:
    if not root.is_dir():
        raise UsageError(f"no such folder: {root}")
    submitted = root / "submitted"
    if submitted.is_dir() and ((root / "nbgrader_config.py").is_file() or (root / "source").is_dir()):
        root = submitted  # an nbgrader course root
    folders = sorted(path for path in root.iterdir() if path.is_dir() and not path.name.startswith((".", "_")))
    if not folders:
        raise UsageError(f"{root} holds no student folders")
    return folders


def discover(root: Path, course: Course, wanted: list[str], deadlines: Deadlines) -> list[Unit]:
    """Every (student, assignment) unit under ``root``, in a stable order."""
    names = {a.name for a in course.assignments}
    folders = student_folders(root)
    if any(folder.name in names or folder.name == "assignments" for folder in folders):
        raise UsageError(f"{root} looks like one submission; give the folder that holds one folder per student")
    units = []
    for folder in folders:
        make = _git_units if gitsource.is_repository(folder) else _folder_units
        units += make(folder.name, folder, course, wanted, deadlines)
    return units
