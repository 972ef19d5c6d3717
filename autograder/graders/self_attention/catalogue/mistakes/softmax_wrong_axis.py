"""Always normalises over axis 0, whatever axis is asked for.

diagnosis: softmax-wrong-axis
"""
import numpy as np


def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)
