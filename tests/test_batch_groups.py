"""Batch workers grade tasks in groups; a group whose grading process dies is retried one by one,
so only the task that killed it gets the error."""
import json
import subprocess
import sys

from autograder.batch import runner

FAKE_WORKER = r'''
import json, os, sys
for line in sys.stdin:
    tasks = json.loads(line)
    if any(task["id"] == "poison" for task in tasks):
        os._exit(3)  # the grading process dies, taking the whole group with it
    answers = [{"id": task["id"], "report": {"group": len(tasks)}} for task in tasks]
    print(json.dumps(answers), flush=True)
'''


def test_groups_and_retry_alone_after_a_death(tmp_path, monkeypatch):
    script = tmp_path / "fake_worker.py"
    script.write_text(FAKE_WORKER)
    original = runner._Worker.__init__

    def fake_init(self, course_root, log):
        self.process = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True, start_new_session=True)
        self.tasks, self.started, self.deadline = {}, 0.0, 0.0

    monkeypatch.setattr(runner._Worker, "__init__", fake_init)
    tasks = [{"id": f"t{i}"} for i in range(40)]
    tasks[13] = {"id": "poison"}
    answers = []
    runner.run_tasks(tasks, answers.append, jobs=1, course_root=tmp_path, task_seconds=30, log_path=tmp_path / "log")
    assert original is not fake_init
    by_id = {answer["id"]: answer for answer in answers}
    assert sorted(by_id) == sorted(task["id"] for task in tasks) and len(answers) == 40  # each answered once
    assert "died" in by_id["poison"]["error"]
    assert all("report" in answer for answer in answers if answer["id"] != "poison")
    groups = [answer["report"]["group"] for answer in answers if "report" in answer]
    assert max(groups) == runner.GROUP  # large batches are graded in groups
    assert groups[-1] == 1  # the tail goes one by one, so every worker keeps busy


def test_a_group_grades_each_submission_as_if_alone(course, tmp_path):
    from autograder.batch.worker import grade_chunk
    from autograder.catalogue import build_submission, entries
    from autograder.grading import grade, session
    from autograder.sandbox.processes import Zygote

    from .conftest import FAST_LIMITS

    mistake = next(e for e in entries(course, ["self_attention"], "mistakes") if e.path.stem == "missing_scale")
    build_submission(course, mistake, tmp_path / "carol")
    paths = [course.reference_dir, course.assignments_dir, tmp_path / "carol"]
    limits = {"call_seconds": FAST_LIMITS.call_seconds, "total_seconds": FAST_LIMITS.total_seconds}
    tasks = [{"id": str(i), "path": str(path), "assignment": "self_attention", "seed": 40 + i, "limits": limits} for i, path in enumerate(paths)]
    answers = []
    with Zygote() as spawner:
        spawner.start()
        session(course, ["self_attention"], lambda run: answers.extend(grade_chunk(tasks, course, spawner, run)))
    assert [answer["id"] for answer in answers] == ["0", "1", "2"]

    def summary(tests):
        return [(t["name"], t["score"], t["status"], t["diagnosis"], t["feedback"]) for t in tests]

    for task, answer in zip(tasks, answers):
        alone = grade(task["path"], course=course, assignments=["self_attention"], seed=task["seed"], limits=FAST_LIMITS).to_dict()
        assert summary(answer["report"]["tests"]) == summary(alone["tests"])
    scores = [answer["report"]["score"] for answer in answers]
    assert scores[0] == answers[0]["report"]["max_score"] and scores[1] == 0 and 0 < scores[2] < scores[0]


def test_a_test_with_a_fixture_of_its_own_runs_once_per_submission(course):
    from types import SimpleNamespace

    from autograder.plugin import GradingPlugin
    from autograder.sandbox.client import Limits

    plugin = GradingPlugin(course=course, submissions={}, seed=0, limits=Limits())
    ours = SimpleNamespace(fixturenames=["student", "reference", "rng", "case"], callspec=SimpleNamespace(params={"case": "small"}))
    own = SimpleNamespace(fixturenames=["student", "inputs", "rng"])  # `inputs` may be built from rng
    assert plugin._shareable(ours) and not plugin._shareable(own)
