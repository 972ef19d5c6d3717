"""Never masks: the causal flag is ignored and every token sees the future.

diagnosis: attention-not-causal
"""
import numpy as np


def attend(x, params, cache=None, causal=True):
    K, V = x @ params["W_K"], x @ params["W_V"]
    if cache is not None:
        K = np.concatenate([cache["K"], K], axis=-2)
        V = np.concatenate([cache["V"], V], axis=-2)
    return attention(x @ params["W_Q"], K, V) @ params["W_O"], {"K": K, "V": V}
