"""Public tests for assignment 1. Run them with `pytest` from this folder.

They check small, hand-worked examples. The hidden graders check much more
(random shapes, batches, float32, large logits, masks with n_q != n_k), so a
green run here is a good sign, not a guarantee.
"""
import math

import numpy as np
import pytest

from attention import (
    apply_mask,
    attention,
    causal_mask,
    padding_mask,
    project_qkv,
    scaled_scores,
    self_attention,
    softmax,
)

# The lesson's 4-token example: seq_len x d_model = (4, 3).
X = np.array([
    [1.0, 0.0, 0.0],
    [0.0, 1.0, 0.0],
    [0.0, 0.0, 1.0],
    [0.5, 0.5, 0.0],
])


def test_softmax_rows_sum_to_one():
    weights = softmax(np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]))
    np.testing.assert_allclose(weights.sum(axis=-1), [1.0, 1.0])
    np.testing.assert_allclose(weights[1], [1 / 3, 1 / 3, 1 / 3])


def test_softmax_survives_large_logits():
    with np.errstate(all="raise"):  # an overflow raises FloatingPointError here
        weights = softmax(np.array([1000.0, 1001.0]))
    np.testing.assert_allclose(weights, [1 / (1 + math.e), math.e / (1 + math.e)])


def test_scaled_scores_of_the_lesson_example():
    scores = scaled_scores(X, X)
    assert scores.shape == (4, 4)
    np.testing.assert_allclose(scores[0, 0], 1 / math.sqrt(3))
    np.testing.assert_allclose(scores[3, 3], 0.5 / math.sqrt(3))


def test_causal_mask_is_lower_triangular():
    expected = np.array([
        [True, False, False],
        [True, True, False],
        [True, True, True],
    ])
    mask = causal_mask(3, 3)
    assert mask.dtype == bool
    np.testing.assert_array_equal(mask, expected)


def test_padding_mask_hides_the_tail():
    mask = padding_mask(np.array([2, 3]), 3)
    assert mask.shape == (2, 1, 3)
    np.testing.assert_array_equal(mask[:, 0, :], [[True, True, False], [True, True, True]])


def test_apply_mask_hides_masked_scores():
    scores = np.zeros((2, 2))
    masked = apply_mask(scores, np.array([[True, False], [True, True]]))
    assert masked[0, 1] <= -1e9
    assert masked[0, 0] == 0.0 and masked[1, 1] == 0.0


def test_attention_of_the_lesson_example():
    output, weights = attention(X, X, X)
    assert output.shape == (4, 3) and weights.shape == (4, 4)
    np.testing.assert_allclose(weights.sum(axis=-1), np.ones(4))
    assert weights[0].argmax() == 0  # token 0 attends most to itself
    np.testing.assert_allclose(output, weights @ X)


def test_causal_attention_ignores_the_future():
    _, weights = attention(X, X, X, mask=causal_mask(4, 4))
    np.testing.assert_allclose(np.triu(weights, k=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(weights[0], [1.0, 0.0, 0.0, 0.0])


@pytest.mark.parametrize("d_k, d_v", [(2, 5)])
def test_self_attention_shapes(d_k, d_v):
    rng = np.random.default_rng(0)
    W_Q, W_K, W_V = (rng.standard_normal((3, d)) for d in (d_k, d_k, d_v))
    Q, K, V = project_qkv(X, W_Q, W_K, W_V)
    assert (Q.shape, K.shape, V.shape) == ((4, d_k), (4, d_k), (4, d_v))
    output, weights = self_attention(X, W_Q, W_K, W_V)
    assert output.shape == (4, d_v) and weights.shape == (4, 4)
