"""Atomic files and the per-unit result records of a batch run.

A record is a JSON file ``results/<student>/<assignment>.json``::

    {"student", "assignment", "key", "origin", "report": GradeReport dict or null,
     "error": str or null, "submitted_at", "commit", "late", "later_commits", ...}

``key`` hashes everything the grade depends on (the submission's files, the
graders, the reference); a record whose key still matches is not regraded.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from ..course import Course

SKIPPED_NAMES = {"__pycache__", ".pytest_cache", ".ipynb_checkpoints", ".git", ".DS_Store"}


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_json(path: Path, data, indent: int | None = 1) -> None:
    """``indent=None`` writes compact JSON with the C encoder: several times faster for the per-student records."""
    write_atomic(path, json.dumps(data, indent=indent, ensure_ascii=False) + "\n")


def tree_hash(folder: Path) -> str:
    """A hash of every file's relative path and bytes under ``folder`` (caches and VCS data left out)."""
    digest = hashlib.sha256()
    if not folder.is_dir():
        return "absent"
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if SKIPPED_NAMES & set(relative.parts) or path.suffix == ".pyc" or not path.is_file():
            continue
        digest.update(relative.as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class GraderHashes:
    """The hash of each assignment's graders and reference, computed once per run."""

    def __init__(self, course: Course):
        self.course, self._cache = course, {}

    def __call__(self, assignment: str) -> str:
        if assignment not in self._cache:
            graders = self.course.graders_dir / assignment
            parts = [tree_hash(self.course.reference_dir / assignment)]
            parts += [tree_hash(path) if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
                      for path in sorted(graders.iterdir()) if path.name not in SKIPPED_NAMES | {"catalogue"}]
            self._cache[assignment] = hashlib.sha256("|".join(parts).encode()).hexdigest()
        return self._cache[assignment]


def unit_key(submission_hash: str, graders_hash: str, seed: int) -> str:
    return hashlib.sha256(f"{submission_hash}|{graders_hash}|{seed}".encode()).hexdigest()[:32]


class Store:
    """The ``results/`` folder of a batch output directory."""

    def __init__(self, out: Path):
        self.root = out / "results"

    def path(self, student: str, assignment: str) -> Path:
        return self.root / student / f"{assignment}.json"

    def load(self, student: str, assignment: str) -> dict | None:
        try:
            return json.loads(self.path(student, assignment).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # absent or torn by a crash before os.replace: grade again

    def save(self, record: dict) -> None:
        write_json(self.path(record["student"], record["assignment"]), record, indent=None)

    def all(self) -> list[dict]:
        records = []
        for path in sorted(self.root.glob("*/*.json")) if self.root.is_dir() else []:
            try:
                records.append(json.loads(path.read_text(encoding="utf-8")))
            except ValueError:
                continue
        return records
