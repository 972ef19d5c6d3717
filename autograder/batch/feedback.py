"""Per-student feedback pages: ``feedback/<student>.md`` and a self-contained ``feedback/<student>.html``.

The HTML page has its CSS inline and its images as ``data:`` URIs, so it can be
mailed or uploaded as one file. A failed check that carries matrices
(TestResult.arrays) shows the expected and the student's side by side.
"""
from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path

from ..results import GradeReport
from .gradebook import LATENESS
from .heatmap import side_by_side
from .store import write_atomic

CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%}td,th{padding:.25rem .5rem;border-bottom:1px solid #eee;text-align:left}
.passed{color:#1a7f37}.failed{color:#cf222e}.error{color:#9a6700}.meta{color:#555}
pre{background:#f6f8fa;padding:.6rem;white-space:pre-wrap;border-radius:4px}
.diagnosis{font-family:monospace;background:#fff1f0;padding:0 .3rem;border-radius:3px}
.heatmaps{display:flex;gap:1.5rem;flex-wrap:wrap}figure{margin:0}.scale{font-size:.85rem;color:#555}
"""
MARK = {"passed": "✔", "failed": "✘", "error": "!"}


def _meta(record: dict) -> str:
    parts = [f"submitted {record['submitted_at']}"] if record.get("submitted_at") else []
    if record.get("commit"):
        parts.append(f"commit {record['commit'][:10]}")
    if record.get("late") is not None or record.get("origin") in ("git", "nbgrader"):
        later = record.get("later_commits")
        parts.append(LATENESS[record.get("late")] + (f" ({later} later commit(s) not graded)" if later else ""))
    return ", ".join(parts)


def _report(record: dict) -> GradeReport | None:
    return GradeReport.from_dict(record["report"]) if record.get("report") else None


def _points(report: GradeReport | None) -> str:
    return f"{report.score:g}/{report.max_score:g}" if report else "0"


def student_markdown(student: str, records: list[dict]) -> str:
    lines = [f"# Feedback for {student}", ""]
    for record in records:
        report = _report(record)
        lines += [f"## {record['assignment']}: {_points(report)}", ""]
        if _meta(record):
            lines += [f"_{_meta(record)}_", ""]
        if report is None:
            lines += [f"Not graded: {record.get('error') or 'no submission'}.", ""]
            continue
        lines += ["| | Points | Test |", "|---|---|---|"]
        lines += [f"| {MARK[t.status]} | {t.score:g}/{t.max_score:g} | {t.name.replace('|', '/')} |" for t in report.tests]
        for test in (t for t in report.tests if not t.passed):
            tag = f" (`{test.diagnosis}`)" if test.diagnosis else ""
            lines += ["", f"### {test.name}{tag}", "", "```text", test.feedback.strip(), "```"]
            if test.output:
                lines += ["", "Your code printed:", "", "```text", test.output.strip(), "```"]
        lines.append("")
    return "\n".join(lines)


def student_html(student: str, records: list[dict]) -> str:
    e = html.escape
    body = [f"<h1>Feedback for {e(student)}</h1>"]
    for record in records:
        report = _report(record)
        body.append(f"<h2>{e(record['assignment'])}: {_points(report)}</h2>")
        if _meta(record):
            body.append(f'<p class="meta">{e(_meta(record))}</p>')
        if report is None:
            body.append(f"<p>Not graded: {e(record.get('error') or 'no submission')}.</p>")
            continue
        rows = "".join(f'<tr class="{t.status}"><td>{MARK[t.status]}</td><td>{t.score:g}/{t.max_score:g}</td><td>{e(t.name)}</td></tr>' for t in report.tests)
        body.append(f"<table><tr><th></th><th>Points</th><th>Test</th></tr>{rows}</table>")
        for test in (t for t in report.tests if not t.passed):
            tag = f' <span class="diagnosis">{e(test.diagnosis)}</span>' if test.diagnosis else ""
            body.append(f'<h3 class="{test.status}">{e(test.name)}{tag}</h3><pre>{e(test.feedback.strip())}</pre>')
            if test.output:
                body.append(f"<p>Your code printed:</p><pre>{e(test.output.strip())}</pre>")
            if test.arrays:
                body.append(side_by_side(test.arrays))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Feedback for {e(student)}</title>'
            f"<style>{CSS}</style></head><body>{''.join(body)}</body></html>\n")


def write_feedback(out: Path, records: list[dict]) -> list[Path]:
    """Write both pages for every student in ``records``; returns the HTML paths."""
    by_student = defaultdict(list)
    for record in records:
        by_student[record["student"]].append(record)
    written = []
    for student, own in sorted(by_student.items()):
        write_atomic(out / "feedback" / f"{student}.md", student_markdown(student, own))
        write_atomic(out / "feedback" / f"{student}.html", student_html(student, own))
        written.append(out / "feedback" / f"{student}.html")
    return written
