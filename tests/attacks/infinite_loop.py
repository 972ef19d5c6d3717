"""softmax never returns (a busy loop that also swallows every exception).

loses: softmax, attention, self_attention
message: did not return
"""


def softmax(x, axis=-1):
    while True:
        try:
            pass
        except BaseException:
            pass
