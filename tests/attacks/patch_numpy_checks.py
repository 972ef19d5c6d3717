"""A wrong softmax that patches np.allclose, np.testing and np.array_equal to always agree.

loses: softmax, attention, self_attention
message: differs
"""
import numpy.testing

np.allclose = lambda *args, **kwargs: True
np.array_equal = lambda *args, **kwargs: True
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.shape(a), dtype=bool)
numpy.testing.assert_allclose = lambda *args, **kwargs: None
numpy.testing.assert_array_equal = lambda *args, **kwargs: None


def softmax(x, axis=-1):
    exponentials = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return exponentials / (np.sum(exponentials, axis=axis, keepdims=True) + 1)
