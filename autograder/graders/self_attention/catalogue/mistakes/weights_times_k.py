"""Averages the keys instead of the values.

diagnosis: weights-times-k
"""
_correct_attention = attention


def attention(Q, K, V, mask=None):
    _, weights = _correct_attention(Q, K, V, mask)
    return weights @ K, weights
