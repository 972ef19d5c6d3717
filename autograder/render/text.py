"""The terminal report: one line per test, feedback under each failure, then the total."""
from __future__ import annotations

import textwrap

from ..results import GradeReport

MARKS = {"passed": "PASS", "failed": "FAIL", "error": "ERR "}


def _points(value: float) -> str:
    return f"{value:g}"


def render_text(report: GradeReport) -> str:
    lines = []
    for problem in report.problems:
        lines.append(f"! {problem}")
    for assignment in report.assignments:
        tests = report.for_assignment(assignment)
        earned = sum(t.score for t in tests)
        possible = sum(t.max_score for t in tests)
        lines.append(f"== {assignment}: {_points(earned)}/{_points(possible)} ==")
        for test in tests:
            score = f"{_points(test.score)}/{_points(test.max_score)}"
            lines.append(f"  {MARKS[test.status]} {score:>7}  {test.name}")
            if not test.passed:
                tag = f"[{test.diagnosis}] " if test.diagnosis else ""
                body = textwrap.indent(tag + test.feedback, " " * 18)
                lines.append(body)
                if test.output:
                    lines.append(textwrap.indent("Your code printed:\n" + test.output.rstrip(), " " * 18))
            elif test.feedback:  # text a passing test left, such as a written answer
                lines.append(textwrap.indent(test.feedback, " " * 18))
        lines.append("")
    lines.append(f"Total: {_points(report.score)}/{_points(report.max_score)}  (seed {report.seed}, {report.seconds:.2f} s)")
    return "\n".join(lines) + "\n"
