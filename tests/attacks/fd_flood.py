"""padding_mask writes 100 MB straight to file descriptor 2, past the file size limit.

loses: padding_mask
message: File too large
"""
import os


def padding_mask(lengths, n_k):
    block = b"y" * (1 << 20)
    for _ in range(100):
        os.write(2, block)
