"""Uses dS instead of its transpose in dK.

diagnosis: dk-ds-not-transposed
"""
import math


def attention_backward(dOut, Q, K, V, mask=None):
    _, P = attention_forward(Q, K, V, mask)
    dP, dV = matmul_backward(P, V, dOut)
    dS = softmax_backward(P, dP) / math.sqrt(Q.shape[-1])
    return dS @ K, dS @ Q, dV
