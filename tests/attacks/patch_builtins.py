"""A wrong softmax that patches builtins and math so every comparison looks equal.

loses: softmax, attention, self_attention
message: differs
"""
import builtins
import math as _math

builtins.abs = lambda value: 0
builtins.all = lambda values: True
builtins.any = lambda values: False
builtins.round = lambda value, digits=0: 0
_math.isclose = lambda *args, **kwargs: True


def softmax(x, axis=-1):
    return np.full(np.shape(x), 0.5)
