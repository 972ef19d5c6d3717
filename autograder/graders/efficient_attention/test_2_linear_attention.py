"""Hidden grader: the elu + 1 feature map and linear attention, plain and causal (assignment 3, part 2)."""
import numpy as np
import pytest

from autograder.checks import expect_close
from autograder.graders.efficient_attention.diagnoses import ELU, LINEAR


@pytest.mark.points(1)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_elu_feature_map(student, reference, rng, dtype):
    """elu_feature_map: elu(x) + 1"""
    x = (np.concatenate([rng.standard_normal(12) * 3, [-800.0, 0.0, 50.0]])).astype(dtype).reshape(3, 5)
    got = student.efficient.elu_feature_map(x)
    expect_close(got, reference.efficient.elu_feature_map(x), what="elu_feature_map(x)", mistakes=ELU, inputs=dict(x=x))


def _qkv(rng, n_q, n_k, d_k, d_v, batch=(), dtype=np.float64):
    shapes = ((*batch, n_q, d_k), (*batch, n_k, d_k), (*batch, n_k, d_v))
    return tuple(rng.standard_normal(shape).astype(dtype) for shape in shapes)


CASES = {
    "n_q-differs-from-n_k": lambda rng: (*_qkv(rng, 4, 7, 3, 5), False),
    "batch-and-heads": lambda rng: (*_qkv(rng, 5, 5, 4, 3, batch=(2, 3)), False),
    "float32": lambda rng: (*_qkv(rng, 6, 6, 4, 4, dtype=np.float32), False),
    "causal": lambda rng: (*_qkv(rng, 7, 7, 3, 4), True),
    "causal-batched": lambda rng: (*_qkv(rng, 6, 6, 5, 2, batch=(3,)), True),
    "causal-float32": lambda rng: (*_qkv(rng, 8, 8, 4, 3, dtype=np.float32), True),
}


@pytest.mark.points(2)
@pytest.mark.parametrize("case", CASES)
def test_linear_attention(student, reference, rng, case):
    """linear_attention: equals the quadratic form it replaces"""
    Q, K, V, causal = CASES[case](rng)
    got = student.efficient.linear_attention(Q, K, V, causal=causal)
    expect_close(
        got, reference.efficient.linear_attention(Q, K, V, causal=causal), what=f"linear_attention output (causal={causal})",
        mistakes=LINEAR, inputs=dict(Q=Q, K=K, V=V, causal=causal),
    )
