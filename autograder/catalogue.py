"""The catalogue: realistic wrong and correct-but-different submissions, per assignment.

Each entry is a small Python file in
``autograder/graders/<assignment>/catalogue/{mistakes,variants}/``. Its
docstring says what it is, and for a mistake the diagnosis id the graders must
name:

    \"\"\"Forgets to divide the scores by sqrt(d_k).

    diagnosis: missing-scale
    module: attention            (optional; default: the assignment's first module)
    \"\"\"
    def scaled_scores(Q, K):
        return Q @ np.swapaxes(K, -1, -2)

A submission is built from the reference module with the entry's code
appended, so the entry's definitions replace the reference's, and every other
function of the module calls them, as a student's own code would.
"""
from __future__ import annotations

import ast
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .course import Course

KINDS = ("mistakes", "variants")
_FIELD = re.compile(r"^\s*(diagnosis|module):\s*(\S+)\s*$", re.MULTILINE)


class CatalogueError(ValueError):
    pass


@dataclass(frozen=True)
class Entry:
    assignment: str
    kind: str  # "mistakes" or "variants"
    path: Path
    summary: str
    module: str
    diagnosis: str | None

    @property
    def id(self) -> str:
        return f"{self.assignment}/{self.kind}/{self.path.stem}"


def catalogue_dir(course: Course, assignment: str) -> Path:
    return course.graders_dir / assignment / "catalogue"


def read_entry(course: Course, assignment: str, kind: str, path: Path) -> Entry:
    try:
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    except (SyntaxError, UnicodeDecodeError) as error:
        raise CatalogueError(f"{path}: not valid Python: {error}") from None
    fields = dict(_FIELD.findall(docstring))
    if kind == "mistakes" and "diagnosis" not in fields:
        raise CatalogueError(f"{path}: a catalogued mistake needs a 'diagnosis: <id>' line in its docstring")
    summary = docstring.strip().splitlines()[0] if docstring.strip() else ""
    module = fields.get("module", course.assignment(assignment).modules[0])
    return Entry(assignment, kind, path, summary, module, fields.get("diagnosis"))


def entries(course: Course, assignments: list[str] | None = None, kind: str | None = None) -> list[Entry]:
    found = []
    for name in assignments or [a.name for a in course.assignments]:
        for each in [kind] if kind else KINDS:
            folder = catalogue_dir(course, name) / each
            for path in sorted(folder.glob("*.py")) if folder.is_dir() else []:
                found.append(read_entry(course, name, each, path))
    return found


def build_submission(course: Course, entry: Entry, target: Path) -> Path:
    """Write a submission folder for ``entry`` under ``target``; returns its assignment folder."""
    source = course.reference_dir / entry.assignment
    folder = target / entry.assignment
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.ipynb"))
    module_path = folder / f"{entry.module}.py"
    patch = entry.path.read_text(encoding="utf-8")
    module_path.write_text(
        module_path.read_text(encoding="utf-8") + f"\n\n# ---- catalogue entry {entry.id} ----\n" + patch,
        encoding="utf-8",
    )
    return folder
