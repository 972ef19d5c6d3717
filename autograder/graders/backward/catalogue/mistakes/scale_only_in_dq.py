"""Scales dQ by 1/sqrt(d_k) but forgets the same factor in dK.

diagnosis: backward-missing-scale
"""
import math

import numpy as np


def attention_backward(dOut, Q, K, V, mask=None):
    _, P = attention_forward(Q, K, V, mask)
    dP, dV = matmul_backward(P, V, dOut)
    dS = softmax_backward(P, dP)
    return dS @ K / math.sqrt(Q.shape[-1]), np.swapaxes(dS, -1, -2) @ Q, dV
