"""Post-LN: normalises after each residual addition, as in the original transformer.

diagnosis: post-ln-not-pre-ln
"""


def decoder_block(x, params, cache=None, causal=True):
    attended, cache = attend(x, params, cache, causal)
    h = layer_norm(x + attended, params["ln1_gamma"], params["ln1_beta"])
    y = h + feed_forward(h, params["W1"], params["b1"], params["W2"], params["b2"])
    return layer_norm(y, params["ln2_gamma"], params["ln2_beta"]), cache
