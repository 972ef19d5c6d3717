"""Gradescope: build the autograder zip, and grade inside it.

The zip holds ``setup.sh`` and ``run_autograder`` at its root (Gradescope's
contract), the course file, this ``autograder`` package with the course's
graders of the chosen assignments, and their reference. Gradescope unpacks it into
``/autograder/source``; ``run_autograder`` then calls :func:`grade_in`, which
finds the assignment in whatever the student uploaded (a repository, an
assignment folder, or loose module files) and writes
``/autograder/results/results.json``.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from ..course import Course, CourseError
from ..errors import UsageError
from ..generate import _is_ignored
from ..grading import grade, seed_for
from ..render.gradescope import gradescope_dict
from .tree import TEMPLATE

PACKAGE = Path(__file__).resolve().parent.parent  # the autograder package itself
SCRIPTS = PACKAGE / "templates" / "gradescope"
MANIFEST = "gradescope.json"  # which assignments this zip grades
EXECUTABLE = 0o100755 << 16


def zip_entries(course: Course, names: list[str]) -> dict[str, Path]:
    """Name in the zip -> file on disk: this autograder package, with the course's graders of ``names``."""
    entries = {name: SCRIPTS / name for name in ("setup.sh", "run_autograder")}
    entries["requirements.txt"] = TEMPLATE / "requirements.txt"
    entries["course.toml"] = course.root / "course.toml"
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE)
        if path.is_file() and not _is_ignored(relative) and relative.parts[0] != "graders":
            entries[f"autograder/{relative}"] = path
    graders = [p for p in course.graders_dir.iterdir() if p.is_file()] + [p for name in names for p in (course.graders_dir / name).rglob("*")]
    for path in sorted(graders):
        relative = path.relative_to(course.graders_dir)
        if path.is_file() and not _is_ignored(relative):
            entries[f"autograder/graders/{relative}"] = path
    for name in names:
        folder = course.reference_dir / name
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not _is_ignored(path.relative_to(folder)):
                entries[str(path.relative_to(course.root))] = path
    return entries


def build_zip(course: Course, out: Path, names: list[str]) -> list[str]:
    missing = [name for name in names if not (course.graders_dir / name).is_dir() or not (course.reference_dir / name).is_dir()]
    if missing:
        raise UsageError(f"{missing[0]} has no hidden graders or no reference in {course.root}")
    entries = zip_entries(course, names)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, path in entries.items():
                info = zipfile.ZipInfo.from_file(path, name)
                if name in ("setup.sh", "run_autograder"):
                    info.external_attr = EXECUTABLE
                archive.writestr(info, path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED)
            manifest = zipfile.ZipInfo(MANIFEST, date_time=info.date_time)
            manifest.external_attr = 0o100644 << 16
            archive.writestr(manifest, json.dumps({"assignments": names}, indent=2) + "\n", compress_type=zipfile.ZIP_DEFLATED)
    except OSError as error:
        raise UsageError(f"cannot write {out}: {error.strerror}") from None
    return [*entries, MANIFEST]


def _find_folder(submission: Path, course: Course, name: str, alone: bool) -> Path | None:
    """The student's folder for assignment ``name``: by its name, or (when it is the only one) by its module files."""
    candidates = [submission, *sorted((p for p in submission.rglob("*") if p.is_dir()), key=lambda p: len(p.parts))]
    for folder in candidates:
        if folder.name == name and folder != submission:
            return folder
    if alone:
        modules = course.assignment(name).modules
        for folder in candidates:
            if any((folder / f"{module}.py").is_file() for module in modules):
                return folder
    return None


def arrange(submission: Path, course: Course, names: list[str], staging: Path) -> list[str]:
    """Copy each assignment found in ``submission`` to ``staging/<name>``; the names found."""
    found = []
    for name in names:
        folder = _find_folder(submission, course, name, alone=len(names) == 1)
        if folder is not None:
            shutil.copytree(folder, staging / name, symlinks=False, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            found.append(name)
    if not found:
        expected = ", ".join(f"{m}.py" for name in names for m in course.assignment(name).modules)
        raise UsageError(f"no assignment found in your upload: submit {expected} (or the folder {names[0]}/ that holds it)")
    return found


def submission_seed(root: Path) -> int:
    """A seed per student (or group) from Gradescope's submission_metadata.json."""
    try:
        users = json.loads((root / "submission_metadata.json").read_text(encoding="utf-8")).get("users", [])
        ids = sorted(str(user.get("email") or user.get("id")) for user in users)
    except (OSError, ValueError, AttributeError):
        ids = []
    return seed_for("gradescope:" + ",".join(ids))


def _failed(message: str) -> dict:
    return {"score": 0.0, "output": f"Your submission could not be graded: {message}", "visibility": "visible", "stdout_visibility": "hidden", "tests": []}


def grade_in(root: Path, course: Course) -> dict:
    """Grade ``root/submission`` (a folder laid out like /autograder) and write ``root/results/results.json``."""
    try:
        names = json.loads((course.root / MANIFEST).read_text(encoding="utf-8"))["assignments"]
    except (OSError, ValueError, KeyError):
        names = [a.name for a in course.assignments if (course.graders_dir / a.name).is_dir()]
    with tempfile.TemporaryDirectory(prefix="autograder-gradescope-") as staging:
        try:
            found = arrange(root / "submission", course, names, Path(staging))
            results = gradescope_dict(grade(Path(staging), course=course, assignments=found, seed=submission_seed(root)))
        except (UsageError, CourseError) as error:
            results = _failed(str(error))
    (root / "results").mkdir(parents=True, exist_ok=True)
    (root / "results" / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results
