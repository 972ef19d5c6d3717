"""Grading a class: the gradebook, resuming after a kill, deadlines in git, errors that do not stop the batch."""
import csv
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from autograder.batch.run import Options, grade_class
from autograder.batch.sample import sample_class
from autograder.catalogue import build_submission, entries
from autograder.grading import grade, seed_for
from autograder.render.gradescope import render_gradescope

from .conftest import FAST_LIMITS, ROOT

A1 = "self_attention"


def _mistake(course, name):
    return next(e for e in entries(course, [A1], "mistakes") if e.path.stem == name)


def _options(out, **extra):
    return Options(out=out, jobs=2, assignments=[A1], limits=FAST_LIMITS, **extra)


def test_mixed_class_gives_the_right_gradebook(course, tmp_path):
    made = sample_class(course, A1, tmp_path / "class", 3)  # reference, stubs, first catalogue entry
    build_submission(course, _mistake(course, "missing_scale"), tmp_path / "class" / "zoe")
    (tmp_path / "class" / "nobody").mkdir()  # a student who handed in nothing
    outcome = grade_class(course, _options(tmp_path / "out"), tmp_path / "class")
    assert outcome.graded == 4 and outcome.errors == 0
    book = json.loads((tmp_path / "out" / "gradebook.json").read_text())
    rows = {row["student"]: row for row in book["students"]}
    top = book["assignments"][0]["max_score"]
    assert set(rows) == {*made, "zoe", "nobody"}
    assert rows["student000"]["total"] == top > 0
    assert rows["student001"]["total"] == 0
    assert {t["diagnosis"] for t in rows["student001"]["assignments"][A1]["tests"]} == {"not-implemented"}
    zoe = rows["zoe"]["assignments"][A1]
    assert 0 < zoe["score"] < top and "missing-scale" in {t["diagnosis"] for t in zoe["tests"]}
    assert rows["nobody"]["assignments"][A1]["status"] == "missing" and rows["nobody"]["total"] == 0
    # The per-student seed comes from the name: regrading gives the same report.
    record = json.loads((tmp_path / "out" / "results" / "zoe" / f"{A1}.json").read_text())
    assert record["seed"] == seed_for("zoe")
    again = grade(tmp_path / "class" / "zoe", course=course, seed=seed_for("zoe"), limits=FAST_LIMITS)
    assert [t.score for t in again.tests] == [t["score"] for t in record["report"]["tests"]]
    with open(tmp_path / "out" / "gradebook.csv", newline="") as stream:
        table = {row["student"]: row for row in csv.DictReader(stream)}
    assert float(table["zoe"][A1]) == zoe["score"] and table["nobody"][f"{A1} status"] == "missing"
    assert (tmp_path / "out" / "feedback" / "zoe.md").read_text().count("missing-scale") >= 1
    assert "<img" in (tmp_path / "out" / "feedback" / "zoe.html").read_text()  # heatmaps of a failed check


def test_a_killed_run_resumes_without_regrading(course, tmp_path):
    sample_class(course, A1, tmp_path / "class", 6)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "autograder", "grade-all", str(tmp_path / "class"), "--out", str(out), "-j", "1", "--assignment", A1]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while len(list(out.glob("results/*/*.json"))) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the command and its workers, mid-batch
    process.wait()
    kept = {path: path.read_text() for path in out.glob("results/*/*.json")}
    assert 2 <= len(kept) < 6, "the run was not killed midway"
    outcome = grade_class(course, _options(out), tmp_path / "class")
    assert outcome.reused == len(kept) and outcome.graded == 6 - len(kept)
    assert all(path.read_text() == text for path, text in kept.items()), "a finished result was regraded"
    assert len(json.loads((out / "gradebook.json").read_text())["students"]) == 6
    # A changed submission is regraded, and only it.
    with open(tmp_path / "class" / "student000" / A1 / "attention.py", "a") as module:
        module.write("\n# edited\n")
    assert grade_class(course, _options(out), tmp_path / "class").graded == 1


def _commit(repo, message, when):
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=s", "-c", "user.email=s@x", "commit", "-qm", message], check=True, env=env)
    return subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()


