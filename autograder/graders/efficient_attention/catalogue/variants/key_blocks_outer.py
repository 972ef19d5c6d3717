"""Another valid order: key blocks in the outer loop, a running state for every query, query blocks inside."""
import numpy as np


def chunked_attention(Q, K, V, causal=False, block_size=64):
    n_q, n_k = Q.shape[-2], K.shape[-2]
    m = np.full((*Q.shape[:-1], 1), -np.inf, dtype=Q.dtype)
    l = np.zeros_like(m)
    acc = np.zeros((*Q.shape[:-1], V.shape[-1]), dtype=Q.dtype)
    for k0 in range(0, n_k, block_size):
        k, v = K[..., k0 : k0 + block_size, :], V[..., k0 : k0 + block_size, :]
        for q0 in range(0, n_q, block_size):
            part = slice(q0, q0 + block_size)
            scores = np.einsum("...qd,...kd->...qk", Q[..., part, :], k) / math.sqrt(Q.shape[-1])
            if causal:
                positions = np.arange(q0, min(q0 + block_size, n_q))[:, None] + n_k - n_q
                scores = np.where(np.arange(k0, k0 + k.shape[-2]) <= positions, scores, -np.inf)
            m_new = np.maximum(m[..., part, :], scores.max(axis=-1, keepdims=True))
            seen = np.isfinite(m_new)  # rows that have seen no key yet stay empty
            shift = np.where(seen, m_new, 0.0)
            p = np.exp(scores - shift)
            correction = np.exp(m[..., part, :] - shift)
            l[..., part, :] = l[..., part, :] * correction + p.sum(axis=-1, keepdims=True)
            acc[..., part, :] = acc[..., part, :] * correction + p @ v
            m[..., part, :] = m_new
    return acc / l
