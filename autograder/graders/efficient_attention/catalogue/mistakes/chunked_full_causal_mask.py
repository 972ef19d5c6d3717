"""Chunks the scores correctly but builds the whole (n, n) causal mask up front.

diagnosis: memory-above-limit
"""
import numpy as np

_correct_chunked = chunked_attention


def chunked_attention(Q, K, V, causal=False, block_size=64):
    n_q, n_k = Q.shape[-2], K.shape[-2]
    if causal:
        full_mask = np.tril(np.ones((n_q, n_k), dtype=bool), k=n_k - n_q)  # n² booleans, then sliced per block
        assert full_mask[-1].all()
    return _correct_chunked(Q, K, V, causal, block_size)
