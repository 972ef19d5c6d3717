"""Correct: computes in float64 and casts back, prints, and lets numpy warn on an empty row."""
import math
import warnings

import numpy as np


def attention(Q, K, V, mask=None):
    print("heads:", Q.shape[-3] if Q.ndim >= 3 else 1)
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (Q, K, V))
    scores = q @ np.swapaxes(k, -1, -2) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        e = np.exp(scores - np.max(scores, axis=-1, keepdims=True))  # nan rows warn
        weights = np.nan_to_num(e / e.sum(axis=-1, keepdims=True), nan=0.0)
    return (weights @ v).astype(Q.dtype), weights.astype(Q.dtype)
