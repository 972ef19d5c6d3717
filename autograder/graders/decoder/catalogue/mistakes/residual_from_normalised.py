"""Normalises x first and then adds the normalised x back as the residual.

diagnosis: residual-from-normalised-input
"""


def decoder_block(x, params, cache=None, causal=True):
    x = layer_norm(x, params["ln1_gamma"], params["ln1_beta"])
    attended, cache = attend(x, params, cache, causal)
    h = layer_norm(x + attended, params["ln2_gamma"], params["ln2_beta"])
    return h + feed_forward(h, params["W1"], params["b1"], params["W2"], params["b2"]), cache
