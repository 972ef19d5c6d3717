"""Hidden grader: the numeric and multiple-choice questions of questions.py (assignment 3, part 4)."""
import math
import numbers

import numpy as np
import pytest

from autograder.checks import CheckFailed, identify
from autograder.diagnosis import Diagnosis
from autograder.graders.efficient_attention.diagnoses import CHOICE, FULL_GROWTH, SCORE_BYTES, WINDOW_GROWTH

NOT_A_NUMBER = Diagnosis("not-a-number", "Your answer is not a number.", "Return an int or a float, e.g. `return 2 * n`, not a string.")


WRONG_ANSWER = Diagnosis("wrong-answer", "Your answer is not right.", named=False)


def _number(value, what):
    """The student's answer as a float, or a CheckFailed that says what came back."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":  # a numpy scalar
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise CheckFailed(f"{what} should return a number; it returned {value!r:.60}.", diagnosis=NOT_A_NUMBER)
    return float(value)


def _expect_number(value, want, what, mistakes, inputs):
    """Pass when the answer equals ``want``; else name the known wrong answer it matches, if any."""
    got = _number(value, what)
    if math.isclose(got, want, rel_tol=1e-9):
        return
    diagnosis = identify(np.asarray(got), mistakes, inputs, rtol=1e-9, atol=0.0)
    raise CheckFailed(f"{what} returned {got:g}, which is not the right answer.", diagnosis=diagnosis or WRONG_ANSWER)


@pytest.mark.points(1)
@pytest.mark.parametrize("n", [100_000, "random"])
def test_score_matrix_bytes(student, reference, rng, n):
    """score_matrix_bytes: bytes of an n x n float32 score matrix"""
    n = int(rng.integers(1_000, 50_000)) if n == "random" else n
    got = student.questions.score_matrix_bytes(n)
    _expect_number(got, reference.questions.score_matrix_bytes(n), f"score_matrix_bytes({n})", SCORE_BYTES, dict(n=n))


GROWTH = {
    "full_attention_growth_factor": FULL_GROWTH,
    "sliding_window_growth_factor": WINDOW_GROWTH,
}


@pytest.mark.points(1)
@pytest.mark.parametrize("question", GROWTH)
def test_growth_factor(student, reference, question):
    """growth factor when n doubles"""
    got = getattr(student.questions, question)()
    _expect_number(got, getattr(reference.questions, question)(), f"{question}()", GROWTH[question], {})


@pytest.mark.points(1)
def test_exact_softmax_in_window(student, reference):
    """exact_softmax_in_window: the alternative that keeps the exact softmax in a window"""
    got = student.questions.exact_softmax_in_window()
    module = reference.questions
    choices = {module.SPARSE: "SPARSE", module.LINEAR: "LINEAR", module.SLIDING_WINDOW: "SLIDING_WINDOW"}
    if not isinstance(got, str) or got not in choices:
        raise CheckFailed(
            f"exact_softmax_in_window() returned {got!r:.60}; return one of the constants SPARSE, LINEAR or SLIDING_WINDOW.",
            diagnosis=Diagnosis("not-a-choice", "Your answer is not one of the given choices.", "Return the constant itself, e.g. `return LINEAR`."),
        )
    if got != module.exact_softmax_in_window():
        raise CheckFailed(f"You chose {choices[got]}.", diagnosis=CHOICE.get(got))
