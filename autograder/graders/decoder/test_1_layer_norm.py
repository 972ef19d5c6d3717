"""Hidden grader: layer normalisation (assignment 5, part 1)."""
import numpy as np
import pytest

from autograder.checks import expect_close, expect_inputs_unchanged
from autograder.graders.decoder.diagnoses import LAYER_NORM


def _case(rng, shape, scale=1.0, eps=1e-5, dtype=np.float64):
    d = shape[-1]
    x = scale * rng.standard_normal(shape) + rng.standard_normal()
    gamma, beta = 1 + 0.5 * rng.standard_normal(d), 0.5 * rng.standard_normal(d)
    return x.astype(dtype), gamma.astype(dtype), beta.astype(dtype), eps


CASES = {
    "one-sequence": lambda rng: _case(rng, (4, 6)),
    "batched": lambda rng: _case(rng, (2, 3, 8)),
    "small-activations": lambda rng: _case(rng, (3, 6), scale=1e-2),
    "large-eps": lambda rng: _case(rng, (3, 4), eps=0.1),
    "float32": lambda rng: _case(rng, (3, 8), dtype=np.float32),
}


@pytest.mark.points(1)
@pytest.mark.parametrize("case", CASES)
def test_layer_norm(student, reference, rng, case):
    """layer_norm: matches the reference"""
    x, gamma, beta, eps = CASES[case](rng)
    got = student.decoder.layer_norm(x, gamma, beta, eps=eps)
    want = reference.decoder.layer_norm(x, gamma, beta, eps=eps)
    expect_close(got, want, what="layer_norm(x, gamma, beta, eps)", mistakes=LAYER_NORM, inputs=dict(x=x, gamma=gamma, beta=beta, eps=eps))


@pytest.mark.points(1)
def test_layer_norm_leaves_inputs_alone(student, rng):
    """layer_norm: does not modify its inputs"""
    expect_inputs_unchanged(student.decoder.layer_norm.call(*_case(rng, (3, 5))[:3]))
