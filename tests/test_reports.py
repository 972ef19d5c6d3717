"""Renderers: Markdown, JUnit XML and GitHub Classroom's result, from one hand-made report."""
import base64
import json
import xml.etree.ElementTree as ET

from autograder.cli import main
from autograder.render import RENDERERS
from autograder.render.classroom import classroom_dict, render_classroom
from autograder.render.junit import render_junit
from autograder.render.markdown import render_markdown
from autograder import results
from autograder.results import GradeReport

from .conftest import ROOT


def _test(name, score, max_score, status, **extra):
    return results.TestResult(assignment=extra.pop("assignment", "self_attention"), name=name, node_id=f"x.py::{name}", score=score, max_score=max_score, status=status, **extra)


REPORT = GradeReport(
    seed=7,
    tests=(
        _test("softmax: rows sum to one", 2, 2, "passed"),
        _test("scores | pipes [a|b]", 0, 3, "failed", feedback="Scores are not scaled.\nHint: divide by sqrt(d_k).", diagnosis="missing-scale", output="debug ```fence``` \x1b[31mred\x00"),
        _test("grader broke", 0, 1.5, "error", feedback="Internal grader error (tell your instructor): KeyError"),
        _test("heads split", 1, 1, "passed", assignment="multi_head"),
    ),
    assignments=("self_attention", "multi_head"),
    problems=("grader error while collecting test_9.py: ImportError",),
    seconds=1.25,
)


def test_every_format_is_registered():
    assert {"text", "json", "markdown", "junit", "classroom"} <= set(RENDERERS)
    assert RENDERERS["markdown"] is render_markdown and RENDERERS["junit"] is render_junit and RENDERERS["classroom"] is render_classroom


def test_markdown_has_totals_tables_and_the_feedback():
    text = render_markdown(REPORT)
    assert text.startswith("## Autograder: 3 / 7.5 points")
    assert "### self_attention: 2 / 6.5 (1 of 3 checks passed)" in text and "### multi_head: 1 / 1" in text
    assert "| ❌ | scores \\| pipes [a\\|b] | 0 / 3 |" in text  # a pipe cannot break the table
    assert "`[missing-scale]`" in text and "Hint: divide by sqrt(d_k)." in text
    assert "````text\ndebug ```fence```" in text  # the fence outgrows the backticks the student printed
    assert "grader error while collecting" in text and "Seed 7" in text


def test_junit_is_valid_xml_with_points_and_failures():
    root = ET.fromstring(render_junit(REPORT).encode("utf-8"))
    assert (root.tag, root.get("tests"), root.get("failures"), root.get("errors")) == ("testsuites", "5", "1", "2")
    suites = {suite.get("name"): suite for suite in root}
    assert set(suites) == {"self_attention", "multi_head", "grading"}
    failed = suites["self_attention"].findall("testcase")[1]
    assert failed.get("name") == "scores | pipes [a|b]"
    assert failed.find("failure").get("type") == "missing-scale" and "not scaled" in failed.find("failure").text
    assert "\x00" not in failed.find("system-out").text  # XML cannot hold it: replaced
    points = {p.get("name"): p.get("value") for p in failed.find("properties")}
    assert (points["points"], points["max_points"]) == ("0", "3")
    assert suites["self_attention"].findall("testcase")[2].find("error") is not None


def test_classroom_result_decodes_to_the_points():
    decoded = json.loads(base64.b64decode(render_classroom(REPORT).strip()))
    assert decoded == classroom_dict(REPORT)
    assert decoded["version"] == 1 and decoded["status"] == "error" and decoded["max_score"] == 7.5
    assert sum(test["score"] for test in decoded["tests"]) == REPORT.score == 3
    by_name = {test["name"]: test for test in decoded["tests"]}
    assert by_name["self_attention: scores | pipes [a|b]"]["status"] == "fail"
    assert by_name["self_attention: scores | pipes [a|b]"]["message"].startswith("[missing-scale] Scores are not scaled.")
    assert by_name["multi_head: heads split"] == {"name": "multi_head: heads split", "status": "pass", "score": 1, "message": ""}
    assert by_name["grading"]["status"] == "error"
    clean = GradeReport(seed=1, tests=(_test("a", 1, 1, "passed"),), assignments=("self_attention",))
    assert classroom_dict(clean)["status"] == "pass"
    assert classroom_dict(GradeReport(seed=1, tests=(_test("a", 0, 1, "failed"),), assignments=("self_attention",)))["status"] == "fail"


def test_grade_writes_each_format(tmp_path, capsys):
    out = tmp_path / "report.xml"
    assert main(["grade", str(ROOT / "reference"), "--assignment", "self_attention", "--format", "junit", "--output", str(out)]) == 0
    root = ET.parse(out).getroot()
    assert int(root.get("tests")) > 10 and root.get("failures") == root.get("errors") == "0"
    capsys.readouterr()
    assert main(["grade", str(ROOT / "reference"), "--assignment", "self_attention", "--format", "markdown"]) == 0
    assert "## Autograder:" in capsys.readouterr().out
