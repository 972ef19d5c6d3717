"""Writes attention_backward without matmul_backward and gets dV = P @ dOut.

diagnosis: dv-not-transposed
"""
import math

import numpy as np


def attention_backward(dOut, Q, K, V, mask=None):
    _, P = attention_forward(Q, K, V, mask)
    dV = P @ dOut
    dS = softmax_backward(P, dOut @ np.swapaxes(V, -1, -2)) / math.sqrt(Q.shape[-1])
    return dS @ K, np.swapaxes(dS, -1, -2) @ Q, dV
