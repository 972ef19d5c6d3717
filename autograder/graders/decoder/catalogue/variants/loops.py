"""Explicit Python loops: layer norm token by token, the encoding entry by entry, the mask by comparison."""
import math

import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    flat = x.reshape(-1, x.shape[-1])
    out = np.empty_like(flat)
    for r in range(flat.shape[0]):
        row = flat[r]
        mean = sum(row) / len(row)
        var = sum((v - mean) ** 2 for v in row) / len(row)
        out[r] = (row - mean) / math.sqrt(var + eps)
    return gamma * out.reshape(x.shape) + beta


def positional_encoding(n, d_model, start=0):
    pe = np.zeros((n, d_model))
    for r in range(n):
        for i in range(0, d_model, 2):
            angle = (start + r) / 10000 ** (i / d_model)
            pe[r, i] = math.sin(angle)
            if i + 1 < d_model:
                pe[r, i + 1] = math.cos(angle)
    return pe


def attend(x, params, cache=None, causal=True):
    K, V = x @ params["W_K"], x @ params["W_V"]
    if cache is not None:
        K = np.concatenate([cache["K"], K], axis=-2)
        V = np.concatenate([cache["V"], V], axis=-2)
    m, n = x.shape[-2], K.shape[-2]
    mask = None
    if causal:
        mask = np.zeros((m, n), dtype=bool)
        for i in range(m):
            for j in range(n):
                mask[i, j] = j <= (n - m) + i  # new query i sits at position t + i
    return attention(x @ params["W_Q"], K, V, mask) @ params["W_O"], {"K": K, "V": V}
