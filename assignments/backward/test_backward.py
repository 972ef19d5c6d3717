"""Public tests for assignment 4. Run them with `pytest` from this folder.

They check small examples by hand and by finite differences. The hidden
graders check much more (batches, masks, n_q != n_k, d_k != d_v, float32), so
a green run here is a good sign, not a guarantee.
"""
import math

import numpy as np

from backward import (
    attention_backward,
    attention_forward,
    matmul_backward,
    numerical_gradient,
    self_attention_backward,
    softmax,
    softmax_backward,
)


def _loss(forward, upstream):
    """The scalar sum(forward(x) * upstream), whose gradient a backward pass given `upstream` returns."""
    return lambda x: np.sum(forward(x) * upstream)


def test_softmax_backward_of_two_equal_scores():
    # p = (1/2, 1/2): the Jacobian is [[1/4, -1/4], [-1/4, 1/4]].
    dS = softmax_backward(np.array([0.5, 0.5]), np.array([1.0, 0.0]))
    np.testing.assert_allclose(dS, [0.25, -0.25])


def test_softmax_backward_rows_sum_to_zero():
    rng = np.random.default_rng(0)
    P, dP = softmax(rng.standard_normal((3, 4))), rng.standard_normal((3, 4))
    np.testing.assert_allclose(softmax_backward(P, dP).sum(axis=-1), 0.0, atol=1e-12)


def test_softmax_backward_matches_finite_differences():
    rng = np.random.default_rng(1)
    S, dP = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    np.testing.assert_allclose(softmax_backward(softmax(S), dP), numerical_gradient(_loss(softmax, dP), S), atol=1e-7)


def test_matmul_backward_shapes_and_values():
    A = np.array([[1.0, 2.0]])  # (1, 2)
    B = np.array([[3.0], [4.0]])  # (2, 1)
    dA, dB = matmul_backward(A, B, np.array([[1.0]]))
    np.testing.assert_allclose(dA, [[3.0, 4.0]])
    np.testing.assert_allclose(dB, [[1.0], [2.0]])


def test_attention_backward_shapes_with_n_q_ne_n_k():
    rng = np.random.default_rng(2)
    Q, K, V = rng.standard_normal((2, 4)), rng.standard_normal((3, 4)), rng.standard_normal((3, 5))
    dQ, dK, dV = attention_backward(rng.standard_normal((2, 5)), Q, K, V)
    assert (dQ.shape, dK.shape, dV.shape) == ((2, 4), (3, 4), (3, 5))


def test_attention_backward_of_one_key():
    # With a single key, P = [[1]] whatever Q and K are: dQ = dK = 0 and dV = dOut.
    dOut = np.array([[2.0, -1.0]])
    dQ, dK, dV = attention_backward(dOut, np.ones((1, 3)), np.ones((1, 3)), np.ones((1, 2)))
    np.testing.assert_allclose(dQ, 0.0, atol=1e-12)
    np.testing.assert_allclose(dK, 0.0, atol=1e-12)
    np.testing.assert_allclose(dV, dOut)


def test_attention_backward_matches_finite_differences():
    rng = np.random.default_rng(3)
    Q, K, V = rng.standard_normal((2, 3)), rng.standard_normal((4, 3)), rng.standard_normal((4, 2))
    dOut = rng.standard_normal((2, 2))
    mask = np.tril(np.ones((2, 4), dtype=bool), k=2)
    dQ, dK, dV = attention_backward(dOut, Q, K, V, mask)
    out = lambda q, k, v: attention_forward(q, k, v, mask)[0]  # noqa: E731
    np.testing.assert_allclose(dQ, numerical_gradient(_loss(lambda q: out(q, K, V), dOut), Q), atol=1e-7)
    np.testing.assert_allclose(dK, numerical_gradient(_loss(lambda k: out(Q, k, V), dOut), K), atol=1e-7)
    np.testing.assert_allclose(dV, numerical_gradient(_loss(lambda v: out(Q, K, v), dOut), V), atol=1e-7)


def test_masked_key_gets_no_gradient():
    rng = np.random.default_rng(4)
    Q, K, V = (rng.standard_normal((3, 2)) for _ in range(3))
    mask = np.array([[True, True, False]] * 3)  # nobody may attend to key 2
    _, dK, dV = attention_backward(rng.standard_normal((3, 2)), Q, K, V, mask)
    np.testing.assert_allclose(dK[2], 0.0, atol=1e-12)
    np.testing.assert_allclose(dV[2], 0.0, atol=1e-12)


def test_self_attention_backward_matches_finite_differences():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((3, 4))
    W_Q, W_K, W_V = (rng.standard_normal((4, 2)) / math.sqrt(4) for _ in range(3))
    dOut = rng.standard_normal((3, 2))
    dX, dW_Q, _, _ = self_attention_backward(dOut, X, W_Q, W_K, W_V)
    out = lambda x, w_q: attention_forward(x @ w_q, x @ W_K, x @ W_V)[0]  # noqa: E731
    np.testing.assert_allclose(dX, numerical_gradient(_loss(lambda x: out(x, W_Q), dOut), X), atol=1e-7)
    np.testing.assert_allclose(dW_Q, numerical_gradient(_loss(lambda w: out(X, w), dOut), W_Q), atol=1e-7)
