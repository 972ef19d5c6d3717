"""GitHub Classroom's runner result: base64 of the JSON its autograding-grading-reporter reads.

A grader step sets this as its output ``result``; the reporter finds it in
``<STEP_ID>_RESULTS``, adds up ``tests[].score`` against ``max_score``, and
fails the run when ``status`` is "fail" or "error".
"""
from __future__ import annotations

import base64
import json

from ..results import GradeReport

MESSAGE_CHARS = 2000  # the reporter prints messages in the log; the full text is in the job summary
STATUS = {"passed": "pass", "failed": "fail", "error": "error"}


def classroom_dict(report: GradeReport) -> dict:
    tests = []
    for test in report.tests:
        message = f"[{test.diagnosis}] {test.feedback}" if test.diagnosis else test.feedback
        tests.append({
            "name": f"{test.assignment}: {test.name}",
            "status": STATUS[test.status],
            "score": test.score,
            "message": message[:MESSAGE_CHARS],
        })
    tests += [{"name": "grading", "status": "error", "score": 0, "message": problem[:MESSAGE_CHARS]} for problem in report.problems]
    statuses = {test["status"] for test in tests}
    status = "error" if "error" in statuses else "fail" if "fail" in statuses or not tests else "pass"
    return {"version": 1, "status": status, "max_score": report.max_score, "tests": tests}


def encode(result: dict) -> str:
    return base64.b64encode(json.dumps(result, separators=(",", ":")).encode("utf-8")).decode("ascii")


def render_classroom(report: GradeReport) -> str:
    return encode(classroom_dict(report)) + "\n"
