"""Thinks a sliding window still grows with n² when n doubles.

diagnosis: window-growth-quadratic
module: questions
"""


def sliding_window_growth_factor():
    return 4
