"""The pytest plugin that turns hidden grader files into a :class:`GradeReport`.

Graders are plain pytest files under ``autograder/graders/<assignment>/``.
This plugin gives them their fixtures (``student``, ``reference``, ``rng``,
``seed``), reads the ``points`` marker, and records one :class:`TestResult`
per test, with the feedback and diagnosis of its failure.
"""
from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pytest

from .checks import CheckFailed
from .course import Course
from .reference import ReferenceModules
from .results import TestResult
from .sandbox.client import Limits, Sandbox
from .student import StudentCallFailed, StudentProxy

OUTPUT_SHOWN = 1500  # characters of the student's printed output kept per test


class GradingPlugin:
    def __init__(self, *, course: Course, submissions: dict[str, Path], seed: int, limits: Limits):
        self.course, self.submissions, self.grading_seed, self.limits = course, submissions, seed, limits
        self.results: list[TestResult] = []
        self.problems: list[str] = []
        self._sandboxes: dict[str, Sandbox] = {}
        self._proxies: dict[str, StudentProxy] = {}

    # -- helpers ---------------------------------------------------------
    def assignment_of(self, item) -> str:
        return Path(item.path).resolve().relative_to(self.course.graders_dir.resolve()).parts[0]

    def _proxy(self, assignment: str) -> StudentProxy:
        if assignment not in self._proxies:
            hidden = (self.course.reference_dir, self.course.graders_dir, self.course.root)
            sandbox = Sandbox(self.submissions[assignment], self.limits, hide=hidden)
            self._sandboxes[assignment] = sandbox
            self._proxies[assignment] = StudentProxy(sandbox)
        return self._proxies[assignment]

    def close(self) -> None:
        for sandbox in self._sandboxes.values():
            sandbox.close()
        self._sandboxes.clear()

    # -- fixtures --------------------------------------------------------
    @pytest.fixture
    def student(self, request) -> StudentProxy:
        proxy = self._proxy(self.assignment_of(request.node))
        proxy.outcomes = []
        return proxy

    @pytest.fixture
    def reference(self, request) -> ReferenceModules:
        return ReferenceModules(self.assignment_of(request.node), self.course.reference_dir)

    @pytest.fixture
    def seed(self) -> int:
        return self.grading_seed

    @pytest.fixture
    def rng(self, request) -> np.random.Generator:
        """Random inputs that depend on the student's seed and on the test, nothing else."""
        return np.random.default_rng([self.grading_seed, zlib.crc32(request.node.nodeid.encode())])

    # -- hooks -----------------------------------------------------------
    def pytest_configure(self, config) -> None:
        config.addinivalue_line("markers", "points(n): points this grader test is worth")
        config.addinivalue_line("markers", "visibility(v): Gradescope visibility (visible, hidden, after_due_date, after_published)")

    def pytest_collectreport(self, report) -> None:
        if report.failed:
            self.problems.append(f"grader error while collecting {report.nodeid}: {report.longreprtext.strip().splitlines()[-1]}")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        if call.when == "call" or (report.when == "setup" and not report.passed):
            self.results.append(self._result(item, call, report))
        return report

    def _result(self, item, call, report) -> TestResult:
        marker = item.get_closest_marker("points")
        points = float(marker.args[0]) if marker else 1.0
        visibility = item.get_closest_marker("visibility")
        doc = (getattr(item, "function", None).__doc__ or item.name).strip().splitlines()[0]
        callspec = getattr(item, "callspec", None)
        name = f"{doc} [{callspec.id}]" if callspec else doc
        common = dict(
            assignment=self.assignment_of(item), name=name, node_id=item.nodeid, max_score=points,
            visibility=visibility.args[0] if visibility else "visible",
        )
        if report.passed:  # a passing test may still leave text, e.g. collected written answers
            feedback = "\n".join(str(text) for key, text in item.user_properties if key == "feedback")
            return TestResult(score=points, status="passed", feedback=feedback, **common)
        proxy = self._proxies.get(common["assignment"])
        printed = "".join(outcome.output for outcome in proxy.outcomes) if proxy else ""
        error = call.excinfo.value if call.excinfo else None
        if isinstance(error, (CheckFailed, StudentCallFailed)):
            diagnosis = error.diagnosis
            text = diagnosis.feedback(error.message) if diagnosis else error.message
            arrays = getattr(error, "arrays", None)
            return TestResult(
                score=0.0, status="failed", feedback=text, diagnosis=diagnosis.id if diagnosis else None,
                output=printed[:OUTPUT_SHOWN], arrays=arrays, **common,
            )
        if isinstance(error, AssertionError):  # a plain assert in a grader: its message is for the student
            return TestResult(score=0.0, status="failed", feedback=str(error) or "A check failed.", output=printed[:OUTPUT_SHOWN], **common)
        # Anything else is the grader's fault, not the student's: say so.
        detail = report.longreprtext.strip().splitlines()[-1] if report.longreprtext else repr(error)
        return TestResult(score=0.0, status="error", feedback=f"Internal grader error (tell your instructor): {detail}", **common)
