"""Hidden grader: gradients of self-attention with projections (assignment 4, part 4)."""
import numpy as np
import pytest

from autograder.checks import expect_close, expect_tuple
from autograder.gradcheck import expect_gradient_matches, scalar_loss
from autograder.graders.backward.diagnoses import DX, dw_mistakes


def _case(rng, n, d_model, d_k, d_v, batch=(), causal=False, dtype=np.float64):
    X = rng.standard_normal((*batch, n, d_model))
    W_Q, W_K, W_V = (rng.standard_normal((d_model, d)) / np.sqrt(d_model) for d in (d_k, d_k, d_v))
    dOut = rng.standard_normal((*batch, n, d_v))
    mask = np.tril(np.ones((n, n), dtype=bool)) if causal else None
    return (*(a.astype(dtype) for a in (dOut, X, W_Q, W_K, W_V)), mask)


CASES = {
    "single-sequence": lambda rng: _case(rng, 4, 5, 3, 2),
    "batched-causal": lambda rng: _case(rng, 3, 4, 2, 3, batch=(2,), causal=True),
    "float32-batched": lambda rng: _case(rng, 3, 4, 3, 3, batch=(2,), dtype=np.float32),
}
NAMES = ("dX", "dW_Q", "dW_K", "dW_V")


def _check_against_reference(got, want, inputs):
    expect_close(got[0], want[0], what="dX", mistakes=DX, inputs=inputs)
    for which, name in enumerate(NAMES[1:]):
        expect_close(got[1 + which], want[1 + which], what=name, mistakes=dw_mistakes(which), inputs=inputs)


@pytest.mark.points(2)
@pytest.mark.parametrize("case", CASES)
def test_self_attention_backward_matches_reference(student, reference, rng, case):
    """self_attention_backward: dX and the weight gradients match the reference"""
    dOut, X, W_Q, W_K, W_V, mask = CASES[case](rng)
    got = expect_tuple(student.backward.self_attention_backward(dOut, X, W_Q, W_K, W_V, mask), 4, "self_attention_backward")
    want = reference.backward.self_attention_backward(dOut, X, W_Q, W_K, W_V, mask)
    _check_against_reference(got, want, dict(dOut=dOut, X=X, W_Q=W_Q, W_K=W_K, W_V=W_V, mask=mask))


@pytest.mark.points(2)
def test_self_attention_backward_matches_finite_differences(student, reference, rng):
    """self_attention_backward: agrees with the numerical gradient"""
    dOut, X, W_Q, W_K, W_V, mask = _case(rng, 3, 3, 2, 2, batch=(2,), causal=True)
    got = expect_tuple(student.backward.self_attention_backward(dOut, X, W_Q, W_K, W_V, mask), 4, "self_attention_backward")
    forward = reference.backward.attention_forward
    inputs = dict(dOut=dOut, X=X, W_Q=W_Q, W_K=W_K, W_V=W_V, mask=mask)
    outputs = (
        lambda x: forward(x @ W_Q, x @ W_K, x @ W_V, mask)[0],
        lambda w: forward(X @ w, X @ W_K, X @ W_V, mask)[0],
        lambda w: forward(X @ W_Q, X @ w, X @ W_V, mask)[0],
        lambda w: forward(X @ W_Q, X @ W_K, X @ w, mask)[0],
    )
    mistakes = (DX, *(dw_mistakes(which) for which in range(3)))
    for name, analytic, output_of, x, known in zip(NAMES, got, outputs, (X, W_Q, W_K, W_V), mistakes):
        expect_gradient_matches(analytic, scalar_loss(output_of, dOut), x, what=name, mistakes=known, inputs=inputs)
