"""Public tests for assignment 2. Run them with `pytest` from this folder.

Small examples you can check by hand. The hidden graders use random shapes,
batches, float32, several masks and n_q != n_k, so a green run here is a good
sign, not a guarantee.
"""
import math

import numpy as np

from multi_head import (
    attention,
    merge_heads,
    multi_head_attention,
    multi_head_self_attention,
    softmax,
    split_heads,
)


def _weights(d_model, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal((d_model, d_model)) for _ in range(4)]


def test_split_heads_gives_each_head_a_block_of_features():
    x = np.arange(12.0).reshape(2, 6)  # 2 tokens, d_model = 6
    heads = split_heads(x, 3)
    assert heads.shape == (3, 2, 2)
    np.testing.assert_array_equal(heads[0], [[0, 1], [6, 7]])  # features 0-1 of both tokens
    np.testing.assert_array_equal(heads[2], [[4, 5], [10, 11]])


def test_merge_heads_undoes_split_heads():
    x = np.arange(2 * 5 * 6.0).reshape(2, 5, 6)
    heads = split_heads(x, 3)
    assert heads.shape == (2, 3, 5, 2)
    np.testing.assert_array_equal(merge_heads(heads), x)


def test_attention_hides_masked_keys_and_empty_rows():
    Q = K = V = np.eye(3)
    mask = np.array([[True, False, False], [True, True, False], [False, False, False]])
    output, weights = attention(Q, K, V, mask)
    np.testing.assert_allclose(weights[0], [1.0, 0.0, 0.0])
    np.testing.assert_allclose(weights[1].sum(), 1.0)
    np.testing.assert_array_equal(weights[2], 0.0)  # no visible key: zeros, not nan
    np.testing.assert_array_equal(output[2], 0.0)


def test_one_head_is_single_head_attention_then_w_o():
    X = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.5, 0.5, 0.0]])
    W_Q, W_K, W_V, W_O = _weights(3)
    Q, K, V = X @ W_Q, X @ W_K, X @ W_V
    expected_weights = softmax(Q @ K.T / math.sqrt(3))
    output, weights = multi_head_self_attention(X, W_Q, W_K, W_V, W_O, n_heads=1)
    assert weights.shape == (1, 4, 4)
    np.testing.assert_allclose(weights[0], expected_weights)
    np.testing.assert_allclose(output, expected_weights @ V @ W_O)


def test_each_head_uses_its_own_columns_and_sqrt_d_head():
    rng = np.random.default_rng(1)
    X_q, X_kv = rng.standard_normal((2, 6)), rng.standard_normal((5, 6))
    W_Q, W_K, W_V, W_O = _weights(6)
    output, weights = multi_head_attention(X_q, X_kv, W_Q, W_K, W_V, W_O, n_heads=3)
    assert output.shape == (2, 6) and weights.shape == (3, 2, 5)
    heads = []
    for h in range(3):
        block = slice(2 * h, 2 * h + 2)  # d_head = 2
        scores = (X_q @ W_Q[:, block]) @ (X_kv @ W_K[:, block]).T / math.sqrt(2)
        np.testing.assert_allclose(weights[h], softmax(scores))
        heads.append(weights[h] @ (X_kv @ W_V[:, block]))
    np.testing.assert_allclose(output, np.concatenate(heads, axis=-1) @ W_O)


def test_a_mask_applies_to_every_head():
    X = np.random.default_rng(2).standard_normal((4, 6))
    causal = np.tril(np.ones((4, 4), dtype=bool))
    _, weights = multi_head_self_attention(X, *_weights(6), n_heads=3, mask=causal)
    assert weights.shape == (3, 4, 4)
    np.testing.assert_allclose(weights * ~causal, 0.0)
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0)
