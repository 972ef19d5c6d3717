"""Assignment 5: a transformer decoder block with a KV cache, in plain NumPy.

You will assemble the pieces of a GPT-style decoder: layer norm, sinusoidal
positional encoding, the feed-forward network, a pre-LN causal block, and
incremental decoding that reuses the keys and values of earlier tokens.

The block (single-head attention, pre-LN: normalise the input of each
sub-layer, never its output), for token embeddings x of shape (..., n, d_model):

    h = x + attend(layer_norm(x; ln1))               attention sub-layer
    y = h + feed_forward(layer_norm(h; ln2))         feed-forward sub-layer

Parameters come as a dict of arrays (``init_params`` below makes one):

    ln1_gamma, ln1_beta, ln2_gamma, ln2_beta   (d_model,)
    W_Q, W_K (d_model, d_k)   W_V (d_model, d_v)   W_O (d_v, d_model)
    W1 (d_model, d_ff)   b1 (d_ff,)   W2 (d_ff, d_model)   b2 (d_model,)

The KV cache is plain data, passed in and returned, never stored in a global:
``None`` before the first token, then ``{"K": (..., t, d_k), "V": (..., t, d_v)}``
holding the keys and values of the t tokens seen so far. Each call returns the
extended cache; the caller passes it to the next call.

Conventions (the grader checks them): ``...`` means any leading batch axes,
passed through untouched; float32 inputs and parameters give float32 outputs;
inputs (and the cache you are given) are never modified in place.

Run the public tests with ``pytest`` from this folder.
"""
import math

import numpy as np


def init_params(d_model, d_k, d_v, d_ff, rng, dtype=np.float64):
    """Random parameters of one block, as the dict described above (given).

    ``rng`` is a numpy Generator, e.g. ``np.random.default_rng(0)``.
    """
    def weight(n_in, n_out):
        return (rng.standard_normal((n_in, n_out)) / math.sqrt(n_in)).astype(dtype)

    def vector(centre, n):
        return (centre + 0.1 * rng.standard_normal(n)).astype(dtype)

    return {
        "ln1_gamma": vector(1.0, d_model), "ln1_beta": vector(0.0, d_model),
        "W_Q": weight(d_model, d_k), "W_K": weight(d_model, d_k), "W_V": weight(d_model, d_v), "W_O": weight(d_v, d_model),
        "ln2_gamma": vector(1.0, d_model), "ln2_beta": vector(0.0, d_model),
        "W1": weight(d_model, d_ff), "b1": vector(0.0, d_ff), "W2": weight(d_ff, d_model), "b2": vector(0.0, d_model),
    }


