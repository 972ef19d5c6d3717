"""Assignment 3: questions on the cost of attention (graded automatically).

Answer each question by making its function return the answer. Work the
numbers out (on paper or in Python); do not time or measure anything. The
written questions of the lesson are in answers.md: they are read by your
instructor, not by the grader.
"""

# The three alternatives to full attention, for the last question.
SPARSE = "sparse"
LINEAR = "linear"
SLIDING_WINDOW = "sliding-window"


def score_matrix_bytes(n):
    """Memory, in bytes, of one (n, n) matrix of attention scores stored as float32.

    A float32 number takes 32 bits. Try n = 100_000 (a book): would the
    scores of one head of one layer fit in your computer's memory?

    Returns:
        an int: the number of bytes.
    """
    ### BEGIN SOLUTION
    return n * n * 4
    ### END SOLUTION


def full_attention_growth_factor():
    """When the sequence length n doubles, by what factor do the compute and
    the memory of full attention's score matrix grow?

    Returns:
        a number (the same factor holds for both).
    """
    ### BEGIN SOLUTION
    return 4
    ### END SOLUTION


def sliding_window_growth_factor():
    """With a fixed window w, by what factor do the compute and the memory of
    sliding-window attention's scores grow when n doubles?

    Returns:
        a number.
    """
    ### BEGIN SOLUTION
    return 2
    ### END SOLUTION


def exact_softmax_in_window():
    """Which alternative computes each query's weights with the exact softmax
    of full attention, restricted to a contiguous window of the most recent
    keys, and ignores every key outside it?

    Returns:
        one of SPARSE, LINEAR or SLIDING_WINDOW.
    """
    ### BEGIN SOLUTION
    return SLIDING_WINDOW
    ### END SOLUTION
