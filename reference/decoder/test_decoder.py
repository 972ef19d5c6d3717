"""Public tests for assignment 5. Run them with `pytest` from this folder.

They check small examples you can work out by hand, and the promises of a
decoder: the cache changes nothing, the future stays hidden. The hidden
graders check much more (batches, float32, chunks of several tokens), so a
green run here is a good sign, not a guarantee.
"""
import numpy as np

from decoder import attend, decode, decoder_block, feed_forward, init_params, layer_norm, positional_encoding


def test_layer_norm_of_a_simple_row():
    x = np.array([[1.0, 2.0, 3.0, 4.0]])  # mean 2.5, biased variance 1.25
    out = layer_norm(x, np.ones(4), np.zeros(4), eps=0.0)
    np.testing.assert_allclose(out, [(x[0] - 2.5) / np.sqrt(1.25)])


def test_layer_norm_normalises_each_token():
    rng = np.random.default_rng(0)
    out = layer_norm(3 * rng.standard_normal((2, 5, 8)) + 1, np.ones(8), np.zeros(8))
    np.testing.assert_allclose(out.mean(axis=-1), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=-1), 1.0, rtol=1e-4)


def test_positional_encoding_at_position_zero_and_one():
    pe = positional_encoding(2, 4)
    np.testing.assert_allclose(pe[0], [0.0, 1.0, 0.0, 1.0])  # sin(0), cos(0), sin(0), cos(0)
    np.testing.assert_allclose(pe[1], [np.sin(1.0), np.cos(1.0), np.sin(0.01), np.cos(0.01)])


def test_positional_encoding_start():
    np.testing.assert_allclose(positional_encoding(2, 6, start=3), positional_encoding(5, 6)[3:])


def test_feed_forward_by_hand():
    x = np.array([[1.0, -1.0]])
    W1, b1 = np.eye(2), np.zeros(2)  # hidden = relu([1, -1]) = [1, 0]
    W2, b2 = np.array([[2.0], [3.0]]), np.array([0.5])
    np.testing.assert_allclose(feed_forward(x, W1, b1, W2, b2), [[2.5]])


def test_attend_extends_the_cache():
    rng = np.random.default_rng(1)
    params = init_params(6, 4, 3, 8, rng)
    out, cache = attend(rng.standard_normal((3, 6)), params)
    assert out.shape == (3, 6) and cache["K"].shape == (3, 4) and cache["V"].shape == (3, 3)
    out, cache = attend(rng.standard_normal((2, 6)), params, cache)
    assert out.shape == (2, 6) and cache["K"].shape == (5, 4)


def test_decoder_block_shapes():
    rng = np.random.default_rng(2)
    params = init_params(6, 4, 3, 8, rng)
    y, _ = decoder_block(rng.standard_normal((2, 5, 6)), params)
    assert y.shape == (2, 5, 6)


def test_the_future_does_not_change_the_past():
    rng = np.random.default_rng(3)
    params = init_params(6, 4, 3, 8, rng)
    x = rng.standard_normal((5, 6))
    changed = x.copy()
    changed[3:] = rng.standard_normal((2, 6))
    np.testing.assert_allclose(decode(x, params)[0][:3], decode(changed, params)[0][:3])


def test_token_by_token_equals_the_full_pass():
    rng = np.random.default_rng(4)
    params = init_params(6, 4, 3, 8, rng)
    x = rng.standard_normal((4, 6))
    full, _ = decode(x, params)
    cache = None
    for t in range(4):
        out, cache = decode(x[t : t + 1], params, cache)
        np.testing.assert_allclose(out, full[t : t + 1], atol=1e-12)


def test_prefill_then_a_chunk_equals_the_full_pass():
    rng = np.random.default_rng(5)
    params = init_params(6, 4, 3, 8, rng)
    x = rng.standard_normal((5, 6))
    full, _ = decode(x, params)
    first, cache = decode(x[:2], params)
    rest, _ = decode(x[2:], params, cache)
    np.testing.assert_allclose(np.concatenate([first, rest]), full, atol=1e-12)
