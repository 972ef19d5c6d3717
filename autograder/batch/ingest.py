"""Reports already graded elsewhere (each student's GitHub Actions run), gathered instead of regraded.

A report is the Gradescope-schema JSON of ``autograder grade --format json``,
or our own :meth:`GradeReport.to_dict` form. ``DIR/<student>.json`` and
``DIR/<student>/.../<any>.json`` (what ``gh run download -D DIR/<student>``
writes) both name the student.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..errors import UsageError
from ..results import GradeReport, TestResult
from .discover import Unit

_PLACEHOLDERS = {"failed", "grader-error"}  # what render/gradescope.py writes when a failure has no diagnosis


def _from_gradescope(data: dict) -> GradeReport:
    tests = []
    for entry in data["tests"]:
        assignment, _, name = entry["name"].partition(": ")
        diagnosis = entry.get("diagnosis")
        status = "passed" if entry.get("status") == "passed" else "error" if diagnosis == "grader-error" else "failed"
        tests.append(TestResult(
            assignment=assignment, name=name, node_id="", score=float(entry.get("score", 0)),
            max_score=float(entry.get("max_score", 0)), status=status, feedback=entry.get("output", ""),
            diagnosis=None if diagnosis in _PLACEHOLDERS else diagnosis, visibility=entry.get("visibility", "visible"),
        ))
    extra = data.get("extra_data", {})
    assignments = tuple(extra.get("assignments") or dict.fromkeys(test.assignment for test in tests))
    return GradeReport(seed=extra.get("seed", 0), tests=tuple(tests), assignments=assignments,
                       seconds=data.get("execution_time", 0.0), extra=extra)


def read_report(path: Path) -> GradeReport:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "extra_data" in data:
            return _from_gradescope(data)
        return GradeReport.from_dict(data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise UsageError(f"{path} is not an autograder report ({type(error).__name__}: {error})") from None


def report_units(folder: Path, wanted: list[str]) -> list[Unit]:
    """One unit per student and assignment found in the reports under ``folder``."""
    if not folder.is_dir():
        raise UsageError(f"no such folder: {folder}")
    units = []
    for path in sorted(folder.rglob("*.json")):
        relative = path.relative_to(folder)
        student = relative.parts[0] if len(relative.parts) > 1 else path.stem
        report = read_report(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        for name in report.assignments:
            if wanted and name not in wanted:
                continue
            part = GradeReport(report.seed, tuple(report.for_assignment(name)), (name,), report.problems, report.seconds, report.extra)
            units.append(Unit(student, name, report.seed, "report", f"report:{digest}", meta={"report_file": str(path)}, report=part.to_dict()))
    if not units:
        raise UsageError(f"no reports in {folder} (expected the JSON of `autograder grade --format json`)")
    return units
