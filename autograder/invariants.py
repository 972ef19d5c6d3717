"""Invariant checks for graders: properties every correct answer has, whatever the exact values.

A comparison with the reference says "wrong"; an invariant says which
promise was broken, and holds for any valid implementation. Each check calls
the student's function through a plain callable (so the student runs in the
sandbox), or inspects an answer already returned, and raises
:class:`~autograder.checks.CheckFailed` with a diagnosis when the property fails.

    from autograder.invariants import expect_causal, expect_permutation_equivariant, expect_rows_sum_to_one

    def test_block_is_causal(student, reference, rng):
        x, params = ...
        run = lambda x: expect_tuple(student.decoder.decoder_block(x, params), 2, "decoder_block")[0]
        expect_causal(run, x, rng, what="decoder_block output")

    def test_block_without_mask_is_equivariant(student, rng):
        run = lambda x: expect_tuple(student.decoder.decoder_block(x, params, causal=False), 2, "decoder_block")[0]
        expect_permutation_equivariant(run, x, rng, what="decoder_block output")

    expect_rows_sum_to_one(weights, what="attention weights", allow_zero_rows=True)

Sequences run along ``axis`` (default -2, the token axis of (..., n, d) arrays).
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .checks import GENERIC, CheckFailed
from .compare import compare, tolerance_for
from .diagnosis import Diagnosis

FUTURE_LEAK = Diagnosis(
    "future-leak",
    "Your output at some position depends on tokens that come after it.",
    "A causal mask must hide every key j > i + n_k - n_q from query i, before the softmax: np.tril(ones, k=n_k - n_q).",
)
NOT_EQUIVARIANT = Diagnosis(
    "not-permutation-equivariant",
    "Permuting the input tokens did not permute your output the same way.",
    "Without a positional encoding or a causal mask, nothing may depend on where a token sits: look for a mask, "
    "a position, or a mix across tokens other than attention.",
)
ROWS_SUM = Diagnosis(
    "rows-sum-wrong",
    "The rows of your answer do not sum to what they must.",
    "Normalise (or differentiate) along the last axis, with keepdims=True.",
)


def _array(value, what: str, axis: int) -> np.ndarray:
    """``value`` if it is a numpy array with an axis ``axis``; otherwise a CheckFailed saying what it is."""
    if not isinstance(value, np.ndarray):
        mismatch = compare(value, np.zeros(0))
        raise CheckFailed(mismatch.describe(what), mismatch=mismatch, diagnosis=GENERIC["type"])
    if value.ndim < (-axis if axis < 0 else axis + 1):
        raise CheckFailed(f"Your {what} has shape {value.shape}, with no axis {axis} to check along.", diagnosis=GENERIC["shape"])
    return value


def _differing_positions(a: np.ndarray, b: np.ndarray, axis: int) -> np.ndarray:
    """Positions along ``axis`` where a and b differ beyond the dtype's tolerance (nan counts as different)."""
    rtol, atol = tolerance_for(b)
    with np.errstate(all="ignore"):
        close = np.isclose(a.astype(np.float64), b.astype(np.float64), rtol=rtol, atol=atol, equal_nan=True)
    other = tuple(i for i in range(a.ndim) if i != axis % a.ndim)
    return np.flatnonzero(~np.all(close, axis=other))


