"""Known wrong implementations of assignment 1, imitated so the grader can name them.

Each list belongs to one function; every imitation takes the grader test's
inputs as keyword arguments and returns what the mistaken code would return.
Diagnosis ids are stable: the batch report counts them across a class.
"""
import math

import numpy as np

from autograder.checks import Diagnosis, Mistake
from autograder.reference import load_reference

ref = load_reference("self_attention", "attention")


def _swap(a):
    return np.swapaxes(a, -1, -2)


def _naive_softmax(x, axis=-1):
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)


def _weights(scores, mask=None, *, fill=-np.inf, after=False, invert=False):
    """Softmax weights of given scores, with a mask applied in one of several (wrong) ways."""
    if mask is None:
        return ref.softmax(scores)
    visible = np.broadcast_to(mask, scores.shape)
    if invert:
        visible = ~visible
    if after:
        return ref.softmax(scores) * visible
    with np.errstate(all="ignore"):
        return ref.softmax(np.where(visible, scores, fill))


def _raw(Q, K):
    return Q @ _swap(K)


SOFTMAX = [
    Mistake(
        "softmax-overflow",
        "Your softmax overflows on large logits: np.exp of a large number is inf, and inf/inf is nan.",
        hint="Subtract the maximum along the axis before np.exp; the result does not change, and nothing overflows.",
        imitate=lambda x, axis: _naive_softmax(x, axis),
    ),
    Mistake(
        "softmax-wrong-axis",
        "Your softmax normalises over the wrong axis.",
        hint="Take the max and the sum over `axis` (with keepdims=True), not over a fixed axis.",
        imitate=lambda x, axis: ref.softmax(x, axis=0 if axis not in (0, -x.ndim) else -1),
    ),
    Mistake(
        "softmax-global-sum",
        "Your softmax divides by the sum of the whole array instead of the sum along the axis.",
        hint="Pass axis= and keepdims=True to np.sum.",
        imitate=lambda x, axis: np.exp(x - x.max()) / np.exp(x - x.max()).sum(),
    ),
    Mistake(
        "softmax-no-keepdims",
        "Your softmax sums without keepdims=True, so the sums broadcast along the wrong axis.",
        hint="np.sum(e, axis=axis, keepdims=True) keeps the reduced axis so it lines up with e.",
        imitate=lambda x, axis: np.exp(x - x.max(axis=axis, keepdims=True)) / np.exp(x - x.max(axis=axis, keepdims=True)).sum(axis=axis),
    ),
]

SCALE = [
    Mistake(
        "missing-scale",
        "Your scores are Q Kᵀ without the division by √d_k.",
        hint="Divide by math.sqrt(d_k), where d_k = Q.shape[-1]; without it the softmax saturates as d_k grows.",
        imitate=lambda Q, K, **_: _raw(Q, K),
    ),
    Mistake(
        "divide-by-dk",
        "You divided the scores by d_k instead of by √d_k.",
        hint="The scale is 1/math.sqrt(d_k): it keeps the variance of the scores near 1.",
        imitate=lambda Q, K, **_: _raw(Q, K) / Q.shape[-1],
    ),
    Mistake(
        "multiply-by-sqrt-dk",
        "You multiplied the scores by √d_k instead of dividing by it.",
        hint="Divide: scores = Q @ Kᵀ / math.sqrt(d_k).",
        imitate=lambda Q, K, **_: _raw(Q, K) * math.sqrt(Q.shape[-1]),
    ),
    Mistake(
        "k-q-transposed",
        "You computed K Qᵀ instead of Q Kᵀ: rows should be queries and columns keys.",
        hint="scores[i, j] compares query i with key j: Q @ np.swapaxes(K, -1, -2).",
        imitate=lambda Q, K, **_: _raw(K, Q) / math.sqrt(Q.shape[-1]),
    ),
]

