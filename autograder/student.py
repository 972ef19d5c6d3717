"""How a grader reaches the student's code: ``student.attention.softmax(x)``.

Each call goes through the :class:`~autograder.sandbox.client.Sandbox`; a call
that does not return a value raises :class:`StudentCallFailed`, which the
grading plugin turns into feedback ("not implemented yet", the exception and
the line it came from, a timeout...). Use ``.call(...)`` to get the
:class:`CallOutcome` itself, e.g. to check that inputs were left unchanged.
"""
from __future__ import annotations

from .failures import StudentCallFailed
from .sandbox.client import CallOutcome, Sandbox


class FunctionProxy:
    def __init__(self, owner: "StudentProxy", module: str, function: str):
        self._owner, self.module, self.function = owner, module, function

    def call(self, *args, **kwargs) -> CallOutcome:
        outcome = self._owner.sandbox.call(self.module, self.function, *args, **kwargs)
        self._owner.outcomes.append(outcome)
        return outcome

    def measure(self, *args, **kwargs) -> CallOutcome:
        """The call's outcome, with ``peak_bytes``: the memory it added at its peak."""
        outcome = self._owner.sandbox.measure(self.module, self.function, *args, **kwargs)
        self._owner.outcomes.append(outcome)
        return outcome

    def __call__(self, *args, **kwargs):
        outcome = self.call(*args, **kwargs)
        if not outcome.ok:
            raise StudentCallFailed(outcome)
        return outcome.value


class ModuleProxy:
    def __init__(self, owner: "StudentProxy", module: str):
        self._owner, self._module = owner, module

    def __getattr__(self, function: str) -> FunctionProxy:
        if function.startswith("__"):
            raise AttributeError(function)
        return FunctionProxy(self._owner, self._module, function)


class StudentProxy:
    """The student's modules for one assignment; records every call of the current test."""

    def __init__(self, sandbox: Sandbox):
        self.sandbox = sandbox
        self.outcomes: list[CallOutcome] = []

    def __getattr__(self, module: str) -> ModuleProxy:
        if module.startswith("__"):
            raise AttributeError(module)
        return ModuleProxy(self, module)
