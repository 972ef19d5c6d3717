"""Correct, but prints debug output and lets numpy warn on fully masked rows."""
import warnings

import numpy as np


def attention(Q, K, V, mask=None):
    print("debug: Q", Q.shape, "K", K.shape, "V", V.shape)
    warnings.warn("this is a student's own warning")
    scores = scaled_scores(Q, K)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores)  # nan (with a RuntimeWarning) for a row with no visible key
    weights = np.nan_to_num(weights, nan=0.0)
    return weights @ V, weights
