"""Right values, but computes chunked_attention with the full score matrix.

diagnosis: builds-full-matrix
"""
import numpy as np


def chunked_attention(Q, K, V, causal=False, block_size=64):
    n_q, n_k = Q.shape[-2], K.shape[-2]
    mask = np.tril(np.ones((n_q, n_k), dtype=bool), k=n_k - n_q) if causal else None
    return dense_attention(Q, K, V, mask)
