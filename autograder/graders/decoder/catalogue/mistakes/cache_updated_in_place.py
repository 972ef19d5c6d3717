"""Grows the caller's cache dict in place and returns it, instead of a new cache.

diagnosis: input-mutated
"""
_correct_attend = attend


def attend(x, params, cache=None, causal=True):
    out, new_cache = _correct_attend(x, params, cache, causal)
    if cache is None:
        return out, new_cache
    cache["K"], cache["V"] = new_cache["K"], new_cache["V"]
    return out, cache
