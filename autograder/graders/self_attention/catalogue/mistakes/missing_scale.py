"""Forgets to divide the scores by sqrt(d_k).

diagnosis: missing-scale
"""
import numpy as np


def scaled_scores(Q, K):
    return Q @ np.swapaxes(K, -1, -2)
