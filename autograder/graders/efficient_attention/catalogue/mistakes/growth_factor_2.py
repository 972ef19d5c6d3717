"""Thinks that full attention grows linearly: doubling n doubles the cost.

diagnosis: growth-linear
module: questions
"""


def full_attention_growth_factor():
    return 2
