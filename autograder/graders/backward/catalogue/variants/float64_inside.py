"""Computes every gradient in float64 and casts back to the input dtype."""
import math

import numpy as np


def attention_backward(dOut, Q, K, V, mask=None):
    dtype = Q.dtype
    dOut, Q, K, V = (x.astype(np.float64) for x in (dOut, Q, K, V))
    _, P = attention_forward(Q, K, V, mask)
    dS = softmax_backward(P, dOut @ np.swapaxes(V, -1, -2)) / math.sqrt(Q.shape[-1])
    grads = dS @ K, np.swapaxes(dS, -1, -2) @ Q, np.swapaxes(P, -1, -2) @ dOut
    return tuple(g.astype(dtype) for g in grads)
