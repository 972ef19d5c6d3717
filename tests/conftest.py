"""Shared fixtures for the project's own tests."""
from pathlib import Path

import pytest

from autograder.course import load_course
from autograder.sandbox.client import Limits

ROOT = Path(__file__).resolve().parent.parent

# Short limits keep hostile submissions (infinite loops) cheap in tests.
FAST_LIMITS = Limits(call_seconds=2.0, total_seconds=30.0)


@pytest.fixture(scope="session")
def course():
    return load_course(ROOT)
