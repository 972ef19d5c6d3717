"""Computes the weight gradients per batch element and never sums them.

diagnosis: dw-batch-not-summed
"""
import numpy as np


def self_attention_backward(dOut, X, W_Q, W_K, W_V, mask=None):
    dQ, dK, dV = attention_backward(dOut, X @ W_Q, X @ W_K, X @ W_V, mask)
    dX = dQ @ W_Q.T + dK @ W_K.T + dV @ W_V.T
    X_T = np.swapaxes(X, -1, -2)
    return dX, X_T @ dQ, X_T @ dK, X_T @ dV
