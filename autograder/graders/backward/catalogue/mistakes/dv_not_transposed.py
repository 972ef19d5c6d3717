"""Computes the gradient of the right factor of a product as A @ dC (so dV = P @ dOut).

diagnosis: dv-not-transposed
"""
import numpy as np


def matmul_backward(A, B, dC):
    return dC @ np.swapaxes(B, -1, -2), A @ dC
