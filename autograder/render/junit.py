"""JUnit XML: one <testsuite> per assignment, points as properties, feedback in <failure>."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..results import GradeReport, TestResult

# Characters XML 1.0 cannot hold, which a student's program may well print.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _properties(parent: ET.Element, values: dict) -> None:
    box = ET.SubElement(parent, "properties")
    for name, value in values.items():
        ET.SubElement(box, "property", name=name, value=_clean(str(value)))


def _testcase(suite: ET.Element, test: TestResult) -> None:
    case = ET.SubElement(suite, "testcase", classname=test.assignment, name=_clean(test.name), time="0")
    _properties(case, {"points": f"{test.score:g}", "max_points": f"{test.max_score:g}", "node_id": test.node_id})
    if not test.passed:
        first = (test.feedback.strip().splitlines() or [""])[0]
        tag = "error" if test.status == "error" else "failure"
        element = ET.SubElement(case, tag, message=_clean(first), type=test.diagnosis or tag)
        element.text = _clean(test.feedback)
    if test.output:
        ET.SubElement(case, "system-out").text = _clean(test.output)


def render_junit(report: GradeReport) -> str:
    root = ET.Element("testsuites", name="autograder", time=f"{report.seconds:g}")
    groups = [(name, report.for_assignment(name)) for name in report.assignments]
    for name, tests in groups:
        suite = ET.SubElement(root, "testsuite", name=name)
        _properties(suite, {"seed": report.seed, "score": f"{sum(t.score for t in tests):g}", "max_score": f"{sum(t.max_score for t in tests):g}"})
        for test in tests:
            _testcase(suite, test)
    if report.problems:  # run-level trouble: one errored case each, so CI tools show it
        suite = ET.SubElement(root, "testsuite", name="grading")
        for number, problem in enumerate(report.problems, start=1):
            case = ET.SubElement(suite, "testcase", classname="grading", name=f"problem {number}", time="0")
            ET.SubElement(case, "error", message=_clean(problem.splitlines()[0] if problem else ""), type="grading").text = _clean(problem)
    for suite in root:
        cases = suite.findall("testcase")
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(c.find("failure") is not None for c in cases)))
        suite.set("errors", str(sum(c.find("error") is not None for c in cases)))
    for total in ("tests", "failures", "errors"):
        root.set(total, str(sum(int(suite.get(total)) for suite in root)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
