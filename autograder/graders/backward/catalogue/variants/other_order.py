"""Another valid order: scale Q first, dK as (Qᵀ dS)ᵀ, weight gradients with np.tensordot."""
import math

import numpy as np


def softmax_backward(P, dP):
    weighted = P * dP
    return weighted - P * weighted.sum(axis=-1, keepdims=True)


def attention_backward(dOut, Q, K, V, mask=None):
    scale = 1 / math.sqrt(Q.shape[-1])
    _, P = attention_forward(Q, K, V, mask)
    dS = softmax_backward(P, dOut @ np.swapaxes(V, -1, -2))
    dK = np.swapaxes(np.swapaxes(Q * scale, -1, -2) @ dS, -1, -2)
    return (dS * scale) @ K, dK, np.swapaxes(P, -1, -2) @ dOut


def self_attention_backward(dOut, X, W_Q, W_K, W_V, mask=None):
    dQ, dK, dV = attention_backward(dOut, X @ W_Q, X @ W_K, X @ W_V, mask)
    axes = list(range(X.ndim - 1))  # every axis but the features: batch and tokens
    dX = dV @ W_V.T + dK @ W_K.T + dQ @ W_Q.T
    return (dX, *(np.tensordot(X, d, axes=(axes, axes)) for d in (dQ, dK, dV)))
