"""Known wrong decoders of assignment 5, imitated so the grader can name them.

Every imitation takes the grader test's inputs as keyword arguments and returns
what the mistaken code would return. The block-level imitations are built from
one configurable decoder (``_attend``, ``_block``, ``_decode``) whose flags each
switch on one mistake; with no flag set it computes the reference's answer.
"""
import math

import numpy as np

from autograder.checks import Mistake
from autograder.reference import load_reference

ref = load_reference("decoder", "decoder")


# -- layer norm: inputs x, gamma, beta, eps --------------------------------
def _normalise(x, gamma, beta, eps, *, axis=-1, ddof=0, divide=lambda var, eps: np.sqrt(var + eps)):
    mean = np.mean(x, axis=axis, keepdims=True)
    var = np.var(x, axis=axis, keepdims=True, ddof=ddof)
    return gamma * (x - mean) / divide(var, eps) + beta


LAYER_NORM = [
    Mistake(
        "layer-norm-unbiased-variance",
        "Your layer norm uses the unbiased variance (divide by d - 1); layer norm divides by d.",
        hint="np.var's default ddof=0 is the one you want; np.std(..., ddof=1) and pandas' var are unbiased.",
        imitate=lambda x, gamma, beta, eps: _normalise(x, gamma, beta, eps, ddof=1),
    ),
    *[
        Mistake(
            "layer-norm-wrong-axis",
            "Your layer norm normalises over the wrong axis: it must use the features of each token (the last axis).",
            hint="np.mean(x, axis=-1, keepdims=True), and the same for the variance.",
            imitate=lambda x, gamma, beta, eps, axis=axis: _normalise(x, gamma, beta, eps, axis=axis),
        )
        for axis in (-2, 0, None)
    ],
    Mistake(
        "layer-norm-eps-outside-sqrt",
        "Your layer norm adds eps to the standard deviation; it belongs under the square root.",
        hint="Divide by np.sqrt(var + eps), not np.sqrt(var) + eps.",
        imitate=lambda x, gamma, beta, eps: _normalise(x, gamma, beta, eps, divide=lambda var, eps: np.sqrt(var) + eps),
    ),
    Mistake(
        "layer-norm-no-sqrt",
        "Your layer norm divides by the variance instead of the standard deviation.",
        hint="Divide by np.sqrt(var + eps).",
        imitate=lambda x, gamma, beta, eps: _normalise(x, gamma, beta, eps, divide=lambda var, eps: var + eps),
    ),
    Mistake(
        "layer-norm-eps-ignored",
        "Your layer norm ignores eps.",
        hint="Divide by np.sqrt(var + eps): eps keeps near-constant rows from blowing up.",
        imitate=lambda x, gamma, beta, eps: _normalise(x, gamma, beta, 0.0),
    ),
    Mistake(
        "layer-norm-gamma-beta-swapped",
        "Your layer norm scales by beta and shifts by gamma.",
        hint="gamma is the scale, beta the shift: gamma * normalised + beta.",
        imitate=lambda x, gamma, beta, eps: _normalise(x, beta, gamma, eps),
    ),
    Mistake(
        "layer-norm-no-affine",
        "Your layer norm forgets gamma and beta.",
        hint="Return gamma * normalised + beta.",
        imitate=lambda x, gamma, beta, eps: _normalise(x, 1.0, 0.0, eps),
    ),
]


# -- positional encoding: inputs n, d_model, start -------------------------
def _encoding(n, d_model, start=0, *, exponent=lambda dims: dims - dims % 2, swap=False, halves=False):
    positions = np.arange(start, start + n, dtype=np.float64)[:, None]
    if halves:  # sin of every frequency, then cos of every frequency
        angles = positions / 10000.0 ** (np.arange(0, d_model, 2) / d_model)
        return np.concatenate([np.sin(angles), np.cos(angles)], axis=-1)[:, :d_model]
    dims = np.arange(d_model)
    angles = positions / 10000.0 ** (exponent(dims) / d_model)
    even, odd = (np.cos(angles), np.sin(angles)) if swap else (np.sin(angles), np.cos(angles))
    return np.where(dims % 2 == 0, even, odd)


