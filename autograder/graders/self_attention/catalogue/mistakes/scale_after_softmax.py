"""Scales the weights after the softmax instead of the scores before it.

diagnosis: scale-after-softmax
"""
import math

import numpy as np


def attention(Q, K, V, mask=None):
    scores = Q @ np.swapaxes(K, -1, -2)
    if mask is not None:
        scores = np.where(mask, scores, -1e9)
    weights = softmax(scores, axis=-1) / math.sqrt(Q.shape[-1])
    return weights @ V, weights
