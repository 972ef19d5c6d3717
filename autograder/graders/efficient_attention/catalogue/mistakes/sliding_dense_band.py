"""Right values, but builds the full n x n matrix: dense attention with the band mask.

diagnosis: builds-full-matrix
"""


def sliding_window_attention(Q, K, V, window):
    return dense_attention(Q, K, V, sliding_window_mask(Q.shape[-2], window))
