"""Reshapes to (..., n, d_head, n_heads), so head h gets every n_heads-th feature.

diagnosis: split-interleaved
"""
import numpy as np


def split_heads(x, n_heads):
    *batch, n, d_model = x.shape
    return np.moveaxis(x.reshape(*batch, n, d_model // n_heads, n_heads), -1, -3)
