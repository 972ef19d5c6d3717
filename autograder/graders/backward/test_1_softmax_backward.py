"""Hidden grader: softmax backward (assignment 4, part 1)."""
import numpy as np
import pytest

from autograder.checks import expect_close, expect_inputs_unchanged
from autograder.gradcheck import expect_gradient_matches, scalar_loss
from autograder.graders.backward.diagnoses import SOFTMAX_BACKWARD, ref
from autograder.invariants import expect_rows_sum_to


def _probabilities(rng, shape, dtype=np.float64, hidden=None):
    """Softmax rows of random scores, with the entries where ``hidden`` is True masked to 0."""
    S = 2 * rng.standard_normal(shape)
    return ref.softmax(S if hidden is None else np.where(hidden, -np.inf, S)).astype(dtype)


def _future(n_q, n_k):
    return np.triu(np.ones((n_q, n_k), dtype=bool), k=n_k - n_q + 1)


CASES = {
    "one-row": lambda rng: (_probabilities(rng, (5,)), rng.standard_normal(5)),
    "square": lambda rng: (_probabilities(rng, (4, 4)), rng.standard_normal((4, 4))),
    "n_q-differs-from-n_k-batched": lambda rng: (_probabilities(rng, (2, 3, 5)), rng.standard_normal((2, 3, 5))),
    "masked-zeros-in-P": lambda rng: (_probabilities(rng, (4, 6), hidden=_future(4, 6)), rng.standard_normal((4, 6))),
    "float32": lambda rng: (_probabilities(rng, (3, 4), np.float32), rng.standard_normal((3, 4)).astype(np.float32)),
}


@pytest.mark.points(1)
@pytest.mark.parametrize("case", CASES)
def test_softmax_backward_matches_reference(student, reference, rng, case):
    """softmax_backward: matches the reference"""
    P, dP = CASES[case](rng)
    got = student.backward.softmax_backward(P, dP)
    expect_close(got, reference.backward.softmax_backward(P, dP), what="dS", mistakes=SOFTMAX_BACKWARD, inputs=dict(P=P, dP=dP))


@pytest.mark.points(2)
def test_softmax_backward_matches_finite_differences(student, reference, rng):
    """softmax_backward: agrees with the numerical gradient"""
    S = rng.standard_normal((2, 3, 4))
    dP = rng.standard_normal(S.shape)
    P = reference.backward.softmax(S)
    got = student.backward.softmax_backward(P, dP)
    expect_gradient_matches(got, scalar_loss(reference.backward.softmax, dP), S, what="dS", mistakes=SOFTMAX_BACKWARD, inputs=dict(P=P, dP=dP))


@pytest.mark.points(1)
def test_softmax_backward_rows_sum_to_zero(student, rng):
    """softmax_backward: every row of dS sums to 0"""
    P, dP = _probabilities(rng, (3, 6)), rng.standard_normal((3, 6))
    got = student.backward.softmax_backward(P, dP)
    expect_rows_sum_to(got, 0.0, what="dS (adding a constant to a row of scores leaves its softmax unchanged)")


@pytest.mark.points(1)
def test_softmax_backward_leaves_inputs_alone(student, rng):
    """softmax_backward: does not modify P or dP"""
    expect_inputs_unchanged(student.backward.softmax_backward.call(_probabilities(rng, (3, 4)), rng.standard_normal((3, 4))))