CAUSAL = [
    Mistake(
        "causal-wrong-triangle",
        "Your causal mask lets each query see the future instead of the past (the wrong triangle).",
        hint="Query i may see key j when j <= i (+ n_k - n_q): that is np.tril, not np.triu.",
        imitate=lambda n_q, n_k: np.triu(np.ones((n_q, n_k), dtype=bool), k=n_k - n_q),
    ),
    Mistake(
        "causal-wrong-triangle",
        "Your causal mask lets each query see the future instead of the past (the wrong triangle).",
        hint="Query i may see key j when j <= i (+ n_k - n_q): that is np.tril, not np.triu.",
        imitate=lambda n_q, n_k: np.triu(np.ones((n_q, n_k), dtype=bool)),
    ),
    Mistake(
        "causal-diagonal-excluded",
        "Your causal mask hides the diagonal: a token must be able to attend to itself.",
        hint="Keep j == i visible: np.tril with k = n_k - n_q, not one less.",
        imitate=lambda n_q, n_k: np.tril(np.ones((n_q, n_k), dtype=bool), k=n_k - n_q - 1),
    ),
    Mistake(
        "causal-no-offset",
        "Your causal mask ignores the offset when there are fewer queries than keys.",
        hint="The queries are the last n_q positions: query i may see key j when j <= i + n_k - n_q.",
        imitate=lambda n_q, n_k: np.tril(np.ones((n_q, n_k), dtype=bool)),
    ),
    Mistake(
        "mask-inverted",
        "Your mask is inverted: True must mean 'may attend', not 'blocked'.",
        hint="Return the visible positions as True.",
        imitate=lambda n_q, n_k: ~ref.causal_mask(n_q, n_k),
    ),
]

PADDING = [
    Mistake(
        "padding-no-query-axis",
        "Your padding mask has no query axis, so it cannot broadcast against scores of shape (batch, n_q, n_k).",
        hint="Return shape (batch, 1, n_k): add the axis with [:, None, :].",
        imitate=lambda lengths, n_k: np.arange(n_k)[None, :] < np.asarray(lengths)[:, None],
    ),
    Mistake(
        "padding-inverted",
        "Your padding mask is inverted: True must mark the real tokens, not the padding.",
        hint="Key j is visible when j < lengths[b].",
        imitate=lambda lengths, n_k: ~ref.padding_mask(lengths, n_k),
    ),
    Mistake(
        "padding-off-by-one",
        "Your padding mask is off by one: it shows the first padding position too.",
        hint="Positions 0 .. lengths[b] - 1 are real tokens: use <, not <=.",
        imitate=lambda lengths, n_k: (np.arange(n_k)[None, :] <= np.asarray(lengths)[:, None])[:, None, :],
    ),
]

# Masking inside attention(): inputs are Q, K, V and mask.
MASKED_WEIGHTS = [
    Mistake(
        "mask-after-softmax",
        "You applied the mask after the softmax, so the visible weights no longer sum to 1.",
        hint="Set the masked scores to -inf (or -1e9) first, then take the softmax.",
        imitate=lambda Q, K, V, mask: _weights(ref.scaled_scores(Q, K), mask, after=True),
    ),
    Mistake(
        "mask-fill-zero",
        "You set the masked scores to 0, which still gives them weight after the softmax.",
        hint="exp(0) = 1: masked scores must be -inf (or -1e9) so that exp gives 0.",
        imitate=lambda Q, K, V, mask: _weights(ref.scaled_scores(Q, K), mask, fill=0.0),
    ),
    Mistake(
        "mask-inverted",
        "You treated True in the mask as 'blocked': True must mean 'may attend'.",
        hint="Keep the scores where mask is True: np.where(mask, scores, -np.inf).",
        imitate=lambda Q, K, V, mask: _weights(ref.scaled_scores(Q, K), mask, invert=True),
    ),
    Mistake(
        "masked-row-nan",
        "A query that can see no key gets nan weights; it should get all zeros.",
        hint="A row that is all -inf has a softmax of 0/0; find rows with no visible key (mask.any(axis=-1)) and zero them.",
        imitate=lambda Q, K, V, mask: _weights(ref.scaled_scores(Q, K), mask),
    ),
    Mistake(
        "masked-row-uniform",
        "A query that can see no key gets uniform weights over the hidden keys; it should get all zeros.",
        hint="With -1e9, a fully masked row becomes uniform after the softmax: zero the rows where mask.any(axis=-1) is False.",
        imitate=lambda Q, K, V, mask: _weights(ref.scaled_scores(Q, K), mask, fill=-1e9),
    ),
]


def _scaled(imitate_scores):
    """An attention-weights imitation built from a mistaken score function."""
    return lambda Q, K, V, mask=None: _weights(imitate_scores(Q=Q, K=K), mask)


