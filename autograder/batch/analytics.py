"""Class analytics from a gradebook: score distribution, pass rate per test, the most frequent diagnoses.

Tables (Markdown and CSV) need nothing but the standard library; the PNG plots
import matplotlib lazily with the Agg backend, so students never need it.
"""
from __future__ import annotations

import csv
import io
import statistics
import textwrap
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from .store import write_atomic

TOP_DIAGNOSES = 15


@dataclass(frozen=True)
class Frequency:
    assignment: str
    diagnosis: str
    label: str
    students: int
    graded: int  # students graded on that assignment

    @property
    def percent(self) -> float:
        return 100.0 * self.students / self.graded if self.graded else 0.0


def _graded(book: dict, assignment: str) -> list[dict]:
    return [row["assignments"][assignment] for row in book["students"]
            if row["assignments"].get(assignment, {}).get("status") == "graded"]


def diagnosis_frequencies(book: dict, labels: dict[str, str]) -> list[Frequency]:
    """How many students got each diagnosis at least once, most frequent first."""
    found = []
    for assignment in (a["name"] for a in book["assignments"]):
        entries = _graded(book, assignment)
        counts: dict[str, int] = {}
        for entry in entries:
            for diagnosis in {t["diagnosis"] for t in entry["tests"] if t.get("diagnosis") and t["status"] != "passed"}:
                counts[diagnosis] = counts.get(diagnosis, 0) + 1
        found += [Frequency(assignment, d, labels.get(d, d), n, len(entries)) for d, n in counts.items()]
    return sorted(found, key=lambda f: (-f.percent, f.assignment, f.diagnosis))


def pass_rates(book: dict) -> list[tuple[str, str, float]]:
    """(assignment, test name, percent of graded students who passed it), in gradebook order."""
    rates = []
    for assignment in book["assignments"]:
        entries = _graded(book, assignment["name"])
        for test in assignment["tests"]:
            passed = sum(1 for e in entries for t in e["tests"] if t["name"] == test["name"] and t["status"] == "passed")
            rates.append((assignment["name"], test["name"], 100.0 * passed / len(entries) if entries else 0.0))
    return rates


def score_summary(book: dict) -> list[dict]:
    summary = []
    for assignment in book["assignments"]:
        scores = [e["score"] for e in _graded(book, assignment["name"])]
        summary.append({
            "assignment": assignment["name"], "max_score": assignment["max_score"], "graded": len(scores),
            "not_graded": len(book["students"]) - len(scores),
            "mean": statistics.fmean(scores) if scores else 0.0, "median": statistics.median(scores) if scores else 0.0,
            "full_marks": sum(1 for s in scores if s >= assignment["max_score"]),
        })
    return summary


def summary_markdown(book: dict, frequencies: list[Frequency], rates: list[tuple[str, str, float]]) -> str:
    lines = [f"# Class report: {book.get('course') or 'course'}", "", f"{len(book['students'])} student(s).", "",
             "| Assignment | Graded | Not graded | Mean | Median | Full marks |", "|---|---|---|---|---|---|"]
    for s in score_summary(book):
        lines.append(f"| {s['assignment']} | {s['graded']} | {s['not_graded']} | {s['mean']:.1f}/{s['max_score']:g} "
                     f"| {s['median']:g}/{s['max_score']:g} | {s['full_marks']} |")
    lines += ["", "## Most frequent mistakes", "", "| Students | Assignment | Diagnosis | What went wrong |", "|---|---|---|---|"]
    lines += [f"| {f.percent:.0f}% ({f.students}/{f.graded}) | {f.assignment} | `{f.diagnosis}` | {f.label} |" for f in frequencies]
    lines += ["", "## Pass rate per test", "", "| Passed | Assignment | Test |", "|---|---|---|"]
    lines += [f"| {rate:.0f}% | {assignment} | {name.replace('|', '/')} |" for assignment, name, rate in rates]
    return "\n".join(lines) + "\n"


def summary_csv(frequencies: list[Frequency]) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["assignment", "diagnosis", "label", "students", "graded", "percent"])
    writer.writerows([f.assignment, f.diagnosis, f.label, f.students, f.graded, f"{f.percent:.1f}"] for f in frequencies)
    return stream.getvalue()


def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise UsageError("the plots need matplotlib: pip install 'attention-course-autograder[notebooks]' (the tables were written)") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _barh(plt, labels: list[str], values: list[float], title: str, xlabel: str, path: Path) -> None:
    figure, axes = plt.subplots(figsize=(10, 0.8 + 0.38 * max(len(labels), 1)))
    positions = range(len(labels))
    axes.barh(list(positions), values, color="#3b528b")
    axes.set_yticks(list(positions), labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel(xlabel)
    axes.set_title(title)
    for y, value in zip(positions, values):
        axes.text(value + 1, y, f"{value:.0f}%", va="center", fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def draw_plots(book: dict, frequencies: list[Frequency], rates: list[tuple[str, str, float]], folder: Path) -> list[Path]:
    plt = _pyplot()
    names = [a["name"] for a in book["assignments"]]
    figure, axes = plt.subplots(1, max(len(names), 1), figsize=(5 * max(len(names), 1), 3.5), squeeze=False)
    for axis, assignment in zip(axes[0], book["assignments"]):
        scores = [e["score"] for e in _graded(book, assignment["name"])]
        top = assignment["max_score"] or 1
        axis.hist(scores, bins=min(20, max(int(top), 1)), range=(0, top), color="#21918c", edgecolor="white")
        axis.set_title(f"{assignment['name']} ({len(scores)} graded)")
        axis.set_xlabel(f"points out of {top:g}")
        axis.set_ylabel("students")
    figure.tight_layout()
    paths = [folder / "score_distribution.png", folder / "pass_rate.png", folder / "diagnoses.png"]
    figure.savefig(paths[0], dpi=110)
    plt.close(figure)
    prefix = len(names) > 1
    _barh(plt, [textwrap.shorten(f"{a}: {n}" if prefix else n, 70) for a, n, _ in rates], [r for *_, r in rates],
          "Pass rate per test", "% of graded students who passed", paths[1])
    top = frequencies[:TOP_DIAGNOSES]
    _barh(plt, [textwrap.shorten(f"{f.diagnosis}: {f.label}", 90) for f in top], [f.percent for f in top],
          "Most frequent diagnoses", "% of graded students", paths[2])
    return paths


def write_report(book: dict, labels: dict[str, str], folder: Path) -> list[Path]:
    """Write summary.md, summary.csv and the three PNG plots into ``folder``; returns the files."""
    frequencies, rates = diagnosis_frequencies(book, labels), pass_rates(book)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / "summary.md", summary_markdown(book, frequencies, rates))
    write_atomic(folder / "summary.csv", summary_csv(frequencies))
    return [folder / "summary.md", folder / "summary.csv", *draw_plots(book, frequencies, rates, folder)]
