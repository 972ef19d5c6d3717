"""Multiplies the scores by sqrt(d_k) instead of dividing.

diagnosis: multiply-by-sqrt-dk
"""
import math

import numpy as np


def scaled_scores(Q, K):
    return Q @ np.swapaxes(K, -1, -2) * math.sqrt(Q.shape[-1])
