"""Hidden grader: sliding-window attention, exact inside the window, O(n · window) memory (assignment 3, part 1)."""
import numpy as np
import pytest

from autograder.checks import expect_close
from autograder.graders.efficient_attention.diagnoses import SLIDING, SLIDING_MASK
from autograder.graders.self_attention.diagnoses import MASK_NOT_BOOLEAN
from autograder.memory import expect_peak_below, full_matrix_bytes


@pytest.mark.points(1)
@pytest.mark.parametrize("n, window", [(6, 3), (5, 1), (4, 6)])
def test_sliding_window_mask(student, reference, n, window):
    """sliding_window_mask: query i sees keys i - window < j <= i"""
    got = student.efficient.sliding_window_mask(n, window)
    expect_close(
        got, reference.efficient.sliding_window_mask(n, window), what=f"sliding_window_mask({n}, {window})",
        mistakes=SLIDING_MASK, inputs=dict(n=n, window=window), dtype_diagnosis=MASK_NOT_BOOLEAN,
    )


def _qkv(rng, n, d_k, d_v, batch=(), dtype=np.float64, scale=1.0):
    Q = scale * rng.standard_normal((*batch, n, d_k))
    return Q.astype(dtype), rng.standard_normal((*batch, n, d_k)).astype(dtype), rng.standard_normal((*batch, n, d_v)).astype(dtype)


CASES = {
    "window-3-of-9": lambda rng: (*_qkv(rng, 9, 4, 3), 3),
    "window-1-sees-only-itself": lambda rng: (*_qkv(rng, 5, 3, 2), 1),
    "window-longer-than-sequence-is-causal": lambda rng: (*_qkv(rng, 6, 4, 4), 10),
    "batch-and-heads": lambda rng: (*_qkv(rng, 7, 5, 3, batch=(2, 3)), 4),
    "large-logits": lambda rng: (*_qkv(rng, 8, 4, 3, scale=300.0), 3),
    "float32": lambda rng: (*_qkv(rng, 8, 4, 4, dtype=np.float32), 5),
}


@pytest.mark.points(2)
@pytest.mark.parametrize("case", CASES)
def test_sliding_window_attention(student, reference, rng, case):
    """sliding_window_attention: equals dense attention with the band mask"""
    Q, K, V, window = CASES[case](rng)
    got = student.efficient.sliding_window_attention(Q, K, V, window)
    expect_close(
        got, reference.efficient.sliding_window_attention(Q, K, V, window), what="sliding_window_attention output",
        mistakes=SLIDING, inputs=dict(Q=Q, K=K, V=V, window=window),
    )


LONG_N, LONG_D, LONG_WINDOW = 2048, 8, 8


@pytest.mark.points(3)
def test_sliding_window_attention_memory(student, reference, rng):
    """sliding_window_attention: stays below 1/8 of the n x n matrix (n = 2048)"""
    Q, K, V = _qkv(rng, LONG_N, LONG_D, LONG_D)
    outcome = student.efficient.sliding_window_attention.measure(Q, K, V, LONG_WINDOW)
    if outcome.ok:
        expect_close(outcome.value, reference.efficient.sliding_window_attention(Q, K, V, LONG_WINDOW), what=f"sliding_window_attention output at n = {LONG_N}")
    full = full_matrix_bytes(LONG_N)
    expect_peak_below(outcome, full // 8, f"sliding_window_attention at n = {LONG_N}, window = {LONG_WINDOW}", full_bytes=full)
