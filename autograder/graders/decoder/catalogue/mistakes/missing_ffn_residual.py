"""Forgets the residual connection around the feed-forward sub-layer.

diagnosis: missing-residual
"""


def decoder_block(x, params, cache=None, causal=True):
    attended, cache = attend(layer_norm(x, params["ln1_gamma"], params["ln1_beta"]), params, cache, causal)
    h = x + attended
    normed = layer_norm(h, params["ln2_gamma"], params["ln2_beta"])
    return feed_forward(normed, params["W1"], params["b1"], params["W2"], params["b2"]), cache