def attention(Q, K, V, mask=None):
    """Scaled dot-product attention output, shape (..., n_q, d_v) (given; assignment 1).

    ``mask``: boolean, broadcastable to (..., n_q, n_k), True = may attend.
    Every query must see at least one key.
    """
    scores = Q @ np.swapaxes(K, -1, -2) / math.sqrt(Q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = np.exp(scores - np.max(scores, axis=-1, keepdims=True))
    return (weights / np.sum(weights, axis=-1, keepdims=True)) @ V


def layer_norm(x, gamma, beta, eps=1e-5):
    """Layer normalisation over the last axis (the features of each token).

    Args:
        x: shape (..., d).
        gamma, beta: shape (d,), the learned scale and shift.
        eps: added to the variance, inside the square root.

    Returns:
        gamma * (x - mean) / sqrt(var + eps) + beta, shape (..., d), where mean
        and var are taken over the last axis of x. var is the biased variance
        (divide by d, not d - 1), as in the transformer papers and PyTorch.
    """
    ### BEGIN SOLUTION
    mean = np.mean(x, axis=-1, keepdims=True)
    var = np.var(x, axis=-1, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta
    ### END SOLUTION


def positional_encoding(n, d_model, start=0):
    """Sinusoidal positional encoding of positions start, start + 1, ..., start + n - 1.

    For position p and pair index i (0 <= 2i < d_model):

        PE[p, 2i]     = sin(p / 10000^(2i / d_model))
        PE[p, 2i + 1] = cos(p / 10000^(2i / d_model))

    so dimensions 2i and 2i + 1 share one frequency: sines on even dimensions,
    cosines on odd ones, interleaved. An odd d_model ends with a sine.

    Returns:
        float64 array of shape (n, d_model); row r encodes position start + r.
    """
    ### BEGIN SOLUTION
    positions = np.arange(start, start + n, dtype=np.float64)[:, None]
    dims = np.arange(d_model)
    angles = positions / 10000.0 ** ((dims - dims % 2) / d_model)
    return np.where(dims % 2 == 0, np.sin(angles), np.cos(angles))
    ### END SOLUTION


def feed_forward(x, W1, b1, W2, b2):
    """Position-wise feed-forward network with a ReLU: max(0, x W1 + b1) W2 + b2.

    Args:
        x: shape (..., n, d_model). W1: (d_model, d_ff). b1: (d_ff,).
        W2: (d_ff, d_model). b2: (d_model,).

    Returns:
        shape (..., n, d_model). Each token is transformed on its own.
    """
    ### BEGIN SOLUTION
    return np.maximum(x @ W1 + b1, 0) @ W2 + b2
    ### END SOLUTION


def attend(x, params, cache=None, causal=True):
    """Single-head attention of new tokens over the cached ones and themselves.

    Args:
        x: the (already normalised) new tokens, shape (..., m, d_model).
        params: uses W_Q, W_K, W_V and W_O.
        cache: None, or {"K": (..., t, d_k), "V": (..., t, d_v)} from earlier tokens.
        causal: if True, each new token sees the cached tokens, itself and the
            new tokens before it; if False, it sees every cached and new token.

    Returns:
        (out, new_cache): out = attention(x W_Q, K, V, mask) W_O of shape
        (..., m, d_model), where K and V are the cached keys and values followed
        by those of the new tokens (x W_K and x W_V); new_cache = {"K": K, "V": V},
        holding t + m tokens.

    The m new queries are the last m of n = t + m positions: new token i sits
    at position t + i and may see key j when j <= t + i. The mask has shape
    (m, n), not (n, n).
    """
    ### BEGIN SOLUTION
    K, V = x @ params["W_K"], x @ params["W_V"]
    if cache is not None:
        K = np.concatenate([cache["K"], K], axis=-2)
        V = np.concatenate([cache["V"], V], axis=-2)
    m, n = x.shape[-2], K.shape[-2]
    mask = np.tril(np.ones((m, n), dtype=bool), k=n - m) if causal else None
    out = attention(x @ params["W_Q"], K, V, mask) @ params["W_O"]
    return out, {"K": K, "V": V}
    ### END SOLUTION


def decoder_block(x, params, cache=None, causal=True):
    """One pre-LN decoder block with residual connections.

    Args:
        x: token embeddings (positions already encoded), shape (..., m, d_model).
        params: the parameter dict described at the top of this file.
        cache, causal: passed to ``attend``.

    Returns:
        (y, new_cache): y of shape (..., m, d_model), and the cache from ``attend``.

    Each sub-layer adds its result to its own input (the residual), and
    normalises only what goes into the sub-layer: x + attend(LN1(x)), then
    h + FFN(LN2(h)). Use layer norm's default eps.
    """
    ### BEGIN SOLUTION
    attended, cache = attend(layer_norm(x, params["ln1_gamma"], params["ln1_beta"]), params, cache, causal)
    h = x + attended
    normed = layer_norm(h, params["ln2_gamma"], params["ln2_beta"])
    return h + feed_forward(normed, params["W1"], params["b1"], params["W2"], params["b2"]), cache
    ### END SOLUTION


def decode(x, params, cache=None):
    """Causal decoding of new tokens, with positions and a KV cache.

    Args:
        x: embeddings of the m new tokens, shape (..., m, d_model), without
            positional encoding.
        params: the parameter dict.
        cache: None (nothing seen yet) or the cache returned by the previous
            call, holding the t tokens that come before these.

    Returns:
        (y, new_cache) as from ``decoder_block``, for the tokens at positions
        t, ..., t + m - 1.

    Add the positional encoding of those positions (cast to x's dtype), then
    run the causal block. Feeding a sequence all at once, token by token, or
    in chunks (a prefill, then more) must give the same outputs.
    """
    ### BEGIN SOLUTION
    start = 0 if cache is None else cache["K"].shape[-2]
    encoded = x + positional_encoding(x.shape[-2], x.shape[-1], start).astype(x.dtype)
    return decoder_block(encoded, params, cache, causal=True)
    ### END SOLUTION
