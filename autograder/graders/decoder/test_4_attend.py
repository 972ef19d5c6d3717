"""Hidden grader: single-head attention over a KV cache (assignment 5, part 4)."""
import numpy as np
import pytest

from autograder.graders.decoder.cache import cache_case, expect_output_and_cache
from autograder.graders.decoder.diagnoses import ATTEND, ATTEND_CACHE

ATTENTION_KEYS = ("W_Q", "W_K", "W_V", "W_O")

# (batch, cached tokens t, new tokens m, causal, dtype); d_model=6, d_k=4, d_v=3
CASES = {
    "causal-no-cache": ((), 0, 4, True, np.float64),
    "not-causal-after-cache": ((), 2, 2, False, np.float64),
    "batched-chunk-after-cache": ((2,), 3, 2, True, np.float64),
    "float32-one-token-after-cache": ((), 4, 1, True, np.float32),
}


@pytest.mark.points(2)
@pytest.mark.parametrize("case", CASES)
def test_attend(student, reference, rng, case):
    """attend: output and extended cache match the reference"""
    batch, t, m, causal, dtype = CASES[case]
    x, params, cache = cache_case(rng, batch, t, m, dtype)
    params = {key: params[key] for key in ATTENTION_KEYS}  # all attend may use; fewer arrays to send
    got = student.decoder.attend(x, params, cache, causal=causal)
    expect_output_and_cache(
        got, reference.decoder.attend(x, params, cache, causal=causal), "attend",
        mistakes=ATTEND, cache_mistakes=ATTEND_CACHE, inputs=dict(x=x, params=params, cache=cache, causal=causal),
    )
