"""Copy-paste slip: the keys and values of cross-attention come from X_q.

diagnosis: keys-from-queries
"""
import numpy as np


def multi_head_attention(X_q, X_kv, W_Q, W_K, W_V, W_O, n_heads, mask=None):
    Q = split_heads(X_q @ W_Q, n_heads)
    K = split_heads(X_q @ W_K, n_heads)
    V = split_heads(X_q @ W_V, n_heads)
    heads, weights = attention(Q, K, V, None if mask is None else np.asarray(mask)[..., None, :, :])
    return merge_heads(heads) @ W_O, weights
