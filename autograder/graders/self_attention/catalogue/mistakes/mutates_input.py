"""Subtracts the maximum in place, changing the caller's array.

diagnosis: input-mutated
"""
import numpy as np


def softmax(x, axis=-1):
    x -= np.max(x, axis=axis, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)
