"""The gradebook: one row per student, points per assignment and per test, total, lateness (CSV and JSON).

``gradebook.json`` is also what ``autograder report`` reads, so it keeps each
test's status and diagnosis.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from ..course import Course
from .store import write_atomic, write_json

LATENESS = {True: "late", False: "on time", None: "unknown"}


def _tests(record: dict) -> list[dict]:
    return (record.get("report") or {}).get("tests", [])


def build_gradebook(records: list[dict], course: Course) -> dict:
    """The gradebook as plain data; ``records`` are the store's unit records."""
    order = [a.name for a in course.assignments]
    present = {r["assignment"] for r in records}
    names = [n for n in order if n in present] + sorted(present - set(order))
    columns: dict[str, dict[str, float]] = {name: {} for name in names}  # assignment -> test name -> max score
    for record in records:
        for test in _tests(record):
            columns[record["assignment"]].setdefault(test["name"], test["max_score"])
    maxima = {name: sum(tests.values()) for name, tests in columns.items()}
    students: dict[str, dict] = {}
    for record in records:
        row = students.setdefault(record["student"], {"student": record["student"], "assignments": {}})
        tests = _tests(record)
        row["assignments"][record["assignment"]] = {
            "status": record.get("status", "graded"),
            "score": round(sum(t["score"] for t in tests), 6),
            "max_score": maxima[record["assignment"]],
            "late": record.get("late"),
            "later_commits": record.get("later_commits"),
            "submitted_at": record.get("submitted_at"),
            "commit": record.get("commit"),
            "origin": record.get("origin"),
            "error": record.get("error"),
            "tests": [{key: t.get(key) for key in ("name", "score", "max_score", "status", "diagnosis")} for t in tests],
        }
    for row in students.values():
        row["total"] = round(sum(a["score"] for a in row["assignments"].values()), 6)
        row["max_score"] = sum(maxima.values())
    return {
        "course": course.title,
        "assignments": [{"name": n, "max_score": maxima[n], "tests": [{"name": t, "max_score": m} for t, m in columns[n].items()]} for n in names],
        "students": [students[name] for name in sorted(students)],
    }


def gradebook_csv(book: dict) -> str:
    header = ["student", "total", "max_score"]
    for assignment in book["assignments"]:
        name = assignment["name"]
        header += [name, f"{name} status", f"{name} lateness"] + [f"{name}: {t['name']}" for t in assignment["tests"]]
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    for row in book["students"]:
        line = [row["student"], f"{row['total']:g}", f"{row['max_score']:g}"]
        for assignment in book["assignments"]:
            entry = row["assignments"].get(assignment["name"])
            if entry is None:
                line += ["0", "missing", "unknown"] + ["0"] * len(assignment["tests"])
                continue
            scores = {t["name"]: t["score"] for t in entry["tests"]}
            line += [f"{entry['score']:g}", entry["status"], LATENESS[entry["late"]]]
            line += [f"{scores.get(t['name'], 0):g}" for t in assignment["tests"]]
        writer.writerow(line)
    return stream.getvalue()


def write_gradebook(out: Path, records: list[dict], course: Course) -> dict:
    book = build_gradebook(records, course)
    write_json(out / "gradebook.json", book)
    write_atomic(out / "gradebook.csv", gradebook_csv(book))
    return book
