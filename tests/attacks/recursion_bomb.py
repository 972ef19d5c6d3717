"""scaled_scores recurses without end.

loses: scaled_scores, attention, self_attention
message: recursed too deeply
"""


def scaled_scores(Q, K):
    return scaled_scores(Q, K)
