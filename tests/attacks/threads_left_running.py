"""A correct solution whose softmax leaves busy threads running, printing fake results.

loses:
"""
import threading

_correct_softmax = softmax
_started = []


def _spin():
    while True:
        sum(range(1000))


def softmax(x, axis=-1):
    if not _started:
        for _ in range(2):
            threading.Thread(target=_spin, daemon=True).start()
        _started.append(True)
    return _correct_softmax(x, axis=axis)
