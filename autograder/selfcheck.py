"""`autograder check`: the instructor's self-test before a release.

For each assignment it verifies that the reference scores full marks under
several seeds, the stubs score 0, every catalogued mistake loses points and is
named, every correct variant scores full marks, assignments/ is in sync with
reference/, nothing hidden would reach a release, and the notebooks execute.
Each check yields :class:`Row` values; the command prints one row per check and
the catalogue's figures.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .catalogue import build_submission, entries
from .course import Course
from .generate import drift
from .grading import grade
from .sandbox.client import Limits

SEEDS = (0, 1, 2)
# Catalogue submissions may loop or crash on purpose: keep their limits short.
CHECK_LIMITS = Limits(call_seconds=3.0, total_seconds=40.0)


@dataclass(frozen=True)
class Row:
    assignment: str
    check: str
    ok: bool
    detail: str = ""


@dataclass
class Figures:
    """Catalogue totals across the assignments checked."""

    mistakes: int = 0
    mistakes_losing_points: int = 0
    mistakes_named: int = 0
    variants: int = 0
    variants_full_marks: int = 0


def _lost(report) -> list[str]:
    return [f"{t.name}: {t.feedback.splitlines()[0] if t.feedback else t.status}" for t in report.tests if not t.passed]


def check_reference(course: Course, name: str, figures: Figures) -> Iterator[Row]:
    for seed in SEEDS:
        report = grade(course.reference_dir, course=course, assignments=[name], seed=seed)
        lost = _lost(report) + list(report.problems)
        ok = not lost and report.max_score > 0
        yield Row(name, f"reference scores full marks (seed {seed})", ok, f"{report.score:g}/{report.max_score:g}" + ("; " + lost[0] if lost else ""))


def check_stubs(course: Course, name: str, figures: Figures) -> Iterator[Row]:
    report = grade(course.assignments_dir, course=course, assignments=[name], seed=0)
    not_implemented = all(t.diagnosis == "not-implemented" for t in report.tests if t.max_score > 0)  # 0-point tests collect text
    ok = report.score == 0 and report.max_score > 0 and not_implemented
    detail = f"{report.score:g}/{report.max_score:g}" + ("" if not_implemented else "; some failures are not 'not implemented yet'")
    yield Row(name, "stubs score 0", ok, detail)


def check_sync(course: Course, name: str, figures: Figures) -> Iterator[Row]:
    problems = drift(course, names=[name])
    yield Row(name, "assignments/ in sync with reference/", not problems, "; ".join(map(str, problems[:3])) + (" ..." if len(problems) > 3 else ""))


def check_catalogue(course: Course, name: str, figures: Figures) -> Iterator[Row]:
    with tempfile.TemporaryDirectory(prefix="autograder-check-") as scratch:
        for entry in entries(course, [name]):
            target = Path(scratch) / entry.path.stem / entry.kind
            build_submission(course, entry, target)
            report = grade(target, course=course, assignments=[name], seed=0, limits=CHECK_LIMITS)
            if entry.kind == "variants":
                lost = _lost(report)
                figures.variants += 1
                figures.variants_full_marks += not lost
                yield Row(name, f"variant {entry.path.stem} scores full marks", not lost, lost[0] if lost else entry.summary)
                continue
            named = sorted({t.diagnosis or "-" for t in report.tests if not t.passed})
            loses = report.score < report.max_score
            is_named = entry.diagnosis in named
            figures.mistakes += 1
            figures.mistakes_losing_points += loses
            figures.mistakes_named += loses and is_named
            detail = f"{report.score:g}/{report.max_score:g}, named {', '.join(named) or 'nothing'}"
            yield Row(name, f"mistake {entry.path.stem} loses points and is named {entry.diagnosis}", loses and is_named, detail)


def check_leaks(course: Course, name: str, figures: Figures) -> Iterator[Row]:
    """What `autograder release` would write for this assignment holds nothing hidden."""
    from .release.leaks import find_leaks
    from .release.tree import assignment_files

    with tempfile.TemporaryDirectory(prefix="autograder-check-release-") as staging:
        for relative, data in assignment_files(course, [name]).items():
            path = Path(staging) / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        leaks = find_leaks(Path(staging), course)
    yield Row(name, "nothing hidden leaks into the release", not leaks, "; ".join(map(str, leaks[:3])))


def check_notebooks(course: Course, name: str, figures: Figures) -> Iterator[Row]:
    """Each source notebook runs top to bottom with the reference in place (needs the notebooks extra)."""
    import shutil

    notebooks = sorted((course.reference_dir / name).glob("*.ipynb"))
    if not notebooks:
        return
    try:
        import nbclient
        import nbformat
    except ImportError:
        yield Row(name, "notebooks execute", False, "nbclient is not installed: pip install -e '.[notebooks]'")
        return
    for source in notebooks:
        with tempfile.TemporaryDirectory(prefix="autograder-check-notebook-") as scratch:
            folder = Path(scratch) / name
            shutil.copytree(course.reference_dir / name, folder, ignore=shutil.ignore_patterns("__pycache__"))
            notebook = nbformat.read(folder / source.name, as_version=4)
            try:
                nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
                yield Row(name, f"notebook {source.name} executes", True)
            except Exception as error:  # nbclient raises CellExecutionError and kernel errors alike
                yield Row(name, f"notebook {source.name} executes", False, str(error).strip().splitlines()[-1][:200])


CHECKS: list[Callable[[Course, str, Figures], Iterator[Row]]] = [
    check_sync, check_leaks, check_reference, check_stubs, check_catalogue, check_notebooks,
]


def run_checks(course: Course, names: list[str]) -> tuple[list[Row], Figures]:
    figures, rows = Figures(), []
    for name in names:
        for check in CHECKS:
            rows.extend(check(course, name, figures))
    return rows, figures
