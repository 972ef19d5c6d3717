"""Updates the running maximum but never rescales the running sum and output.

diagnosis: online-no-rescale
"""
import numpy as np


def chunked_attention(Q, K, V, causal=False, block_size=64):
    n_q, n_k = Q.shape[-2], K.shape[-2]
    scale = math.sqrt(Q.shape[-1])
    output = np.empty((*Q.shape[:-1], V.shape[-1]), dtype=Q.dtype)
    for q0 in range(0, n_q, block_size):
        q = Q[..., q0 : q0 + block_size, :]
        rows = np.arange(q0, q0 + q.shape[-2])[:, None] + (n_k - n_q)
        m = np.full((*q.shape[:-1], 1), -np.inf)
        l = np.zeros_like(m)
        acc = np.zeros((*q.shape[:-1], V.shape[-1]))
        for k0 in range(0, n_k, block_size):
            scores = q @ np.swapaxes(K[..., k0 : k0 + block_size, :], -1, -2) / scale
            if causal:
                scores = np.where(np.arange(k0, k0 + scores.shape[-1]) <= rows, scores, -np.inf)
            m = np.maximum(m, scores.max(axis=-1, keepdims=True))
            p = np.exp(scores - m)
            l = l + p.sum(axis=-1, keepdims=True)
            acc = acc + p @ V[..., k0 : k0 + block_size, :]
        output[..., q0 : q0 + block_size, :] = acc / l
    return output
