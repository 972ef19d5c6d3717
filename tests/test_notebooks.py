"""Lesson notebooks: they run, they release like nbgrader, and real nbgrader grades them as the hidden graders do.

The tests that start Jupyter kernels or nbgrader skip, with the reason, when the
`notebooks` extra is not installed; CI installs it, so there they run.
"""
import ast
import csv
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.catalogue import build_submission, entries
from autograder.course import load_course
from autograder.generate import drift, planned_files
from autograder.grading import grade
from autograder.notebooks.check import check, grader_function, is_test_of
from autograder.notebooks.layout import CONFIG_NAME, notebook_assignments, write_source
from autograder.notebooks.release import TEXT_STUB, cell_source, nbgrader_metadata, release_notebook
from autograder.solutions import STUB_LINES, MarkupError

from .conftest import ROOT

COURSE = load_course(ROOT)
NOTEBOOKS = notebook_assignments(COURSE)
MISSING = [m for m in ("nbgrader", "nbclient", "nbformat", "ipykernel", "matplotlib") if importlib.util.find_spec(m) is None]
needs_jupyter = pytest.mark.skipif(bool(MISSING), reason=f"the notebooks extra is not installed (missing {', '.join(MISSING)})")
# A submission that is wrong AND makes numpy's comparisons always succeed, in the student's kernel and in the public tests.
PATCH_NUMPY = """
import numpy as np
np.allclose = lambda *args, **kwargs: True
np.array_equal = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
np.testing.assert_array_equal = lambda *args, **kwargs: None
"""
ROUND_TRIP_EXTRAS = "self_attention"  # the assignment whose round trip also grades a numpy patcher and a noisy student


def _notebook_path(folder: Path) -> Path:
    (path,) = folder.glob("*.ipynb")
    return path


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _checks(source: str) -> list[tuple[str, ...]]:
    """The arguments of every ``check(...)`` call in a cell."""
    calls = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "check"]
    return [tuple(arg.value for arg in call.args) for call in calls]


def _grade_cells(notebook: dict) -> list[dict]:
    return [c for c in notebook["cells"] if nbgrader_metadata(c).get("grade") and not nbgrader_metadata(c).get("solution")]


@pytest.fixture(scope="module")
def reference_reports():
    return {name: grade(COURSE.reference_dir, course=COURSE, assignments=[name], seed=7) for name in NOTEBOOKS}


# -- static: metadata, coverage of the hidden graders, release ---------------
def test_notebooks_exist():
    assert "self_attention" in NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_metadata_is_what_nbgrader_needs(name):
    notebook = _read(_notebook_path(COURSE.reference_dir / name))
    ids = []
    for cell in notebook["cells"]:
        meta = nbgrader_metadata(cell)
        if not meta:
            continue
        ids.append(meta["grade_id"])
        assert meta["schema_version"] == 3 and {"grade", "solution", "locked"} <= set(meta), meta
        assert meta.get("cell_type", cell["cell_type"]) == cell["cell_type"], meta
        if meta["grade"]:
            assert meta["points"] > 0, meta
        if meta["grade"] and not meta["solution"]:
            assert meta["locked"] and cell["cell_type"] == "code", f"{meta['grade_id']}: a test cell is locked code"
        if meta["solution"] and cell["cell_type"] == "markdown":
            assert meta["grade"], f"{meta['grade_id']}: a written answer is manually graded"
    assert len(ids) == len(set(ids)), "grade_id values must be unique"
    assert any(nbgrader_metadata(c).get("solution") and c["cell_type"] == "markdown" for c in notebook["cells"])


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_test_cells_cover_every_hidden_grader_test_once(name, reference_reports):
    """Each test cell's points are the hidden graders' points for its functions, and no grader test is left out."""
    report = reference_reports[name]
    assert report.score == report.max_score > 0, "the reference must get full marks"
    graded = [t for t in report.tests if t.max_score > 0]  # 0-point tests (e.g. collected written answers) need no cell
    covered = []
    for cell in _grade_cells(_read(_notebook_path(COURSE.reference_dir / name))):
        source = cell_source(cell)
        assert "### BEGIN HIDDEN TESTS" in source, "a test cell runs the hidden graders"
        (call,) = _checks(source)
        assert call[0] == name, call
        selected = [t for t in graded if any(is_test_of(function, t.node_id) for function in call[1:])]
        assert selected, f"{call}: selects no hidden grader test"
        assert nbgrader_metadata(cell)["points"] == sum(t.max_score for t in selected), f"{call}: points differ from the graders'"
        covered += [t.node_id for t in selected]
    missing = sorted({grader_function(t.node_id) for t in graded if t.node_id not in covered})
    assert not missing, f"hidden grader tests that no cell checks: {missing}"
    assert len(covered) == len(set(covered)), "a hidden grader test is checked by two cells"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_released_notebook_is_generated(name):
    """`autograder generate --check` covers the notebooks: assignments/ holds their release versions."""
    problems = [p for p in drift(COURSE, names=[name]) if p.path.suffix == ".ipynb"]
    assert not problems, [str(p) for p in problems]
    released = _read(_notebook_path(COURSE.assignments_dir / name))
    text = json.dumps(released)
    assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text and "autograder.notebooks" not in text
    assert all(not c.get("outputs") for c in released["cells"])


