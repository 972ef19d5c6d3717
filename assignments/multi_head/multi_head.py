"""Assignment 2: multi-head attention, in plain NumPy.

One attention head compares every query with every key in one learned
subspace. Multi-head attention runs ``n_heads`` heads side by side, each on
its own slice of ``d_head = d_model / n_heads`` features, and mixes their
results with an output projection:

    head_h = Attention(X_q W_Q[:, h], X_kv W_K[:, h], X_kv W_V[:, h])
    MultiHead(X_q, X_kv) = concat(head_1, ..., head_H) W_O

where ``W[:, h]`` is the h-th block of ``d_head`` columns of ``W``. Instead
of slicing the weights, project once with the full (d_model, d_model)
matrices, then split the features into heads.

Conventions (the same as assignment 1; the grader checks them):

* ``...`` means any number of leading batch dimensions, passed through.
* Every weight matrix has shape (d_model, d_model) and is applied on the
  right: ``X @ W``. ``n_heads`` divides ``d_model``.
* Scores are scaled by √d_head, the size of one head, not by √d_model.
* A mask is boolean, ``True`` meaning "this query may attend to this key".
  Masks passed to the multi-head functions broadcast against (..., n_q, n_k),
  without a head axis: the same mask applies to every head.
* A query that may attend to no key gets all-zero weights and an all-zero
  head output, never nan.
* float32 inputs give float32 outputs. Inputs are never modified in place.

Run the public tests with ``pytest`` from this folder.
"""
import math

import numpy as np


def softmax(x, axis=-1):
    """Numerically stable softmax of ``x`` along ``axis`` (given: you wrote it in assignment 1)."""
    exponentials = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return exponentials / np.sum(exponentials, axis=axis, keepdims=True)


def split_heads(x, n_heads):
    """Split the features of every token into ``n_heads`` heads.

    Args:
        x: shape (..., n, d_model), with d_model divisible by n_heads.
        n_heads: number of heads.

    Returns:
        shape (..., n_heads, n, d_head) with d_head = d_model // n_heads, where
        out[..., h, i, :] is x[..., i, h * d_head:(h + 1) * d_head]: head h
        gets the h-th block of consecutive features of every token.

    A reshape alone gives the right shape but the wrong numbers: reshape to
    (..., n, n_heads, d_head) first, then move the head axis in front of
    the token axis.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def merge_heads(x):
    """Undo ``split_heads``: concatenate the heads of every token.

    Args:
        x: shape (..., n_heads, n, d_head).

    Returns:
        shape (..., n, n_heads * d_head), such that
        merge_heads(split_heads(x, n_heads)) equals x.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def attention(Q, K, V, mask=None):
    """Scaled dot-product attention of every head at once (your assignment 1 code fits).

    Args:
        Q: queries, shape (..., n_q, d_head).
        K: keys, shape (..., n_k, d_head).
        V: values, shape (..., n_k, d_head).
        mask: optional boolean array broadcastable to (..., n_q, n_k).

    Returns:
        (output, weights) of shapes (..., n_q, d_head) and (..., n_q, n_k):
        weights = softmax(Q Kᵀ / √d_head) over the visible keys, a row of
        zeros for a query with no visible key; output = weights @ V.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def multi_head_attention(X_q, X_kv, W_Q, W_K, W_V, W_O, n_heads, mask=None):
    """Multi-head cross-attention: queries from X_q, keys and values from X_kv.

    Args:
        X_q: the sequence that asks, shape (..., n_q, d_model).
        X_kv: the sequence that is read, shape (..., n_k, d_model).
        W_Q, W_K, W_V, W_O: projections, each of shape (d_model, d_model).
        n_heads: number of heads; divides d_model.
        mask: optional boolean array broadcastable to (..., n_q, n_k), shared
            by every head (insert the head axis yourself).

    Returns:
        (output, weights):
        output of shape (..., n_q, d_model): the merged heads times W_O;
        weights of shape (..., n_heads, n_q, n_k): the attention weights of
        every head.

    Steps: project (X_q @ W_Q, X_kv @ W_K, X_kv @ W_V), split into heads,
    attend in every head, merge the heads, project with W_O.
    """
    # YOUR CODE HERE
    raise NotImplementedError()


def multi_head_self_attention(X, W_Q, W_K, W_V, W_O, n_heads, mask=None):
    """Multi-head self-attention: queries, keys and values all come from X.

    Args:
        X: shape (..., n, d_model).
        W_Q, W_K, W_V, W_O, n_heads: as in ``multi_head_attention``.
        mask: optional boolean array broadcastable to (..., n, n).

    Returns:
        (output, weights) with shapes (..., n, d_model) and
        (..., n_heads, n, n).

    Try it: with n_heads = 1 the result is assignment 1's self-attention
    followed by W_O. Why does a split_heads that only reshapes give the
    right answer with one head, and the wrong one with three?
    """
    # YOUR CODE HERE
    raise NotImplementedError()