WEIGHTS = [
    *MASKED_WEIGHTS,  # before softmax-overflow: a nan row with a mask is the masking mistake
    *[Mistake(m.id, m.sentence, _scaled(m.imitate), m.hint) for m in SCALE],
    Mistake(
        "softmax-overflow",
        "Your softmax overflows on large scores: np.exp of a large number is inf, and inf/inf is nan.",
        hint="Subtract the row maximum before np.exp.",
        imitate=lambda Q, K, V, mask=None: _naive_softmax(ref.apply_mask(ref.scaled_scores(Q, K), mask) if mask is not None else ref.scaled_scores(Q, K)),
    ),
    Mistake(
        "softmax-wrong-axis",
        "Your attention weights are normalised over the queries (axis -2) instead of the keys (axis -1).",
        hint="Each row (one query) of the weights must sum to 1: softmax over axis=-1.",
        imitate=lambda Q, K, V, mask=None: ref.softmax(ref.scaled_scores(Q, K), axis=-2),
    ),
    Mistake(
        "scale-after-softmax",
        "You divided by √d_k after the softmax; the scaling belongs to the scores, before it.",
        hint="weights = softmax(Q Kᵀ / √d_k): scale first, so each row still sums to 1.",
        imitate=lambda Q, K, V, mask=None: _weights(_raw(Q, K), mask) / math.sqrt(Q.shape[-1]),
    ),
    Mistake(
        "weights-transposed",
        "Your attention weights are transposed: rows should be queries and columns keys.",
        hint="Return the weights of shape (..., n_q, n_k) as they come out of the softmax.",
        imitate=lambda Q, K, V, mask=None: _swap(ref.attention(Q, K, V, mask)[1]),
    ),
]

OUTPUT = [
    Mistake(
        "weights-times-k",
        "Your output is weights @ K; attention averages the values: weights @ V.",
        hint="Keys decide where to look, values are what is read: output = weights @ V.",
        imitate=lambda Q, K, V, mask=None: ref.attention(Q, K, V, mask)[1] @ K,
    ),
    Mistake(
        "weights-transposed",
        "Your output uses the transposed weights: it should be weights @ V with weights of shape (..., n_q, n_k).",
        hint="Multiply the weights as they come out of the softmax, without transposing them.",
        imitate=lambda Q, K, V, mask=None: _swap(ref.attention(Q, K, V, mask)[1]) @ V,
    ),
]

SELF_OUTPUT = [
    Mistake(
        "weights-times-x",
        "Your self-attention output is weights @ X; it should be weights @ V, with V = X @ W_V.",
        hint="Project the values first: V = X @ W_V.",
        imitate=lambda X, W_Q, W_K, W_V, mask=None: ref.self_attention(X, W_Q, W_K, W_V, mask)[1] @ X,
    ),
    Mistake(
        "weights-times-k",
        "Your self-attention output is weights @ K; it should be weights @ V.",
        hint="Keys decide where to look, values are what is read.",
        imitate=lambda X, W_Q, W_K, W_V, mask=None: ref.self_attention(X, W_Q, W_K, W_V, mask)[1] @ (X @ W_K),
    ),
]

SELF_WEIGHTS = [
    Mistake(
        "tied-projections",
        "Your self-attention ignores W_Q and W_K and compares X with itself.",
        hint="Compute Q = X @ W_Q and K = X @ W_K, and attend with those.",
        imitate=lambda X, W_Q, W_K, W_V, mask=None: ref.attention(X, X, X @ W_V, mask)[1],
    ),
    Mistake(
        "projection-swapped",
        "Your queries and keys use each other's weights (Q = X @ W_K, K = X @ W_Q).",
        hint="Q = X @ W_Q and K = X @ W_K: swapping them transposes the scores.",
        imitate=lambda X, W_Q, W_K, W_V, mask=None: ref.attention(X @ W_K, X @ W_Q, X @ W_V, mask)[1],
    ),
]

MASK_NOT_BOOLEAN = Diagnosis(
    "mask-not-boolean",
    "Your mask has the right pattern but is not a boolean array.",
    "Build it with dtype=bool (np.ones(..., dtype=bool)) or from a comparison such as j <= i.",
)

MASK_FILL_ZERO = Diagnosis(
    "mask-fill-zero",
    "You set the masked scores to 0, which still gives them weight after the softmax.",
    "exp(0) = 1: masked scores must be -inf (or a very negative number such as -1e9).",
)
MASK_INVERTED = Diagnosis(
    "mask-inverted",
    "Your mask is applied the wrong way round: True must mean 'may attend', not 'blocked'.",
    "Keep the scores where mask is True: np.where(mask, scores, -np.inf).",
)
