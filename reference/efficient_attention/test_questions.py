"""Public tests for assignment 3 (questions.py): they check the form of your answers, not the answers."""
import numbers

import questions


def test_score_matrix_bytes_is_a_number_of_bytes():
    assert isinstance(questions.score_matrix_bytes(10), numbers.Integral)


def test_growth_factors_are_numbers():
    assert isinstance(questions.full_attention_growth_factor(), numbers.Real)
    assert isinstance(questions.sliding_window_growth_factor(), numbers.Real)


def test_the_choice_is_one_of_the_constants():
    assert questions.exact_softmax_in_window() in (questions.SPARSE, questions.LINEAR, questions.SLIDING_WINDOW)
