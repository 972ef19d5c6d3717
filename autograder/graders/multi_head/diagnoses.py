"""Known wrong implementations of assignment 2, imitated so the grader can name them.

The multi-head imitations take the grader's inputs as keyword arguments:
(X_q, X_kv, ...) for cross-attention or (X, ...) for self-attention, so one
list serves both functions. The mistakes of a single head are assignment 1's,
lifted to every head.
"""
import math

import numpy as np

from autograder.checks import Mistake
from autograder.graders.self_attention.diagnoses import MASKED_WEIGHTS, OUTPUT, WEIGHTS
from autograder.reference import load_reference

ref = load_reference("multi_head", "multi_head")


def _split_no_transpose(x, n_heads):
    *batch, n, d_model = x.shape
    return x.reshape(*batch, n_heads, n, d_model // n_heads)


def _split_interleaved(x, n_heads):
    *batch, n, d_model = x.shape
    return np.moveaxis(x.reshape(*batch, n, d_model // n_heads, n_heads), -1, -3)


def _merge_no_transpose(x):
    *batch, n_heads, n, d_head = x.shape
    return x.reshape(*batch, n, n_heads * d_head)


SPLIT = [
    Mistake(
        "split-without-transpose",
        "Your split_heads reshapes straight to (..., n_heads, n, d_head), which mixes tokens and features.",
        hint="Reshape to (..., n, n_heads, d_head) first, then swap the token and head axes (np.swapaxes(x, -3, -2)).",
        imitate=lambda x, n_heads: _split_no_transpose(x, n_heads),
    ),
    Mistake(
        "split-interleaved",
        "Your split_heads gives head h every n_heads-th feature instead of a block of d_head consecutive features.",
        hint="Head h owns features h*d_head to (h+1)*d_head - 1: reshape to (..., n, n_heads, d_head), not (..., n, d_head, n_heads).",
        imitate=lambda x, n_heads: _split_interleaved(x, n_heads),
    ),
]

MERGE = [
    Mistake(
        "merge-without-transpose",
        "Your merge_heads reshapes (..., n_heads, n, d_head) straight to (..., n, d_model) without moving the head axis back.",
        hint="Swap the head and token axes first (np.swapaxes(x, -3, -2)), then reshape.",
        imitate=lambda x: _merge_no_transpose(x),
    ),
]

# One head's attention, on (..., n_heads, n, d_head) inputs: assignment 1's mistakes apply as they are.
HEAD_WEIGHTS = WEIGHTS
HEAD_OUTPUT = OUTPUT


def _mha(X=None, *, X_q=None, X_kv=None, W_Q, W_K, W_V, W_O, n_heads, mask=None,
         split=ref.split_heads, merge=ref.merge_heads, attend=ref.attention,
         scale_by_d_model=False, transposed="", head_axis=True, keys_from_queries=False, w_o=True):
    """Multi-head attention with any of the known mistakes switched on; returns (output, weights)."""
    if X is not None:  # self-attention
        X_q = X_kv = X
    W = {name: (matrix.T if name in transposed else matrix) for name, matrix in zip("QKVO", (W_Q, W_K, W_V, W_O))}
    source = X_q if keys_from_queries else X_kv
    Q, K, V = split(X_q @ W["Q"], n_heads), split(source @ W["K"], n_heads), split(source @ W["V"], n_heads)
    if scale_by_d_model:  # dividing by √d_model is dividing by √d_head times √n_heads
        Q = Q / math.sqrt(n_heads)
    if mask is not None and head_axis:
        mask = np.asarray(mask)[..., None, :, :]
    heads, weights = attend(Q, K, V, mask)
    merged = merge(heads)
    return (merged @ W["O"] if w_o else merged), weights


def _weights_of(**switches):
    return lambda **inputs: _mha(**inputs, **switches)[1]


def _output_of(**switches):
    return lambda **inputs: _mha(**inputs, **switches)[0]


def _per_head(mistake, part):
    """An assignment 1 attention mistake, made inside every head of multi-head attention."""
    def imitate(**inputs):
        def attend(Q, K, V, mask=None):
            wrong = mistake.imitate(Q=Q, K=K, V=V, mask=mask)
            return (wrong, ref.attention(Q, K, V, mask)[1]) if part == "output" else (wrong @ V, wrong)
        return _mha(**inputs, attend=attend)[0 if part == "output" else 1]
    return Mistake(mistake.id, mistake.sentence, imitate, mistake.hint)


def _same(mistake, imitate):
    """The same named mistake, imitated at the level of multi-head attention."""
    return Mistake(mistake.id, mistake.sentence, imitate, mistake.hint)


PROJECTION_TRANSPOSED = Mistake(
    "projection-transposed",
    "You multiplied by the transposed weights (X @ W.T); here the weights are applied on the right as X @ W.",
    hint="Every W has shape (d_model, d_model) and maps row vectors: Q = X_q @ W_Q, and the output is merged @ W_O.",
    imitate=_weights_of(transposed="QKVO"),
)

MHA_WEIGHTS = [
    *[_per_head(mistake, "weights") for mistake in MASKED_WEIGHTS],
    Mistake(
        "scale-by-d-model",
        "You scaled the scores by √d_model; each head must use the size of one head, √d_head = √(d_model / n_heads).",
        hint="The dot products inside a head have d_head terms: divide by math.sqrt(d_model // n_heads).",
        imitate=_weights_of(scale_by_d_model=True),
    ),
    _same(SPLIT[0], _weights_of(split=_split_no_transpose)),
    _same(SPLIT[1], _weights_of(split=_split_interleaved)),
    PROJECTION_TRANSPOSED,
    _same(PROJECTION_TRANSPOSED, _weights_of(transposed="QK")),
    Mistake(
        "mask-not-per-head",
        "Your mask is not broadcast over the heads: its batch axis lined up with the head axis of the scores.",
        hint="The mask has shape (..., n_q, n_k); insert a head axis before applying it: mask[..., None, :, :].",
        imitate=_weights_of(head_axis=False),
    ),
    Mistake(
        "keys-from-queries",
        "Your cross-attention takes its keys and values from X_q; they must come from X_kv.",
        hint="K = X_kv @ W_K and V = X_kv @ W_V; only the queries come from X_q.",
        imitate=_weights_of(keys_from_queries=True),
    ),
]

MHA_OUTPUT = [
    Mistake(
        "missing-output-projection",
        "Your output is the merged heads without the output projection W_O.",
        hint="After merging the heads, multiply by W_O: it mixes what the heads found.",
        imitate=_output_of(w_o=False),
    ),
    _same(MERGE[0], _output_of(merge=_merge_no_transpose)),
    _same(PROJECTION_TRANSPOSED, _output_of(transposed="VO")),
    _same(PROJECTION_TRANSPOSED, _output_of(transposed="O")),
    *[_per_head(mistake, "output") for mistake in OUTPUT],
]
