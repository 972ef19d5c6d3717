"""Assignment 4: the backward pass of attention, in plain NumPy.

To train a transformer, every parameter needs the gradient of the loss. Here
you derive and code the gradients of scaled dot-product attention by hand,
then check them the way practitioners do: against finite differences.

The forward pass (given below) computes, for each batch element,

    S   = Q Kᵀ / √d_k            scores,  shape (..., n_q, n_k)
    P   = softmax(S)             weights, shape (..., n_q, n_k), one row per query
    out = P V                    output,  shape (..., n_q, d_v)

For a scalar loss L, ``dX`` means ∂L/∂X: an array with the shape of X. The
backward pass receives ``dOut`` = ∂L/∂out and returns dQ, dK and dV.

What the forward pass saves. ``attention_backward`` receives exactly the
inputs of the forward pass, Q, K, V and the mask, and nothing else: it
recomputes P with ``attention_forward``. Memory-efficient implementations
(FlashAttention) do the same, because P is n_q × n_k per head and cheap to
rebuild. The mask is part of what is saved: recompute P with it.

Conventions (the grader checks them):

* ``...`` means any number of leading batch axes; Q, K, V and dOut share them.
* A mask is a boolean array broadcastable to (..., n_q, n_k); True means
  "this query may attend to this key". A masked weight is 0, and so is its
  gradient. A query that sees no key has an all-zero row of P, output 0,
  and gradient 0.
* float32 inputs give float32 gradients; float64 give float64.
* Inputs are never modified in place.

Check each function on a tiny example with ``numerical_gradient`` below before
trusting it. Run the public tests with ``pytest`` from this folder.
"""
import math

import numpy as np


def softmax(x):
    """Softmax along the last axis (given). A row that is all -inf gives zeros, not nan."""
    top = np.max(x, axis=-1, keepdims=True)
    e = np.exp(x - np.where(np.isfinite(top), top, 0))
    total = np.sum(e, axis=-1, keepdims=True)
    return e / np.where(total > 0, total, 1)


def attention_forward(Q, K, V, mask=None):
    """The forward pass (given).

    Args:
        Q: (..., n_q, d_k). K: (..., n_k, d_k). V: (..., n_k, d_v).
        mask: optional boolean, broadcastable to (..., n_q, n_k).

    Returns:
        (out, P): out of shape (..., n_q, d_v) and P of shape (..., n_q, n_k).
    """
    S = Q @ np.swapaxes(K, -1, -2) / math.sqrt(Q.shape[-1])
    if mask is not None:
        S = np.where(mask, S, -np.inf)
    P = softmax(S)
    return P @ V, P


def numerical_gradient(f, x, eps=1e-6):
    """Central-difference estimate of the gradient of a scalar function f at x (given).

    Example: the gradient of sum(attention output * dOut) with respect to Q is
    ``numerical_gradient(lambda q: np.sum(attention_forward(q, K, V)[0] * dOut), Q)``.
    Use float64 inputs; it calls f twice per entry of x, so keep x small.
    """
    grad = np.zeros_like(x, dtype=np.float64)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x, dtype=np.float64)
        step[index] = eps
        grad[index] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad


def softmax_backward(P, dP):
    """Gradient of the loss with respect to the scores of a softmax.

    Args:
        P: the softmax output along the last axis, shape (..., n).
        dP: ∂L/∂P, same shape.

    Returns:
        dS = ∂L/∂S, same shape and dtype as P.

    One row p = softmax(s) has the Jacobian ∂p_i/∂s_j = p_i (δ_ij - p_j), so
    dS_j = p_j (dP_j - Σ_i dP_i p_i). Compute it row by row with broadcasting;
    never build the n × n Jacobian. Every row of dS sums to 0, because adding a
    constant to a row of scores does not change its softmax.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def matmul_backward(A, B, dC):
    """Gradients of a (batched) matrix product C = A @ B.

    Args:
        A: shape (..., n, m).
        B: shape (..., m, p), with the same batch axes as A.
        dC: ∂L/∂C, shape (..., n, p).

    Returns:
        (dA, dB) with the shapes of A and B.

    Check the shapes: only one product of dC with B (or with A), with one of
    them transposed on its last two axes, has the shape of A (or of B).
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def attention_backward(dOut, Q, K, V, mask=None):
    """Gradients of scaled dot-product attention.

    Args:
        dOut: ∂L/∂out, shape (..., n_q, d_v).
        Q, K, V, mask: the inputs of ``attention_forward``, as it saved them.

    Returns:
        (dQ, dK, dV) with the shapes of Q, K and V.

    Go backwards through the forward pass: out = P V, then P = softmax(S),
    then S = Q Kᵀ / √d_k. Recompute P first (with the mask). The scale
    1/√d_k belongs to both dQ and dK.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def self_attention_backward(dOut, X, W_Q, W_K, W_V, mask=None):
    """Gradients of self-attention with learned projections Q, K, V = X W_Q, X W_K, X W_V.

    Args:
        dOut: ∂L/∂out, shape (..., n, d_v).
        X: token embeddings, shape (..., n, d_model).
        W_Q, W_K: shape (d_model, d_k). W_V: shape (d_model, d_v).
        mask: optional boolean, broadcastable to (..., n, n).

    Returns:
        (dX, dW_Q, dW_K, dW_V) with the shapes of X, W_Q, W_K and W_V.

    X reaches the output along three paths (through Q, K and V): its gradient
    is the sum of the three. The weights are shared by every batch element:
    their gradients sum over the batch axes, so dW_Q has shape (d_model, d_k).
    """
    # YOUR CODE HERE
    raise NotImplementedError()
