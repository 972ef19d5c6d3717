"""Hidden grader: the position-wise feed-forward network (assignment 5, part 3)."""
import numpy as np
import pytest

from autograder.checks import expect_close
from autograder.graders.decoder.diagnoses import FEED_FORWARD
from autograder.invariants import expect_permutation_equivariant


def _case(rng, shape, d_ff, dtype=np.float64):
    d_model = shape[-1]
    arrays = (rng.standard_normal(shape), rng.standard_normal((d_model, d_ff)), rng.standard_normal(d_ff),
              rng.standard_normal((d_ff, d_model)), rng.standard_normal(d_model))
    return tuple(a.astype(dtype) for a in arrays)


CASES = {
    "one-sequence": lambda rng: _case(rng, (4, 3), 6),
    "batched": lambda rng: _case(rng, (2, 3, 4), 5),
    "float32": lambda rng: _case(rng, (3, 4), 8, np.float32),
}


@pytest.mark.points(1)
@pytest.mark.parametrize("case", CASES)
def test_feed_forward(student, reference, rng, case):
    """feed_forward: max(0, x W1 + b1) W2 + b2"""
    x, W1, b1, W2, b2 = CASES[case](rng)
    got = student.decoder.feed_forward(x, W1, b1, W2, b2)
    want = reference.decoder.feed_forward(x, W1, b1, W2, b2)
    expect_close(got, want, what="feed_forward(x, ...)", mistakes=FEED_FORWARD, inputs=dict(x=x, W1=W1, b1=b1, W2=W2, b2=b2))


@pytest.mark.points(1)
def test_feed_forward_is_position_wise(student, rng):
    """feed_forward: permuting the tokens permutes the output"""
    x, *weights = _case(rng, (5, 3), 4)
    expect_permutation_equivariant(lambda x: student.decoder.feed_forward(x, *weights), x, rng, what="feed_forward output")
