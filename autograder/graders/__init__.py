"""Hidden graders, one folder per assignment.

A course whose root is elsewhere (``$AUTOGRADER_COURSE_ROOT``, e.g. an
instructor's private course repository) keeps its graders in its own
``autograder/graders/``; adding that folder to this package's path lets its
graders import their siblings as ``autograder.graders.<assignment>.diagnoses``.
"""
import os
from pathlib import Path

_course_graders = Path(os.environ.get("AUTOGRADER_COURSE_ROOT", "")) / "autograder" / "graders"
if os.environ.get("AUTOGRADER_COURSE_ROOT") and _course_graders.is_dir():
    if _course_graders.resolve() != Path(__file__).resolve().parent:
        __path__.insert(0, str(_course_graders))
