"""Adds eps to the standard deviation instead of the variance.

diagnosis: layer-norm-eps-outside-sqrt
"""
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    centred = x - x.mean(axis=-1, keepdims=True)
    return gamma * centred / (x.std(axis=-1, keepdims=True) + eps) + beta
