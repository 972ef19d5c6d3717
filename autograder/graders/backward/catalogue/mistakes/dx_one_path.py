"""Back-propagates to X through the queries only, forgetting the keys and values.

diagnosis: dx-one-path
"""
_correct = self_attention_backward


def self_attention_backward(dOut, X, W_Q, W_K, W_V, mask=None):
    dQ, _, _ = attention_backward(dOut, X @ W_Q, X @ W_K, X @ W_V, mask)
    _, dW_Q, dW_K, dW_V = _correct(dOut, X, W_Q, W_K, W_V, mask)
    return dQ @ W_Q.T, dW_Q, dW_K, dW_V
