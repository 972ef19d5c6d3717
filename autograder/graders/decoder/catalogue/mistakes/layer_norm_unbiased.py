"""Uses the unbiased variance (ddof=1) in layer norm.

diagnosis: layer-norm-unbiased-variance
"""
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=-1, keepdims=True)
    return gamma * (x - mean) / np.sqrt(x.var(axis=-1, ddof=1, keepdims=True) + eps) + beta
