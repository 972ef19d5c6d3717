"""Ignores the n_k - n_q offset when there are fewer queries than keys.

diagnosis: causal-no-offset
"""
import numpy as np


def causal_mask(n_q, n_k):
    return np.tril(np.ones((n_q, n_k), dtype=bool))
