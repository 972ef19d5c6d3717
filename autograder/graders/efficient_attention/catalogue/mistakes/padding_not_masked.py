"""Pads K and V with window - 1 rows of zeros and forgets to mask them: the first queries attend to padding.

diagnosis: padding-not-masked
"""
import numpy as np


def sliding_window_attention(Q, K, V, window):
    pad = [(0, 0)] * (K.ndim - 2) + [(window - 1, 0), (0, 0)]
    K_windows = np.lib.stride_tricks.sliding_window_view(np.pad(K, pad), window, axis=-2)  # (..., n, d_k, window)
    V_windows = np.lib.stride_tricks.sliding_window_view(np.pad(V, pad), window, axis=-2)
    scores = np.einsum("...nd,...ndw->...nw", Q, K_windows) / math.sqrt(Q.shape[-1])
    return np.einsum("...nw,...ndw->...nd", softmax(scores), V_windows)
