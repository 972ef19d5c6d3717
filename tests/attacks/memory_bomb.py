"""padding_mask asks for a 80 GB matrix, then hoards memory until none is left.

loses: padding_mask
message: memory
"""


def padding_mask(lengths, n_k):
    try:
        np.zeros((100_000, 100_000))
    except MemoryError:
        pass
    hoard = []
    while True:
        hoard.append(np.empty(1 << 24))
