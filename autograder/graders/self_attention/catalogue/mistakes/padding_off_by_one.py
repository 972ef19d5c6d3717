"""Uses <= instead of < and shows the first padding position.

diagnosis: padding-off-by-one
"""
import numpy as np


def padding_mask(lengths, n_k):
    return (np.arange(n_k)[None, :] <= np.asarray(lengths)[:, None])[:, None, :]
