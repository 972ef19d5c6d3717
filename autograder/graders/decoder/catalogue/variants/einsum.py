"""Every product written with np.einsum."""
import numpy as np


def feed_forward(x, W1, b1, W2, b2):
    hidden = np.maximum(np.einsum("...nd,df->...nf", x, W1) + b1, 0)
    return np.einsum("...nf,fd->...nd", hidden, W2) + b2


def attend(x, params, cache=None, causal=True):
    project = lambda name: np.einsum("...nd,dk->...nk", x, params[name])  # noqa: E731
    K, V = project("W_K"), project("W_V")
    if cache is not None:
        K, V = np.concatenate([cache["K"], K], axis=-2), np.concatenate([cache["V"], V], axis=-2)
    m, n = x.shape[-2], K.shape[-2]
    mask = np.tril(np.ones((m, n), dtype=bool), k=n - m) if causal else None
    out = np.einsum("...nv,vd->...nd", attention(project("W_Q"), K, V, mask), params["W_O"])
    return out, {"K": K, "V": V}
