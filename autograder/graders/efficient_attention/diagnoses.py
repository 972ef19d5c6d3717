"""Known wrong implementations of assignment 3, imitated so the grader can name them.

Every imitation takes the grader test's inputs as keyword arguments. Most are
dense computations with the wrong mask or feature map; the online-softmax
mistakes replay the block loop with the slip in it, on the grader's block size.
"""
import functools
import math

import numpy as np

from autograder.checks import Diagnosis, Mistake
from autograder.graders.self_attention.diagnoses import SCALE
from autograder.reference import load_reference

ref = load_reference("efficient_attention", "efficient")
questions = load_reference("efficient_attention", "questions")


def _offsets(n):
    return np.arange(n)[:, None] - np.arange(n)[None, :]  # i - j


def _dense(Q, K, V, mask):
    with np.errstate(all="ignore"):  # an empty row is nan, as the mistaken code's would be
        return ref.dense_attention(Q, K, V, mask)


WINDOW_MASKS = {
    "window-off-by-one": (
        "Your window holds window + 1 keys: query i must see the keys i - window < j <= i.",
        "Use a strict inequality on the left: j > i - window.",
        lambda n, window: (_offsets(n) >= 0) & (_offsets(n) <= window),
    ),
    "window-not-causal": (
        "Your window reaches into the future: query i must see only keys j <= i.",
        "The window is one-sided: 0 <= i - j < window, not |i - j| < window.",
        lambda n, window: np.abs(_offsets(n)) < window,
    ),
    "window-excludes-self": (
        "Your window leaves out the query's own position: key j = i is part of the window.",
        "0 <= i - j < window: the offset 0 is the query itself.",
        lambda n, window: (_offsets(n) > 0) & (_offsets(n) <= window),
    ),
}

SLIDING_MASK = [Mistake(name, sentence, make, hint) for name, (sentence, hint, make) in WINDOW_MASKS.items()]


def _with_mask(make):
    return lambda Q, K, V, window: _dense(Q, K, V, make(Q.shape[-2], window))


def _padded_zeros_attend(Q, K, V, window):
    """The first queries also attend to the window - 1 zero keys padded before the sequence."""
    pad = [(0, 0)] * (Q.ndim - 2) + [(window - 1, 0), (0, 0)]
    return ref.sliding_window_attention(*(np.pad(a, pad) for a in (Q, K, V)), window)[..., window - 1 :, :]


# Scaling Q by these factors turns the right division by √d_k into assignment 1's wrong ones.
Q_FACTORS = {"missing-scale": math.sqrt, "divide-by-dk": lambda d_k: 1 / math.sqrt(d_k)}


def _scale_mistakes(run):
    """Assignment 1's scaling mistakes, made inside ``run`` (a correct function that takes Q first)."""
    def imitate(factor):
        return lambda Q, **rest: run(Q * factor(Q.shape[-1]), **rest)
    return [Mistake(m.id, m.sentence, imitate(Q_FACTORS[m.id]), m.hint) for m in SCALE if m.id in Q_FACTORS]


SLIDING = [
    *[Mistake(name, sentence, _with_mask(make), hint) for name, (sentence, hint, make) in WINDOW_MASKS.items()],
    Mistake(
        "padding-not-masked",
        "The first queries give weight to padding: keys before the start of the sequence must get zero weight.",
        hint="Padding keys with zeros gives them score 0, and exp(0) = 1: set their scores to -inf before the softmax.",
        imitate=_padded_zeros_attend,
    ),
    *_scale_mistakes(ref.sliding_window_attention),
]


def _elu(x):
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))


FEATURE_MAPS = {
    "elu-without-plus-one": (
        "Your feature map is elu(x); linear attention needs elu(x) + 1, which is always positive.",
        "Add 1: φ(x) = x + 1 for x > 0 and exp(x) otherwise. Without it the normaliser can be 0 or negative.",
        _elu,
    ),
    "feature-map-relu": (
        "Your feature map is relu(x); this assignment uses elu(x) + 1.",
        "relu gives zero features, so a normaliser can be 0: use x + 1 for x > 0 and exp(x) otherwise.",
        lambda x: np.maximum(x, 0),
    ),
}

