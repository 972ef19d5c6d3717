"""The mismatch record: structured first, words second, and never the hidden expected values."""
import numpy as np
import pytest

from autograder.checks import CheckFailed, Mistake, expect_close
from autograder.compare import compare


def test_transposed_answer_is_called_swapped():
    mismatch = compare(np.zeros((2, 4, 3)), np.zeros((2, 3, 4)))
    assert mismatch.problem == "shape"
    assert "The last two axes look swapped" in mismatch.describe("weights")


def test_nan_is_located():
    actual = np.ones((2, 3))
    actual[1, 2] = np.nan
    mismatch = compare(actual, np.ones((2, 3)))
    assert (mismatch.problem, mismatch.index, mismatch.mismatched) == ("nan", (1, 2), 1)
    assert "nan at index (1, 2)" in mismatch.describe()


def test_values_report_worst_error_and_where_without_expected_values():
    expected = np.array([[0.123456, 0.5], [0.25, 0.75]])
    actual = expected.copy()
    actual[1, 0] = 0.987654
    with pytest.raises(CheckFailed) as caught:
        expect_close(actual, expected, what="weights")
    message = caught.value.message
    assert "1 of 4 entries" in message and "index (1, 0)" in message and "0.987654" in message
    assert "0.25" not in message and "0.123456" not in message  # the hidden expected values stay hidden


def test_masks_are_described_as_booleans():
    mismatch = compare(np.eye(2, dtype=bool), np.ones((2, 2), dtype=bool))
    assert "where your value is False" in mismatch.describe("mask") and "Tolerance" not in mismatch.describe("mask")


@pytest.mark.parametrize("dtype, error, ok", [(np.float64, 1e-9, True), (np.float64, 1e-4, False), (np.float32, 1e-5, True), (np.float32, 1e-2, False)])
def test_tolerance_follows_the_dtype(dtype, error, ok):
    expected = np.linspace(0.5, 1.5, 6).astype(dtype)
    assert (compare((expected * (1 + error)).astype(dtype), expected) is None) == ok


def test_dtype_is_checked_after_values():
    assert compare(np.ones(3), np.ones(3, dtype=np.float32)).problem == "dtype"
    assert compare(np.ones(3) * 2, np.ones(3, dtype=np.float32)).problem == "values"


def test_first_matching_mistake_names_the_answer():
    x = np.arange(6.0).reshape(2, 3)
    doubled = Mistake("doubled", "You doubled it.", imitate=lambda x: 2 * x)
    negated = Mistake("negated", "You negated it.", imitate=lambda x: -x)
    with pytest.raises(CheckFailed) as caught:
        expect_close(-x, x, mistakes=[doubled, negated], inputs=dict(x=x))
    assert caught.value.diagnosis.id == "negated"
    with pytest.raises(CheckFailed) as caught:
        expect_close(x + 1, x, mistakes=[doubled, negated], inputs=dict(x=x))
    assert caught.value.diagnosis.id == "wrong-values"
