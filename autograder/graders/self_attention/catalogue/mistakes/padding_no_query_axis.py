"""Returns the padding mask as (batch, n_k), without the query axis.

diagnosis: padding-no-query-axis
"""
import numpy as np


def padding_mask(lengths, n_k):
    return np.arange(n_k)[None, :] < np.asarray(lengths)[:, None]
