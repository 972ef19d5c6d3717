"""Masks with -inf but lets a query with no visible key become nan.

diagnosis: masked-row-nan
"""
import numpy as np


def attention(Q, K, V, mask=None):
    scores = scaled_scores(Q, K)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores, axis=-1)
    return weights @ V, weights
