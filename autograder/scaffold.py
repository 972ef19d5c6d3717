"""`autograder new NAME`: scaffold an assignment that passes `autograder check` as generated.

It writes one worked function (``normalize_rows``) through every layer, so an
instructor can replace it with their own: the reference module with solution
markers, its public test, a hidden grader with points, a diagnosis, one
catalogued mistake and one correct variant, and an entry in course.toml.
"""
from __future__ import annotations

import datetime as dt
import keyword
import re
from pathlib import Path
from string import Template

from .course import Course
from .errors import UsageError
from .generate import write_assignments

REFERENCE = Template('''"""$title.

Conventions: float32 in gives float32 out; inputs are never modified in place.
Run the public tests with `pytest` from this folder.
"""
import numpy as np


def normalize_rows(x):
    """Scale each row of ``x`` so that it sums to 1.

    Args:
        x: array of shape (..., n) with positive entries.

    Returns:
        An array of the same shape and dtype whose last axis sums to 1.
    """
    ### BEGIN SOLUTION
    return x / np.sum(x, axis=-1, keepdims=True)
    ### END SOLUTION
''')

PUBLIC_TEST = Template('''"""Public tests for $name: run `pytest` in this folder."""
import numpy as np

from $name import normalize_rows


def test_rows_sum_to_one():
    rows = normalize_rows(np.array([[1.0, 3.0], [2.0, 2.0]]))
    np.testing.assert_allclose(rows, [[0.25, 0.75], [0.5, 0.5]])
''')

DIAGNOSES = Template('''"""Known wrong implementations of $name, imitated so the grader can name them."""
import numpy as np

from autograder.checks import Mistake
from autograder.reference import load_reference

ref = load_reference("$name", "$name")

NORMALIZE = [
    Mistake(
        "normalize-wrong-axis",
        "You divided by the column sums instead of the row sums.",
        hint="Sum over axis=-1 with keepdims=True.",
        imitate=lambda x: x / np.sum(x, axis=0, keepdims=True),
    ),
]
''')

GRADER = Template('''"""Hidden grader: normalize_rows ($name)."""
import numpy as np
import pytest

from autograder.checks import expect_close
from autograder.graders.$name.diagnoses import NORMALIZE


@pytest.mark.points(1)
@pytest.mark.parametrize("shape", [(3, 4), (2, 3, 5)])
def test_normalize_rows(student, reference, rng, shape):
    """normalize_rows: each row sums to 1"""
    x = rng.random(shape) + 0.1
    got = student.$name.normalize_rows(x)
    expect_close(got, reference.$name.normalize_rows(x), what="normalize_rows(x)", mistakes=NORMALIZE, inputs=dict(x=x))


@pytest.mark.points(1)
def test_normalize_rows_keeps_float32(student, reference, rng):
    """normalize_rows: float32 in, float32 out"""
    x = (rng.random((4, 3)) + 0.1).astype(np.float32)
    got = student.$name.normalize_rows(x)
    expect_close(got, reference.$name.normalize_rows(x), what="normalize_rows(x)", mistakes=NORMALIZE, inputs=dict(x=x))
''')

MISTAKE = '''"""Divides by the column sums.

diagnosis: normalize-wrong-axis
"""
import numpy as np


def normalize_rows(x):
    return x / np.sum(x, axis=0, keepdims=True)
'''

VARIANT = '''"""Divides row by row in a Python loop."""
import numpy as np


def normalize_rows(x):
    flat = x.reshape(-1, x.shape[-1])
    out = np.empty_like(flat)
    for i, row in enumerate(flat):
        out[i] = row / row.sum()
    return out.reshape(x.shape)
'''

COURSE_ENTRY = Template('''
[[assignments]]
name = "$name"
title = "$title"
modules = ["$name"]
release = $release
due = $due
''')

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def scaffold(course: Course, name: str, title: str | None = None) -> list[Path]:
    """Write the new assignment's files and return them; refuses to overwrite anything."""
    if not _NAME.match(name) or keyword.iskeyword(name):
        raise UsageError(f"{name!r} is not a valid assignment name: use lower-case letters, digits and _, starting with a letter")
    if name in {a.name for a in course.assignments}:
        raise UsageError(f"course.toml already has an assignment named {name!r}")
    reference, graders = course.reference_dir / name, course.graders_dir / name
    for folder in (reference, graders, course.assignments_dir / name):
        if folder.exists():
            raise UsageError(f"{folder} already exists")
    title = title or name.replace("_", " ").capitalize()
    values = {"name": name, "title": title}
    files = {
        reference / f"{name}.py": REFERENCE.substitute(values),
        reference / f"test_{name}.py": PUBLIC_TEST.substitute(values),
        graders / "__init__.py": "",
        graders / "diagnoses.py": DIAGNOSES.substitute(values),
        graders / f"test_1_{name}.py": GRADER.substitute(values),
        graders / "catalogue" / "mistakes" / "wrong_axis.py": MISTAKE,
        graders / "catalogue" / "variants" / "loops.py": VARIANT,
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    today = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, second=0, minute=0, hour=9)
    entry = COURSE_ENTRY.substitute(
        values, release=today.isoformat().replace("+00:00", "Z"), due=(today + dt.timedelta(days=14)).isoformat().replace("+00:00", "Z"),
    )
    with open(course.root / "course.toml", "a", encoding="utf-8") as course_file:
        course_file.write(entry)
    from .course import load_course

    written = write_assignments(load_course(course.root), names=[name])
    return [*files, course.root / "course.toml", *written]
