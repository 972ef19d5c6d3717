"""Hidden grader: exact attention with the online softmax, in O(block_size²) memory (assignment 3, part 3)."""
import numpy as np
import pytest

from autograder.checks import expect, expect_close, expect_inputs_unchanged
from autograder.graders.efficient_attention.diagnoses import CHUNKED
from autograder.memory import expect_peak_below, full_matrix_bytes


def _qkv(rng, n_q, n_k, d_k, d_v, batch=(), dtype=np.float64, scale=1.0):
    Q = scale * rng.standard_normal((*batch, n_q, d_k))
    return Q.astype(dtype), rng.standard_normal((*batch, n_k, d_k)).astype(dtype), rng.standard_normal((*batch, n_k, d_v)).astype(dtype)


def _very_negative(rng, n, d):
    """Every score near -1600: exp(score) underflows unless the running maximum comes from the scores."""
    Q = 20.0 + 0.1 * rng.standard_normal((n, d))
    return Q, -20.0 - 0.1 * rng.standard_normal((n, d)), rng.standard_normal((n, d))


# (Q, K, V, causal, block_size)
CASES = {
    "blocks-divide-n": lambda rng: (*_qkv(rng, 12, 12, 4, 3), False, 4),
    "last-block-partial": lambda rng: (*_qkv(rng, 10, 11, 5, 2), False, 4),
    "one-block": lambda rng: (*_qkv(rng, 5, 6, 3, 3), False, 16),
    "large-logits": lambda rng: (*_qkv(rng, 9, 9, 4, 3, scale=300.0), False, 3),
    "very-negative-scores": lambda rng: (*_very_negative(rng, 8, 16), False, 4),
    "batch-and-heads": lambda rng: (*_qkv(rng, 7, 7, 4, 5, batch=(2, 3)), False, 3),
    "causal": lambda rng: (*_qkv(rng, 12, 12, 4, 3, scale=5.0), True, 4),
    "causal-last-block-partial": lambda rng: (*_qkv(rng, 10, 10, 3, 2), True, 3),
    "causal-n_q-lt-n_k": lambda rng: (*_qkv(rng, 5, 11, 4, 3), True, 4),
    "causal-float32": lambda rng: (*_qkv(rng, 9, 9, 4, 4, dtype=np.float32), True, 4),
}


@pytest.mark.points(2)
@pytest.mark.parametrize("case", CASES)
def test_chunked_attention(student, reference, rng, case):
    """chunked_attention: equals exact attention"""
    Q, K, V, causal, block_size = CASES[case](rng)
    got = student.efficient.chunked_attention(Q, K, V, causal=causal, block_size=block_size)
    expect_close(
        got, reference.efficient.chunked_attention(Q, K, V, causal=causal, block_size=block_size),
        what=f"chunked_attention output (causal={causal}, block_size={block_size})",
        mistakes=CHUNKED, inputs=dict(Q=Q, K=K, V=V, causal=causal, block_size=block_size),
    )


@pytest.mark.points(1)
def test_chunked_attention_leaves_inputs_alone(student, rng):
    """chunked_attention: does not modify Q, K or V"""
    Q, K, V = _qkv(rng, 9, 9, 4, 3, scale=50.0)
    expect_inputs_unchanged(student.efficient.chunked_attention.call(Q, K, V, causal=True, block_size=4))


LONG_N, LONG_D, LONG_BLOCK, SAMPLED_ROWS = 2048, 64, 128, 16


@pytest.mark.points(3)
def test_chunked_attention_memory(student, reference, rng):
    """chunked_attention: stays below 1/8 of the n x n matrix (n = 2048)"""
    Q, K, V = _qkv(rng, LONG_N, LONG_N, LONG_D, LONG_D)
    outcome = student.efficient.chunked_attention.measure(Q, K, V, causal=True, block_size=LONG_BLOCK)
    if outcome.ok:
        # A few rows, computed densely (cheap), also catch an answer that is cheap because it is wrong.
        rows = np.sort(np.append(rng.choice(LONG_N - 1, SAMPLED_ROWS - 1, replace=False), LONG_N - 1))
        causal = np.arange(LONG_N)[None, :] <= rows[:, None]
        shape = getattr(outcome.value, "shape", None)
        expect(shape == (LONG_N, LONG_D), f"chunked_attention at n = {LONG_N} returned shape {shape}, expected {(LONG_N, LONG_D)}.")
        want = reference.efficient.dense_attention(Q[rows], K, V, causal)
        expect_close(outcome.value[rows], want, what=f"chunked_attention output at n = {LONG_N} (rows {rows.tolist()})")
    full = full_matrix_bytes(LONG_N)
    expect_peak_below(outcome, full // 8, f"chunked_attention at n = {LONG_N}, causal, block_size = {LONG_BLOCK}", full_bytes=full)
