"""Hidden grader: the pre-LN decoder block, and its invariants (assignment 5, part 5)."""
import numpy as np
import pytest

from autograder.checks import expect_tuple
from autograder.graders.decoder.cache import cache_case, expect_output_and_cache
from autograder.graders.decoder.diagnoses import BLOCK, BLOCK_CACHE
from autograder.invariants import expect_permutation_equivariant

# (batch, cached tokens t, new tokens m, causal, dtype)
CASES = {
    "causal": ((), 0, 5, True, np.float64),
    "float32-batched-chunk-after-cache": ((2,), 3, 2, True, np.float32),
}


@pytest.mark.points(2)
@pytest.mark.parametrize("case", CASES)
def test_decoder_block(student, reference, rng, case):
    """decoder_block: matches the reference"""
    batch, t, m, causal, dtype = CASES[case]
    x, params, cache = cache_case(rng, batch, t, m, dtype)
    got = student.decoder.decoder_block(x, params, cache, causal=causal)
    expect_output_and_cache(
        got, reference.decoder.decoder_block(x, params, cache, causal=causal), "decoder_block",
        mistakes=BLOCK, cache_mistakes=BLOCK_CACHE, inputs=dict(x=x, params=params, cache=cache, causal=causal),
    )


@pytest.mark.points(2)
def test_decoder_block_without_mask_is_permutation_equivariant(student, rng):
    """decoder_block (causal=False): permuting the tokens permutes the output"""
    x, params, _ = cache_case(rng, (), m=5)
    run = lambda x: expect_tuple(student.decoder.decoder_block(x, params, causal=False), 2, "decoder_block")[0]  # noqa: E731
    expect_permutation_equivariant(run, x, rng, what="decoder_block output (causal=False)")
