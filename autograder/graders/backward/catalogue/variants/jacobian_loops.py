"""Builds each row's softmax Jacobian diag(p) - p pᵀ and loops over batch and rows."""
import numpy as np


def softmax_backward(P, dP):
    flat_P = P.reshape(-1, P.shape[-1])
    flat_dP = dP.reshape(-1, P.shape[-1])
    out = np.empty_like(flat_P)
    for r in range(flat_P.shape[0]):
        p = flat_P[r]
        jacobian = np.diag(p) - np.outer(p, p)
        out[r] = jacobian @ flat_dP[r]  # the Jacobian is symmetric, so no transpose is needed
    return out.reshape(P.shape)


def matmul_backward(A, B, dC):
    batch = A.shape[:-2]
    a, b, dc = (x.reshape(-1, *x.shape[-2:]) for x in (A, B, dC))
    dA, dB = np.zeros_like(a), np.zeros_like(b)
    for i in range(a.shape[0]):
        for n in range(a.shape[1]):
            for p in range(b.shape[2]):
                dA[i, n, :] += dc[i, n, p] * b[i, :, p]
                dB[i, :, p] += dc[i, n, p] * a[i, n, :]
    return dA.reshape(*batch, *A.shape[-2:]), dB.reshape(*batch, *B.shape[-2:])
