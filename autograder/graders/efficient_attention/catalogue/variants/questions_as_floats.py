"""Answers computed with numpy and given as floats: 4.0e10 bytes, factors 4.0 and 2.0.

module: questions
"""
import numpy as np


def score_matrix_bytes(n):
    return float(np.prod([n, n]) * np.dtype(np.float32).itemsize)


def full_attention_growth_factor():
    return (2 * 1000) ** 2 / 1000 ** 2


def sliding_window_growth_factor():
    return np.float64(2.0)
