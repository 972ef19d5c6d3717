"""Answers in bits (32 per float32 number) instead of bytes.

diagnosis: bits-not-bytes
module: questions
"""


def score_matrix_bytes(n):
    return n * n * 32
