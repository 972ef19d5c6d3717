"""softmax returns a broadcast view of a terabyte, scaled_scores an array larger than the answer limit.

loses: softmax, scaled_scores, attention, self_attention
message: too large
"""


def softmax(x, axis=-1):
    return np.broadcast_to(np.float64(0.5), (1 << 20, 1 << 20))


def scaled_scores(Q, K):
    return np.ones(6 << 20)
