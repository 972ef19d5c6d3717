"""causal_mask sends SIGKILL to every process it may signal, then answers correctly.

loses:
requires: namespaces
"""
import os
import signal

_correct_causal_mask = causal_mask


def causal_mask(n_q, n_k):
    try:
        os.kill(-1, signal.SIGKILL)
    except OSError:
        pass
    return _correct_causal_mask(n_q, n_k)
