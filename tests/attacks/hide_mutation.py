"""softmax modifies its input in place and patches np.array_equal, copy and deepcopy to hide it.

loses-test: softmax: does not modify its input
message: modified its input
"""
import copy as _copy

np.array_equal = lambda *args, **kwargs: True
np.copy = lambda a, *args, **kwargs: a
_copy.deepcopy = lambda value, *args, **kwargs: value
_correct_softmax = softmax


def softmax(x, axis=-1):
    x -= np.max(x, axis=axis, keepdims=True)
    return _correct_softmax(x, axis=axis)
