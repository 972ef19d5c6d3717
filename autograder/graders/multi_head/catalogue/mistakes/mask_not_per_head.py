"""Passes the (..., n_q, n_k) mask to the heads without inserting a head axis.

diagnosis: mask-not-per-head
"""


def multi_head_attention(X_q, X_kv, W_Q, W_K, W_V, W_O, n_heads, mask=None):
    Q = split_heads(X_q @ W_Q, n_heads)
    K = split_heads(X_kv @ W_K, n_heads)
    V = split_heads(X_kv @ W_V, n_heads)
    heads, weights = attention(Q, K, V, mask)
    return merge_heads(heads) @ W_O, weights
