"""Masks with -1e9 and forgets that a fully masked row becomes uniform.

diagnosis: masked-row-uniform
"""
import numpy as np


def attention(Q, K, V, mask=None):
    scores = scaled_scores(Q, K)
    if mask is not None:
        scores = np.where(mask, scores, -1e9)
    weights = softmax(scores, axis=-1)
    return weights @ V, weights
