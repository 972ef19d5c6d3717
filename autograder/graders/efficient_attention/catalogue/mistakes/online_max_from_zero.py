"""Starts the running maximum at 0: rows whose scores are all very negative underflow to 0/0.

diagnosis: online-max-from-zero
"""
import numpy as np


def chunked_attention(Q, K, V, causal=False, block_size=64):
    n_q, n_k = Q.shape[-2], K.shape[-2]
    scale = math.sqrt(Q.shape[-1])
    rows = np.arange(n_q)[:, None] + (n_k - n_q)
    output = np.empty((*Q.shape[:-1], V.shape[-1]), dtype=Q.dtype)
    for q0 in range(0, n_q, block_size):
        q = Q[..., q0 : q0 + block_size, :]
        m = np.zeros((*q.shape[:-1], 1))
        l = np.zeros_like(m)
        acc = np.zeros((*q.shape[:-1], V.shape[-1]))
        for k0 in range(0, n_k, block_size):
            scores = q @ np.swapaxes(K[..., k0 : k0 + block_size, :], -1, -2) / scale
            if causal:
                scores = np.where(np.arange(k0, k0 + scores.shape[-1]) <= rows[q0 : q0 + block_size], scores, -np.inf)
            m_new = np.maximum(m, scores.max(axis=-1, keepdims=True))
            p = np.exp(scores - m_new)
            l = l * np.exp(m - m_new) + p.sum(axis=-1, keepdims=True)
            acc = acc * np.exp(m - m_new) + p @ V[..., k0 : k0 + block_size, :]
            m = m_new
        output[..., q0 : q0 + block_size, :] = acc / l
    return output
