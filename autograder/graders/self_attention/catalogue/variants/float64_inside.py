"""Computes in float64 and casts the results back to the input dtype."""
import math

import numpy as np


def softmax(x, axis=-1):
    wide = np.asarray(x, dtype=np.float64)
    e = np.exp(wide - wide.max(axis=axis, keepdims=True))
    return (e / e.sum(axis=axis, keepdims=True)).astype(np.asarray(x).dtype)


def scaled_scores(Q, K):
    wide = Q.astype(np.float64) @ np.swapaxes(K.astype(np.float64), -1, -2)
    return (wide / math.sqrt(Q.shape[-1])).astype(Q.dtype)