def expect_causal(
    run: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    rng: np.random.Generator,
    *,
    cut: int | None = None,
    what: str = "output",
    axis: int = -2,
    diagnosis: Diagnosis = FUTURE_LEAK,
) -> None:
    """Changing the tokens at positions >= cut must leave the outputs at positions < cut unchanged.

    Args:
        run: the function under test, input (..., n, d) -> output (..., n, e).
        x: the input; the tokens from ``cut`` on are redrawn from ``rng``
            (fresh random rows: adding a constant would vanish under layer norm).
        cut: the first changed position (default: the middle, n // 2).

    Calls ``run`` twice.
    """
    n = x.shape[axis]
    cut = n // 2 if cut is None else cut
    changed = np.array(x, copy=True)
    future = [slice(None)] * x.ndim
    future[axis] = slice(cut, None)
    changed[tuple(future)] = rng.standard_normal(changed[tuple(future)].shape) * (np.std(x) or 1.0)
    before = _array(run(x), what, axis)
    after = _array(run(changed), what, axis)
    if before.shape != after.shape:
        raise CheckFailed(f"Your {what} changed shape from {before.shape} to {after.shape} when only the input values changed.")
    moved = _differing_positions(before, after, axis)
    leaked = moved[moved < cut]
    if leaked.size:
        raise CheckFailed(
            f"Changing only the tokens at positions {cut} to {n - 1} changed your {what} at position {int(leaked[0])}, "
            f"which comes before them ({leaked.size} of the first {cut} positions changed).",
            diagnosis=diagnosis,
        )


def expect_permutation_equivariant(
    run: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    rng: np.random.Generator,
    *,
    what: str = "output",
    axis: int = -2,
    diagnosis: Diagnosis = NOT_EQUIVARIANT,
) -> None:
    """``run(x permuted)`` must equal ``run(x)`` permuted, for a random permutation of the positions.

    True of any map built from position-wise layers and unmasked attention
    (no positional encoding): the permutation moves queries, keys and values
    together, and attention sums over the set of keys. Calls ``run`` twice.
    """
    n = x.shape[axis]
    perm = rng.permutation(n)
    while n > 1 and np.array_equal(perm, np.arange(n)):
        perm = rng.permutation(n)
    plain = _array(run(x), what, axis)
    permuted = _array(run(np.take(x, perm, axis=axis)), what, axis)
    if plain.shape[axis] != n:
        raise CheckFailed(f"Your {what} has {plain.shape[axis]} positions along axis {axis}; the input has {n}.", diagnosis=GENERIC["shape"])
    expected = np.take(plain, perm, axis=axis)
    if permuted.shape != expected.shape:
        raise CheckFailed(f"Your {what} has shape {permuted.shape} for the permuted input but {plain.shape} for the original.")
    moved = _differing_positions(permuted, expected, axis)
    if moved.size:
        raise CheckFailed(
            f"Permuting the input tokens by {perm.tolist()} did not permute your {what} the same way: "
            f"{moved.size} of {n} positions differ, the first at position {int(moved[0])}.",
            diagnosis=diagnosis,
        )


def expect_rows_sum_to(
    values: np.ndarray,
    total: float,
    *,
    what: str = "output",
    axis: int = -1,
    allow_zero_rows: bool = False,
    diagnosis: Diagnosis = ROWS_SUM,
) -> None:
    """Every row of ``values`` along ``axis`` must sum to ``total`` (or be all zeros, if allowed).

    The tolerance grows with the row: the dtype's atol plus its rtol times the
    sum of the absolute values of the row.
    """
    values = _array(values, what, axis)
    rtol, atol = tolerance_for(values)
    wide = values.astype(np.float64)
    sums = np.sum(wide, axis=axis)
    with np.errstate(all="ignore"):
        wrong = ~(np.abs(sums - total) <= atol + rtol * np.sum(np.abs(wide), axis=axis))
    if allow_zero_rows:
        wrong &= ~np.all(wide == 0, axis=axis)
    if wrong.any():
        row = tuple(int(i) for i in np.argwhere(wrong)[0])
        raise CheckFailed(
            f"Each row of your {what} must sum to {total:g}, but {int(wrong.sum())} of {wrong.size} rows do not; "
            f"row {row} sums to {sums[row]:.6g}.",
            diagnosis=diagnosis,
        )


def expect_rows_sum_to_one(values: np.ndarray, *, what: str = "weights", axis: int = -1, allow_zero_rows: bool = False, diagnosis: Diagnosis = ROWS_SUM) -> None:
    """Every row of ``values`` must sum to 1: softmax weights, probabilities."""
    expect_rows_sum_to(values, 1.0, what=what, axis=axis, allow_zero_rows=allow_zero_rows, diagnosis=diagnosis)
