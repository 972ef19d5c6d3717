"""Treats True in the mask as 'blocked'.

diagnosis: mask-inverted
"""
import numpy as np


def apply_mask(scores, mask):
    return np.where(mask, -np.inf, scores)
