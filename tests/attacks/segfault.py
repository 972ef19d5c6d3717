"""causal_mask reads a kernel address through ctypes: the interpreter dies of a segmentation fault.

loses: causal_mask
message: SIGSEGV
"""
import ctypes


def causal_mask(n_q, n_k):
    return ctypes.string_at(0xFFFFFFFFFFFF0000, 8)
