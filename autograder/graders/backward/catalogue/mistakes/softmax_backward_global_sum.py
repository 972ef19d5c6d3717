"""Sums dP * P over the whole array instead of each row.

diagnosis: softmax-backward-global-sum
"""
import numpy as np


def softmax_backward(P, dP):
    return P * (dP - np.sum(dP * P))
