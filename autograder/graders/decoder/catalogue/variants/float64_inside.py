"""Computes layer norm and the feed-forward network in float64 and casts back to the input dtype."""
import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    wide = x.astype(np.float64)
    centred = wide - wide.mean(axis=-1, keepdims=True)
    normed = centred / np.sqrt((centred**2).mean(axis=-1, keepdims=True) + eps)
    return (gamma.astype(np.float64) * normed + beta).astype(x.dtype)


def feed_forward(x, W1, b1, W2, b2):
    wide = [a.astype(np.float64) for a in (x, W1, b1, W2, b2)]
    hidden = np.maximum(wide[0] @ wide[1] + wide[2], 0.0)
    return (hidden @ wide[3] + wide[4]).astype(x.dtype)
