"""Applies the mask to the weights after the softmax, without renormalising.

diagnosis: mask-after-softmax
"""
import numpy as np


def attention(Q, K, V, mask=None):
    weights = softmax(scaled_scores(Q, K), axis=-1)
    if mask is not None:
        weights = weights * mask
    return weights @ V, weights
