"""Hidden grader: multi-head cross- and self-attention (assignment 2, part 3).

Every case has at least 3 heads and n != d_model: one head, or square
inputs, would let several known mistakes pass.
"""
import numpy as np
import pytest

from autograder.checks import expect_close, expect_inputs_unchanged, expect_tuple
from autograder.graders.multi_head.diagnoses import MHA_OUTPUT, MHA_WEIGHTS

LESSON_X = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.5, 0.5, 0.0]])


def _projections(rng, d_model, dtype=np.float64):
    """W_Q, W_K, W_V and W_O as keyword arguments."""
    return {name: (rng.standard_normal((d_model, d_model)) / np.sqrt(d_model)).astype(dtype) for name in ("W_Q", "W_K", "W_V", "W_O")}


def _causal(n_q, n_k):
    return np.tril(np.ones((n_q, n_k), dtype=bool), k=n_k - n_q)


def _padding(lengths, n_k):
    return np.arange(n_k)[None, None, :] < np.asarray(lengths)[:, None, None]


def _no_visible_key(n_q, n_k):
    mask = _causal(n_q, n_k)
    mask[1] = False
    return mask


def _cross(rng, batch, n_q, n_k, d_model, n_heads, mask=None, dtype=np.float64):
    X_q = rng.standard_normal((*batch, n_q, d_model)).astype(dtype)
    X_kv = rng.standard_normal((*batch, n_k, d_model)).astype(dtype)
    return dict(X_q=X_q, X_kv=X_kv, **_projections(rng, d_model, dtype), n_heads=n_heads, mask=mask)


CROSS_CASES = {
    "3-heads-n_q-differs-from-n_k": lambda rng: _cross(rng, (), 4, 7, 12, 3),
    "batched-4-heads": lambda rng: _cross(rng, (2,), 3, 5, 8, 4),
    "padding-of-the-keys": lambda rng: _cross(rng, (2,), 4, 6, 9, 3, mask=_padding([4, 6], 6)),
    "batch-of-3-with-3-heads-and-padding": lambda rng: _cross(rng, (3,), 2, 5, 6, 3, mask=_padding([2, 5, 3], 5)),
    "query-with-no-visible-key": lambda rng: _cross(rng, (), 4, 6, 6, 3, mask=_no_visible_key(4, 6)),
    "float32": lambda rng: _cross(rng, (), 3, 5, 12, 4, dtype=np.float32),
    "random": lambda rng: _cross(rng, (2,), *(int(n) for n in rng.integers(2, 7, size=2)), 15, 3),
}


def _check(student_answer, reference_answer, inputs, what):
    got_output, got_weights = expect_tuple(student_answer, 2, what)
    want_output, want_weights = reference_answer
    expect_close(got_weights, want_weights, what=f"{what} weights", mistakes=MHA_WEIGHTS, inputs=inputs)
    expect_close(got_output, want_output, what=f"{what} output", mistakes=MHA_OUTPUT, inputs=inputs)


@pytest.mark.points(2)
@pytest.mark.parametrize("case", CROSS_CASES)
def test_multi_head_attention(student, reference, rng, case):
    """multi_head_attention: cross-attention matches the reference"""
    inputs = CROSS_CASES[case](rng)
    got = student.multi_head.multi_head_attention(**inputs)
    _check(got, reference.multi_head.multi_head_attention(**inputs), inputs, "multi_head_attention")


def _self(rng, X, n_heads, mask=None, dtype=np.float64):
    return dict(X=X.astype(dtype), **_projections(rng, X.shape[-1], dtype), n_heads=n_heads, mask=mask)


SELF_CASES = {
    "lesson-example-3-heads": lambda rng: _self(rng, LESSON_X, 3),
    "causal-3-heads": lambda rng: _self(rng, rng.standard_normal((5, 12)), 3, _causal(5, 5)),
    "batched-6-heads": lambda rng: _self(rng, rng.standard_normal((2, 4, 12)), 6),
    "float32-causal": lambda rng: _self(rng, rng.standard_normal((6, 8)), 4, _causal(6, 6), dtype=np.float32),
}


@pytest.mark.points(2)
@pytest.mark.parametrize("case", SELF_CASES)
def test_multi_head_self_attention(student, reference, rng, case):
    """multi_head_self_attention: matches the reference"""
    inputs = SELF_CASES[case](rng)
    got = student.multi_head.multi_head_self_attention(**inputs)
    _check(got, reference.multi_head.multi_head_self_attention(**inputs), inputs, "multi_head_self_attention")


@pytest.mark.points(1)
def test_multi_head_attention_leaves_inputs_alone(student, rng):
    """multi_head_attention: does not modify its inputs"""
    inputs = _cross(rng, (2,), 3, 4, 6, 3, mask=_padding([2, 4], 4))
    expect_inputs_unchanged(student.multi_head.multi_head_attention.call(**inputs))
