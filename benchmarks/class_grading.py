"""Grading a class of assignment 1, four ways, side by side in one run.

    python benchmarks/class_grading.py                 # 200 students, -j 2, nbgrader on 20
    python benchmarks/class_grading.py --students 12 --nbgrader-students 3 --json out.json

1. `autograder grade` of one submission, cold (a new process each time);
2. `autograder grade-all` of a generated class (reference, stubs, every catalogue entry, in turn);
3. plain pytest running the same hidden graders in-process, with no sandbox (serial);
4. `nbgrader autograde` of the same code in a notebook with equivalent checks.
Figures go to stdout (and --json); benchmarks/README.md records them.
"""
from __future__ import annotations

import argparse
import contextlib
import copy
import importlib.util
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.batch.sample import sample_class  # noqa: E402
from autograder.course import load_course  # noqa: E402
from autograder.grading import _pytest_args, seed_for  # noqa: E402
from autograder.plugin import GradingPlugin  # noqa: E402
from autograder.sandbox.client import CallOutcome, Limits  # noqa: E402
from autograder.student import StudentProxy  # noqa: E402

A1 = "self_attention"
AUTOGRADER = [sys.executable, "-m", "autograder"]


def timed(command: list[str], **kwargs) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - started


# -- 1 and 2: the autograder -------------------------------------------------
def cold_single(folder: Path, runs: int) -> float:
    """Median wall time of `autograder grade` on one submission, a new process each run."""
    return statistics.median(timed([*AUTOGRADER, "grade", str(folder), "--assignment", A1]) for _ in range(runs))


def batch(classroom: Path, jobs: int, scratch: Path) -> float:
    return timed([*AUTOGRADER, "grade-all", str(classroom), "--out", str(scratch / "out"), "-j", str(jobs), "--assignment", A1, "--deadline", "none"])


# -- 3: the same graders, in-process, no sandbox ------------------------------
class InProcess:
    """Stands in for the Sandbox: imports the student's module here and calls it directly."""

    def __init__(self, folder: Path):
        self.folder, self.modules = folder, {}

    def _module(self, name: str):
        if name not in self.modules:
            spec = importlib.util.spec_from_file_location(f"_student_{id(self)}_{name}", self.folder / f"{name}.py")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            self.modules[name] = module
        return self.modules[name]

    def call(self, module: str, function: str, *args, _measure_memory: bool = False, **kwargs) -> CallOutcome:
        before = copy.deepcopy((args, kwargs))
        try:
            value = getattr(self._module(module), function)(*args, **kwargs)
        except NotImplementedError:
            return CallOutcome("error", module, function, kind="not_implemented")
        except Exception as error:  # noqa: BLE001
            return CallOutcome("error", module, function, kind="exception", exception=type(error).__name__, message=str(error))
        changed = [f"argument {i + 1}" for i, (a, b) in enumerate(zip(args, before[0]))
                   if isinstance(a, np.ndarray) and not np.array_equal(a, b, equal_nan=True)]
        return CallOutcome("ok", module, function, value=value, mutated=tuple(changed), peak_bytes=0 if _measure_memory else None)

    def measure(self, module: str, function: str, *args, **kwargs) -> CallOutcome:
        return self.call(module, function, *args, _measure_memory=True, **kwargs)


class InProcessPlugin(GradingPlugin):
    def _proxy(self, assignment: str) -> StudentProxy:
        if assignment not in self._proxies:
            self._proxies[assignment] = StudentProxy(InProcess(self.submissions[assignment]))
        return self._proxies[assignment]


def plain_pytest(course, folders: list[Path]) -> float:
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    started = time.perf_counter()
    for folder in folders:
        plugin = InProcessPlugin(course=course, submissions={A1: folder / A1}, seed=seed_for(folder.name), limits=Limits())
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            pytest.main(_pytest_args(course, [A1]), plugins=[plugin])
    return time.perf_counter() - started


# -- 4: nbgrader ------------------------------------------------------------
CHECKS = {  # equivalent checks: each function against the reference on random and edge-case inputs
    "softmax": "for x in (rng.normal(size=(3, 5)), 1e3 * rng.normal(size=(2, 4, 6)), rng.normal(size=7)):\n"
               "    np.testing.assert_allclose(softmax(x), R['softmax'](x), rtol=1e-6, atol=1e-9)\n"
               "np.testing.assert_allclose(softmax(x, axis=0), R['softmax'](x, axis=0), rtol=1e-6, atol=1e-9)",
    "scaled_scores": "Q, K = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5, 4))\n"
                     "np.testing.assert_allclose(scaled_scores(Q, K), R['scaled_scores'](Q, K), rtol=1e-6, atol=1e-9)",
    "masks": "for n_q, n_k in ((4, 4), (2, 5), (1, 1)):\n"
             "    np.testing.assert_array_equal(causal_mask(n_q, n_k), R['causal_mask'](n_q, n_k))\n"
             "np.testing.assert_array_equal(padding_mask(np.array([2, 3]), 4), R['padding_mask'](np.array([2, 3]), 4))",
    "apply_mask": "s = rng.normal(size=(2, 3, 5)); m = R['causal_mask'](3, 5)\n"
                  "np.testing.assert_allclose(R['softmax'](apply_mask(s, m)), R['softmax'](R['apply_mask'](s, m)), atol=1e-9)",
    "attention": "Q, K, V = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 6))\n"
                 "for m in (None, R['causal_mask'](3, 5)):\n"
                 "    for got, want in zip(attention(Q, K, V, m), R['attention'](Q, K, V, m)):\n"
                 "        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-9)",
    "self_attention": "X, W = rng.normal(size=(2, 4, 3)), rng.normal(size=(3, 3, 5))\n"
                      "for got, want in zip(self_attention(X, *W), R['self_attention'](X, *W)):\n"
                      "    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-9)",
}


