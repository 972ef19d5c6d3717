"""A generator, a list of the right numbers, an object-dtype array and nan instead of arrays.

loses: softmax, scaled_scores, causal_mask, padding_mask, attention, self_attention
message: expected a numpy.ndarray
"""
_correct_scaled_scores, _correct_causal_mask = scaled_scores, causal_mask


def softmax(x, axis=-1):
    return (value for value in np.ravel(x))


def scaled_scores(Q, K):
    return _correct_scaled_scores(Q, K).tolist()


def causal_mask(n_q, n_k):
    return _correct_causal_mask(n_q, n_k).astype(object)


def padding_mask(lengths, n_k):
    return np.full((len(lengths), 1, n_k), np.nan)