def _cell(cell_type, source, **nbgrader):
    cell = {"cell_type": cell_type, "metadata": {"nbgrader": {**nbgrader, "schema_version": 3}} if nbgrader else {}, "source": source}
    if cell_type == "code":
        cell.update(outputs=[{"output_type": "stream", "name": "stdout", "text": "x"}], execution_count=3)
    return cell


def _notebook(*cells):
    return json.dumps({"cells": list(cells), "metadata": {"celltoolbar": "Create Assignment"}, "nbformat": 4, "nbformat_minor": 5})


def test_release_strips_like_nbgrader():
    text = _notebook(
        _cell("code", "x = 1\n### BEGIN HIDDEN TESTS\ncheck()\n### END HIDDEN TESTS", grade=True, solution=False, locked=True, points=1, grade_id="t"),
        _cell("code", "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION", grade=False, solution=True, locked=False, grade_id="s"),
        _cell("markdown", "The model answer.", grade=True, solution=True, locked=False, points=2, grade_id="a"),
        _cell("code", "whole = 'solution'", grade=False, solution=True, locked=False, grade_id="w"),
    )
    released = json.loads(release_notebook(text))
    sources = ["".join(c["source"]) for c in released["cells"]]
    assert sources == ["x = 1", "def f():\n" + "".join(f"    {line}\n" for line in STUB_LINES).rstrip("\n"), TEXT_STUB, "\n".join(STUB_LINES)]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in released["cells"] if c["cell_type"] == "code")
    assert "celltoolbar" not in released["metadata"]


@pytest.mark.parametrize("cell, problem", [
    (_cell("code", "### BEGIN HIDDEN TESTS\n### END HIDDEN TESTS"), "grade"),
    (_cell("code", "### BEGIN SOLUTION\n### END SOLUTION", grade=True, solution=False, locked=True, points=1, grade_id="t"), "solution"),
    (_cell("code", "### BEGIN SOLUTION\nx = 1"), "never closed"),
])
def test_release_refuses_misplaced_markers(cell, problem):
    with pytest.raises(MarkupError, match=problem) as error:
        release_notebook(_notebook(cell), "lesson.ipynb")
    assert "lesson.ipynb cell 1" in str(error.value)


def test_nbgrader_course_layout(tmp_path):
    written = write_source(COURSE, tmp_path / "course", names=["self_attention"])
    folder = tmp_path / "course" / "source" / "self_attention"
    assert written == [folder]
    assert (folder / "attention.py").read_bytes() == planned_files(COURSE, "self_attention")[Path("attention.py")]
    assert "BEGIN HIDDEN TESTS" in _notebook_path(folder).read_text(encoding="utf-8")
    assert "load_subconfig" in (tmp_path / "course" / CONFIG_NAME).read_text(encoding="utf-8")


