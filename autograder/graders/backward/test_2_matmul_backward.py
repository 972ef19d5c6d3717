"""Hidden grader: gradients of a matrix product (assignment 4, part 2)."""
import numpy as np
import pytest

from autograder.checks import expect_close, expect_tuple
from autograder.gradcheck import expect_gradient_matches, scalar_loss
from autograder.graders.backward.diagnoses import MATMUL_BACKWARD_A, MATMUL_BACKWARD_B


def _factors(rng, n, m, p, batch=(), dtype=np.float64):
    return tuple(rng.standard_normal((*batch, *shape)).astype(dtype) for shape in [(n, m), (m, p), (n, p)])


CASES = {
    "square": lambda rng: _factors(rng, 3, 3, 3),
    "rectangular": lambda rng: _factors(rng, 2, 4, 3),
    "batched": lambda rng: _factors(rng, 3, 2, 4, batch=(2,)),
    "float32": lambda rng: _factors(rng, 3, 4, 2, dtype=np.float32),
}


@pytest.mark.points(1)
@pytest.mark.parametrize("case", CASES)
def test_matmul_backward_matches_reference(student, reference, rng, case):
    """matmul_backward: dA = dC Bᵀ and dB = Aᵀ dC"""
    A, B, dC = CASES[case](rng)
    dA, dB = expect_tuple(student.backward.matmul_backward(A, B, dC), 2, "matmul_backward")
    want_dA, want_dB = reference.backward.matmul_backward(A, B, dC)
    inputs = dict(A=A, B=B, dC=dC)
    expect_close(dA, want_dA, what="dA", mistakes=MATMUL_BACKWARD_A, inputs=inputs)
    expect_close(dB, want_dB, what="dB", mistakes=MATMUL_BACKWARD_B, inputs=inputs)


@pytest.mark.points(1)
def test_matmul_backward_matches_finite_differences(student, rng):
    """matmul_backward: agrees with the numerical gradient"""
    A, B, dC = _factors(rng, 2, 3, 4, batch=(2,))
    dA, dB = expect_tuple(student.backward.matmul_backward(A, B, dC), 2, "matmul_backward")
    inputs = dict(A=A, B=B, dC=dC)
    expect_gradient_matches(dA, scalar_loss(lambda a: a @ B, dC), A, what="dA", mistakes=MATMUL_BACKWARD_A, inputs=inputs)
    expect_gradient_matches(dB, scalar_loss(lambda b: A @ b, dC), B, what="dB", mistakes=MATMUL_BACKWARD_B, inputs=inputs)
