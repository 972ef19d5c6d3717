"""Hidden grader: softmax (assignment 1, part 1)."""
import numpy as np
import pytest

from autograder.checks import expect_close, expect_inputs_unchanged
from autograder.graders.self_attention.diagnoses import SOFTMAX

FIXED = {
    "small": (lambda rng: rng.standard_normal((3, 5)), -1),
    "large-logits": (lambda rng: 1e3 + 10 * rng.standard_normal((4, 6)), -1),
    "magnitude-1e4": (lambda rng: 1e4 * rng.standard_normal((3, 4)), -1),
    "rows-far-apart": (lambda rng: rng.standard_normal((3, 5)) + np.array([[0.0], [800.0], [-900.0]]), -1),
    "axis-0": (lambda rng: rng.standard_normal((5, 3)) * 4, 0),
    "middle-axis-3d": (lambda rng: rng.standard_normal((2, 4, 3)) * 3, 1),
    "vector": (lambda rng: rng.standard_normal(7), -1),
    "random-batched": (lambda rng: rng.standard_normal(tuple(rng.integers(2, 6, size=3))) * 5, -1),
}


@pytest.mark.points(1)
@pytest.mark.parametrize("case", FIXED)
def test_softmax_matches_reference(student, reference, rng, case):
    """softmax: matches the reference"""
    make, axis = FIXED[case]
    x = make(rng)
    got = student.attention.softmax(x, axis=axis)
    expect_close(got, reference.attention.softmax(x, axis=axis), what="softmax(x)", mistakes=SOFTMAX, inputs=dict(x=x, axis=axis))


@pytest.mark.points(1)
def test_softmax_keeps_float32(student, reference, rng):
    """softmax: float32 in, float32 out"""
    x = (rng.standard_normal((4, 5)) * 3).astype(np.float32)
    got = student.attention.softmax(x)
    expect_close(got, reference.attention.softmax(x), what="softmax(x) of a float32 array", mistakes=SOFTMAX, inputs=dict(x=x, axis=-1))


@pytest.mark.points(1)
def test_softmax_leaves_its_input_alone(student, rng):
    """softmax: does not modify its input"""
    x = 50 * rng.standard_normal((3, 4))
    expect_inputs_unchanged(student.attention.softmax.call(x))
