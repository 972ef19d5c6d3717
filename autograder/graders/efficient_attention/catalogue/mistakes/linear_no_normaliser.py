"""Computes φ(Q) (φ(K)ᵀ V) and forgets to divide by φ(q_i)·Σ_j φ(k_j).

diagnosis: linear-no-normaliser
"""
import numpy as np


def linear_attention(Q, K, V, causal=False):
    phi_q, phi_k = elu_feature_map(Q), elu_feature_map(K)
    if causal:
        kv = np.cumsum(phi_k[..., :, :, None] * V[..., :, None, :], axis=-3)
        return np.einsum("...nd,...nde->...ne", phi_q, kv)
    return phi_q @ (np.swapaxes(phi_k, -1, -2) @ V)
