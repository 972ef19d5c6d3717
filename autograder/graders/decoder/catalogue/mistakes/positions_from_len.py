"""Counts the cached tokens with len(cache["K"]), which is the batch size for a batched cache.

diagnosis: positions-from-wrong-axis
"""


def decode(x, params, cache=None):
    start = 0 if cache is None else len(cache["K"])
    encoded = x + positional_encoding(x.shape[-2], x.shape[-1], start).astype(x.dtype)
    return decoder_block(encoded, params, cache, causal=True)
