"""softmax writes forged answers (a huge length, then garbage) straight into the grader's pipe.

loses: softmax, attention, self_attention
message: crashed
"""
import os
import stat
import struct


def softmax(x, axis=-1):
    for fd in range(3, 64):
        try:
            if stat.S_ISFIFO(os.fstat(fd).st_mode):
                os.write(fd, struct.pack(">Q", 1 << 60) + b"{not json")
        except OSError:
            pass
    return np.zeros(np.shape(x))