POSITIONAL = [
    Mistake(
        "pe-sin-cos-swapped",
        "Your positional encoding puts cosines on the even dimensions and sines on the odd ones.",
        hint="PE[p, 2i] = sin(...) and PE[p, 2i + 1] = cos(...): position 0 encodes as 0, 1, 0, 1, ...",
        imitate=lambda n, d_model, start: _encoding(n, d_model, start, swap=True),
    ),
    Mistake(
        "pe-exponent-per-dimension",
        "Your positional encoding gives every dimension its own frequency; dimensions 2i and 2i + 1 must share one.",
        hint="The exponent is 2i / d_model for both dims 2i and 2i + 1: use dims - dims % 2 (or 2 * (dims // 2)).",
        imitate=lambda n, d_model, start: _encoding(n, d_model, start, exponent=lambda dims: dims),
    ),
    Mistake(
        "pe-exponent-per-dimension",
        "Your positional encoding gives every dimension its own frequency; dimensions 2i and 2i + 1 must share one.",
        hint="The exponent is 2i / d_model for both dims 2i and 2i + 1: use dims - dims % 2 (or 2 * (dims // 2)).",
        imitate=lambda n, d_model, start: _encoding(n, d_model, start, exponent=lambda dims: 2 * dims),
    ),
    Mistake(
        "pe-halves-not-interleaved",
        "Your positional encoding puts all the sines first and all the cosines after; they must be interleaved.",
        hint="Sines on even dimensions (PE[:, 0::2]) and cosines on odd ones (PE[:, 1::2]).",
        imitate=lambda n, d_model, start: _encoding(n, d_model, start, halves=True),
    ),
    Mistake(
        "pe-start-ignored",
        "Your positional encoding always starts at position 0 and ignores `start`.",
        hint="Row r encodes position start + r: np.arange(start, start + n).",
        imitate=lambda n, d_model, start: _encoding(n, d_model, 0),
    ),
]


# -- feed-forward: inputs x, W1, b1, W2, b2 --------------------------------
def _gelu(z):
    return 0.5 * z * (1 + np.tanh(math.sqrt(2 / math.pi) * (z + 0.044715 * z**3)))


FEED_FORWARD = [
    Mistake(
        "ffn-no-activation",
        "Your feed-forward network has no ReLU, so the two layers collapse into one linear map.",
        hint="np.maximum(x @ W1 + b1, 0) between the two layers.",
        imitate=lambda x, W1, b1, W2, b2: (x @ W1 + b1) @ W2 + b2,
    ),
    Mistake(
        "ffn-relu-on-output",
        "Your feed-forward network applies the ReLU to its output instead of between the two layers.",
        hint="max(0, x W1 + b1) W2 + b2: the output must be able to go negative.",
        imitate=lambda x, W1, b1, W2, b2: np.maximum((x @ W1 + b1) @ W2 + b2, 0),
    ),
    Mistake(
        "ffn-relu-before-bias",
        "Your feed-forward network adds b1 after the ReLU.",
        hint="max(0, x W1 + b1): the bias goes inside.",
        imitate=lambda x, W1, b1, W2, b2: (np.maximum(x @ W1, 0) + b1) @ W2 + b2,
    ),
    Mistake(
        "ffn-gelu-not-relu",
        "Your feed-forward network uses a GELU; this assignment specifies a ReLU.",
        hint="np.maximum(z, 0).",
        imitate=lambda x, W1, b1, W2, b2: _gelu(x @ W1 + b1) @ W2 + b2,
    ),
]


# -- the configurable decoder ----------------------------------------------
def _attend(x, params, cache=None, causal=True, *, offset=True, mask=None, use_cache=True, project=True, new_first=False, extend=True):
    """attend, with one mistake per flag: no mask offset, mask forced on/off, cache ignored..."""
    K_new, V_new = x @ params["W_K"], x @ params["W_V"]
    K, V = K_new, V_new
    if cache is not None:
        pairs = [(K_new, cache["K"]), (V_new, cache["V"])] if new_first else [(cache["K"], K_new), (cache["V"], V_new)]
        joined = [np.concatenate(pair, axis=-2) for pair in pairs]
        K, V = joined if use_cache else (K, V)
        kept = joined if extend else (K_new, V_new)
    else:
        kept = (K, V)
    m, n = x.shape[-2], K.shape[-2]
    masked = causal if mask is None else mask
    visible = np.tril(np.ones((m, n), dtype=bool), k=n - m if offset else 0) if masked else None
    out = ref.attention(x @ params["W_Q"], K, V, visible)
    return (out @ params["W_O"] if project else out), {"K": kept[0], "V": kept[1]}


def _norm(params, which, v):
    return ref.layer_norm(v, params[f"{which}_gamma"], params[f"{which}_beta"])


def _ffn(params, v):
    return ref.feed_forward(v, params["W1"], params["b1"], params["W2"], params["b2"])


def _block(x, params, cache=None, causal=True, *, post_ln=False, residuals=(True, True), normed_residual=False, second_norm="ln2", **attend_flags):
    """decoder_block, with one mistake per flag: post-LN, a missing residual, the residual taken after the norm..."""
    if post_ln:
        attended, cache = _attend(x, params, cache, causal, **attend_flags)
        h = _norm(params, "ln1", x + attended)
        return _norm(params, "ln2", h + _ffn(params, h)), cache
    normed = _norm(params, "ln1", x)
    attended, cache = _attend(normed, params, cache, causal, **attend_flags)
    h = attended + (normed if normed_residual else x if residuals[0] else 0)
    inner = _norm(params, second_norm, h)
    return _ffn(params, inner) + (inner if normed_residual else h if residuals[1] else 0), cache


