"""Gradescope's results.json, plus a diagnosis id on each failed test."""
from __future__ import annotations

import json

from ..results import GradeReport


def gradescope_dict(report: GradeReport) -> dict:
    tests = []
    for number, test in enumerate(report.tests, start=1):
        output = test.feedback + (f"\n\nYour code printed:\n{test.output}" if test.output else "")
        entry = {
            "name": f"{test.assignment}: {test.name}",
            "number": str(number),
            "score": test.score,
            "max_score": test.max_score,
            "status": "passed" if test.passed else "failed",
            "output": output,
            "visibility": test.visibility,
        }
        if not test.passed:
            entry["diagnosis"] = test.diagnosis or ("grader-error" if test.status == "error" else "failed")
        tests.append(entry)
    summary = [f"Seed {report.seed}. Score {report.score:g}/{report.max_score:g}."] + list(report.problems)
    return {
        "score": report.score,
        "max_score": report.max_score,
        "execution_time": report.seconds,
        "output": "\n".join(summary),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"seed": report.seed, "assignments": list(report.assignments), **report.extra},
    }


def render_gradescope(report: GradeReport) -> str:
    return json.dumps(gradescope_dict(report), indent=2) + "\n"
