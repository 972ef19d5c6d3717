"""Assignments 4 (backward) and 5 (decoder): what the catalogue does not cover.

The gradient and invariant checks themselves, the reference against finite
differences, and the two ends of the scale: reference = full marks, stubs = 0.
"""
import numpy as np
import pytest

from autograder.catalogue import entries
from autograder.checks import CheckFailed, Mistake
from autograder.generate import drift
from autograder.gradcheck import expect_gradient_matches, numerical_gradient, scalar_loss
from autograder.grading import grade
from autograder.invariants import expect_causal, expect_permutation_equivariant, expect_rows_sum_to, expect_rows_sum_to_one
from autograder.reference import load_reference

from .conftest import FAST_LIMITS, ROOT

NAMES = ["backward", "decoder"]
backward = load_reference("backward", "backward")
decoder = load_reference("decoder", "decoder")


def _failure(check, *args, **kwargs) -> CheckFailed:
    with pytest.raises(CheckFailed) as caught:
        check(*args, **kwargs)
    return caught.value


# -- gradcheck --------------------------------------------------------------
def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    np.testing.assert_allclose(numerical_gradient(lambda v: float(np.sum(v**3)), x), 3 * x**2, rtol=1e-6)


def test_numerical_gradient_leaves_x_alone():
    x = np.arange(4.0)
    numerical_gradient(lambda v: float(v @ v), x)
    np.testing.assert_array_equal(x, np.arange(4.0))


def _attention_case(seed=0):
    rng = np.random.default_rng(seed)
    Q, K, V = rng.standard_normal((3, 4)), rng.standard_normal((5, 4)), rng.standard_normal((5, 2))
    return Q, K, V, rng.standard_normal((3, 2))


def test_gradcheck_passes_a_right_gradient_and_fails_a_wrong_one():
    Q, K, V, dOut = _attention_case()
    loss = scalar_loss(lambda q: backward.attention_forward(q, K, V)[0], dOut)
    dQ, _, _ = backward.attention_backward(dOut, Q, K, V)
    expect_gradient_matches(dQ, loss, Q, what="dQ")
    failure = _failure(expect_gradient_matches, dQ * 2.0, loss, Q, what="dQ")
    assert failure.diagnosis.id == "wrong-gradient"
    assert "dQ (checked against central differences" in failure.message


def test_gradcheck_names_a_known_mistake_and_reports_shapes():
    Q, K, V, dOut = _attention_case(1)
    loss = scalar_loss(lambda q: backward.attention_forward(q, K, V)[0], dOut)
    unscaled = backward.attention_backward(dOut, Q, K, V)[0] * 2.0  # sqrt(d_k) = 2
    missing_scale = Mistake("backward-missing-scale", "no 1/sqrt(d_k)", imitate=lambda Q, **_: unscaled)
    named = _failure(expect_gradient_matches, unscaled, loss, Q, what="dQ", mistakes=[missing_scale], inputs=dict(Q=Q))
    assert named.diagnosis.id == "backward-missing-scale"
    assert _failure(expect_gradient_matches, unscaled.T, loss, Q, what="dQ").diagnosis.id == "wrong-shape"


def test_reference_backward_agrees_with_finite_differences():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((2, 3, 4))
    W_Q, W_K, W_V = (rng.standard_normal((4, d)) for d in (3, 3, 2))
    dOut, mask = rng.standard_normal((2, 3, 2)), np.tril(np.ones((3, 3), dtype=bool))
    grads = backward.self_attention_backward(dOut, X, W_Q, W_K, W_V, mask)
    forwards = [
        lambda x: backward.attention_forward(x @ W_Q, x @ W_K, x @ W_V, mask)[0],
        lambda w: backward.attention_forward(X @ w, X @ W_K, X @ W_V, mask)[0],
        lambda w: backward.attention_forward(X @ W_Q, X @ w, X @ W_V, mask)[0],
        lambda w: backward.attention_forward(X @ W_Q, X @ W_K, X @ w, mask)[0],
    ]
    for grad, forward, x in zip(grads, forwards, (X, W_Q, W_K, W_V)):
        expect_gradient_matches(grad, scalar_loss(forward, dOut), x)


# -- invariants --------------------------------------------------------------
def _block_case(seed=3, batch=()):
    rng = np.random.default_rng(seed)
    return rng, rng.standard_normal((*batch, 6, 6)), decoder.init_params(6, 4, 3, 8, rng)


def test_causal_check_passes_the_reference_and_fails_a_leaking_decoder():
    rng, x, params = _block_case(batch=(2,))
    expect_causal(lambda v: decoder.decode(v, params)[0], x, rng)
    leaking = lambda v: decoder.decoder_block(v, params, causal=False)[0]  # noqa: E731
    failure = _failure(expect_causal, leaking, x, rng, cut=4, what="block output")
    assert failure.diagnosis.id == "future-leak"
    assert "positions 4 to 5" in failure.message and "position 0" in failure.message


def test_equivariance_holds_without_mask_and_fails_with_positions_or_a_mask():
    rng, x, params = _block_case(5)
    expect_permutation_equivariant(lambda v: decoder.decoder_block(v, params, causal=False)[0], x, rng)
    for run in (lambda v: decoder.decoder_block(v, params)[0], lambda v: decoder.decode(v, params)[0]):
        assert _failure(expect_permutation_equivariant, run, x, rng).diagnosis.id == "not-permutation-equivariant"


def test_invariant_checks_report_a_non_array():
    rng, x, _ = _block_case()
    assert _failure(expect_causal, lambda v: [1.0], x, rng).diagnosis.id == "wrong-type"


def test_rows_sum_to_one():
    weights = backward.softmax(np.random.default_rng(6).standard_normal((2, 3, 4)))
    expect_rows_sum_to_one(weights)
    weights[1, 2] = 0.0
    assert _failure(expect_rows_sum_to_one, weights, what="weights").diagnosis.id == "rows-sum-wrong"
    expect_rows_sum_to_one(weights, allow_zero_rows=True)
    failure = _failure(expect_rows_sum_to, weights * 2, 1.0, what="weights")
    assert "row (0, 0) sums to 2" in failure.message


# -- the two ends of the scale ------------------------------------------------
def test_generated_stubs_are_up_to_date(course):
    assert drift(course, names=NAMES) == []


@pytest.mark.parametrize("name", NAMES)
def test_reference_scores_full_marks(course, name):
    report = grade(ROOT / "reference", course=course, assignments=[name], seed=7, limits=FAST_LIMITS)
    lost = [f"{t.name}: {t.feedback}" for t in report.tests if not t.passed]
    assert not lost and report.score == report.max_score > 0, "\n".join(lost)


@pytest.mark.parametrize("name", NAMES)
def test_stubs_score_zero_as_not_implemented(course, name):
    report = grade(ROOT / "assignments", course=course, assignments=[name], seed=7, limits=FAST_LIMITS)
    assert report.score == 0 and report.tests
    assert {t.diagnosis for t in report.tests} == {"not-implemented"}


@pytest.mark.parametrize("name", NAMES)
def test_catalogue_has_mistakes_and_variants(course, name):
    assert len(entries(course, [name], kind="mistakes")) >= 5
    assert len(entries(course, [name], kind="variants")) >= 3
