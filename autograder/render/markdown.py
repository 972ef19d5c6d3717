"""GitHub-flavoured Markdown, for a job summary: totals, one table per assignment, then what went wrong."""
from __future__ import annotations

import re

from ..results import GradeReport, TestResult

ICONS = {"passed": "✅", "failed": "❌", "error": "⚠️"}


def _points(value: float) -> str:
    return f"{value:g}"


def _cell(text: str) -> str:
    """Text that stays inside one table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _fenced(text: str) -> str:
    """A code block whose fence is longer than any run of backticks in ``text``."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def _failure(test: TestResult) -> list[str]:
    tag = f" `[{test.diagnosis}]`" if test.diagnosis else ""
    lines = [f"**{_cell(test.name)}**{tag}", "", _fenced(test.feedback or "No details.")]
    if test.output:
        lines += ["", "Your code printed:", "", _fenced(test.output)]
    return lines + [""]


def render_markdown(report: GradeReport) -> str:
    lines = [f"## Autograder: {_points(report.score)} / {_points(report.max_score)} points", ""]
    lines += [f"> [!WARNING]\n> {_cell(problem)}\n" for problem in report.problems]
    for assignment in report.assignments:
        tests = report.for_assignment(assignment)
        earned, possible = sum(t.score for t in tests), sum(t.max_score for t in tests)
        passed = sum(t.passed for t in tests)
        lines += [f"### {assignment}: {_points(earned)} / {_points(possible)} ({passed} of {len(tests)} checks passed)", ""]
        lines += ["| | Check | Points |", "| --- | --- | ---: |"]
        lines += [f"| {ICONS[t.status]} | {_cell(t.name)} | {_points(t.score)} / {_points(t.max_score)} |" for t in tests]
        failures = [t for t in tests if not t.passed]
        if failures:
            lines += ["", f"<details open><summary>What went wrong ({len(failures)})</summary>", ""]
            for test in failures:
                lines += _failure(test)
            lines += ["</details>"]
        lines.append("")
    lines.append(f"<sub>Seed {report.seed} · graded in {report.seconds:.1f} s</sub>")
    return "\n".join(lines) + "\n"
