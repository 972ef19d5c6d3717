"""Builds the causal mask of each block pair from positions inside the blocks (np.tril of the block).

diagnosis: causal-block-local
"""
import numpy as np


def chunked_attention(Q, K, V, causal=False, block_size=64):
    n_q, n_k = Q.shape[-2], K.shape[-2]
    scale = math.sqrt(Q.shape[-1])
    output = np.empty((*Q.shape[:-1], V.shape[-1]), dtype=Q.dtype)
    for q0 in range(0, n_q, block_size):
        q = Q[..., q0 : q0 + block_size, :]
        m = np.full((*q.shape[:-1], 1), -np.inf)
        l = np.zeros_like(m)
        acc = np.zeros((*q.shape[:-1], V.shape[-1]))
        for k0 in range(0, n_k, block_size):
            scores = q @ np.swapaxes(K[..., k0 : k0 + block_size, :], -1, -2) / scale
            if causal:
                local = np.tril(np.ones(scores.shape[-2:], dtype=bool))
                scores = np.where(local, scores, -np.inf)
            m_new = np.maximum(m, scores.max(axis=-1, keepdims=True))
            p = np.exp(scores - m_new)
            l = l * np.exp(m - m_new) + p.sum(axis=-1, keepdims=True)
            acc = acc * np.exp(m - m_new) + p @ V[..., k0 : k0 + block_size, :]
            m = m_new
        output[..., q0 : q0 + block_size, :] = acc / l
    return output
