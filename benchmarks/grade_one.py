"""Time `autograder grade` from a cold start: a new process per run, as a student's CI does.

    python benchmarks/grade_one.py [--runs 7] [--assignment NAME ...]

Prints the median and the fastest wall time per case. Targets (2-core machine):
assignment 1 in at most 1 s; all five assignments in at most 2 s.
"""
import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def time_command(args: list[str], runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "autograder", *args], cwd=ROOT, capture_output=True, text=True)
        timings.append(time.perf_counter() - started)
        if result.returncode != 0:
            sys.exit(f"autograder {' '.join(args)} failed:\n{result.stderr}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    cases = {
        "assignment 1, reference (full marks)": ["grade", "reference", "--assignment", "self_attention"],
        "assignment 1, stubs (not implemented)": ["grade", "assignments", "--assignment", "self_attention"],
        "all assignments, reference": ["grade", "reference"],
        "all assignments, stubs": ["grade", "assignments"],
    }
    print(f"{'case':45} {'median':>8} {'fastest':>8}   ({options.runs} cold runs each)")
    for name, args in cases.items():
        timings = time_command(args, options.runs)
        print(f"{name:45} {statistics.median(timings):7.3f}s {min(timings):7.3f}s")


if __name__ == "__main__":
    main()
