"""Computes the heads inline and scales the scores by √d_model instead of √d_head.

diagnosis: scale-by-d-model
"""
import math

import numpy as np


def multi_head_attention(X_q, X_kv, W_Q, W_K, W_V, W_O, n_heads, mask=None):
    d_model = X_q.shape[-1]
    Q = split_heads(X_q @ W_Q, n_heads)
    K = split_heads(X_kv @ W_K, n_heads)
    V = split_heads(X_kv @ W_V, n_heads)
    scores = Q @ np.swapaxes(K, -1, -2) / math.sqrt(d_model)
    if mask is not None:
        scores = np.where(np.asarray(mask)[..., None, :, :], scores, -np.inf)
    weights = np.nan_to_num(softmax(scores))
    return merge_heads(weights @ V) @ W_O, weights
