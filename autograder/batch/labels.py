"""Readable labels for diagnosis ids, taken from the diagnoses' own sentences.

Sources, in order: the Mistake/Diagnosis objects defined at module level in the
graders (``diagnoses.py`` and the test files) and in :mod:`autograder.checks`;
then the first line of the feedback students received, when it is the same
for everyone (a named diagnosis's feedback starts with its sentence); then the
id itself, made readable.
"""
from __future__ import annotations

import importlib
from collections import defaultdict

from .. import checks
from ..checks import Mistake
from ..course import Course
from ..diagnosis import Diagnosis


def _collect(values, labels: dict) -> None:
    for value in values:
        if isinstance(value, Mistake):
            value = value.diagnosis
        if isinstance(value, Diagnosis):
            labels.setdefault(value.id, value.sentence)
        elif isinstance(value, (list, tuple)):
            _collect(value, labels)
        elif isinstance(value, dict):
            _collect(value.values(), labels)


def defined_labels(course: Course, assignments: list[str]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for name in assignments:
        folder = course.graders_dir / name
        for path in sorted(folder.glob("*.py")) if folder.is_dir() else []:
            try:
                module = importlib.import_module(f"autograder.graders.{name}.{path.stem}")
            except Exception:  # noqa: BLE001 - a grader that does not import has no labels to give
                continue
            _collect(vars(module).values(), labels)
    _collect(vars(checks).values(), labels)
    return labels


def diagnosis_labels(course: Course, assignments: list[str], records: list[dict]) -> dict[str, str]:
    """Every diagnosis id seen in ``records`` (store records), with a sentence for it."""
    labels = defined_labels(course, assignments)
    first_lines = defaultdict(set)
    for record in records:
        for test in (record.get("report") or {}).get("tests", []):
            if test.get("diagnosis"):
                first_lines[test["diagnosis"]].add((test.get("feedback") or "").strip().split("\n")[0])
    for identifier, lines in first_lines.items():
        if identifier not in labels:
            labels[identifier] = lines.pop() if len(lines) == 1 and "" not in lines else identifier.replace("-", " ").capitalize()
    return labels
