"""Causal linear attention as an explicit running sum over positions, computed in float64 and cast back."""
import numpy as np


def elu_feature_map(x):
    out = np.empty_like(x)
    positive = x > 0
    out[positive] = x[positive] + 1
    out[~positive] = np.exp(x[~positive])
    return out


def linear_attention(Q, K, V, causal=False):
    phi_q = elu_feature_map(Q).astype(np.float64)
    phi_k = elu_feature_map(K).astype(np.float64)
    values = V.astype(np.float64)
    if not causal:
        kv = np.einsum("...nd,...ne->...de", phi_k, values)
        z = phi_k.sum(axis=-2)
        out = np.einsum("...nd,...de->...ne", phi_q, kv) / np.einsum("...nd,...d->...n", phi_q, z)[..., None]
        return out.astype(Q.dtype)
    out = np.empty((*Q.shape[:-1], V.shape[-1]))
    S = np.zeros((*Q.shape[:-2], Q.shape[-1], V.shape[-1]))
    z = np.zeros((*Q.shape[:-2], Q.shape[-1]))
    for i in range(Q.shape[-2]):
        S += phi_k[..., i, :, None] * values[..., i, None, :]
        z += phi_k[..., i, :]
        q = phi_q[..., i, :]
        out[..., i, :] = np.einsum("...d,...de->...e", q, S) / np.sum(q * z, axis=-1, keepdims=True)
    return out.astype(Q.dtype)
