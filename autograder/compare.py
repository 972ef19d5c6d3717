"""Compare a student's array with the expected one: a structured record first, words second.

The checks run in a fixed order, as numpy.testing does: type, shape, nan and
inf positions, values, then dtype. Unlike numpy.testing, the record never
carries the expected values themselves (they are hidden), only where and by how
much the student's answer is off.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .sandbox.wire import Foreign

# Documented in the README: a correct answer computed in any valid order passes.
TOLERANCES = {
    np.dtype(np.float64): (1e-6, 1e-9),  # (rtol, atol)
    np.dtype(np.float32): (1e-4, 1e-5),
    np.dtype(np.float16): (1e-2, 1e-3),
}
DEFAULT_TOLERANCE = (1e-6, 1e-9)


def tolerance_for(expected: np.ndarray) -> tuple[float, float]:
    return TOLERANCES.get(np.asarray(expected).dtype, DEFAULT_TOLERANCE)


@dataclass(frozen=True)
class Mismatch:
    """Why an answer is not the expected one."""

    problem: str  # "type", "shape", "nan", "values" or "dtype"
    expected_shape: tuple = ()
    actual_shape: tuple = ()
    expected_dtype: str = ""
    actual_dtype: str = ""
    actual_type: str = ""
    index: tuple | None = None  # first or worst offending position
    actual_value: float | None = None
    mismatched: int = 0
    total: int = 0
    max_abs_error: float = 0.0
    max_rel_error: float = 0.0
    rtol: float = 0.0
    atol: float = 0.0
    boolean: bool = False  # a mask: say True/False, not errors and tolerances

    def describe(self, what: str = "output") -> str:
        if self.problem == "type":
            return f"Your {what} is a {self.actual_type}, expected a numpy.ndarray (np.asarray converts it)."
        if self.problem == "shape":
            text = f"Your {what} has shape {self.actual_shape}, expected {self.expected_shape}."
            if len(self.actual_shape) >= 2 and self.actual_shape[:-2] + self.actual_shape[-2:][::-1] == self.expected_shape:
                text += " The last two axes look swapped."
            elif len(self.actual_shape) != len(self.expected_shape):
                text += " A batch or broadcast axis was added or lost."
            return text
        if self.problem == "nan":
            found = "nan" if self.actual_value is not None and np.isnan(self.actual_value) else str(self.actual_value)
            return (
                f"Your {what} has {found} at index {self.index} where a finite number was expected "
                f"({self.mismatched} of {self.total} entries are nan or inf)."
            )
        if self.problem == "values" and self.boolean:
            share = 100.0 * self.mismatched / max(self.total, 1)
            return (
                f"Your {what} differs in {self.mismatched} of {self.total} entries ({share:.1f}%). "
                f"The first difference is at index {self.index}, where your value is {bool(self.actual_value)}."
            )
        if self.problem == "values":
            share = 100.0 * self.mismatched / max(self.total, 1)
            return (
                f"Your {what} differs in {self.mismatched} of {self.total} entries ({share:.1f}%). "
                f"Largest error {self.max_abs_error:.3g} (relative {self.max_rel_error:.3g}) at index {self.index}, "
                f"where your value is {self.actual_value:.6g}. Tolerance: rtol={self.rtol:g}, atol={self.atol:g}."
            )
        if self.problem == "dtype":
            return f"Your {what} has dtype {self.actual_dtype}, expected {self.expected_dtype}."
        return f"Your {what} does not match."


def _index(flat_index: int, shape: tuple) -> tuple:
    return tuple(int(i) for i in np.unravel_index(flat_index, shape)) if shape else ()


def compare(actual, expected: np.ndarray, rtol: float | None = None, atol: float | None = None, check_dtype: bool = True) -> Mismatch | None:
    """None when ``actual`` matches ``expected`` within tolerance, else the first problem found."""
    expected = np.asarray(expected)
    default_rtol, default_atol = tolerance_for(expected)
    rtol = default_rtol if rtol is None else rtol
    atol = default_atol if atol is None else atol
    if not isinstance(actual, np.ndarray):
        name = actual.type_name if isinstance(actual, Foreign) else type(actual).__name__
        if isinstance(actual, Foreign) and actual.description:  # e.g. "too large to send back: ..."
            name += f" ({actual.description})"
        return Mismatch("type", actual_type=name)
    if actual.shape != expected.shape:
        return Mismatch("shape", expected_shape=expected.shape, actual_shape=actual.shape)
    if actual.dtype.kind not in "biuf" or expected.dtype.kind not in "biuf":
        if actual.dtype != expected.dtype or not np.array_equal(actual, expected):
            return Mismatch("dtype", expected_dtype=str(expected.dtype), actual_dtype=str(actual.dtype))
        return None
    got = actual.astype(np.float64)
    want = expected.astype(np.float64)
    bad_finite = ~np.isfinite(got) & np.isfinite(want)
    if bad_finite.any():
        first = int(np.flatnonzero(bad_finite)[0])
        return Mismatch(
            "nan", index=_index(first, got.shape), actual_value=float(got.flat[first]),
            mismatched=int(bad_finite.sum()), total=got.size,
        )
    with np.errstate(all="ignore"):
        error = np.abs(got - want)
        error = np.where(np.isfinite(want) | np.isfinite(got), error, 0.0)  # inf where inf expected is fine
        error = np.where(np.isnan(error), np.inf, error)  # finite where inf expected
        wrong = error > atol + rtol * np.abs(np.nan_to_num(want, posinf=0.0, neginf=0.0))
    if wrong.any() and expected.dtype.kind == "b":
        first = int(np.flatnonzero(wrong)[0])
        return Mismatch(
            "values", index=_index(first, got.shape), actual_value=float(got.flat[first]),
            mismatched=int(wrong.sum()), total=got.size, boolean=True,
        )
    if wrong.any():
        worst = int(np.argmax(np.where(wrong, error, -1.0)))
        with np.errstate(all="ignore"):
            relative = error.flat[worst] / max(abs(float(want.flat[worst])), np.finfo(np.float64).tiny)
        return Mismatch(
            "values", index=_index(worst, got.shape), actual_value=float(got.flat[worst]),
            mismatched=int(wrong.sum()), total=got.size, max_abs_error=float(error.flat[worst]),
            max_rel_error=float(relative), rtol=rtol, atol=atol,
        )
    if check_dtype and actual.dtype != expected.dtype:
        return Mismatch("dtype", expected_dtype=str(expected.dtype), actual_dtype=str(actual.dtype))
    return None


def same_values(actual, imitation, rtol: float, atol: float) -> bool:
    """Whether ``actual`` equals a mistake's imitation (nan and inf where it has them, too)."""
    if not isinstance(actual, np.ndarray) or actual.dtype.kind not in "biuf":
        return False
    imitation = np.asarray(imitation)
    if imitation.dtype.kind not in "biuf" or actual.shape != imitation.shape:
        return False
    with np.errstate(all="ignore"):
        return bool(np.allclose(actual.astype(np.float64), imitation.astype(np.float64), rtol=rtol, atol=atol, equal_nan=True))
