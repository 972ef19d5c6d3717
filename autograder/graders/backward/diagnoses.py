"""Known wrong backward passes of assignment 4, imitated so the grader can name them.

Every imitation takes the grader test's inputs as keyword arguments and returns
what the mistaken code would return. Diagnosis ids are stable: the batch report
counts them across a class.
"""
import math

import numpy as np

from autograder.checks import Mistake
from autograder.reference import load_reference

ref = load_reference("backward", "backward")


def _swap(a):
    return np.swapaxes(a, -1, -2)


# Wrong softmax backward passes, as functions of (P, dP).
def _diagonal(P, dP):
    return dP * P * (1 - P)


def _no_row_sum(P, dP):
    return P * dP


def _global_sum(P, dP):
    return P * (dP - np.sum(dP * P))


def _sum_over_queries(P, dP):
    return P * (dP - np.sum(dP * P, axis=-2, keepdims=True))


SOFTMAX_WRONG = {
    "softmax-jacobian-diagonal": (
        "Your softmax backward keeps only the diagonal of the Jacobian: dP * P * (1 - P).",
        "Each score moves every weight of its row: dS = P * (dP - sum(dP * P, axis=-1, keepdims=True)).",
        _diagonal,
    ),
    "softmax-backward-no-row-sum": (
        "Your softmax backward is P * dP: it misses the term that comes from the normalisation.",
        "Subtract the row sum of dP * P from dP before multiplying by P.",
        _no_row_sum,
    ),
    "softmax-backward-global-sum": (
        "Your softmax backward subtracts the sum of dP * P over the whole array instead of over each row.",
        "Sum along the last axis with keepdims=True.",
        _global_sum,
    ),
    "softmax-backward-wrong-axis": (
        "Your softmax backward sums dP * P over the queries (axis -2) instead of over the row (axis -1).",
        "The softmax normalises each row, so sum along axis=-1 with keepdims=True.",
        _sum_over_queries,
    ),
}

SOFTMAX_BACKWARD = [
    Mistake(id, sentence, imitate=lambda P, dP, wrong=wrong: wrong(P, dP), hint=hint)
    for id, (sentence, hint, wrong) in SOFTMAX_WRONG.items()
]

MATMUL_BACKWARD_A = [
    Mistake(
        "matmul-backward-no-transpose",
        "Your dA multiplies dC by B without transposing B.",
        hint="C = A @ B gives dA = dC @ Bᵀ: transpose the last two axes of B.",
        imitate=lambda A, B, dC: dC @ B,
    ),
    Mistake(
        "matmul-backward-wrong-order",
        "Your dA is Bᵀ @ dC: the factors are in the wrong order.",
        hint="dA = dC @ Bᵀ has the shape of A, (n, m).",
        imitate=lambda A, B, dC: _swap(B) @ dC,
    ),
]

MATMUL_BACKWARD_B = [
    Mistake(
        "dv-not-transposed",
        "Your dB is A @ dC; the gradient of the right factor needs A transposed: Aᵀ @ dC.",
        hint="For out = P V this is dV = Pᵀ @ dOut: each value row j collects the weight of every query on key j.",
        imitate=lambda A, B, dC: A @ dC,
    ),
    Mistake(
        "matmul-backward-wrong-order",
        "Your dB is dC @ Aᵀ: the factors are in the wrong order.",
        hint="dB = Aᵀ @ dC has the shape of B, (m, p).",
        imitate=lambda A, B, dC: dC @ _swap(A),
    ),
]


def _backward(dOut, Q, K, V, mask=None, *, softmax_bw=ref.softmax_backward, keep_mask=True):
    """P, and dS = ∂L/∂S before the 1/√d_k factor, possibly computed the wrong way."""
    _, P = ref.attention_forward(Q, K, V, mask if keep_mask else None)
    return P, softmax_bw(P, dOut @ _swap(V))


def _dq(dS, K, Q, scale=True):
    return dS @ K / (math.sqrt(Q.shape[-1]) if scale else 1)


def _dk(dS, K, Q, scale=True):
    return _swap(dS) @ Q / (math.sqrt(Q.shape[-1]) if scale else 1)


MASK_FORGOTTEN = (
    "backward-mask-forgotten",
    "Your backward pass recomputes P without the mask, so masked keys receive gradient.",
    "Call attention_forward(Q, K, V, mask): the mask is part of what the forward pass saved.",
)


