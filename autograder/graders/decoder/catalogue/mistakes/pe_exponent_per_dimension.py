"""Uses the dimension index itself in the exponent, so dims 2i and 2i+1 get different frequencies.

diagnosis: pe-exponent-per-dimension
"""
import numpy as np


def positional_encoding(n, d_model, start=0):
    positions = np.arange(start, start + n)[:, None]
    dims = np.arange(d_model)
    angles = positions / 10000.0 ** (dims / d_model)
    return np.where(dims % 2 == 0, np.sin(angles), np.cos(angles))
