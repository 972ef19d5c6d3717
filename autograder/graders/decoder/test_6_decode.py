"""Hidden grader: incremental decoding with a KV cache (assignment 5, part 6)."""
import numpy as np
import pytest

from autograder.checks import expect_close, expect_inputs_unchanged, expect_tuple
from autograder.graders.decoder.cache import cache_case, expect_cache, expect_output_and_cache
from autograder.graders.decoder.diagnoses import DECODE, DECODE_CACHE
from autograder.invariants import expect_causal

FULL_CASES = {"batched": ((2,), np.float64), "float32": ((), np.float32)}


@pytest.mark.points(2)
@pytest.mark.parametrize("case", FULL_CASES)
def test_decode_full_sequence(student, reference, rng, case):
    """decode: a whole sequence at once matches the reference"""
    batch, dtype = FULL_CASES[case]
    x, params, _ = cache_case(rng, batch, m=5, dtype=dtype)
    expect_output_and_cache(
        student.decoder.decode(x, params), reference.decoder.decode(x, params), "decode",
        mistakes=DECODE, cache_mistakes=DECODE_CACHE, inputs=dict(x=x, params=params, cache=None),
    )


def _decode_in_chunks(student, reference, x, params, sizes):
    """Feed x to the student's decode chunk by chunk, passing its own cache back; each chunk must match the full pass."""
    full, _ = reference.decoder.decode(x, params)
    cache, start = None, 0
    for size in sizes:
        chunk = x[..., start : start + size, :]
        got, new_cache = expect_tuple(student.decoder.decode(chunk, params, cache), 2, "decode")
        inputs = dict(x=chunk, params=params, cache=cache)
        where = f"positions {start}-{start + size - 1}" if size > 1 else f"position {start}"
        expect_close(
            got, full[..., start : start + size, :], what=f"decode output at {where} given a cache of {start} token(s) (the full causal pass is expected)",
            mistakes=DECODE, inputs=inputs,
        )
        expect_cache(new_cache, reference.decoder.decode(chunk, params, cache)[1], "decode", mistakes=DECODE_CACHE, inputs=inputs)
        cache, start = new_cache, start + size


@pytest.mark.points(4)
def test_decode_token_by_token(student, reference, rng):
    """decode: token by token with the cache equals the full causal pass"""
    x, params, _ = cache_case(rng, (2,), m=3)
    _decode_in_chunks(student, reference, x, params, [1] * 3)


@pytest.mark.points(4)
def test_decode_chunked_prefill(student, reference, rng):
    """decode: a prefill of 2 tokens then a chunk of 3 equal the full causal pass"""
    x, params, _ = cache_case(rng, (2,), m=5)
    _decode_in_chunks(student, reference, x, params, [2, 3])


@pytest.mark.points(3)
def test_decode_is_causal(student, rng):
    """decode: changing later tokens never changes earlier outputs"""
    x, params, _ = cache_case(rng, (2,), m=6)
    expect_causal(lambda x: expect_tuple(student.decoder.decode(x, params), 2, "decode")[0], x, rng, cut=2, what="decode output")


@pytest.mark.points(1)
def test_decode_leaves_inputs_alone(student, rng):
    """decode: does not modify x, the parameters or the cache"""
    x, params, cache = cache_case(rng, (), t=3, m=2)
    expect_inputs_unchanged(student.decoder.decode.call(x, params, cache))
