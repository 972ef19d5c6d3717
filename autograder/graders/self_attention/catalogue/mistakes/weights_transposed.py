"""Returns the attention weights transposed.

diagnosis: weights-transposed
"""
import numpy as np

_correct_attention = attention


def attention(Q, K, V, mask=None):
    output, weights = _correct_attention(Q, K, V, mask)
    return output, np.swapaxes(weights, -1, -2)
