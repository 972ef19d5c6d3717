"""Attends over the whole cache but returns only the new keys and values.

diagnosis: cache-not-extended
"""
import numpy as np


def attend(x, params, cache=None, causal=True):
    K_new, V_new = x @ params["W_K"], x @ params["W_V"]
    K, V = K_new, V_new
    if cache is not None:
        K = np.concatenate([cache["K"], K_new], axis=-2)
        V = np.concatenate([cache["V"], V_new], axis=-2)
    m, n = x.shape[-2], K.shape[-2]
    mask = np.tril(np.ones((m, n), dtype=bool), k=n - m) if causal else None
    return attention(x @ params["W_Q"], K, V, mask) @ params["W_O"], {"K": K_new, "V": V_new}
