"""One head at a time in a Python loop, slicing the columns of the weights, then concatenating."""
import math

import numpy as np


def multi_head_attention(X_q, X_kv, W_Q, W_K, W_V, W_O, n_heads, mask=None):
    d_head = W_Q.shape[0] // n_heads
    heads, all_weights = [], []
    for h in range(n_heads):
        cols = slice(h * d_head, (h + 1) * d_head)
        Q, K, V = X_q @ W_Q[:, cols], X_kv @ W_K[:, cols], X_kv @ W_V[:, cols]
        scores = Q @ np.swapaxes(K, -1, -2) / math.sqrt(d_head)
        if mask is not None:
            scores = np.where(mask, scores, -1e9)
        weights = softmax(scores)
        if mask is not None:
            weights = weights * np.broadcast_to(mask, scores.shape).any(axis=-1, keepdims=True)
        heads.append(weights @ V)
        all_weights.append(weights)
    return np.concatenate(heads, axis=-1) @ W_O, np.stack(all_weights, axis=-3)
