"""causal_mask sleeps far longer than the call limit.

loses: causal_mask
message: did not return
"""
import time


def causal_mask(n_q, n_k):
    time.sleep(3600)
