"""ndarray subclasses that override __eq__, __array_ufunc__ and __array_function__, and an object with a lying __array__.

loses: softmax, scaled_scores, causal_mask, padding_mask, attention, self_attention
message: expected a numpy.ndarray
"""
_correct_padding_mask = padding_mask


class AlwaysEqual(np.ndarray):
    def __eq__(self, other):
        return True

    __ne__ = lambda self, other: False


class UfuncLiar(np.ndarray):
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.zeros(0, dtype=bool)


class FunctionLiar(np.ndarray):
    def __array_function__(self, func, types, args, kwargs):
        return True


class LyingArray:
    """Claims to be the correct answer when converted."""

    def __init__(self, value):
        self.value = value

    def __array__(self, dtype=None, copy=None):
        return self.value

    def __repr__(self):
        raise RuntimeError("no repr for you")


def softmax(x, axis=-1):
    return np.zeros(np.shape(x)).view(AlwaysEqual)


def scaled_scores(Q, K):
    return np.zeros((Q.shape[-2], K.shape[-2])).view(UfuncLiar)


def causal_mask(n_q, n_k):
    return np.zeros((n_q, n_k), dtype=bool).view(FunctionLiar)


def padding_mask(lengths, n_k):
    return LyingArray(_correct_padding_mask(lengths, n_k))
