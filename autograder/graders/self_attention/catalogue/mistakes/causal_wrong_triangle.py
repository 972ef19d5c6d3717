"""Builds the causal mask from the upper triangle.

diagnosis: causal-wrong-triangle
"""
import numpy as np


def causal_mask(n_q, n_k):
    return np.triu(np.ones((n_q, n_k), dtype=bool))
