"""Applies every projection as X @ W.T, the way torch.nn.Linear stores its weights.

diagnosis: projection-transposed
"""
import numpy as np


def multi_head_attention(X_q, X_kv, W_Q, W_K, W_V, W_O, n_heads, mask=None):
    Q = split_heads(X_q @ W_Q.T, n_heads)
    K = split_heads(X_kv @ W_K.T, n_heads)
    V = split_heads(X_kv @ W_V.T, n_heads)
    heads, weights = attention(Q, K, V, None if mask is None else np.asarray(mask)[..., None, :, :])
    return merge_heads(heads) @ W_O.T, weights
