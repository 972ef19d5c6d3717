"""Keeps only the diagonal of the softmax Jacobian: dS = dP * P * (1 - P).

diagnosis: softmax-jacobian-diagonal
"""


def softmax_backward(P, dP):
    return dP * P * (1 - P)
