"""Applies the ReLU after the second layer.

diagnosis: ffn-relu-on-output
"""
import numpy as np


def feed_forward(x, W1, b1, W2, b2):
    return np.maximum((x @ W1 + b1) @ W2 + b2, 0)
