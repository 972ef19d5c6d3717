"""Scores and outputs with np.einsum instead of @."""
import math

import numpy as np


def scaled_scores(Q, K):
    return np.einsum("...qd,...kd->...qk", Q, K) / math.sqrt(Q.shape[-1])


def project_qkv(X, W_Q, W_K, W_V):
    return tuple(np.einsum("...nd,de->...ne", X, W) for W in (W_Q, W_K, W_V))
