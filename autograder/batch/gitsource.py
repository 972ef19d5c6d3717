"""A student's git clone, read without touching it: the commit at a deadline, lateness, an exported tree.

Dates are committer dates, which the student's machine sets: good for honest
classes, not proof (docs/batch-grading.md says how to use push times instead).
"""
from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    pass


def git(repo: Path, *args: str, binary: bool = False):
    """Run git read-only in ``repo``; the clone may belong to another user, hence safe.directory."""
    result = subprocess.run(
        ["git", "-c", "safe.directory=*", "-C", str(repo), *args],
        capture_output=True, check=False, timeout=120,
    )
    if result.returncode != 0:
        said = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(said[-1] if said else f"git {args[0]} failed")
    return result.stdout if binary else result.stdout.decode("utf-8", "replace")


def is_repository(folder: Path) -> bool:
    return (folder / ".git").exists()


@dataclass(frozen=True)
class Pick:
    commit: str | None  # None: no commit at or before the deadline
    committed_at: dt.datetime | None
    later_commits: int  # commits after the pick that touch the assignment's folder


def pick_commit(repo: Path, deadline: dt.datetime | None, subdir: str) -> Pick:
    """The branch's state at ``deadline``: the newest first-parent commit dated at or before it."""
    lines = git(repo, "rev-list", "--first-parent", "--format=%H %ct", "--no-commit-header", "HEAD").split()
    chain = [(lines[i], int(lines[i + 1])) for i in range(0, len(lines), 2)]
    limit = deadline.timestamp() if deadline else float("inf")
    for sha, when in chain:
        if when <= limit:
            later = int(git(repo, "rev-list", "--count", f"{sha}..HEAD", "--", subdir).strip() or 0)
            return Pick(sha, dt.datetime.fromtimestamp(when, dt.timezone.utc), later)
    return Pick(None, None, int(git(repo, "rev-list", "--count", "HEAD", "--", subdir).strip() or 0))


def tree_id(repo: Path, commit: str, subdir: str) -> str | None:
    """The git hash of ``subdir`` at ``commit`` (a content hash for free), or None when it is absent."""
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", f"{commit}:{subdir}").strip() or None
    except GitError:
        return None


def export(repo: Path, commit: str, subdir: str, target: Path) -> None:
    """Write ``subdir`` as it was at ``commit`` under ``target`` (git archive: the clone is left alone)."""
    data = git(repo, "archive", "--format=tar", commit, "--", subdir, binary=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(target, filter="data")


def origin_label(repo: Path) -> str | None:
    """``owner/name`` of the clone's origin, the label GitHub Actions seeds from (GITHUB_REPOSITORY)."""
    try:
        url = git(repo, "config", "--get", "remote.origin.url").strip()
    except GitError:
        return None
    parts = url.removesuffix("/").removesuffix(".git").replace(":", "/").split("/")
    return "/".join(parts[-2:]) if len(parts) >= 2 and all(parts[-2:]) else None