ELU = [Mistake(name, sentence, phi, hint) for name, (sentence, hint, phi) in FEATURE_MAPS.items()]


def _with_feature_map(phi):
    return lambda Q, K, V, causal: _quadratic(Q, K, V, causal, phi=phi)


def _quadratic(Q, K, V, causal=False, *, phi=ref.elu_feature_map, normalise=True, strict=False):
    """The quadratic form of linear attention: similarity φ(q_i)·φ(k_j), masked, then normalised."""
    similarity = phi(Q) @ np.swapaxes(phi(K), -1, -2)
    if causal:
        similarity = similarity * ((_offsets(Q.shape[-2]) > 0) if strict else (_offsets(Q.shape[-2]) >= 0))
    with np.errstate(all="ignore"):
        return similarity @ V / (np.sum(similarity, axis=-1, keepdims=True) if normalise else 1)


LINEAR = [
    *[Mistake(name, sentence, _with_feature_map(phi), hint) for name, (sentence, hint, phi) in FEATURE_MAPS.items()],
    Mistake(
        "linear-no-normaliser",
        "Your linear attention does not divide by the normaliser Σ_j φ(q_i)·φ(k_j).",
        hint="Divide φ(q_i) (φ(K)ᵀV) by φ(q_i)·z with z = Σ_j φ(k_j): it plays the part of the softmax's sum.",
        imitate=lambda Q, K, V, causal: _quadratic(Q, K, V, causal, normalise=False),
    ),
    Mistake(
        "causal-ignored",
        "With causal=True your function still lets every query see every key.",
        hint="Use prefix sums (np.cumsum along the sequence axis) so query i sums over j <= i only.",
        imitate=lambda Q, K, V, causal: _quadratic(Q, K, V, False) if causal else None,
    ),
    Mistake(
        "prefix-sum-exclusive",
        "Your prefix sums stop before the query's own position: query i must include key j = i.",
        hint="np.cumsum is inclusive: the i-th entry already contains term i; do not shift it.",
        imitate=lambda Q, K, V, causal: _quadratic(Q, K, V, causal, strict=True) if causal else None,
    ),
]


def _online(Q, K, V, causal, block_size, *, rescale="both", m0=-np.inf, normalise=True):
    """The online softmax over key blocks, with the known slips; one pass over all queries."""
    n_q, n_k = Q.shape[-2], K.shape[-2]
    rows = np.arange(n_q)[:, None] + (n_k - n_q)
    m = np.full((*Q.shape[:-1], 1), m0)
    l, acc = np.zeros_like(m), np.zeros((*Q.shape[:-1], V.shape[-1]))
    with np.errstate(all="ignore"):
        for k0 in range(0, n_k, block_size):
            scores = Q @ np.swapaxes(K[..., k0 : k0 + block_size, :], -1, -2) / math.sqrt(Q.shape[-1])
            if causal:
                scores = np.where(np.arange(k0, k0 + scores.shape[-1]) <= rows, scores, -np.inf)
            m_new = np.maximum(m, np.max(scores, axis=-1, keepdims=True))
            correction = np.exp(m - m_new)
            p = np.exp(scores - m_new)
            l = (l * correction if rescale in ("both", "sum") else l) + np.sum(p, axis=-1, keepdims=True)
            acc = (acc * correction if rescale == "both" else acc) + p @ V[..., k0 : k0 + block_size, :]
            m = m_new
        return acc / l if normalise else acc


