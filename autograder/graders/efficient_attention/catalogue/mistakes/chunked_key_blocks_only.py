"""A correct online softmax over key blocks, but for all queries at once: n x block_size scores at a time.

diagnosis: memory-above-limit
"""
import numpy as np


def chunked_attention(Q, K, V, causal=False, block_size=64):
    n_q, n_k = Q.shape[-2], K.shape[-2]
    rows = np.arange(n_q)[:, None] + (n_k - n_q)
    m = np.full((*Q.shape[:-1], 1), -np.inf)
    l = np.zeros_like(m)
    acc = np.zeros((*Q.shape[:-1], V.shape[-1]))
    for k0 in range(0, n_k, block_size):
        scores = Q @ np.swapaxes(K[..., k0 : k0 + block_size, :], -1, -2) / math.sqrt(Q.shape[-1])
        if causal:
            scores = np.where(np.arange(k0, k0 + scores.shape[-1]) <= rows, scores, -np.inf)
        m_new = np.maximum(m, scores.max(axis=-1, keepdims=True))
        p = np.exp(scores - m_new)
        l = l * np.exp(m - m_new) + p.sum(axis=-1, keepdims=True)
        acc = acc * np.exp(m - m_new) + p @ V[..., k0 : k0 + block_size, :]
        m = m_new
    return (acc / l).astype(Q.dtype)
