"""Builds the causal mask with np.tril and no offset, which is only right without a cache.

diagnosis: mask-offset-missing
"""
import numpy as np


def attend(x, params, cache=None, causal=True):
    K, V = x @ params["W_K"], x @ params["W_V"]
    if cache is not None:
        K = np.concatenate([cache["K"], K], axis=-2)
        V = np.concatenate([cache["V"], V], axis=-2)
    mask = np.tril(np.ones((x.shape[-2], K.shape[-2]), dtype=bool)) if causal else None
    return attention(x @ params["W_Q"], K, V, mask) @ params["W_O"], {"K": K, "V": V}
