"""assignments/ is generated from reference/ and must never drift from it."""
import shutil
from pathlib import Path

from autograder.generate import drift, planned_files, write_assignments


def test_committed_assignments_match_reference(course):
    problems = drift(course)
    assert not problems, "run `autograder generate`:\n" + "\n".join(map(str, problems))


def test_every_stub_raises_not_implemented_and_keeps_signatures(course):
    for assignment in course.assignments:
        planned = planned_files(course, assignment.name)
        for module in assignment.modules:
            stub = planned[Path(f"{module}.py")].decode()
            assert "### BEGIN SOLUTION" not in stub
            reference = (course.reference_dir / assignment.name / f"{module}.py").read_text()
            for line in reference.splitlines():
                if line.startswith("def "):
                    assert line in stub, f"{assignment.name}/{module}.py lost the signature {line!r}"


def test_drift_detects_edits_missing_and_extra_files(course, tmp_path):
    target = tmp_path / "assignments"
    write_assignments(course, target, names=["self_attention"])
    assert drift(course, target, names=["self_attention"]) == []
    folder = target / "self_attention"
    (folder / "attention.py").write_text("# edited by hand\n")
    (folder / "test_attention.py").unlink()
    (folder / "notes.txt").write_text("not from reference")
    problems = {(p.path.name, p.problem) for p in drift(course, target, names=["self_attention"])}
    assert problems == {
        ("attention.py", "out of date"),
        ("test_attention.py", "missing"),
        ("notes.txt", "not generated from reference/"),
    }


def test_public_tests_pass_on_reference_and_fail_on_stubs(course, tmp_path):
    import subprocess
    import sys

    for source, should_pass in ((course.reference_dir, True), (course.assignments_dir, False)):
        folder = tmp_path / ("ref" if should_pass else "stub")
        shutil.copytree(source / "self_attention", folder)
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
            cwd=folder, capture_output=True, text=True,
        )
        assert (result.returncode == 0) == should_pass, result.stdout[-2000:]
        if not should_pass:
            assert "NotImplementedError" in result.stdout
