"""Masks with the dtype's most negative finite number and a boolean index."""
import numpy as np


def apply_mask(scores, mask):
    out = scores.copy()
    out[~np.broadcast_to(mask, scores.shape)] = np.finfo(scores.dtype).min
    return out
