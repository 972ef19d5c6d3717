"""KeyboardInterrupt, GeneratorExit and a custom BaseException raised by three functions.

loses: scaled_scores, causal_mask, padding_mask, attention, self_attention
message: KeyboardInterrupt
"""


class Escape(BaseException):
    pass


def scaled_scores(Q, K):
    raise KeyboardInterrupt


def causal_mask(n_q, n_k):
    raise GeneratorExit


def padding_mask(lengths, n_k):
    raise Escape("stop grading")
