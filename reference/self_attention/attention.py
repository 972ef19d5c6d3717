"""Assignment 1: scaled dot-product self-attention, in plain NumPy.

You will build, one function at a time, the operation at the heart of every
transformer:

    Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V

Conventions used by every function in this file (the grader checks them):

* Shapes are written as tuples; ``...`` means any number of leading batch
  dimensions, which must pass through untouched.
* A mask is a boolean array where ``True`` means "this query may attend to
  this key". Masks broadcast against the scores of shape (..., n_q, n_k).
* A query that may attend to no key at all gets all-zero weights and an
  all-zero output, never nan.
* float32 inputs give float32 outputs; float64 inputs give float64 outputs.
* Inputs are never modified in place.

Run the public tests with ``pytest`` from this folder.
"""
import math

import numpy as np


def softmax(x, axis=-1):
    """Numerically stable softmax of ``x`` along ``axis``.

    Args:
        x: array of any shape, e.g. scores of shape (..., n_q, n_k).
        axis: the axis to normalise over (default: the last one).

    Returns:
        An array of the same shape and dtype as ``x``, non-negative, summing to
        1 along ``axis``.

    Subtract the maximum along ``axis`` before exponentiating: softmax does
    not change when a constant is added to every entry of a slice, and
    ``np.exp(1000.0)`` overflows to inf. Logits of magnitude 1e4 must give no
    overflow, no nan and no warning.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x)
    shifted = x - np.max(x, axis=axis, keepdims=True)
    exponentials = np.exp(shifted)
    return exponentials / np.sum(exponentials, axis=axis, keepdims=True)
    ### END SOLUTION


def scaled_scores(Q, K):
    """Attention scores Q Kᵀ / √d_k between every query and every key.

    Args:
        Q: queries, shape (..., n_q, d_k).
        K: keys, shape (..., n_k, d_k).

    Returns:
        scores of shape (..., n_q, n_k), where scores[..., i, j] is the dot
        product of query i with key j divided by √d_k.

    Transpose only the last two axes of K, so that batch dimensions survive.
    Try it: scale by 1 instead of √d_k (as if d_k = 1) and watch the softmax
    of the scores saturate towards one-hot rows; this is why the scaling
    exists.
    """
    ### BEGIN SOLUTION
    d_k = Q.shape[-1]
    # math.sqrt gives a Python float, which keeps float32 inputs in float32.
    return Q @ np.swapaxes(K, -1, -2) / math.sqrt(d_k)
    ### END SOLUTION


def causal_mask(n_q, n_k):
    """Boolean causal mask of shape (n_q, n_k): True where query i may see key j.

    The queries are the last n_q positions of a sequence of n_k keys, so query
    i sits at position i + (n_k - n_q) and may see every key j with
    j <= i + n_k - n_q. When n_q == n_k this is the lower triangle, diagonal
    included: a token always sees itself.

    Returns:
        mask of shape (n_q, n_k) and dtype bool.

    Try it: apply this mask in ``attention`` and confirm that the upper
    triangle of the weights is 0.
    """
    ### BEGIN SOLUTION
    return np.tril(np.ones((n_q, n_k), dtype=bool), k=n_k - n_q)
    ### END SOLUTION


def padding_mask(lengths, n_k):
    """Boolean mask that hides the padding at the end of each sequence.

    Args:
        lengths: integer array of shape (batch,), the true length of each
            sequence (0 <= lengths[b] <= n_k).
        n_k: the padded length of the key sequences.

    Returns:
        mask of shape (batch, 1, n_k) and dtype bool, True where
        key j < lengths[b]. The middle axis of size 1 lets the mask broadcast
        over the queries of scores shaped (batch, n_q, n_k).
    """
    ### BEGIN SOLUTION
    lengths = np.asarray(lengths)
    positions = np.arange(n_k)
    return (positions[None, :] < lengths[:, None])[:, None, :]
    ### END SOLUTION


def apply_mask(scores, mask):
    """Hide the masked scores so that the softmax gives them zero weight.

    Args:
        scores: shape (..., n_q, n_k).
        mask: boolean, broadcastable to scores; True means "may attend".

    Returns:
        A new array shaped like ``scores`` (same dtype): equal to ``scores``
        where mask is True, and -inf (or a very negative number such as
        -1e9) where it is False. Masking must happen before the softmax.
    """
    ### BEGIN SOLUTION
    return np.where(mask, scores, -np.inf).astype(scores.dtype, copy=False)
    ### END SOLUTION


def attention(Q, K, V, mask=None):
    """Scaled dot-product attention.

    Args:
        Q: queries, shape (..., n_q, d_k).
        K: keys, shape (..., n_k, d_k).
        V: values, shape (..., n_k, d_v); d_v may differ from d_k.
        mask: optional boolean array broadcastable to (..., n_q, n_k),
            True where query i may attend to key j.

    Returns:
        (output, weights):
        output of shape (..., n_q, d_v), each row a weighted average of the
        rows of V;
        weights of shape (..., n_q, n_k), each row summing to 1 (or all zeros
        for a query whose mask row is all False).

    Try it: with the 4-token example of the lesson, make tokens 0 and 3
    identical. Do they attend equally to each other?
    """
    ### BEGIN SOLUTION
    scores = scaled_scores(Q, K)
    if mask is None:
        weights = softmax(scores, axis=-1)
    else:
        visible = np.broadcast_to(mask, scores.shape)
        has_key = np.any(visible, axis=-1, keepdims=True)
        # A row with no visible key would be all -inf, and its softmax nan:
        # give it finite scores, then zero its weights.
        scores = np.where(has_key, apply_mask(scores, visible), 0.0)
        weights = np.where(has_key, softmax(scores, axis=-1), 0.0)
    return weights @ V, weights
    ### END SOLUTION


def project_qkv(X, W_Q, W_K, W_V):
    """Project the token embeddings X into queries, keys and values.

    Args:
        X: token embeddings, shape (..., n, d_model).
        W_Q: shape (d_model, d_k).
        W_K: shape (d_model, d_k).
        W_V: shape (d_model, d_v).

    Returns:
        (Q, K, V) with shapes (..., n, d_k), (..., n, d_k), (..., n, d_v).
    """
    ### BEGIN SOLUTION
    return X @ W_Q, X @ W_K, X @ W_V
    ### END SOLUTION


def self_attention(X, W_Q, W_K, W_V, mask=None):
    """Self-attention of a sequence X with learned projections.

    Args:
        X: token embeddings, shape (..., n, d_model).
        W_Q, W_K, W_V: projection matrices as in ``project_qkv``.
        mask: optional boolean array broadcastable to (..., n, n).

    Returns:
        (output, weights) with shapes (..., n, d_v) and (..., n, n).

    Try it: draw W_Q, W_K and W_V with ``np.random.default_rng(0)`` so that
    Q, K and V differ. How does the output change compared with using X
    itself for all three?
    """
    ### BEGIN SOLUTION
    Q, K, V = project_qkv(X, W_Q, W_K, W_V)
    return attention(Q, K, V, mask=mask)
    ### END SOLUTION
