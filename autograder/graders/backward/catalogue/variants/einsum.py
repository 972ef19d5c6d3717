"""Every product written with np.einsum."""
import math

import numpy as np


def softmax_backward(P, dP):
    return P * (dP - np.einsum("...k,...k->...", dP, P)[..., None])


def matmul_backward(A, B, dC):
    return np.einsum("...np,...mp->...nm", dC, B), np.einsum("...nm,...np->...mp", A, dC)


def attention_backward(dOut, Q, K, V, mask=None):
    _, P = attention_forward(Q, K, V, mask)
    dV = np.einsum("...qk,...qv->...kv", P, dOut)
    dS = softmax_backward(P, np.einsum("...qv,...kv->...qk", dOut, V)) / math.sqrt(Q.shape[-1])
    return np.einsum("...qk,...kd->...qd", dS, K), np.einsum("...qk,...qd->...kd", dS, Q), dV


def self_attention_backward(dOut, X, W_Q, W_K, W_V, mask=None):
    dQ, dK, dV = attention_backward(dOut, X @ W_Q, X @ W_K, X @ W_V, mask)
    dX = sum(np.einsum("...nd,md->...nm", d, W) for d, W in ((dQ, W_Q), (dK, W_K), (dV, W_V)))
    rows = lambda a: a.reshape(-1, a.shape[-1])  # noqa: E731 (batch and tokens on one axis)
    return (dX, *(np.einsum("nm,nd->md", rows(X), rows(d)) for d in (dQ, dK, dV)))
