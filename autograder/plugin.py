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
from .grading import open_sandboxes
from .reference import ReferenceModules
from .results import TestResult
from .sandbox.client import Limits, Sandbox
from .student import StudentCallFailed, StudentProxy

OUTPUT_SHOWN = 1500  # characters of the student's printed output kept per test


class GradingPlugin:
    def __init__(self, *, course: Course, submissions: dict[str, Path], seed: int, limits: Limits, sandboxes: dict[str, Sandbox] | None = None, drive=None):
        """``sandboxes``: already started ones, by assignment (the caller closes them); others are made when needed.

        ``drive``: when given, the session runs no tests by itself but calls
        ``drive(run)``, and ``run(submissions, seed, limits, sandboxes)`` runs
        the collected tests for one submission (see :func:`grading.session`).
        """
        self.course, self.limits = course, limits
        self.drive, self.driven = drive, False
        self._collection_problems: list[tuple[str, str]] = []  # (assignment, message), kept for every submission
        self._assignments: dict[str, str] = {}
        self.begin(submissions, seed, limits, sandboxes or {})

    def begin(self, submissions: dict[str, Path], seed: int, limits: Limits, sandboxes: dict[str, Sandbox]) -> None:
        """Forget the last submission's results; grade ``submissions`` next."""
        self.submissions, self.grading_seed, self.limits = submissions, seed, limits
        self.results: list[TestResult] = []
        self.problems: list[str] = [message for assignment, message in self._collection_problems if assignment in submissions]
        self._sandboxes: dict[str, Sandbox] = dict(sandboxes)
        self._proxies: dict[str, StudentProxy] = {}

    # -- one submission's state, swapped in and out when several share a test run --
    _STATE = ("submissions", "grading_seed", "limits", "results", "problems", "_sandboxes", "_proxies")

    def _save(self) -> dict:
        return {name: getattr(self, name) for name in self._STATE}

    def _restore(self, state: dict) -> None:
        for name, value in state.items():
            setattr(self, name, value)

    # -- helpers ---------------------------------------------------------
    def assignment_of(self, item) -> str:
        key = str(item.path)  # asked several times per test: resolving paths each time was a tenth of a batch
        if key not in self._assignments:
            self._assignments[key] = Path(item.path).resolve().relative_to(self.course.graders_dir.resolve()).parts[0]
        return self._assignments[key]

    def _proxy(self, assignment: str) -> StudentProxy:
        if assignment not in self._proxies:
            if assignment not in self._sandboxes:
                self._sandboxes.update(open_sandboxes(self.course, {assignment: self.submissions[assignment]}, self.limits, None))
            self._proxies[assignment] = StudentProxy(self._sandboxes[assignment])
        return self._proxies[assignment]

    def close(self) -> None:
        for sandbox in self._sandboxes.values():
            sandbox.close()
        self._sandboxes.clear()

    # -- fixtures --------------------------------------------------------
    def _student_for(self, item) -> StudentProxy:
        proxy = self._proxy(self.assignment_of(item))
        proxy.outcomes = []
        return proxy

    def _rng_for(self, item) -> np.random.Generator:
        return np.random.default_rng([self.grading_seed, zlib.crc32(item.nodeid.encode())])

    @pytest.fixture
    def student(self, request) -> StudentProxy:
        return self._student_for(request.node)

    @pytest.fixture
    def reference(self, request) -> ReferenceModules:
        return ReferenceModules(self.assignment_of(request.node), self.course.reference_dir)

    @pytest.fixture
    def seed(self) -> int:
        return self.grading_seed

    @pytest.fixture
    def rng(self, request) -> np.random.Generator:
        """Random inputs that depend on the student's seed and on the test, nothing else."""
        return self._rng_for(request.node)

    # -- hooks -----------------------------------------------------------
    def pytest_configure(self, config) -> None:
        config.addinivalue_line("markers", "points(n): points this grader test is worth")
        config.addinivalue_line("markers", "visibility(v): Gradescope visibility (visible, hidden, after_due_date, after_published)")

    def pytest_collectreport(self, report) -> None:
        if report.failed:
            message = f"grader error while collecting {report.nodeid}: {report.longreprtext.strip().splitlines()[-1]}"
            self.problems.append(message)
            self._collection_problems.append((report.nodeid.split("/")[0], message))

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        if self.drive is None:
            return None  # pytest's own loop
        self.driven = True
        run = lambda *submission: self._run(session, *submission)  # noqa: E731
        run.many = lambda cohort: self._run_cohort(session, cohort)
        self.drive(run)
        return True

    # Fixtures whose value may differ between the members of a cohort; set per member.
    PER_SUBMISSION = {"student", "rng", "seed"}
    SHARED = {"reference", "request"}

    def _shareable(self, item) -> bool:
        """Whether one run of ``item``'s protocol can serve several submissions.

        True when every fixture it uses is ours or a direct parameter: a grader's
        own fixture might depend on the student or the seed, so it is run per submission.
        """
        params = getattr(getattr(item, "callspec", None), "params", {})
        return all(name in self.PER_SUBMISSION | self.SHARED or name in params for name in item.fixturenames)

    def _run_cohort(self, session, cohort: list[tuple]) -> list[tuple[list[TestResult], list[str]]]:
        """Grade several submissions of the same assignments, running each shareable test's protocol once for all.

        A grader that failed to collect stops the tests of its assignment, as in pytest.

        ``cohort``: (submissions, seed, limits, sandboxes) tuples. pytest's
        per-test work (setup, reports, hooks) is paid once per test instead of
        once per test and submission; each submission still gets its own
        ``student``, ``rng`` and ``seed`` and its own results.
        """
        states = []
        for submissions, seed, limits, sandboxes in cohort:
            self.begin(submissions, seed, limits, sandboxes)
            states.append(self._save())
        names = set(cohort[0][0])
        items = [] if self.problems else [item for item in session.items if self.assignment_of(item) in names]
        for item, following in zip(items, [*items[1:], None]):
            if self._shareable(item):
                self._cohort = states
                self._restore(states[0])
                try:
                    item.config.hook.pytest_runtest_protocol(item=item, nextitem=following)
                finally:
                    self._cohort = None
            else:
                for state in states:
                    self._restore(state)
                    item.config.hook.pytest_runtest_protocol(item=item, nextitem=following)
        answers = []
        for state, (_, _, _, sandboxes) in zip(states, cohort):
            self._restore(state)
            for name, sandbox in self._sandboxes.items():
                if name not in sandboxes:
                    sandbox.close()
            answers.append((self.results, self.problems))
        self.begin({}, 0, Limits(), {})
        return answers

    _cohort: list[dict] | None = None

    @pytest.hookimpl(tryfirst=True)
    def pytest_pyfunc_call(self, pyfuncitem):
        """In a cohort, call the test function once per submission and record each result here."""
        if self._cohort is None:
            return None
        arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        for state in self._cohort:
            self._restore(state)
            if "student" in arguments:
                arguments["student"] = self._student_for(pyfuncitem)
            if "rng" in arguments:
                arguments["rng"] = self._rng_for(pyfuncitem)
            if "seed" in arguments:
                arguments["seed"] = self.grading_seed
            pyfuncitem.user_properties.clear()
            try:
                pyfuncitem.obj(**arguments)
                error = None
            except (Exception, pytest.fail.Exception, pytest.skip.Exception) as raised:  # judged as pytest would, per submission
                error = raised
            self.results.append(self._result_for(pyfuncitem, error, repr(error)))
        return True

    def _run(self, session, submissions, seed, limits, sandboxes) -> tuple[list[TestResult], list[str]]:
        """Run the collected tests of one submission: a cohort of one."""
        return self._run_cohort(session, [(submissions, seed, limits, sandboxes)])[0]

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        if self._cohort is not None:  # the call recorded each submission's result; a broken setup fails them all
            if report.when == "setup" and not report.passed:
                for state in self._cohort:
                    self._restore(state)
                    self.results.append(self._result(item, call, report))
                self._restore(self._cohort[0])
        elif call.when == "call" or (report.when == "setup" and not report.passed):
            self.results.append(self._result(item, call, report))
        return report

    def _result(self, item, call, report) -> TestResult:
        if report.passed:
            return self._result_for(item, None, "")
        error = call.excinfo.value if call.excinfo else None
        detail = report.longreprtext.strip().splitlines()[-1] if report.longreprtext else repr(error)
        return self._result_for(item, error, detail)

    def _result_for(self, item, error: BaseException | None, detail: str) -> TestResult:
        """The result of ``item`` for the current submission: passed when ``error`` is None."""
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
        if error is None:  # a passing test may still leave text, e.g. collected written answers
            feedback = "\n".join(str(text) for key, text in item.user_properties if key == "feedback")
            return TestResult(score=points, status="passed", feedback=feedback, **common)
        proxy = self._proxies.get(common["assignment"])
        printed = "".join(outcome.output for outcome in proxy.outcomes) if proxy else ""
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
        return TestResult(score=0.0, status="error", feedback=f"Internal grader error (tell your instructor): {detail}", **common)