def _block_local_causal(Q, K, V, causal, block_size, skip_future):
    """Causal masks built from positions inside each block instead of in the sequence."""
    if not causal:
        return None
    n_q, n_k = Q.shape[-2], K.shape[-2]
    i, j = np.arange(n_q)[:, None], np.arange(n_k)[None, :]
    mask = (j % block_size) <= (i % block_size)
    if skip_future:
        mask &= (j // block_size) <= (i // block_size)
    return _dense(Q, K, V, mask)


CHUNKED = [
    Mistake(
        "online-no-rescale",
        "When a block raises the running maximum, your running sum and output are not rescaled.",
        hint="Before adding a block, multiply l and acc by exp(m_old - m_new): they were computed against the old maximum.",
        imitate=lambda Q, K, V, causal, block_size: _online(Q, K, V, causal, block_size, rescale="none"),
    ),
    Mistake(
        "online-no-rescale",
        "When a block raises the running maximum, your running output is not rescaled (the running sum is).",
        hint="Multiply acc by exp(m_old - m_new) as well as l.",
        imitate=lambda Q, K, V, causal, block_size: _online(Q, K, V, causal, block_size, rescale="sum"),
    ),
    Mistake(
        "online-no-final-division",
        "Your chunked attention returns the running output without dividing it by the running sum.",
        hint="The softmax's denominator is only known at the end: return acc / l.",
        imitate=lambda Q, K, V, causal, block_size: _online(Q, K, V, causal, block_size, normalise=False),
    ),
    Mistake(
        "online-max-from-zero",
        "Your running maximum starts at 0 instead of -inf, so rows whose scores are all very negative underflow to 0/0.",
        hint="Start m at -np.inf: the maximum must come from the scores themselves.",
        imitate=lambda Q, K, V, causal, block_size: _online(Q, K, V, causal, block_size, m0=0.0),
    ),
    *[
        Mistake(
            "causal-block-local",
            "Your causal mask compares positions inside each block, not positions in the sequence.",
            hint="Query q0 + a may see key k0 + b when k0 + b <= q0 + a (+ n_k - n_q): use the global positions.",
            imitate=functools.partial(_block_local_causal, skip_future=skip_future),
        )
        for skip_future in (False, True)  # whether the loop skips the blocks after the query block
    ],
    Mistake(
        "causal-ignored",
        "With causal=True your chunked attention still lets every query see every key.",
        hint="Mask the scores of keys after the query (k0 + b > q0 + a + n_k - n_q) with -inf in every block.",
        imitate=lambda Q, K, V, causal, block_size: ref.dense_attention(Q, K, V) if causal else None,
    ),
    *_scale_mistakes(ref.chunked_attention),
]

SCORE_BYTES = [
    Mistake("counted-float64", "You counted 8 bytes per score; a float32 number takes 4 bytes.", lambda n: n * n * 8,
            "float32 is 32 bits = 4 bytes; float64 is 8 bytes."),
    Mistake("bits-not-bytes", "Your answer is in bits; the question asks for bytes.", lambda n: n * n * 32,
            "There are 8 bits in a byte: a float32 takes 4 bytes."),
    Mistake("bits-not-bytes", "Your answer is in bits (of float64 numbers); the question asks for bytes of float32.", lambda n: n * n * 64,
            "There are 8 bits in a byte: a float32 takes 4 bytes."),
    Mistake("forgot-bytes-per-number", "You counted the scores, not their bytes: each float32 takes 4 bytes.", lambda n: n * n,
            "Multiply the number of entries by the size of one entry."),
    Mistake("not-squared", "The score matrix has n x n entries, one per pair of tokens, not n.", lambda n: n * 4,
            "Every query has a score with every key: n² scores."),
]

FULL_GROWTH = [
    Mistake("growth-linear", "Full attention does not grow linearly: doubling n doubles both the queries and the keys.", lambda: 2,
            "Count the (query, key) pairs for n tokens, then for 2n tokens."),
    Mistake("growth-cubic", "The score matrix grows with n², not n³.", lambda: 8,
            "Count the (query, key) pairs for n tokens, then for 2n tokens."),
]

WINDOW_GROWTH = [
    Mistake("window-growth-quadratic", "With a fixed window, each query has at most w scores: the cost grows like n · w, not n².", lambda: 4,
            "Each query has at most w scores, however long the sequence is."),
    Mistake("window-growth-constant", "The window is fixed, but every one of the n queries has its own window.", lambda: 1,
            "Count the scores: the number of queries times the window."),
]

CHOICE = {
    questions.LINEAR: Diagnosis(
        "linear-is-approximate",
        "Linear attention replaces the softmax with a feature map: its weights are not the exact softmax.",
        "Which of the three still computes softmax(q·k / √d_k), and over which keys?",
    ),
    questions.SPARSE: Diagnosis(
        "sparse-is-not-a-window",
        "Sparse attention keeps the exact softmax on a pattern of keys, but that pattern is not one window of recent keys.",
        "A sparse pattern can be strided or scattered over the sequence; the question asks for one contiguous window.",
    ),
}
