"""sys.exit in softmax, os._exit in causal_mask, exit() in padding_mask.

loses: softmax, causal_mask, padding_mask, attention, self_attention
message: SystemExit
"""
import os
import sys


def softmax(x, axis=-1):
    sys.exit("done")


def causal_mask(n_q, n_k):
    os._exit(1)


def padding_mask(lengths, n_k):
    raise SystemExit(0)
