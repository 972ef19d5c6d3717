"""Treats the softmax like an element-wise exp: dS = P * dP.

diagnosis: softmax-backward-no-row-sum
"""


def softmax_backward(P, dP):
    return P * dP
