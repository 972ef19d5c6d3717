"""Hidden grader: sinusoidal positional encoding (assignment 5, part 2)."""
import pytest

from autograder.checks import expect_close
from autograder.graders.decoder.diagnoses import POSITIONAL

CASES = {"n4-d6": (4, 6, 0), "from-position-5": (3, 8, 5), "odd-d_model": (5, 5, 0), "far-positions": (3, 16, 100)}


@pytest.mark.points(1)
@pytest.mark.parametrize("case", CASES)
def test_positional_encoding(student, reference, case):
    """positional_encoding: sin on even, cos on odd dimensions"""
    n, d_model, start = CASES[case]
    got = student.decoder.positional_encoding(n, d_model, start=start)
    want = reference.decoder.positional_encoding(n, d_model, start=start)
    expect_close(got, want, what=f"positional_encoding({n}, {d_model}, start={start})", mistakes=POSITIONAL, inputs=dict(n=n, d_model=d_model, start=start))
