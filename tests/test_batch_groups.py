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
    tasks = tasks if isinstance(tasks, list) else [tasks]
    if any(task["id"] == "poison" for task in tasks):
        os._exit(3)  # the grading process dies, taking the whole group with it
    answers = [{"id": task["id"], "report": {"group": len(tasks)}} for task in tasks]
    print(json.dumps(answers if len(answers) > 1 else answers[0]), flush=True)
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
