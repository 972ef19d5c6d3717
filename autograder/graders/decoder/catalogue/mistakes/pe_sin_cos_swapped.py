"""Puts cosines on even dimensions and sines on odd ones.

diagnosis: pe-sin-cos-swapped
"""
import numpy as np


def positional_encoding(n, d_model, start=0):
    pe = np.zeros((n, d_model))
    positions = np.arange(start, start + n)[:, None]
    frequencies = 1.0 / 10000.0 ** (np.arange(0, d_model, 2) / d_model)
    pe[:, 0::2] = np.cos(positions * frequencies)
    pe[:, 1::2] = np.sin(positions * frequencies)[:, : d_model // 2]
    return pe
