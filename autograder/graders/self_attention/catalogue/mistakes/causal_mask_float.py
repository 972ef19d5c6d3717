"""Returns the causal pattern as a float array of ones and zeros.

diagnosis: mask-not-boolean
"""
import numpy as np


def causal_mask(n_q, n_k):
    return np.tril(np.ones((n_q, n_k)), k=n_k - n_q)
