"""Public tests for assignment 3 (efficient.py). Run them with `pytest` from this folder.

Each efficient function must equal the dense computation it replaces, which
these tests build with the given dense_attention on small inputs. The hidden
graders also measure your functions' memory on long sequences.
"""
import numpy as np
import pytest

from efficient import (
    chunked_attention,
    dense_attention,
    elu_feature_map,
    linear_attention,
    sliding_window_attention,
    sliding_window_mask,
)


def _qkv(n, d=4, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)), rng.standard_normal((n, d)), rng.standard_normal((n, d))


def test_sliding_window_mask_is_a_band():
    expected = np.array([
        [1, 0, 0, 0],
        [1, 1, 0, 0],
        [0, 1, 1, 0],
        [0, 0, 1, 1],
    ], dtype=bool)
    np.testing.assert_array_equal(sliding_window_mask(4, 2), expected)


@pytest.mark.parametrize("window", [1, 3])
def test_sliding_window_equals_dense_with_the_band(window):
    Q, K, V = _qkv(7)
    expected = dense_attention(Q, K, V, sliding_window_mask(7, window))
    np.testing.assert_allclose(sliding_window_attention(Q, K, V, window), expected)


def test_a_window_as_long_as_the_sequence_is_causal_attention():
    Q, K, V = _qkv(5)
    causal = np.tril(np.ones((5, 5), dtype=bool))
    np.testing.assert_allclose(sliding_window_attention(Q, K, V, 8), dense_attention(Q, K, V, causal))


def test_elu_feature_map():
    np.testing.assert_allclose(elu_feature_map(np.array([-1.0, 0.0, 2.0])), [np.exp(-1.0), 1.0, 3.0])


def _quadratic_linear_attention(Q, K, V, mask=None):
    similarity = elu_feature_map(Q) @ elu_feature_map(K).T
    if mask is not None:
        similarity = similarity * mask
    return similarity @ V / similarity.sum(axis=-1, keepdims=True)


def test_linear_attention_equals_its_quadratic_form():
    Q, K, V = _qkv(6)
    np.testing.assert_allclose(linear_attention(Q, K, V), _quadratic_linear_attention(Q, K, V))


def test_causal_linear_attention_uses_prefix_sums():
    Q, K, V = _qkv(6)
    causal = np.tril(np.ones((6, 6)))
    np.testing.assert_allclose(linear_attention(Q, K, V, causal=True), _quadratic_linear_attention(Q, K, V, causal))


@pytest.mark.parametrize("causal", [False, True])
def test_chunked_attention_is_exact(causal):
    Q, K, V = _qkv(10)
    mask = np.tril(np.ones((10, 10), dtype=bool)) if causal else None
    np.testing.assert_allclose(chunked_attention(Q, K, V, causal=causal, block_size=4), dense_attention(Q, K, V, mask))
