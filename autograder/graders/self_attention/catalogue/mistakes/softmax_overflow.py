"""Exponentiates without subtracting the maximum first.

diagnosis: softmax-overflow
"""
import numpy as np


def softmax(x, axis=-1):
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)