def test_deadline_grades_the_last_commit_before_it(course, tmp_path):
    repo = tmp_path / "class" / "alice"
    module = repo / "assignments" / A1 / "attention.py"
    shutil.copytree(course.assignments_dir / A1, module.parent)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    _commit(repo, "stubs", "2027-01-20T10:00:00Z")
    shutil.copy(course.reference_dir / A1 / "attention.py", module)
    on_time = _commit(repo, "solved", "2027-01-25T23:59:00Z")
    module.write_text("raise SystemExit('broken after the deadline')\n")
    late = _commit(repo, "broken", "2027-01-26T08:00:00Z")
    head_before = (repo / ".git" / "HEAD").read_text(), module.read_text()

    deadline = dt.datetime(2027, 1, 25, 23, 59, tzinfo=dt.timezone.utc)
    record = grade_class(course, _options(tmp_path / "out", deadline=deadline), tmp_path / "class").records[0]
    assert record["commit"] == on_time and record["late"] is True and record["later_commits"] == 1
    assert record["report"]["score"] == record["report"]["max_score"] > 0
    assert ((repo / ".git" / "HEAD").read_text(), module.read_text()) == head_before, "the clone was modified"
    status = subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True, text=True).stdout
    assert status == ""

    latest = grade_class(course, _options(tmp_path / "out", use_due_dates=False), tmp_path / "class").records[0]
    assert latest["commit"] == late and latest["late"] is None and latest["report"]["score"] == 0
    early = dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc)
    none = grade_class(course, _options(tmp_path / "out", deadline=early), tmp_path / "class").records[0]
    assert none["status"] == "missing" and "no commit at or before" in none["error"]


def test_nbgrader_timestamps_give_lateness(course, tmp_path):
    for student, stamp in (("ann", "2027-01-20 10:00:00.5 UTC"), ("bob", "2027-01-27 10:00:00 UTC")):
        folder = tmp_path / "course" / "submitted" / student / A1
        shutil.copytree(course.reference_dir / A1, folder)
        (folder / "timestamp.txt").write_text(stamp)
    (tmp_path / "course" / "nbgrader_config.py").write_text("c = get_config()\n")
    records = grade_class(course, _options(tmp_path / "out"), tmp_path / "course").records
    assert {r["student"]: r["late"] for r in records} == {"ann": False, "bob": True}
    assert all(r["origin"] == "nbgrader" for r in records)


def test_a_hung_grading_process_is_recorded_and_the_batch_goes_on(course, tmp_path):
    sample_class(course, A1, tmp_path / "class", 2)
    outcome = grade_class(course, _options(tmp_path / "out", task_seconds=0.01), tmp_path / "class")
    assert outcome.errors == 2 and all("did not finish" in r["error"] for r in outcome.records)
    book = json.loads((tmp_path / "out" / "gradebook.json").read_text())
    assert [row["assignments"][A1]["status"] for row in book["students"]] == ["error", "error"]


def test_reports_from_github_actions_are_gathered_not_regraded(course, tmp_path):
    build_submission(course, _mistake(course, "missing_scale"), tmp_path / "carol")
    report = grade(tmp_path / "carol", course=course, seed=5, limits=FAST_LIMITS)
    (tmp_path / "reports" / "carol").mkdir(parents=True)
    (tmp_path / "reports" / "carol" / "report.json").write_text(render_gradescope(report))
    outcome = grade_class(course, _options(tmp_path / "out"), reports=tmp_path / "reports")
    assert outcome.graded == 0
    (row,) = json.loads((tmp_path / "out" / "gradebook.json").read_text())["students"]
    assert row["student"] == "carol" and row["total"] == report.score
    assert "missing-scale" in {t["diagnosis"] for t in row["assignments"][A1]["tests"]}


@pytest.mark.parametrize("argv, message", [
    (["grade-all", "--out", "x"], "give a folder of submissions"),
    (["grade-all", "nowhere", "--out", "x"], "no such folder"),
    (["grade-all", str(ROOT / "reference"), "--out", "x"], "looks like one submission"),
    (["grade-all", "nowhere", "--out", "x", "--deadline", "friday"], "not an ISO-8601"),
    (["report", "nowhere"], "no gradebook"),
])
def test_bad_input_is_one_line_and_status_2(argv, message, tmp_path):
    result = subprocess.run([sys.executable, "-m", "autograder", *argv], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_the_benchmark_script_runs_on_a_tiny_class(tmp_path):
    figures_file = tmp_path / "figures.json"
    command = [sys.executable, str(ROOT / "benchmarks" / "class_grading.py"), "--students", "3", "--cold-runs", "1",
               "--nbgrader-students", "0", "--json", str(figures_file)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    figures = json.loads(figures_file.read_text())
    assert figures["batch_per_s"] > 0 and figures["cold_single_s"] > 0 and figures["plain_pytest_per_s"] > 0
