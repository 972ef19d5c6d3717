"""Hidden grader: the backward pass of attention (assignment 4, part 3)."""
import numpy as np
import pytest

from autograder.checks import expect_close, expect_inputs_unchanged, expect_tuple
from autograder.gradcheck import expect_gradient_matches, scalar_loss
from autograder.graders.backward.diagnoses import DK, DQ, DV


def _causal(n_q, n_k):
    return np.tril(np.ones((n_q, n_k), dtype=bool), k=n_k - n_q)


def _case(rng, n_q, n_k, d_k, d_v, batch=(), mask=None, dtype=np.float64):
    Q, K = (rng.standard_normal((*batch, n, d_k)) for n in (n_q, n_k))
    V, dOut = (rng.standard_normal((*batch, n, d_v)) for n in (n_k, n_q))
    return (*(a.astype(dtype) for a in (dOut, Q, K, V)), mask)


def _no_key_for_query_1(n):
    mask = _causal(n, n)
    mask[1] = False
    return mask


def _padding(lengths, n_k):
    return (np.arange(n_k)[None, :] < np.asarray(lengths)[:, None])[:, None, :]


CASES = {
    "square": lambda rng: _case(rng, 4, 4, 3, 3),
    "n_q-differs-from-n_k-and-d_k-from-d_v": lambda rng: _case(rng, 3, 5, 4, 2),
    "batched": lambda rng: _case(rng, 3, 4, 2, 5, batch=(2, 2)),
    "causal-square": lambda rng: _case(rng, 5, 5, 4, 3, mask=_causal(5, 5)),
    "causal-n_q-lt-n_k": lambda rng: _case(rng, 2, 5, 3, 4, mask=_causal(2, 5)),
    "padding-batched": lambda rng: _case(rng, 4, 4, 3, 2, batch=(2,), mask=_padding([2, 4], 4)),
    "query-with-no-visible-key": lambda rng: _case(rng, 4, 4, 3, 3, mask=_no_key_for_query_1(4)),
    "float32": lambda rng: _case(rng, 3, 4, 4, 2, dtype=np.float32),
}


@pytest.mark.points(2)
@pytest.mark.parametrize("case", CASES)
def test_attention_backward_matches_reference(student, reference, rng, case):
    """attention_backward: dQ, dK, dV match the reference"""
    dOut, Q, K, V, mask = CASES[case](rng)
    got = expect_tuple(student.backward.attention_backward(dOut, Q, K, V, mask), 3, "attention_backward")
    want = reference.backward.attention_backward(dOut, Q, K, V, mask)
    inputs = dict(dOut=dOut, Q=Q, K=K, V=V, mask=mask)
    for name, mistakes, index in (("dV", DV, 2), ("dQ", DQ, 0), ("dK", DK, 1)):
        expect_close(got[index], want[index], what=name, mistakes=mistakes, inputs=inputs)


GRADCHECK_CASES = {
    "n_q-differs-from-n_k-and-d_k-from-d_v-batched": lambda rng: _case(rng, 2, 3, 3, 2, batch=(2,)),
    "causal-n_q-lt-n_k": lambda rng: _case(rng, 2, 4, 3, 2, mask=_causal(2, 4)),
}


@pytest.mark.points(3)
@pytest.mark.parametrize("case", GRADCHECK_CASES)
def test_attention_backward_matches_finite_differences(student, reference, rng, case):
    """attention_backward: agrees with the numerical gradient"""
    dOut, Q, K, V, mask = GRADCHECK_CASES[case](rng)
    got = expect_tuple(student.backward.attention_backward(dOut, Q, K, V, mask), 3, "attention_backward")
    forward = reference.backward.attention_forward
    inputs = dict(dOut=dOut, Q=Q, K=K, V=V, mask=mask)
    checks = (
        ("dV", DV, got[2], lambda v: forward(Q, K, v, mask)[0], V),
        ("dQ", DQ, got[0], lambda q: forward(q, K, V, mask)[0], Q),
        ("dK", DK, got[1], lambda k: forward(Q, k, V, mask)[0], K),
    )
    for name, mistakes, analytic, output_of, x in checks:
        expect_gradient_matches(analytic, scalar_loss(output_of, dOut), x, what=name, mistakes=mistakes, inputs=inputs)


@pytest.mark.points(1)
def test_attention_backward_leaves_inputs_alone(student, rng):
    """attention_backward: does not modify its inputs"""
    dOut, Q, K, V, mask = _case(rng, 3, 3, 2, 2, mask=_causal(3, 3))
    expect_inputs_unchanged(student.backward.attention_backward.call(dOut, Q, K, V, mask))
