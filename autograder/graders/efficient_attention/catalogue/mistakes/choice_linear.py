"""Picks linear attention as the one that keeps the exact softmax.

diagnosis: linear-is-approximate
module: questions
"""


def exact_softmax_in_window():
    return LINEAR
