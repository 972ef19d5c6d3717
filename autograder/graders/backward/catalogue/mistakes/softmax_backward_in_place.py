"""Subtracts the row sums from dP in place, changing the caller's array.

diagnosis: input-mutated
"""
import numpy as np


def softmax_backward(P, dP):
    dP -= np.sum(dP * P, axis=-1, keepdims=True)
    return P * dP
