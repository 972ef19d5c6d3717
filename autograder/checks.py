"""What graders call: comparisons that name the student's mistake.

A grader test computes the expected answer with the reference, then calls
:func:`expect_close`. When the answer is wrong, the check tries every
:class:`Mistake` registered for that function: each one imitates a known wrong
implementation on the same inputs, and the first whose imitation equals the
student's answer names the mistake. The failure is raised as
:class:`CheckFailed`, which the grading plugin turns into feedback.

    SOFTMAX = [Mistake("softmax-wrong-axis", "You normalised over the wrong axis.",
                       hint="Sum over `axis`, with keepdims=True.",
                       imitate=lambda x, axis: ref_softmax(x, axis=0))]

    def test_softmax(student, reference):
        x = ...
        got = student.attention.softmax(x, axis=-1)
        expect_close(got, reference.attention.softmax(x), what="softmax(x)",
                     mistakes=SOFTMAX, inputs=dict(x=x, axis=-1))
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

import numpy as np

from .compare import Mismatch, compare, same_values, tolerance_for
from .diagnosis import Diagnosis
from .failures import StudentCallFailed


@dataclass(frozen=True)
class Mistake:
    """A known wrong implementation, imitated on the grader's inputs."""

    id: str
    sentence: str
    imitate: Callable[..., Any]  # called with the test's inputs as keyword arguments
    hint: str = ""

    @property
    def diagnosis(self) -> Diagnosis:
        return Diagnosis(self.id, self.sentence, self.hint)


class CheckFailed(AssertionError):
    """A failed check: what was wrong (structured) and, when known, which mistake it was."""

    def __init__(self, message: str, *, mismatch: Mismatch | None = None, diagnosis: Diagnosis | None = None, arrays: dict | None = None):
        super().__init__(message)
        self.message, self.mismatch, self.diagnosis = message, mismatch, diagnosis
        self.arrays = arrays  # {"what", "expected", "actual"}: small slices for instructors' heatmaps


# Diagnoses that need no imitation: they follow from the shape of the mismatch.
GENERIC = {
    "type": Diagnosis("wrong-type", "Your function returned something other than a numpy array.", named=False),
    "shape": Diagnosis("wrong-shape", "Your answer has the wrong shape.", "Print the shape after each step and compare with the docstring.", named=False),
    "nan": Diagnosis("nan-in-output", "Your answer contains nan or inf where the correct one is finite.", named=False),
    "values": Diagnosis("wrong-values", "Your answer has the right shape but wrong values.", named=False),
    "dtype": Diagnosis(
        "wrong-dtype",
        "Your values are right but the dtype is not.",
        "A float32 input should give a float32 output: beware np.float64 scalars such as np.sqrt(d_k); math.sqrt keeps float32.",
        named=False,
    ),
}


def identify(actual, mistakes: Iterable[Mistake], inputs: dict, rtol: float, atol: float) -> Diagnosis | None:
    """The first mistake whose imitation on ``inputs`` equals ``actual``."""
    for mistake in mistakes:
        with np.errstate(all="ignore"):
            try:
                imitation = mistake.imitate(**inputs)
            except Exception:  # a mistake that cannot happen on these inputs
                continue
        if same_values(actual, imitation, rtol, atol):
            return mistake.diagnosis
    return None


def expect_close(
    actual,
    expected,
    *,
    what: str = "output",
    mistakes: Iterable[Mistake] = (),
    inputs: dict | None = None,
    rtol: float | None = None,
    atol: float | None = None,
    check_dtype: bool = True,
    dtype_diagnosis: Diagnosis | None = None,
) -> None:
    """Pass when ``actual`` equals ``expected`` within the dtype's tolerance; else raise CheckFailed.

    Mistakes are tried only once the answer is known to be wrong, so a correct
    answer costs one comparison. ``dtype_diagnosis`` replaces the generic
    message for right values in the wrong dtype.
    """
    expected = np.asarray(expected)
    mismatch = compare(actual, expected, rtol=rtol, atol=atol, check_dtype=check_dtype)
    if mismatch is None:
        return
    default_rtol, default_atol = tolerance_for(expected)
    diagnosis = None
    if mismatch.problem != "dtype":
        diagnosis = identify(actual, mistakes, inputs or {}, rtol or default_rtol, atol or default_atol)
    if mismatch.problem == "dtype" and dtype_diagnosis:
        diagnosis = dtype_diagnosis
    diagnosis = diagnosis or GENERIC[mismatch.problem]
    raise CheckFailed(mismatch.describe(what), mismatch=mismatch, diagnosis=diagnosis, arrays=matrix_slices(what, actual, expected))


MAX_SIDE = 32


def _first_matrix(array) -> list | None:
    """The first (n, m) matrix of an array of 2 or more dimensions, as nested lists, or None."""
    if not isinstance(array, np.ndarray) or array.ndim < 2 or array.dtype.kind not in "biuf":
        return None
    matrix = array.reshape(-1, *array.shape[-2:])[0][:MAX_SIDE, :MAX_SIDE].astype(np.float64)
    return [[value if np.isfinite(value) else None for value in row] for row in matrix.tolist()]  # JSON has no nan


def matrix_slices(what: str, actual, expected) -> dict | None:
    """Small slices of both arrays, so an instructor's report can draw them side by side."""
    got, want = _first_matrix(actual), _first_matrix(expected)
    if got is None or want is None:
        return None
    return {"what": what, "expected": want, "actual": got}


def expect(condition: bool, message: str, *, diagnosis: Diagnosis | None = None) -> None:
    """A plain check with a message for the student, and optionally a named mistake."""
    if not condition:
        raise CheckFailed(message, diagnosis=diagnosis)


def expect_tuple(value, length: int, what: str) -> tuple:
    """``value`` as a tuple of ``length`` items, or a CheckFailed that says what came back."""
    if not isinstance(value, (tuple, list)) or len(value) != length:
        found = f"a {type(value).__name__}" + (f" of length {len(value)}" if isinstance(value, (tuple, list)) else "")
        raise CheckFailed(
            f"{what} should return a tuple of {length} arrays; it returned {found}.",
            diagnosis=Diagnosis("wrong-return", f"{what} returns the wrong number of values.", f"Return a tuple: `return {', '.join(['...'] * length)}`."),
        )
    return tuple(value)


INPUT_MUTATED = Diagnosis(
    "input-mutated",
    "Your function changed one of its input arrays in place.",
    "Write `x = x - m` instead of `x -= m`: the caller's array must stay as it was.",
)


def expect_inputs_unchanged(call) -> None:
    """Fail when the student's call failed, or modified any argument (the sandbox compares them)."""
    if not call.ok:
        raise StudentCallFailed(call)
    if call.mutated:
        raise CheckFailed(f"Your function modified its input(s) in place: {', '.join(call.mutated)}.", diagnosis=INPUT_MUTATED)