def _cell(source: str, **nbgrader) -> dict:
    meta = {"grade": False, "solution": False, "locked": True, "schema_version": 3, **nbgrader}
    return {"cell_type": "code", "metadata": {"nbgrader": meta}, "source": source, "outputs": [], "execution_count": None}


def make_notebook(solution: str, reference: str) -> dict:
    cells = [_cell(solution, solution=True, locked=False, grade_id="solution"),
             _cell(f"import numpy as np\nR = {{}}\nexec({reference!r}, R)\nrng = np.random.default_rng(0)", grade_id="setup")]
    cells += [_cell(f"### BEGIN HIDDEN TESTS\n{code}\n### END HIDDEN TESTS", grade=True, grade_id=f"test_{name}", points=2)
              for name, code in CHECKS.items()]
    return {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def nbgrader_autograde(course, folders: list[Path], scratch: Path) -> float:
    """Seconds for one `nbgrader autograde` call over ``folders`` (the generated minimal course)."""
    root = scratch / "nbgrader"
    source = (course.reference_dir / A1 / "attention.py").read_text()
    markers = ("### BEGIN SOLUTION", "### END SOLUTION")  # nbgrader would see them inside the embedded string
    reference = "\n".join(line for line in source.splitlines() if line.strip() not in markers)
    (root / "source" / A1).mkdir(parents=True)
    (root / "nbgrader_config.py").write_text("c = get_config()\nc.CourseDirectory.course_id = 'bench'\n")
    (root / "source" / A1 / "attention.ipynb").write_text(json.dumps(make_notebook(source, reference)))
    nb = ["nbgrader"]
    subprocess.run([*nb, "generate_assignment", A1, "--force"], cwd=root, check=True, capture_output=True)
    for folder in folders:
        target = root / "submitted" / folder.name / A1
        target.mkdir(parents=True)
        notebook = make_notebook((folder / A1 / "attention.py").read_text(), reference)
        (target / "attention.ipynb").write_text(json.dumps(notebook))
    seconds = timed([*nb, "autograde", A1, "--force"], cwd=root)
    graded = list((root / "autograded").glob(f"*/{A1}/attention.ipynb"))
    assert len(graded) == len(folders), f"nbgrader autograded {len(graded)} of {len(folders)} notebooks"
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--nbgrader-students", type=int, default=20, help="0 skips nbgrader")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    course = load_course(ROOT)
    with tempfile.TemporaryDirectory(prefix="bench-class-") as scratch:
        scratch = Path(scratch)
        sample_class(course, A1, scratch / "class", args.students)
        folders = sorted((scratch / "class").iterdir())
        figures = {"students": args.students, "jobs": args.jobs, "cpus": os.cpu_count()}
        figures["cold_single_s"] = cold_single(folders[0], args.cold_runs)
        figures["batch_s"] = batch(scratch / "class", args.jobs, scratch)
        figures["batch_per_s"] = args.students / figures["batch_s"]
        figures["plain_pytest_s"] = plain_pytest(course, folders)
        figures["plain_pytest_per_s"] = args.students / figures["plain_pytest_s"]
        if args.nbgrader_students and shutil.which("nbgrader"):
            few = folders[: args.nbgrader_students]
            figures["nbgrader_students"] = len(few)
            figures["nbgrader_s"] = nbgrader_autograde(course, few, scratch)
            figures["nbgrader_per_submission_s"] = figures["nbgrader_s"] / len(few)
            figures["batch_speedup_vs_nbgrader"] = figures["batch_per_s"] * figures["nbgrader_per_submission_s"]
            # One submission, cold, against one `nbgrader autograde` call for one submission.
            (scratch / "single").mkdir()
            figures["nbgrader_single_s"] = nbgrader_autograde(course, folders[:1], scratch / "single")
            figures["cold_speedup_vs_nbgrader"] = figures["nbgrader_single_s"] / figures["cold_single_s"]
    for name, value in figures.items():
        print(f"{name:28} {value:.3f}" if isinstance(value, float) else f"{name:28} {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
