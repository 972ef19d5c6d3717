"""Another valid order: each head is projected by its own rows of W_O and the results are summed."""
import numpy as np


def multi_head_attention(X_q, X_kv, W_Q, W_K, W_V, W_O, n_heads, mask=None):
    Q, K, V = (split_heads(X @ W, n_heads) for X, W in ((X_q, W_Q), (X_kv, W_K), (X_kv, W_V)))
    heads, weights = attention(Q, K, V, None if mask is None else np.expand_dims(mask, -3))
    d_head = heads.shape[-1]
    rows = W_O.reshape(n_heads, d_head, -1)  # rows h*d_head .. (h+1)*d_head - 1 of W_O
    return np.sum(heads @ rows, axis=-3), weights
