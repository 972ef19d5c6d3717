"""Another valid order: frequencies via exp and log, the mask from position indices, -1e9 fill, new cache dicts by copy."""
import math

import numpy as np


def layer_norm(x, gamma, beta, eps=1e-5):
    centred = x - x.mean(axis=-1, keepdims=True)
    inverse_std = 1 / np.sqrt(np.mean(centred * centred, axis=-1, keepdims=True) + eps)
    return centred * inverse_std * gamma + beta


def positional_encoding(n, d_model, start=0):
    pe = np.empty((n, d_model))
    positions = np.arange(start, start + n)[:, None]
    frequencies = np.exp(-math.log(10000.0) * np.arange(0, d_model, 2) / d_model)
    pe[:, 0::2] = np.sin(positions * frequencies)
    pe[:, 1::2] = np.cos(positions * frequencies)[:, : d_model // 2]
    return pe


def feed_forward(x, W1, b1, W2, b2):
    hidden = x @ W1 + b1
    return (hidden * (hidden > 0)) @ W2 + b2


def attend(x, params, cache=None, causal=True):
    t = 0 if cache is None else cache["K"].shape[-2]
    old = cache or {"K": np.zeros((*x.shape[:-2], 0, params["W_K"].shape[1]), x.dtype),
                    "V": np.zeros((*x.shape[:-2], 0, params["W_V"].shape[1]), x.dtype)}
    K = np.concatenate([old["K"], x @ params["W_K"]], axis=-2)
    V = np.concatenate([old["V"], x @ params["W_V"]], axis=-2)
    Q = x @ params["W_Q"]
    scores = Q @ np.swapaxes(K, -1, -2) / math.sqrt(Q.shape[-1])
    if causal:
        query_positions = t + np.arange(x.shape[-2])[:, None]
        scores = np.where(np.arange(K.shape[-2])[None, :] <= query_positions, scores, -1e9)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    return (weights @ V) @ params["W_O"], {"K": K.copy(), "V": V.copy()}


def decoder_block(x, params, cache=None, causal=True):
    normed = layer_norm(x, params["ln1_gamma"], params["ln1_beta"])
    attended, new_cache = attend(normed, params, cache, causal)
    x = x + attended
    update = feed_forward(layer_norm(x, params["ln2_gamma"], params["ln2_beta"]), params["W1"], params["b1"], params["W2"], params["b2"])
    return x + update, new_cache
