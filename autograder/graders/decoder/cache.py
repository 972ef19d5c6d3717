"""Shared by the decoder graders: random cases with a KV cache, and the check of a returned cache."""
import numpy as np

from autograder.checks import CheckFailed, Diagnosis, Mistake, expect_close, expect_tuple
from autograder.graders.decoder.diagnoses import ref

CACHE_FORMAT = Diagnosis(
    "cache-format",
    "The cache you return is not a dict with arrays 'K' and 'V'.",
    "Return (out, {'K': K, 'V': V}); the caller passes that dict back on the next call.",
)


def cache_case(rng, batch=(), t=0, m=3, dtype=np.float64, d_model=6, d_k=4, d_v=3, d_ff=8):
    """(x, params, cache): m new tokens of shape (*batch, m, d_model), and a random cache of t tokens (None if t == 0)."""
    params = ref.init_params(d_model, d_k, d_v, d_ff, rng, dtype)
    x = rng.standard_normal((*batch, m, d_model)).astype(dtype)
    if t == 0:
        return x, params, None
    return x, params, {"K": rng.standard_normal((*batch, t, d_k)).astype(dtype), "V": rng.standard_normal((*batch, t, d_v)).astype(dtype)}


def expect_output_and_cache(got, want, function, *, mistakes=(), cache_mistakes=(), inputs=None):
    """A student's ``(out, cache)`` against the reference's: the output first, then the cache."""
    got_out, got_cache = expect_tuple(got, 2, function)
    expect_close(got_out, want[0], what=f"{function} output", mistakes=mistakes, inputs=inputs)
    expect_cache(got_cache, want[1], function, mistakes=cache_mistakes, inputs=inputs)


def expect_cache(got, want, function, *, mistakes=(), inputs=None):
    """The cache a student's ``function`` returned must hold the reference's keys and values."""
    if not isinstance(got, dict) or not {"K", "V"} <= set(got):
        found = f"a dict with keys {sorted(got)}" if isinstance(got, dict) else f"a {type(got).__name__}"
        raise CheckFailed(f"{function} returned as its cache {found}; expected a dict with keys 'K' and 'V'.", diagnosis=CACHE_FORMAT)
    for key in ("K", "V"):
        # the mistakes imitate the whole cache: compare one of its arrays at a time
        one = [Mistake(m.id, m.sentence, lambda m=m, key=key, **i: m.imitate(**i)[key], m.hint) for m in mistakes]
        expect_close(got[key], want[key], what=f"cache['{key}'] returned by {function}", mistakes=one, inputs=inputs)