def _gradient_mistakes(which: str) -> list[Mistake]:
    """Mistakes visible in dQ (which="dQ") or dK (which="dK"), imitated from attention_backward's inputs."""
    grad = _dq if which == "dQ" else _dk
    found = [
        Mistake(id, sentence, hint=hint, imitate=lambda dOut, Q, K, V, mask=None, wrong=wrong: grad(_backward(dOut, Q, K, V, mask, softmax_bw=wrong)[1], K, Q))
        for id, (sentence, hint, wrong) in SOFTMAX_WRONG.items()
    ]
    found += [
        Mistake(
            *MASK_FORGOTTEN[:2], hint=MASK_FORGOTTEN[2],
            imitate=lambda dOut, Q, K, V, mask=None: grad(_backward(dOut, Q, K, V, mask, keep_mask=False)[1], K, Q),
        ),
        Mistake(
            "backward-missing-scale",
            f"Your {which} is missing the factor 1/√d_k that the forward pass applied to the scores.",
            hint="S = Q Kᵀ / √d_k, so dQ = dS @ K / √d_k and dK = dSᵀ @ Q / √d_k.",
            imitate=lambda dOut, Q, K, V, mask=None: grad(_backward(dOut, Q, K, V, mask)[1], K, Q, scale=False),
        ),
        Mistake(
            "backward-scale-by-dk",
            f"Your {which} divides by d_k instead of √d_k.",
            hint="The forward scale is 1/math.sqrt(d_k); the backward pass reuses exactly that factor.",
            imitate=lambda dOut, Q, K, V, mask=None: grad(_backward(dOut, Q, K, V, mask)[1], K, Q) / math.sqrt(Q.shape[-1]),
        ),
    ]
    if which == "dQ":
        found.append(Mistake(
            "dq-ds-transposed",
            "Your dQ uses dSᵀ instead of dS: rows of dS belong to queries.",
            hint="dQ = dS @ K / √d_k, with dS of shape (n_q, n_k) as it comes out of softmax_backward.",
            imitate=lambda dOut, Q, K, V, mask=None: _swap(_backward(dOut, Q, K, V, mask)[1]) @ K / math.sqrt(Q.shape[-1]),
        ))
    else:
        found.append(Mistake(
            "dk-ds-not-transposed",
            "Your dK uses dS where it needs dSᵀ: the columns of dS belong to keys.",
            hint="dK = dSᵀ @ Q / √d_k: transpose the last two axes of dS.",
            imitate=lambda dOut, Q, K, V, mask=None: _backward(dOut, Q, K, V, mask)[1] @ Q / math.sqrt(Q.shape[-1]),
        ))
    return found


DQ = _gradient_mistakes("dQ")
DK = _gradient_mistakes("dK")

DV = [
    Mistake(
        "dv-not-transposed",
        "Your dV is P @ dOut; it should be Pᵀ @ dOut.",
        hint="out = P V, so dV = Pᵀ @ dOut: value row j collects the weight of every query on key j.",
        imitate=lambda dOut, Q, K, V, mask=None: ref.attention_forward(Q, K, V, mask)[1] @ dOut,
    ),
    Mistake(
        MASK_FORGOTTEN[0], MASK_FORGOTTEN[1], hint=MASK_FORGOTTEN[2],
        imitate=lambda dOut, Q, K, V, mask=None: _swap(ref.attention_forward(Q, K, V)[1]) @ dOut,
    ),
    Mistake(
        "dv-uses-scores",
        "Your dV uses the scores S instead of the weights P = softmax(S).",
        hint="out = P V: the factor in dV = Pᵀ @ dOut is the softmax output.",
        imitate=lambda dOut, Q, K, V, mask=None: _swap(Q @ _swap(K) / math.sqrt(Q.shape[-1])) @ dOut,
    ),
]


def _dx_paths(dOut, X, W_Q, W_K, W_V, mask=None):
    """dX split into its three paths (through Q, K and V)."""
    dQ, dK, dV = ref.attention_backward(dOut, X @ W_Q, X @ W_K, X @ W_V, mask)
    return dQ @ W_Q.T, dK @ W_K.T, dV @ W_V.T


DX = [
    *[
        Mistake(
            "dx-one-path",
            "Your dX keeps the gradient of only one of the three paths from X to the output.",
            hint="X feeds Q, K and V: dX = dQ W_Qᵀ + dK W_Kᵀ + dV W_Vᵀ.",
            imitate=lambda path=path, **inputs: _dx_paths(**inputs)[path],
        )
        for path in range(3)
    ],
    Mistake(
        "dx-two-paths",
        "Your dX misses one of the three paths from X to the output.",
        hint="X feeds Q, K and V: dX = dQ W_Qᵀ + dK W_Kᵀ + dV W_Vᵀ.",
        imitate=lambda **inputs: sum(_dx_paths(**inputs)[:2]),
    ),
]


def _dw_batched(dOut, X, W_Q, W_K, W_V, mask=None, which=0):
    grads = ref.attention_backward(dOut, X @ W_Q, X @ W_K, X @ W_V, mask)
    return _swap(X) @ grads[which]


def dw_mistakes(which: int) -> list[Mistake]:
    """Mistakes in dW_Q (which=0), dW_K (1) or dW_V (2)."""
    return [
        Mistake(
            "dw-batch-not-summed",
            "Your weight gradient keeps the batch axes; the weights are shared, so sum their gradient over the batch.",
            hint="Stack the tokens of every batch element, X.reshape(-1, d_model), and use one product: rowsᵀ @ dQ_rows.",
            imitate=lambda which=which, **inputs: _dw_batched(**inputs, which=which),
        ),
        Mistake(
            "dw-transposed",
            "Your weight gradient is transposed: dW must have the shape of W, (d_model, d).",
            hint="Q = X W_Q gives dW_Q = Xᵀ dQ, not dQᵀ X.",
            imitate=lambda which=which, **inputs: _swap(ref.self_attention_backward(**inputs)[1 + which]),
        ),
    ]
