"""A symmetric band: query i also sees the window - 1 keys after it.

diagnosis: window-not-causal
"""
import numpy as np


def sliding_window_mask(n, window):
    offset = np.arange(n)[:, None] - np.arange(n)[None, :]
    return np.abs(offset) < window
