"""Memory checks for graders: did the student's call stay within a budget?

The sandbox measures a call when the grader asks for it with ``.measure``:
``CallOutcome.peak_bytes`` is how much the student process's resident memory
grew at its peak during the call, read by the grader from /proc (the inputs
are already in memory before the measurement starts; the returned array is
counted). Check it with :func:`expect_peak_below`, then check the values as
usual:

    from autograder.memory import expect_peak_below, full_matrix_bytes

    def test_chunked_attention_memory(student, rng):
        Q, K, V = (rng.standard_normal((2048, 64)) for _ in range(3))
        outcome = student.efficient.chunked_attention.measure(Q, K, V, causal=True)
        full = full_matrix_bytes(2048)                 # 32 MiB of float64 scores
        expect_close(outcome.value[rows], ...)         # values first: a wrong answer may be cheap
        expect_peak_below(outcome, full // 8, "chunked_attention at n = 2048", full_bytes=full)

Keep measured calls few and large enough to matter (a few MiB at least):
small allocations come from memory the process already holds and are not seen.
"""
from __future__ import annotations

from .checks import CheckFailed
from .diagnosis import Diagnosis
from .failures import StudentCallFailed
from .sandbox.client import CallOutcome

MIB = 1 << 20

BUILDS_FULL_MATRIX = Diagnosis(
    "builds-full-matrix",
    "Your function builds the full n x n score matrix, which it exists to avoid.",
    "Never compute Q @ K.T for the whole sequence (nor call dense_attention): work on blocks or windows of keys.",
)
MEMORY_ABOVE_LIMIT = Diagnosis(
    "memory-above-limit",
    "Your function holds more memory at once than the algorithm needs.",
    "Look for an (n, n) mask, or scores of every query against a block of keys: loop over blocks of queries too.",
)


class MeasurementUnavailable(RuntimeError):
    """The sandbox could not measure the call: a problem of the grading machine, not of the student."""


def full_matrix_bytes(n_q: int, n_k: int | None = None, itemsize: int = 8) -> int:
    """Bytes of one dense (n_q, n_k) score matrix; float64 by default."""
    return n_q * (n_q if n_k is None else n_k) * itemsize


def _mib(size: int) -> str:
    return f"{size / MIB:.1f} MiB"


def expect_peak_below(outcome: CallOutcome, limit_bytes: int, what: str, *, full_bytes: int | None = None) -> None:
    """Pass when the measured call's peak memory is below ``limit_bytes``; else raise CheckFailed.

    ``full_bytes`` is the size of the dense matrix the algorithm avoids: a
    peak of at least half of it (a full float32 or float64 matrix) is named
    builds-full-matrix, a smaller excess memory-above-limit. A call that
    failed raises StudentCallFailed, as a plain call would. Check the values
    first: an answer of the right size that was never written (a view of an
    input) would look like a sandbox that cannot measure.
    """
    if not outcome.ok:
        raise StudentCallFailed(outcome)
    peak = outcome.peak_bytes
    if peak is None:
        raise MeasurementUnavailable(f"no memory measurement for {what}: was the call made with .measure()?")
    returned = getattr(outcome.value, "nbytes", 0)
    if returned >= MIB // 4 and peak < returned // 2:  # a correct answer was written during the call
        raise MeasurementUnavailable(f"{what} returned {_mib(returned)} but its measured peak is {_mib(peak)}: the sandbox cannot measure memory here")
    if peak < limit_bytes:
        return
    message = f"{what} used {_mib(peak)} of memory at its peak; the limit is {_mib(limit_bytes)}"
    if full_bytes:
        message += f" (the full n x n float64 score matrix alone takes {_mib(full_bytes)})"
    diagnosis = BUILDS_FULL_MATRIX if full_bytes and peak >= full_bytes // 2 else MEMORY_ABOVE_LIMIT
    raise CheckFailed(message + ".", diagnosis=diagnosis)
