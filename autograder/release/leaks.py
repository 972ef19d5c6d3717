"""The leak check: nothing secret may reach a tree that students will see.

Secret material, and how each kind is recognised in any file of the tree:

- ``solution markers``: the text of an nbgrader marker (``### BEGIN SOLUTION``,
  ``### BEGIN HIDDEN TESTS``...), even inside a notebook's JSON.
- ``reference file``: a reference file with marked regions, copied whole.
- ``solution text`` / ``hidden test text``: the body of a marked region of
  reference/ (two consecutive code lines of it, or a lone line), wherever it
  was pasted. Bodies shorter than :data:`MIN_CHARS` are too generic to track.
  A notebook's solution cell without markers is secret as a whole. With
  ``now``, solutions of assignments already past due are no longer secret.
- ``hidden grader``: a file of autograder/graders/ copied whole, or three
  consecutive lines of one that the generated assignments do not show anyway
  (a catalogued mistake may start with given code).

Lines are compared with surrounding whitespace and blank lines removed, so a
re-indented paste is still caught. Notebooks are read cell by cell.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..course import Course
from ..generate import planned_files
from ..notebooks.release import cell_source, nbgrader_metadata
from ..solutions import BEGIN_HIDDEN_TESTS, BEGIN_SOLUTION, END_HIDDEN_TESTS, END_SOLUTION, MarkupError, find_regions
from .schedule import is_past_due

MARKERS = (BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS)
MIN_CHARS = 30  # a solution fragment shorter than this is too generic to call a leak
GRADER_WINDOW, GRADER_MIN_CHARS = 3, 60
SKIPPED_DIRS = {".git", "__pycache__", ".pytest_cache", ".ipynb_checkpoints"}
MAX_TEXT_BYTES = 5_000_000


@dataclass(frozen=True)
class Leak:
    path: Path  # the file in the tree
    kind: str  # "solution markers", "reference file", "solution text", "hidden test text", "hidden grader"
    source: str  # where the secret comes from (a course path), or what was found

    def __str__(self) -> str:
        return f"{self.path}: {self.kind} ({self.source})"


def _notebook_cells(path: Path, text: str) -> list[dict] | None:
    if path.suffix != ".ipynb":
        return None
    try:
        cells = json.loads(text).get("cells", [])
        return [cell for cell in cells if isinstance(cell, dict)]
    except (ValueError, AttributeError):
        return None  # a broken notebook is still scanned as plain text


def _text(data: bytes) -> str | None:
    if len(data) > MAX_TEXT_BYTES:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _documents(path: Path, data: bytes) -> list[str]:
    """The text of a file: one string, or one per notebook cell; [] for binary or huge files."""
    text = _text(data)
    if text is None:
        return []
    cells = _notebook_cells(path, text)
    return [text] if cells is None else [cell_source(cell) for cell in cells]


def _solution_cells(path: Path, data: bytes) -> list[str]:
    """Notebook solution cells without markers: nbgrader replaces them whole, so all of each is secret."""
    cells = _notebook_cells(path, _text(data) or "") or []
    return [cell_source(c) for c in cells if nbgrader_metadata(c).get("solution") and BEGIN_SOLUTION not in cell_source(c)]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _windows(lines: list[str], size: int, min_chars: int) -> Iterator[tuple[str, ...]]:
    """Runs of ``size`` consecutive lines (or all of them, if fewer) with at least ``min_chars`` characters."""
    size = min(size, len(lines))
    for start in range(len(lines) - size + 1):
        window = tuple(lines[start : start + size])
        if sum(len(line) for line in window) >= min_chars:
            yield window


def _tree_files(root: Path, skip: Callable[[Path], bool] | None) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part in SKIPPED_DIRS for part in relative.parts) or not path.is_file():
            continue
        if skip is None or not skip(relative):
            yield path


@dataclass
class Secrets:
    """Fingerprints of everything students must not see, keyed to where each came from."""

    whole_files: dict[bytes, tuple[str, str]]  # content -> (kind, source)
    windows: dict[int, dict[tuple[str, ...], tuple[str, str]]]  # window size -> window -> (kind, source)

    def add_windows(self, lines: list[str], size: int, min_chars: int, kind: str, source: str, public=frozenset()) -> None:
        if not lines:
            return
        table = self.windows.setdefault(min(size, len(lines)), {})
        for window in _windows(lines, size, min_chars):
            if window not in public:
                table.setdefault(window, (kind, source))


def collect_secrets(course: Course, now: dt.datetime | None = None) -> Secrets:
    """Everything secret in the course at ``now`` (None: every solution, whatever its due date)."""
    secrets = Secrets(whole_files={}, windows={})
    _add_reference(secrets, course, now)
    _add_graders(secrets, course)
    return secrets


def _add_reference(secrets: Secrets, course: Course, now: dt.datetime | None) -> None:
    for assignment in course.assignments:
        folder = course.reference_dir / assignment.name
        solutions_public = now is not None and is_past_due(assignment, now)
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if not path.is_file() or any(part in SKIPPED_DIRS for part in path.relative_to(folder).parts):
                continue
            data = path.read_bytes()
            source = str(path.relative_to(course.root))
            marked = False
            for document in _documents(path, data):
                try:
                    regions = find_regions(document, source)
                except MarkupError:
                    regions = []  # `autograder generate` reports bad markup; here only the bodies matter
                lines = document.splitlines()
                for region in regions:
                    marked = True
                    hidden_tests = region.kind == "HIDDEN TESTS"
                    if solutions_public and not hidden_tests:
                        continue
                    body = _lines("\n".join(lines[region.begin : region.end - 1]))
                    kind = "hidden test text" if hidden_tests else "solution text"
                    secrets.add_windows(body, 2, MIN_CHARS, kind, f"{source}:{region.begin + 1}")
            for number, cell in enumerate(_solution_cells(path, data)):
                marked = True
                if not solutions_public:
                    secrets.add_windows(_lines(cell), 2, MIN_CHARS, "solution text", f"{source}, solution cell {number + 1}")
            if marked:
                secrets.whole_files[data] = ("reference file", source)


def _add_graders(secrets: Secrets, course: Course) -> None:
    public = _public_windows(course)
    for path in sorted(course.graders_dir.rglob("*")) if course.graders_dir.is_dir() else []:
        if not path.is_file() or "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo"):
            continue
        data = path.read_bytes()
        source = str(path.relative_to(course.root))
        if len(data.strip()) >= GRADER_MIN_CHARS:
            secrets.whole_files.setdefault(data, ("hidden grader", source))
        for document in _documents(path, data):
            secrets.add_windows(_lines(document), GRADER_WINDOW, GRADER_MIN_CHARS, "hidden grader", source, public)


def _public_windows(course: Course) -> set[tuple[str, ...]]:
    """Grader-sized windows of what the generated assignments show students by design."""
    public = set()
    for assignment in course.assignments:
        if (course.reference_dir / assignment.name).is_dir():
            for relative, content in planned_files(course, assignment.name).items():
                for document in _documents(relative, content):
                    public.update(_windows(_lines(document), GRADER_WINDOW, GRADER_MIN_CHARS))
    return public


def _leaks_in_file(path: Path, shown: Path, secrets: Secrets) -> list[Leak]:
    data = path.read_bytes()
    if data in secrets.whole_files:
        kind, source = secrets.whole_files[data]
        return [Leak(shown, kind, source)]
    found: dict[tuple[str, str], Leak] = {}
    for document in _documents(path, data):
        for marker in MARKERS:
            if marker in document:
                found.setdefault(("solution markers", marker), Leak(shown, "solution markers", f"contains '{marker}'"))
        lines = _lines(document)
        for size, table in secrets.windows.items():
            for start in range(len(lines) - size + 1):
                hit = table.get(tuple(lines[start : start + size]))
                if hit:
                    found.setdefault(hit, Leak(shown, hit[0], hit[1]))
    return list(found.values())


def find_leaks(
    tree: Path,
    course: Course,
    *,
    now: dt.datetime | None = None,
    skip: Callable[[Path], bool] | None = None,
    secrets: Secrets | None = None,
) -> list[Leak]:
    """Every leak in the files under ``tree`` (``skip`` gets paths relative to it); [] when clean."""
    secrets = secrets or collect_secrets(course, now)
    leaks = []
    for path in _tree_files(tree, skip):
        leaks += _leaks_in_file(path, path.relative_to(tree), secrets)
    return leaks
