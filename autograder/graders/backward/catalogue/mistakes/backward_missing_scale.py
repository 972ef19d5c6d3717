"""Forgets the 1/sqrt(d_k) of the scores in dQ and dK.

diagnosis: backward-missing-scale
"""
import numpy as np


def attention_backward(dOut, Q, K, V, mask=None):
    _, P = attention_forward(Q, K, V, mask)
    dP, dV = matmul_backward(P, V, dOut)
    dS = softmax_backward(P, dP)
    return dS @ K, np.swapaxes(dS, -1, -2) @ Q, dV
