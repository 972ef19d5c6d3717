"""Projections, heads and scores with np.einsum, splitting the weights instead of the activations."""
import math

import numpy as np


def multi_head_attention(X_q, X_kv, W_Q, W_K, W_V, W_O, n_heads, mask=None):
    d_model = W_Q.shape[0]
    d_head = d_model // n_heads
    per_head = lambda W: W.reshape(d_model, n_heads, d_head)  # noqa: E731
    Q = np.einsum("...nd,dhe->...hne", X_q, per_head(W_Q))
    K = np.einsum("...nd,dhe->...hne", X_kv, per_head(W_K))
    V = np.einsum("...nd,dhe->...hne", X_kv, per_head(W_V))
    scores = np.einsum("...hqe,...hke->...hqk", Q, K) / math.sqrt(d_head)
    if mask is not None:
        visible = np.broadcast_to(np.expand_dims(mask, -3), scores.shape)
        scores = np.where(visible, scores, -np.inf)
        weights = softmax(np.where(visible.any(-1, keepdims=True), scores, 0.0))
        weights = np.where(visible.any(-1, keepdims=True), weights, 0.0)
    else:
        weights = softmax(scores)
    heads = np.einsum("...hqk,...hke->...qhe", weights, V)
    return np.einsum("...qhe,hef->...qf", heads, W_O.reshape(n_heads, d_head, d_model)), weights
