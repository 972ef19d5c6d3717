"""softmax blocks and ignores every signal it can, then loops.

loses: softmax, attention, self_attention
message: did not return
"""
import signal


def softmax(x, axis=-1):
    for number in signal.valid_signals():
        try:
            signal.signal(number, signal.SIG_IGN)
        except (OSError, ValueError, RuntimeError):
            pass
    signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
    while True:
        pass
