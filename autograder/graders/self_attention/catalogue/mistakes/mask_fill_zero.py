"""Sets masked scores to 0 instead of -inf.

diagnosis: mask-fill-zero
"""
import numpy as np


def apply_mask(scores, mask):
    return np.where(mask, scores, 0.0)
