"""Returns the merged heads and forgets the output projection W_O.

diagnosis: missing-output-projection
"""
import numpy as np


def multi_head_attention(X_q, X_kv, W_Q, W_K, W_V, W_O, n_heads, mask=None):
    Q, K, V = (split_heads(X @ W, n_heads) for X, W in ((X_q, W_Q), (X_kv, W_K), (X_kv, W_V)))
    heads, weights = attention(Q, K, V, None if mask is None else np.asarray(mask)[..., None, :, :])
    return merge_heads(heads), weights
