"""Shifts the prefix sums by one, so query i sums over j < i and leaves itself out.

diagnosis: prefix-sum-exclusive
"""
import numpy as np

_correct_linear = linear_attention


def linear_attention(Q, K, V, causal=False):
    if not causal:
        return _correct_linear(Q, K, V)
    phi_q, phi_k = elu_feature_map(Q), elu_feature_map(K)
    outer = phi_k[..., :, :, None] * V[..., :, None, :]
    kv = np.cumsum(outer, axis=-3) - outer
    z = np.cumsum(phi_k, axis=-2) - phi_k
    return np.einsum("...nd,...nde->...ne", phi_q, kv) / np.sum(phi_q * z, axis=-1, keepdims=True)
