"""The entry point of a notebook's autograded test cells: ``check(assignment, *functions)``.

A test cell runs in the student's kernel, where the student's module has been
imported and may have replaced ``np.allclose`` or ``np.testing``. So nothing
is judged here: the hidden graders run in a fresh interpreter
(:mod:`.runner`), which hands the student's module to the sandbox exactly as
``autograder grade`` does, and the kernel only reads the report back. Its
output is captured, so nothing reaches the kernel's stderr (nbgrader fails a
test cell that writes there).

The first check of a notebook grades the whole assignment; later checks reuse
that report while the student's files are unchanged.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from ..render.text import render_text
from ..results import GradeReport

PACKAGE_PARENT = Path(__file__).resolve().parent.parent.parent
RUNNER_SECONDS = 600  # well above the sandbox's own budget for one assignment

_reports: dict[tuple, GradeReport] = {}


def _fingerprint(folder: Path) -> str:
    """A digest of the student's Python files: a new one means grading again."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _run_graders(folder: Path, assignment: str) -> GradeReport:
    with tempfile.TemporaryDirectory(prefix="notebook-check-") as scratch:
        output = Path(scratch) / "report.json"
        bootstrap = f"import sys; sys.path.insert(0, {str(PACKAGE_PARENT)!r}); from autograder.notebooks.runner import main; sys.exit(main())"
        done = subprocess.run(
            [sys.executable, "-I", "-c", bootstrap, str(folder), assignment, str(output)],
            cwd=scratch, capture_output=True, text=True, timeout=RUNNER_SECONDS,
        )
        if done.returncode != 0 or not output.is_file():
            reason = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
            raise RuntimeError(f"the hidden graders could not run: {reason}")
        return GradeReport.from_dict(json.loads(output.read_text(encoding="utf-8")))


def report_for(folder: Path, assignment: str) -> GradeReport:
    """The hidden graders' report on ``folder``, graded once per version of its Python files."""
    key = (str(folder), assignment, _fingerprint(folder))
    if key not in _reports:
        _reports[key] = _run_graders(folder, assignment)
    return _reports[key]


def grader_function(node_id: str) -> str:
    """``test_1_softmax.py::test_softmax_keeps_float32[x]`` -> ``test_softmax_keeps_float32``."""
    return node_id.rpartition("::")[2].partition("[")[0]


def is_test_of(function: str, node_id: str) -> bool:
    """Whether a grader test checks ``function``: its name is ``test_<function>`` or ``test_<function>_...``."""
    name = grader_function(node_id)
    return name == f"test_{function}" or name.startswith(f"test_{function}_")


def check(assignment: str, *functions: str, folder: str | os.PathLike | None = None) -> None:
    """Run the hidden grader tests of ``functions`` on the student's code in ``folder`` (default: here).

    Raises AssertionError with the graders' feedback if any of those tests lost
    points, so nbgrader gives the cell no points; prints a one-line summary otherwise.
    """
    folder = Path(folder or os.getcwd()).resolve()
    report = report_for(folder, assignment)
    selected = tuple(t for t in report.tests if any(is_test_of(f, t.node_id) for f in functions))
    if not selected:
        raise LookupError(f"no hidden grader test of {', '.join(functions)} in {assignment} (grader problem: tell your instructor)")
    part = GradeReport(seed=report.seed, tests=selected, assignments=(assignment,), problems=report.problems, seconds=report.seconds)
    if part.score < part.max_score or part.problems:
        raise AssertionError("\n" + render_text(part))
    print(f"{', '.join(functions)}: all {len(selected)} hidden tests passed ({part.max_score:g} points)")