def test_nbgrader_course_command_refuses_a_file(tmp_path):
    target = tmp_path / "file"
    target.write_text("")
    done = subprocess.run([sys.executable, "-m", "autograder", "nbgrader-course", str(target)], capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "not a folder" in done.stderr


def test_check_grades_any_folder_and_regrades_changed_code(tmp_path, capsys):
    """An nbgrader assignment may be named otherwise than ours; editing the module means grading again."""
    folder = shutil.copytree(COURSE.reference_dir / "self_attention", tmp_path / "alice" / "week1")
    check("self_attention", "softmax", folder=folder)
    assert "softmax: all" in capsys.readouterr().out
    shutil.copyfile(COURSE.assignments_dir / "self_attention" / "attention.py", folder / "attention.py")
    with pytest.raises(AssertionError, match="not implemented yet"):
        check("self_attention", "softmax", folder=folder)
    with pytest.raises(LookupError, match="no hidden grader test"):
        check("self_attention", "no_such_function", folder=folder)


# -- executing the notebooks --------------------------------------------------
def _execute(source: Path, tmp_path: Path, allow_errors: bool) -> dict:
    """Run a copy of the folder ``source`` and its notebook; returns the notebook with its outputs."""
    import nbclient
    import nbformat

    folder = shutil.copytree(source, tmp_path / source.name)
    path = _notebook_path(folder)
    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=allow_errors, resources={"metadata": {"path": str(folder)}}).execute()
    return json.loads(nbformat.writes(notebook))


def _errors(cell: dict) -> list[dict]:
    return [o for o in cell.get("outputs", []) if o["output_type"] == "error"]


def _stderr(cell: dict) -> str:
    return "".join("".join(o["text"]) for o in cell.get("outputs", []) if o["output_type"] == "stream" and o["name"] == "stderr")


def _student_functions(name: str) -> set[str]:
    functions = set()
    for module in COURSE.assignment(name).modules:
        tree = ast.parse((COURSE.reference_dir / name / f"{module}.py").read_text(encoding="utf-8"))
        functions |= {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_")}
    return functions


@needs_jupyter
@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_with_the_reference(name, tmp_path):
    notebook = _execute(COURSE.reference_dir / name, tmp_path, allow_errors=False)
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    plotting = [c for c in code if re.search(r"\b(show_\w+|plt\.\w+)\(", cell_source(c)) and not nbgrader_metadata(c).get("locked")]
    assert plotting, "the notebook draws no plot"
    for cell in plotting:
        assert any("image/png" in o.get("data", {}) for o in cell["outputs"]), f"no plot drawn by:\n{cell_source(cell)}"
    for cell in _grade_cells(notebook):
        assert not _stderr(cell), "nbgrader fails a test cell that writes to stderr"
        assert "hidden tests passed" in "".join("".join(o.get("text", "")) for o in cell["outputs"])


@needs_jupyter
@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_released_notebook_with_stubs_fails_only_at_student_code(name, tmp_path):
    notebook = _execute(COURSE.assignments_dir / name, tmp_path, allow_errors=True)
    calls_student = re.compile(r"\b(" + "|".join(map(re.escape, _student_functions(name))) + r")\(")
    failed = 0
    for cell in (c for c in notebook["cells"] if c["cell_type"] == "code"):
        errors = _errors(cell)
        if not errors:
            continue
        failed += 1
        (error,) = errors
        source = cell_source(cell)
        assert calls_student.search(source) or nbgrader_metadata(cell).get("grade"), f"failed without calling student code:\n{source}"
        assert error["ename"] == "NotImplementedError" or "not implemented yet" in error["evalue"], f"{error['ename']}: {error['evalue']}\n{source}"
    assert failed >= len(_grade_cells(notebook)) > 0


# -- a real nbgrader round trip --------------------------------------------------
def _nbgrader(root: Path, *args: str) -> str:
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / ".jupyter-config")}  # no personal Jupyter settings
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root, env=env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done.stderr


