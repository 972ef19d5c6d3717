"""Counts 8 bytes per score, as if the scores were float64.

diagnosis: counted-float64
module: questions
"""


def score_matrix_bytes(n):
    return n * n * 8
