"""Scales by np.sqrt(d_k), a float64 scalar that turns float32 scores into float64.

diagnosis: wrong-dtype
"""
import numpy as np


def scaled_scores(Q, K):
    return Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
