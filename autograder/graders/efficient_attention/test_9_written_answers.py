"""Hidden grader: collects the written answers of answers.md for the instructor (0 points, never scored).

Each question becomes one passing test worth 0 points whose feedback is the
student's answer, or "no answer yet"; see docs/assignments-2-3.md.
"""
from pathlib import Path

import pytest

from autograder.course import default_course
from autograder.graders.efficient_attention.written import read_answers, sections

RELEASED = default_course().reference_dir / "efficient_attention" / "answers.md"
NO_ANSWER = "no answer yet"


@pytest.mark.points(0)
@pytest.mark.parametrize("heading", list(sections(RELEASED.read_text(encoding="utf-8"))))
def test_written_answer(student, request, heading):
    """written answer (read by your instructor, 0 points here)"""
    answer = read_answers(Path(student.sandbox.source), RELEASED)[heading]
    request.node.user_properties.append(("feedback", answer or NO_ANSWER))