def _submit(root: Path, student: str, name: str, modules_from: Path | None = None) -> Path:
    """The released files, with the student's modules taken from ``modules_from`` if given."""
    folder = root / "submitted" / student / name
    shutil.copytree(root / "release" / name, folder)
    for module in COURSE.assignment(name).modules if modules_from else ():
        shutil.copyfile(modules_from / f"{module}.py", folder / f"{module}.py")
    return folder


def _entry(name: str, kind: str, contains: str = ""):
    return next(e for e in entries(COURSE, [name], kind) if contains in e.path.stem)


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    """Lay out the course, release every notebook, autograde some submissions, export the grades."""
    root = tmp_path_factory.mktemp("nbgrader-course")
    write_source(COURSE, root)
    _nbgrader(root, "generate_assignment", "*")  # every assignment in one call: each call starts nbgrader anew
    for name in NOTEBOOKS:
        _submit(root, "stubs", name)
        _submit(root, "reference", name, COURSE.reference_dir / name)
        if name == ROUND_TRIP_EXTRAS:
            scratch = tmp_path_factory.mktemp("built")
            patched = build_submission(COURSE, _entry(name, "mistakes"), scratch / "patched")
            with open(patched / f"{COURSE.assignment(name).modules[0]}.py", "a", encoding="utf-8") as module:
                module.write(PATCH_NUMPY)
            _submit(root, "patched", name, patched)
            _submit(root, "noisy", name, build_submission(COURSE, _entry(name, "variants", "warn"), scratch / "noisy"))
    _nbgrader(root, "autograde", "*")
    _nbgrader(root, "export", "--to", str(root / "grades.csv"))
    with open(root / "grades.csv", newline="", encoding="utf-8") as grades:
        scores = {(row["assignment"], row["student_id"]): float(row["score"]) for row in csv.DictReader(grades)}
    return root, scores


def _autograded_points(name: str) -> float:
    return sum(nbgrader_metadata(c)["points"] for c in _grade_cells(_read(_notebook_path(COURSE.reference_dir / name))))


@needs_jupyter
@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_nbgrader_release_matches_ours(name, round_trip):
    root, _ = round_trip
    theirs = _read(_notebook_path(root / "release" / name))["cells"]
    ours = _read(_notebook_path(COURSE.assignments_dir / name))["cells"]
    assert [cell_source(c) for c in theirs] == [cell_source(c) for c in ours]
    for module in COURSE.assignment(name).modules:
        assert (root / "release" / name / f"{module}.py").read_bytes() == (COURSE.assignments_dir / name / f"{module}.py").read_bytes()


@needs_jupyter
@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_nbgrader_gives_stubs_nothing_and_the_reference_everything(name, round_trip):
    root, scores = round_trip
    assert scores[(name, "stubs")] == 0
    assert scores[(name, "reference")] == _autograded_points(name) > 0
    stub_notebook = _read(_notebook_path(root / "autograded" / "stubs" / name))
    for cell in _grade_cells(stub_notebook):
        assert any("not implemented yet" in e["evalue"] for e in _errors(cell)), cell_source(cell)


@needs_jupyter
@pytest.mark.slow
def test_nbgrader_patched_numpy_earns_no_more_than_the_graders_give(round_trip):
    root, scores = round_trip
    name = ROUND_TRIP_EXTRAS
    earned = grade(root / "submitted" / "patched" / name, course=COURSE, assignments=[name])  # same folder label, same seed
    assert earned.score < earned.max_score
    assert scores[(name, "patched")] <= earned.score
    assert scores[(name, "patched")] < _autograded_points(name)


@needs_jupyter
@pytest.mark.slow
def test_nbgrader_correct_code_that_warns_loses_nothing(round_trip):
    root, scores = round_trip
    name = ROUND_TRIP_EXTRAS
    assert scores[(name, "noisy")] == _autograded_points(name)
    demo_stderr = "".join(_stderr(c) for c in _read(_notebook_path(root / "autograded" / "noisy" / name))["cells"])
    assert "Warning" in demo_stderr, "the noisy variant should have warned in the demo cells"
