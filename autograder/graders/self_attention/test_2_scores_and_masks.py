"""Hidden grader: scaled scores, causal and padding masks, apply_mask (assignment 1, part 2)."""
import numpy as np
import pytest

from autograder.checks import CheckFailed, expect, expect_close
from autograder.compare import compare
from autograder.graders.self_attention.diagnoses import (
    CAUSAL,
    MASK_FILL_ZERO,
    MASK_INVERTED,
    MASK_NOT_BOOLEAN,
    PADDING,
    SCALE,
)

LESSON_X = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.5, 0.5, 0.0]])

SCORE_CASES = {
    "lesson-example": lambda rng: (LESSON_X, LESSON_X),
    "n_q-differs-from-n_k": lambda rng: (rng.standard_normal((3, 5)), rng.standard_normal((6, 5))),
    "batched": lambda rng: (rng.standard_normal((2, 3, 4, 8)), rng.standard_normal((2, 3, 5, 8))),
    "random": lambda rng: (rng.standard_normal((int(rng.integers(2, 6)), 7)), rng.standard_normal((int(rng.integers(2, 6)), 7))),
}


@pytest.mark.points(1)
@pytest.mark.parametrize("case", SCORE_CASES)
def test_scaled_scores(student, reference, rng, case):
    """scaled_scores: Q Kᵀ / √d_k"""
    Q, K = SCORE_CASES[case](rng)
    got = student.attention.scaled_scores(Q, K)
    expect_close(got, reference.attention.scaled_scores(Q, K), what="scaled_scores(Q, K)", mistakes=SCALE, inputs=dict(Q=Q, K=K))


@pytest.mark.points(1)
def test_scaled_scores_keeps_float32(student, reference, rng):
    """scaled_scores: float32 in, float32 out"""
    Q, K = (rng.standard_normal((4, 6)).astype(np.float32) for _ in range(2))
    got = student.attention.scaled_scores(Q, K)
    expect_close(got, reference.attention.scaled_scores(Q, K), what="scaled_scores(Q, K) of float32 arrays", mistakes=SCALE, inputs=dict(Q=Q, K=K))


@pytest.mark.points(1)
@pytest.mark.parametrize("n_q, n_k", [(4, 4), (1, 1), (3, 5), (1, 6), (2, 7)])
def test_causal_mask(student, reference, n_q, n_k):
    """causal_mask: query i sees keys j <= i + n_k - n_q"""
    got = student.attention.causal_mask(n_q, n_k)
    expect_close(
        got, reference.attention.causal_mask(n_q, n_k), what=f"causal_mask({n_q}, {n_k})",
        mistakes=CAUSAL, inputs=dict(n_q=n_q, n_k=n_k), dtype_diagnosis=MASK_NOT_BOOLEAN,
    )


PADDING_CASES = {
    "lengths-2-3-1": lambda rng: (np.array([2, 3, 1]), 4),
    "full-and-empty": lambda rng: (np.array([5, 0]), 5),
    "random": lambda rng: (rng.integers(1, 8, size=4), 8),
}


@pytest.mark.points(1)
@pytest.mark.parametrize("case", PADDING_CASES)
def test_padding_mask(student, reference, rng, case):
    """padding_mask: True for real tokens, shape (batch, 1, n_k)"""
    lengths, n_k = PADDING_CASES[case](rng)
    got = student.attention.padding_mask(lengths, n_k)
    expect_close(
        got, reference.attention.padding_mask(lengths, n_k), what="padding_mask(lengths, n_k)",
        mistakes=PADDING, inputs=dict(lengths=lengths, n_k=n_k), dtype_diagnosis=MASK_NOT_BOOLEAN,
    )


def _check_masked_scores(got, scores, mask):
    """apply_mask may use -inf or any number <= -1e9 for hidden scores; visible ones stay as they were."""
    visible = np.broadcast_to(mask, scores.shape)
    mismatch = compare(got, scores, check_dtype=False)
    if mismatch is not None and mismatch.problem in ("type", "shape"):
        raise CheckFailed(mismatch.describe("apply_mask(scores, mask)"), mismatch=mismatch)
    hidden_ok = bool(np.all(got[~visible] <= -1e9))
    if np.allclose(got[~visible], 0.0) and not visible.all():
        raise CheckFailed("The masked scores in your answer are 0.", diagnosis=MASK_FILL_ZERO)
    if not visible.all() and np.all(got[visible] <= -1e9) and np.allclose(got[~visible], scores[~visible]):
        raise CheckFailed("Your answer hides the scores where the mask is True and keeps the others.", diagnosis=MASK_INVERTED)
    expect_close(got[visible], scores[visible], what="the visible scores (where mask is True)", check_dtype=False)
    expect(hidden_ok, "Some masked scores are larger than -1e9: use -np.inf or a number such as -1e9 so that softmax gives them 0 weight.", diagnosis=MASK_FILL_ZERO if np.any(got[~visible] == 0) else None)
    expect(got.dtype == scores.dtype, f"Your masked scores have dtype {got.dtype}; the scores had {scores.dtype}.")


@pytest.mark.points(2)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_apply_mask(student, rng, dtype):
    """apply_mask: hides masked scores before the softmax"""
    scores = rng.standard_normal((2, 4, 5)).astype(dtype)
    mask = rng.random((2, 4, 5)) < 0.6
    mask[:, :, 0] = True
    got = student.attention.apply_mask(scores, mask)
    _check_masked_scores(got, scores, mask)


@pytest.mark.points(1)
def test_apply_mask_broadcasts(student, rng):
    """apply_mask: a (n_q, n_k) mask broadcasts over the batch"""
    scores = rng.standard_normal((3, 4, 4))
    mask = np.tril(np.ones((4, 4), dtype=bool))
    got = student.attention.apply_mask(scores, mask)
    _check_masked_scores(got, scores, mask)
