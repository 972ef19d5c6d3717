"""Hidden grader: scaled dot-product attention, projections and self-attention (assignment 1, part 3)."""
import numpy as np
import pytest

from autograder.checks import expect_close, expect_inputs_unchanged, expect_tuple
from autograder.graders.self_attention.diagnoses import OUTPUT, SELF_OUTPUT, SELF_WEIGHTS, WEIGHTS

LESSON_X = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.5, 0.5, 0.0]])


def _causal(n_q, n_k):
    return np.tril(np.ones((n_q, n_k), dtype=bool), k=n_k - n_q)


def _qkv(rng, n_q, n_k, d_k, d_v, batch=(), scale=1.0, dtype=np.float64):
    Q = scale * rng.standard_normal((*batch, n_q, d_k))
    K = rng.standard_normal((*batch, n_k, d_k))
    V = rng.standard_normal((*batch, n_k, d_v))
    return Q.astype(dtype), K.astype(dtype), V.astype(dtype)


def _padding(lengths, n_k):
    return (np.arange(n_k)[None, :] < np.asarray(lengths)[:, None])[:, None, :]


def _one_masked_row(n_q, n_k):
    mask = _causal(n_q, n_k)
    mask[1] = False
    return mask


CASES = {
    "lesson-example": lambda rng: (LESSON_X, LESSON_X, LESSON_X, None),
    "n_q-differs-from-n_k-and-d_k-from-d_v": lambda rng: (*_qkv(rng, 3, 5, 4, 2), None),
    "batched": lambda rng: (*_qkv(rng, 4, 6, 3, 5, batch=(2, 3)), None),
    "large-logits": lambda rng: (*_qkv(rng, 4, 4, 6, 3, scale=400.0), None),
    "causal-mask": lambda rng: (*_qkv(rng, 5, 5, 4, 3), _causal(5, 5)),
    "causal-mask-n_q-lt-n_k": lambda rng: (*_qkv(rng, 2, 5, 4, 3), _causal(2, 5)),
    "padding-mask-batched": lambda rng: (*_qkv(rng, 4, 6, 3, 2, batch=(2,)), _padding([3, 6], 6)),
    "query-with-no-visible-key": lambda rng: (*_qkv(rng, 4, 4, 3, 2), _one_masked_row(4, 4)),
    "float32": lambda rng: (*_qkv(rng, 3, 4, 5, 2, dtype=np.float32), None),
    "random": lambda rng: (*_qkv(rng, *(int(n) for n in rng.integers(2, 7, size=4))), None),
}


@pytest.mark.points(2)
@pytest.mark.parametrize("case", CASES)
def test_attention(student, reference, rng, case):
    """attention: weights and output match the reference"""
    Q, K, V, mask = CASES[case](rng)
    got_output, got_weights = expect_tuple(student.attention.attention(Q, K, V, mask), 2, "attention")
    want_output, want_weights = reference.attention.attention(Q, K, V, mask)
    inputs = dict(Q=Q, K=K, V=V, mask=mask)
    expect_close(got_weights, want_weights, what="attention weights", mistakes=WEIGHTS, inputs=inputs)
    expect_close(got_output, want_output, what="attention output", mistakes=OUTPUT, inputs=inputs)


@pytest.mark.points(1)
def test_attention_leaves_inputs_alone(student, rng):
    """attention: does not modify Q, K, V or the mask"""
    Q, K, V = _qkv(rng, 4, 4, 3, 3, scale=20.0)
    expect_inputs_unchanged(student.attention.attention.call(Q, K, V, _causal(4, 4)))


def _weights_for(rng, d_model, d_k, d_v, dtype=np.float64):
    return tuple(rng.standard_normal((d_model, d)).astype(dtype) for d in (d_k, d_k, d_v))


PROJECTION_CASES = {
    "lesson-example": lambda rng: (LESSON_X, *_weights_for(rng, 3, 2, 4)),
    "batched": lambda rng: (rng.standard_normal((2, 5, 6)), *_weights_for(rng, 6, 3, 2)),
}


@pytest.mark.points(1)
@pytest.mark.parametrize("case", PROJECTION_CASES)
def test_project_qkv(student, reference, rng, case):
    """project_qkv: Q, K, V = X W_Q, X W_K, X W_V"""
    X, W_Q, W_K, W_V = PROJECTION_CASES[case](rng)
    got = expect_tuple(student.attention.project_qkv(X, W_Q, W_K, W_V), 3, "project_qkv")
    want = reference.attention.project_qkv(X, W_Q, W_K, W_V)
    for name, got_one, want_one in zip("QKV", got, want):
        expect_close(got_one, want_one, what=name)


SELF_CASES = {
    "lesson-example-distinct-projections": lambda rng: (LESSON_X, *_weights_for(rng, 3, 3, 3), None),
    "d_k-differs-from-d_v-causal": lambda rng: (rng.standard_normal((5, 4)), *_weights_for(rng, 4, 2, 3), _causal(5, 5)),
    "batched": lambda rng: (rng.standard_normal((2, 4, 6)), *_weights_for(rng, 6, 3, 6), None),
    "float32": lambda rng: (rng.standard_normal((4, 5)).astype(np.float32), *_weights_for(rng, 5, 3, 3, np.float32), None),
}


@pytest.mark.points(2)
@pytest.mark.parametrize("case", SELF_CASES)
def test_self_attention(student, reference, rng, case):
    """self_attention: attention of X with its own projections"""
    X, W_Q, W_K, W_V, mask = SELF_CASES[case](rng)
    got_output, got_weights = expect_tuple(student.attention.self_attention(X, W_Q, W_K, W_V, mask), 2, "self_attention")
    want_output, want_weights = reference.attention.self_attention(X, W_Q, W_K, W_V, mask)
    inputs = dict(X=X, W_Q=W_Q, W_K=W_K, W_V=W_V, mask=mask)
    expect_close(got_weights, want_weights, what="self-attention weights", mistakes=SELF_WEIGHTS, inputs=inputs)
    expect_close(got_output, want_output, what="self-attention output", mistakes=SELF_OUTPUT, inputs=inputs)
