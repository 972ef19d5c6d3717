"""Explicit Python loops over batch, queries and keys."""
import math

import numpy as np


def softmax(x, axis=-1):
    moved = np.moveaxis(np.asarray(x), axis, -1)
    flat = moved.reshape(-1, moved.shape[-1])
    out = np.empty_like(flat)
    for r in range(flat.shape[0]):
        row = flat[r]
        biggest = max(row)
        exps = [math.exp(v - biggest) for v in row]
        total = sum(exps)
        for c in range(len(row)):
            out[r, c] = exps[c] / total
    return np.moveaxis(out.reshape(moved.shape), -1, axis)


def scaled_scores(Q, K):
    batch = Q.shape[:-2]
    q = Q.reshape(-1, *Q.shape[-2:])
    k = K.reshape(-1, *K.shape[-2:])
    out = np.zeros((q.shape[0], q.shape[1], k.shape[1]), dtype=Q.dtype)
    scale = 1.0 / math.sqrt(Q.shape[-1])
    for b in range(q.shape[0]):
        for i in range(q.shape[1]):
            for j in range(k.shape[1]):
                out[b, i, j] = sum(q[b, i, t] * k[b, j, t] for t in range(q.shape[2])) * scale
    return out.reshape(*batch, q.shape[1], k.shape[1])


def causal_mask(n_q, n_k):
    mask = np.zeros((n_q, n_k), dtype=bool)
    for i in range(n_q):
        for j in range(n_k):
            mask[i, j] = j <= i + n_k - n_q
    return mask
