"""Class analytics and feedback pages: plots written, tables with readable diagnoses, HTML that a browser renders."""
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.batch.run import Options, grade_class
from autograder.batch.sample import sample_class
from autograder.catalogue import build_submission, entries

from .conftest import FAST_LIMITS

A1 = "self_attention"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def graded(course, tmp_path_factory):
    """A graded class of four: full marks, stubs, and two students who forgot 1/sqrt(d_k)."""
    root = tmp_path_factory.mktemp("report")
    sample_class(course, A1, root / "class", 2)
    missing_scale = next(e for e in entries(course, [A1], "mistakes") if e.path.stem == "missing_scale")
    for student in ("dan", "eve"):
        build_submission(course, missing_scale, root / "class" / student)
    grade_class(course, Options(out=root / "out", jobs=2, assignments=[A1], limits=FAST_LIMITS), root / "class")
    return root / "out"


def test_report_writes_plots_and_tables(graded):
    result = subprocess.run([sys.executable, "-m", "autograder", "report", str(graded)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    folder = graded / "report"
    for name in ("score_distribution.png", "pass_rate.png", "diagnoses.png"):
        data = (folder / name).read_bytes()
        assert data.startswith(PNG) and len(data) > 5000, name
    with open(folder / "summary.csv", newline="") as stream:
        rows = {row["diagnosis"]: row for row in csv.DictReader(stream)}
    assert rows["missing-scale"]["students"] == "2" and float(rows["missing-scale"]["percent"]) == 50.0
    assert "√d_k" in rows["missing-scale"]["label"]  # the diagnosis's own sentence, not its id
    summary = (folder / "summary.md").read_text()
    assert "| 50% (2/4) | self_attention | `missing-scale` |" in summary
    assert "| 25% (1/4) | self_attention | `not-implemented` |" in summary


def test_diagnoses_are_ranked_by_frequency(graded):
    from autograder.batch.analytics import diagnosis_frequencies

    book = json.loads((graded / "gradebook.json").read_text())
    frequencies = diagnosis_frequencies(book, {})
    assert frequencies[0].diagnosis == "missing-scale" and frequencies[0].percent == 50.0
    assert [f.percent for f in frequencies] == sorted((f.percent for f in frequencies), reverse=True)


def _chromium(page: Path, profile: Path, *mode: str) -> subprocess.CompletedProcess:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}"]
    return subprocess.run([CHROMIUM, *flags, *mode, page.as_uri()], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
def test_feedback_page_renders_in_headless_chromium(graded, tmp_path):
    page = graded / "feedback" / "dan.html"
    text = page.read_text()
    assert "http://" not in text and "https://" not in text, "the page must not fetch anything"
    shot = tmp_path / "dan.png"
    result = _chromium(page, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1000,1600")
    assert result.returncode == 0 and shot.read_bytes().startswith(PNG) and shot.stat().st_size > 20000, result.stderr[-2000:]
    dom = _chromium(page, tmp_path / "profile-dom", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Feedback for dan" in dom.stdout and "missing-scale" in dom.stdout
    assert dom.stdout.count("data:image/svg+xml;base64,") >= 2  # expected and student's heatmaps

