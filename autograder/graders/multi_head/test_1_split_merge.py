"""Hidden grader: split_heads and merge_heads (assignment 2, part 1)."""
import numpy as np
import pytest

from autograder.checks import expect_close
from autograder.graders.multi_head.diagnoses import MERGE, SPLIT

# (shape of x, n_heads): never one head, never n == d_model, where reshaping alone would pass.
SPLIT_CASES = {
    "5-tokens-12-features-3-heads": ((5, 12), 3),
    "batched-4-heads": ((2, 3, 7, 8), 4),
    "fewer-tokens-than-heads": ((2, 18), 6),
    "random": None,
}


def _split_case(rng, case):
    if SPLIT_CASES[case] is None:
        n_heads, d_head, n = (int(v) for v in rng.integers(3, 6, size=3))
        return rng.standard_normal((2, n + 1, n_heads * d_head)), n_heads
    shape, n_heads = SPLIT_CASES[case]
    return rng.standard_normal(shape), n_heads


@pytest.mark.points(1)
@pytest.mark.parametrize("case", SPLIT_CASES)
def test_split_heads(student, reference, rng, case):
    """split_heads: head h gets the h-th block of features"""
    x, n_heads = _split_case(rng, case)
    got = student.multi_head.split_heads(x, n_heads)
    expect_close(got, reference.multi_head.split_heads(x, n_heads), what=f"split_heads(x, {n_heads})", mistakes=SPLIT, inputs=dict(x=x, n_heads=n_heads))


MERGE_CASES = {
    "3-heads-5-tokens": (3, 5, 4),
    "batched-4-heads": (2, 4, 6, 2),
    "6-heads-2-tokens": (6, 2, 3),
}


@pytest.mark.points(1)
@pytest.mark.parametrize("case", MERGE_CASES)
def test_merge_heads(student, reference, rng, case):
    """merge_heads: concatenates the heads of every token"""
    x = rng.standard_normal(MERGE_CASES[case])
    got = student.multi_head.merge_heads(x)
    expect_close(got, reference.multi_head.merge_heads(x), what="merge_heads(x)", mistakes=MERGE, inputs=dict(x=x))


@pytest.mark.points(1)
def test_split_and_merge_keep_float32(student, reference, rng):
    """split_heads and merge_heads: float32 in, float32 out"""
    x = rng.standard_normal((4, 9)).astype(np.float32)
    got = student.multi_head.split_heads(x, 3)
    expect_close(got, reference.multi_head.split_heads(x, 3), what="split_heads of a float32 array", mistakes=SPLIT, inputs=dict(x=x, n_heads=3))
    heads = rng.standard_normal((3, 4, 3)).astype(np.float32)
    got = student.multi_head.merge_heads(heads)
    expect_close(got, reference.multi_head.merge_heads(heads), what="merge_heads of a float32 array", mistakes=MERGE, inputs=dict(x=heads))
