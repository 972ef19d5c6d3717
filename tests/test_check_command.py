"""CI runs the instructor's self-test on the real course: every check passes, with the figures the course promises."""
import re
import subprocess
import sys

from .conftest import ROOT


def test_autograder_check_passes_on_the_course():
    result = subprocess.run([sys.executable, "-m", "autograder", "check"], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert result.returncode == 0 and not failed, "\n".join(failed) or result.stderr[-2000:]
    mistakes = re.search(r"catalogued mistakes: (\d+); lose points: (\d+) .*named with the right diagnosis: (\d+)", result.stdout)
    total, losing, named = map(int, mistakes.groups())
    assert total >= 45 and losing == total and named >= 0.9 * total
    variants = re.search(r"correct variants: (\d+); full marks: (\d+)", result.stdout)
    assert int(variants[1]) >= 10 and variants[1] == variants[2]
    for assignment in ("self_attention", "multi_head", "efficient_attention", "backward", "decoder"):
        assert f"ok    {assignment:20} notebook {assignment}.ipynb executes" in result.stdout
        assert f"ok    {assignment:20} nothing hidden leaks into the release" in result.stdout
