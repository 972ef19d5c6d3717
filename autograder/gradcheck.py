"""Gradient checks for graders: a student's analytic gradient against central differences.

The numerical gradient is always computed in the grader's process, from the
reference forward pass, never from the student's code. A backward pass is
checked through a scalar loss: with an upstream gradient ``dOut``, the loss
``sum(forward(x) * dOut)`` has the gradient that the backward pass returns.

    from autograder.gradcheck import expect_gradient_matches, scalar_loss

    def test_dq(student, reference, rng):
        Q, K, V = (rng.standard_normal(shape) for shape in [(3, 4), (5, 4), (5, 2)])
        dOut = rng.standard_normal((3, 2))
        dQ, dK, dV = student.backward.attention_backward(dOut, Q, K, V)
        forward = reference.backward.attention_forward
        expect_gradient_matches(dQ, scalar_loss(lambda q: forward(q, K, V)[0], dOut), Q, what="dQ")

Each entry costs two forward passes: keep the arrays small (tens of entries).
"""
from __future__ import annotations

from typing import Callable, Iterable

import numpy as np

from .checks import GENERIC, CheckFailed, Mistake, identify, matrix_slices
from .compare import compare, tolerance_for
from .diagnosis import Diagnosis

WRONG_GRADIENT = Diagnosis(
    "wrong-gradient",
    "Your gradient disagrees with a finite-difference estimate of the true one.",
    "Check each step on a tiny example: nudge one input entry by ±h and compare (f(x+h) - f(x-h)) / 2h with your gradient entry.",
)


def scalar_loss(forward: Callable[[np.ndarray], np.ndarray], upstream: np.ndarray) -> Callable[[np.ndarray], float]:
    """The scalar loss ``x -> sum(forward(x) * upstream)``, whose gradient a backward pass given ``upstream`` returns."""
    return lambda x: float(np.sum(forward(x) * upstream))


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of the scalar function ``f`` at ``x``.

    Args:
        f: maps an array shaped like x to a float.
        x: the point, any shape; computed in float64 whatever its dtype.
        eps: the step; 1e-6 balances truncation (eps²) and rounding (1e-16 / eps) errors.

    Returns:
        float64 array shaped like x: (f(x + eps e_i) - f(x - eps e_i)) / (2 eps) at each entry i.

    >>> numerical_gradient(lambda v: float(np.sum(v ** 2)), np.array([1.0, -2.0])).round(6)
    array([ 2., -4.])
    """
    point = np.array(x, dtype=np.float64)  # a private copy: the caller's x is never touched
    grad = np.empty_like(point)
    flat, out = point.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        kept = flat[i]
        flat[i] = kept + eps
        above = f(point)
        flat[i] = kept - eps
        below = f(point)
        flat[i] = kept
        out[i] = (above - below) / (2 * eps)
    return grad


def expect_gradient_matches(
    analytic,
    f: Callable[[np.ndarray], float],
    x: np.ndarray,
    what: str = "gradient",
    *,
    eps: float = 1e-6,
    rtol: float = 1e-5,
    atol: float = 1e-7,
    mistakes: Iterable[Mistake] = (),
    inputs: dict | None = None,
) -> None:
    """Pass when ``analytic`` (the student's gradient of f at x) matches central differences; else raise CheckFailed.

    The tolerances allow for the finite-difference error, so the check fits
    float64 inputs of moderate size. When it fails, ``mistakes`` (imitated on
    ``inputs`` at the dtype's usual tolerance) may name the error; otherwise
    the diagnosis is ``wrong-gradient`` (or the generic one for a wrong type,
    shape or nan).
    """
    numerical = numerical_gradient(f, x, eps)
    mismatch = compare(analytic, numerical, rtol=rtol, atol=atol, check_dtype=False)
    if mismatch is None:
        return
    label = f"{what} (checked against central differences, eps={eps:g})"
    default_rtol, default_atol = tolerance_for(numerical)
    diagnosis = identify(analytic, mistakes, inputs or {}, default_rtol, default_atol)
    if diagnosis is None:
        diagnosis = WRONG_GRADIENT if mismatch.problem == "values" else GENERIC[mismatch.problem]
    raise CheckFailed(mismatch.describe(label), mismatch=mismatch, diagnosis=diagnosis, arrays=matrix_slices(what, analytic, numerical))
