"""Hides the diagonal: a token cannot see itself.

diagnosis: causal-diagonal-excluded
"""
import numpy as np


def causal_mask(n_q, n_k):
    return np.tril(np.ones((n_q, n_k), dtype=bool), k=n_k - n_q - 1)
