"""The window includes key i - window: window + 1 keys per query.

diagnosis: window-off-by-one
"""
import numpy as np


def sliding_window_mask(n, window):
    offset = np.arange(n)[:, None] - np.arange(n)[None, :]
    return (offset >= 0) & (offset <= window)


def sliding_window_attention(Q, K, V, window):
    n = Q.shape[-2]
    scale = math.sqrt(Q.shape[-1])
    scores = np.full((*Q.shape[:-1], window + 1), -np.inf)
    for o in range(min(window + 1, n)):
        scores[..., o:, o] = np.sum(Q[..., o:, :] * K[..., : n - o, :], axis=-1) / scale
    weights = softmax(scores)
    output = np.zeros((*Q.shape[:-1], V.shape[-1]))
    for o in range(min(window + 1, n)):
        output[..., o:, :] += weights[..., o:, o, None] * V[..., : n - o, :]
    return output.astype(Q.dtype)
