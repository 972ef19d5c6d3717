"""Lesson notebooks: their release versions, the nbgrader course layout, and the check their test cells call.

``check("self_attention", "softmax")`` is what an autograded test cell of a
notebook calls (see :mod:`.check`). Importing this package loads the
standard library only: nothing it does at import time can reach the kernel's
stderr, which nbgrader would count as a failed test.
"""
from .check import check

__all__ = ["check"]
