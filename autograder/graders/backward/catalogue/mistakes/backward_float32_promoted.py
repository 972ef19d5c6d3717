"""Scales by np.sqrt(d_k), a float64 scalar that turns float32 gradients into float64.

diagnosis: wrong-dtype
"""
import numpy as np


def attention_backward(dOut, Q, K, V, mask=None):
    _, P = attention_forward(Q, K, V, mask)
    dP, dV = matmul_backward(P, V, dOut)
    dS = softmax_backward(P, dP) / np.sqrt(Q.shape[-1])
    return dS @ K, np.swapaxes(dS, -1, -2) @ Q, dV
