"""Accepts causal=True but always computes the non-causal sums.

diagnosis: causal-ignored
"""
import numpy as np


def linear_attention(Q, K, V, causal=False):
    phi_q, phi_k = elu_feature_map(Q), elu_feature_map(K)
    numerator = phi_q @ (np.swapaxes(phi_k, -1, -2) @ V)
    return numerator / np.sum(phi_q * np.sum(phi_k, axis=-2, keepdims=True), axis=-1, keepdims=True)
