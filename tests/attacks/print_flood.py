"""A correct solution whose softmax prints 20 MB per call: its output is cut, its points kept.

loses:
output: more bytes of output not shown
"""
_correct_softmax = softmax


def softmax(x, axis=-1):
    for _ in range(20):
        print("x" * 1_000_000)
    return _correct_softmax(x, axis=axis)
