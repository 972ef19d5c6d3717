"""Hidden grader: scaled dot-product attention of all heads at once (assignment 2, part 2)."""
import numpy as np
import pytest

from autograder.checks import expect_close, expect_tuple
from autograder.graders.multi_head.diagnoses import HEAD_OUTPUT, HEAD_WEIGHTS


def _qkv(rng, heads, n_q, n_k, d_head, batch=(), dtype=np.float64, scale=1.0):
    Q = scale * rng.standard_normal((*batch, heads, n_q, d_head))
    K, V = (rng.standard_normal((*batch, heads, n_k, d_head)) for _ in range(2))
    return Q.astype(dtype), K.astype(dtype), V.astype(dtype)


def _causal(n_q, n_k):
    return np.tril(np.ones((n_q, n_k), dtype=bool), k=n_k - n_q)


def _empty_row(n_q, n_k):
    mask = _causal(n_q, n_k)[None, None]  # head axis and batch axis of size 1
    mask = np.repeat(mask, 2, axis=0)
    mask[1, 0, 2] = False  # batch 1, query 2 sees nothing
    return mask


CASES = {
    "3-heads-n_q-differs-from-n_k": lambda rng: (*_qkv(rng, 3, 4, 6, 2), None),
    "batched-4-heads": lambda rng: (*_qkv(rng, 4, 5, 5, 3, batch=(2,)), None),
    "causal-mask-shared-by-heads": lambda rng: (*_qkv(rng, 3, 5, 5, 2), _causal(5, 5)),
    "query-with-no-visible-key": lambda rng: (*_qkv(rng, 3, 4, 4, 2, batch=(2,)), _empty_row(4, 4)),
    "large-logits": lambda rng: (*_qkv(rng, 3, 4, 4, 3, scale=300.0), None),
    "float32": lambda rng: (*_qkv(rng, 3, 3, 5, 4, dtype=np.float32), _causal(3, 5)),
}


@pytest.mark.points(1)
@pytest.mark.parametrize("case", CASES)
def test_attention(student, reference, rng, case):
    """attention: every head's weights and output"""
    Q, K, V, mask = CASES[case](rng)
    got_output, got_weights = expect_tuple(student.multi_head.attention(Q, K, V, mask), 2, "attention")
    want_output, want_weights = reference.multi_head.attention(Q, K, V, mask)
    inputs = dict(Q=Q, K=K, V=V, mask=mask)
    expect_close(got_weights, want_weights, what="attention weights", mistakes=HEAD_WEIGHTS, inputs=inputs)
    expect_close(got_output, want_output, what="attention output", mistakes=HEAD_OUTPUT, inputs=inputs)