def _decode(x, params, cache=None, *, start=None, encode=True, **block_flags):
    """decode, with one mistake per flag: positions from the wrong place, no encoding..."""
    t = 0 if cache is None else cache["K"].shape[-2]
    position = t if start is None else start(cache)
    encoded = x + ref.positional_encoding(x.shape[-2], x.shape[-1], position).astype(x.dtype) if encode else x
    return _block(encoded, params, cache, True, **block_flags)


def _mistakes(run, output, table) -> list[Mistake]:
    """Mistakes imitated by ``run(**inputs, **flags)[output]``, from rows (id, sentence, hint, flags)."""
    return [
        Mistake(id, sentence, hint=hint, imitate=lambda flags=flags, **inputs: run(**inputs, **flags)[output])
        for id, sentence, hint, flags in table
    ]


ATTEND_TABLE = [
    ("mask-offset-missing",
     "Your causal mask has no offset: with cached tokens, new query i must see every key j <= t + i, not j <= i.",
     "The m new queries are the last m of n keys: np.tril(np.ones((m, n), dtype=bool), k=n - m).",
     dict(offset=False)),
    ("attention-not-causal",
     "Your attention is not causal: a token can see the tokens after it.",
     "When causal is True, mask every key j > t + i before the softmax; decode must run the block with causal=True.",
     dict(mask=False)),
    ("causal-flag-ignored",
     "Your attention applies the causal mask even when causal=False.",
     "Build the mask only `if causal`; otherwise pass mask=None.",
     dict(mask=True)),
    ("cache-not-used",
     "Your attention ignores the cached keys and values: new tokens see only each other.",
     "Concatenate the cache before the new keys and values along the token axis (axis=-2).",
     dict(use_cache=False)),
    ("cache-wrong-order",
     "Your cache puts the new keys and values before the cached ones; the order must follow the positions.",
     "np.concatenate([cache['K'], K_new], axis=-2): old tokens first.",
     dict(new_first=True)),
    ("missing-output-projection",
     "Your attention output is not projected back with W_O.",
     "out = attention(Q, K, V, mask) @ W_O, of shape (..., m, d_model).",
     dict(project=False)),
]

CACHE_TABLE = [
    ("cache-not-extended",
     "The cache you return holds only the new tokens; it must hold every token seen so far.",
     "Return the concatenated keys and values: {'K': K, 'V': V} after np.concatenate.",
     dict(extend=False)),
    ("cache-wrong-order",
     "Your cache puts the new keys and values before the cached ones; the order must follow the positions.",
     "np.concatenate([cache['K'], K_new], axis=-2): old tokens first.",
     dict(new_first=True)),
]

BLOCK_TABLE = [
    ("post-ln-not-pre-ln",
     "Your block normalises after each residual addition (post-LN); this block is pre-LN.",
     "Normalise only what enters a sub-layer: h = x + attend(LN1(x)), y = h + FFN(LN2(h)).",
     dict(post_ln=True)),
    ("missing-residual",
     "Your block drops the residual connection around the attention sub-layer.",
     "Add the sub-layer's input back: h = x + attend(LN1(x)).",
     dict(residuals=(False, True))),
    ("missing-residual",
     "Your block drops the residual connection around the feed-forward sub-layer.",
     "Add the sub-layer's input back: y = h + FFN(LN2(h)).",
     dict(residuals=(True, False))),
    ("residual-from-normalised-input",
     "Your residual adds the normalised input instead of the input itself.",
     "The residual stream bypasses the norm: h = x + attend(LN1(x)), not LN1(x) + attend(LN1(x)).",
     dict(normed_residual=True)),
    ("ln-params-mixed-up",
     "Your block uses the first layer norm's gamma and beta for the second layer norm too.",
     "The feed-forward sub-layer has its own norm: ln2_gamma and ln2_beta.",
     dict(second_norm="ln1")),
]

DECODE_TABLE = [
    ("positions-restart-at-zero",
     "Your decoding restarts the positions at 0 for each call: tokens after a cache need positions t, t + 1, ...",
     "Take t from the cache, t = cache['K'].shape[-2], and call positional_encoding(m, d_model, start=t).",
     dict(start=lambda cache: 0)),
    ("positions-from-wrong-axis",
     "Your decoding takes the position from the wrong axis of the cache (len() of a batched cache is the batch size).",
     "The number of cached tokens is cache['K'].shape[-2].",
     dict(start=lambda cache: 0 if cache is None else cache["K"].shape[0])),
    ("positional-encoding-missing",
     "Your decoding adds no positional encoding.",
     "x + positional_encoding(m, d_model, start=t) before the block.",
     dict(encode=False)),
]

ATTEND = _mistakes(_attend, 0, ATTEND_TABLE)
ATTEND_CACHE = _mistakes(_attend, 1, CACHE_TABLE)
BLOCK = _mistakes(_block, 0, BLOCK_TABLE + ATTEND_TABLE)
BLOCK_CACHE = _mistakes(_block, 1, CACHE_TABLE)
DECODE = _mistakes(_decode, 0, DECODE_TABLE + BLOCK_TABLE + ATTEND_TABLE)
DECODE_CACHE = _mistakes(_decode, 1, CACHE_TABLE)
