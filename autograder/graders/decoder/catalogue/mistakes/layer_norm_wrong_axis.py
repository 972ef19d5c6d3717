"""Normalises over axis 0, as batch norm would.

diagnosis: layer-norm-wrong-axis
"""
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    mean = np.mean(x, axis=0, keepdims=True)
    var = np.var(x, axis=0, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta
