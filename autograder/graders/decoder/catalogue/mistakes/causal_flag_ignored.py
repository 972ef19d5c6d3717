"""Always applies the causal mask, even when causal=False.

diagnosis: causal-flag-ignored
"""
_correct = attend


def attend(x, params, cache=None, causal=True):
    return _correct(x, params, cache, causal=True)
