"""Recomputes P without the mask in the backward pass.

diagnosis: backward-mask-forgotten
"""
import math

import numpy as np


def attention_backward(dOut, Q, K, V, mask=None):
    _, P = attention_forward(Q, K, V)
    dP, dV = matmul_backward(P, V, dOut)
    dS = softmax_backward(P, dP) / math.sqrt(Q.shape[-1])
    return dS @ K, np.swapaxes(dS, -1, -2) @ Q, dV
