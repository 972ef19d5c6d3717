"""Masks with -1e9 and zeroes the rows of queries that see no key."""
import numpy as np


def apply_mask(scores, mask):
    return np.where(mask, scores, -1e9).astype(scores.dtype)


def attention(Q, K, V, mask=None):
    scores = scaled_scores(Q, K)
    if mask is None:
        weights = softmax(scores)
    else:
        weights = softmax(apply_mask(scores, mask))
        weights = weights * np.any(mask, axis=-1, keepdims=True)
    return weights @ V, weights
