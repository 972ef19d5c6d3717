"""The one result model every renderer reads.

A grading run produces a :class:`GradeReport`: plain, frozen data that knows
nothing about terminals, Gradescope or GitHub. Renderers in
:mod:`autograder.render` are pure functions of it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Status = Literal["passed", "failed", "error"]


@dataclass(frozen=True)
class TestResult:
    assignment: str
    name: str  # what the student reads, e.g. "softmax: matches the reference [batched]"
    node_id: str  # the grader test that produced it
    score: float
    max_score: float
    status: Status  # "error" means the grader itself broke, not the student
    feedback: str = ""
    diagnosis: str | None = None  # stable id of the named mistake, e.g. "missing-scale"
    visibility: str = "visible"
    output: str = ""  # what the student's code printed, truncated
    arrays: dict | None = None  # for instructors' reports only: {"what", "expected", "actual"} small matrices

    @property
    def passed(self) -> bool:
        return self.status == "passed"


@dataclass(frozen=True)
class GradeReport:
    seed: int
    tests: tuple[TestResult, ...]
    assignments: tuple[str, ...]
    problems: tuple[str, ...] = ()  # run-level messages, e.g. an assignment folder that is missing
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)

    @property
    def score(self) -> float:
        return round(sum(test.score for test in self.tests), 6)

    @property
    def max_score(self) -> float:
        return round(sum(test.max_score for test in self.tests), 6)

    def for_assignment(self, name: str) -> list[TestResult]:
        return [test for test in self.tests if test.assignment == name]

    def to_dict(self) -> dict:
        return {**asdict(self), "score": self.score, "max_score": self.max_score}

    @classmethod
    def from_dict(cls, data: dict) -> "GradeReport":
        return cls(
            seed=data["seed"],
            tests=tuple(TestResult(**test) for test in data["tests"]),
            assignments=tuple(data["assignments"]),
            problems=tuple(data.get("problems", ())),
            seconds=data.get("seconds", 0.0),
            extra=data.get("extra", {}),
        )
