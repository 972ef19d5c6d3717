"""Assignments 2 (multi_head) and 3 (efficient_attention): what the catalogue does not cover.

The memory check itself, on made-up outcomes and on real measurements; the
written answers, reported with 0 points; the reference against the dense
computations it claims to equal; and both ends of the scale.
"""
import shutil
import subprocess
import sys

import numpy as np
import pytest

from autograder.checks import CheckFailed
from autograder.failures import StudentCallFailed
from autograder.graders.efficient_attention.written import MARKER, read_answers
from autograder.grading import grade
from autograder.memory import MIB, MeasurementUnavailable, expect_peak_below, full_matrix_bytes
from autograder.reference import load_reference
from autograder.render.gradescope import gradescope_dict
from autograder.render.text import render_text
from autograder.sandbox.client import CallOutcome, Sandbox

from .conftest import FAST_LIMITS, ROOT

NAMES = ["multi_head", "efficient_attention"]
efficient = load_reference("efficient_attention", "efficient")


# -- expect_peak_below on made-up outcomes -----------------------------------------
def _outcome(peak, value=None, status="ok"):
    return CallOutcome(status, "efficient", "chunked_attention", value=value, kind="" if status == "ok" else "exception", peak_bytes=peak)


def _diagnosis(outcome, limit, full=None):
    with pytest.raises(CheckFailed) as caught:
        expect_peak_below(outcome, limit, "f", full_bytes=full)
    return caught.value.diagnosis.id


def test_peak_below_the_limit_passes():
    expect_peak_below(_outcome(3 * MIB, np.zeros((2048, 64))), 4 * MIB, "f", full_bytes=32 * MIB)


def test_a_full_matrix_and_a_smaller_excess_get_different_names():
    assert _diagnosis(_outcome(97 * MIB), 4 * MIB, 32 * MIB) == "builds-full-matrix"
    assert _diagnosis(_outcome(10 * MIB), 4 * MIB, 32 * MIB) == "memory-above-limit"
    assert _diagnosis(_outcome(97 * MIB), 4 * MIB) == "memory-above-limit"  # no full size given


def test_the_message_gives_the_figures():
    with pytest.raises(CheckFailed, match=r"used 97\.0 MiB .* limit is 4\.0 MiB .* takes 32\.0 MiB"):
        expect_peak_below(_outcome(97 * MIB), 4 * MIB, "chunked_attention", full_bytes=32 * MIB)


def test_a_failed_call_is_reported_as_such():
    with pytest.raises(StudentCallFailed):
        expect_peak_below(_outcome(None, status="error"), 4 * MIB, "f")


def test_a_missing_or_impossible_measurement_is_the_graders_problem():
    with pytest.raises(MeasurementUnavailable):
        expect_peak_below(_outcome(None), 4 * MIB, "f")
    with pytest.raises(MeasurementUnavailable):  # a 1 MiB answer cannot be written in 0 bytes
        expect_peak_below(_outcome(0, np.zeros((2048, 64))), 4 * MIB, "f")


# -- real measurements, the figures quoted in docs/assignments-2-3.md ---------------
def test_measured_peaks_pass_the_reference_and_fail_dense_attention():
    n = 2048
    rng = np.random.default_rng(0)
    Q, K, V = (rng.standard_normal((n, 64)) for _ in range(3))
    limit, full = full_matrix_bytes(n) // 8, full_matrix_bytes(n)
    with Sandbox(ROOT / "reference" / "efficient_attention", FAST_LIMITS) as sandbox:
        chunked = sandbox.measure("efficient", "chunked_attention", Q, K, V, causal=True, block_size=128)
        dense = sandbox.measure("efficient", "dense_attention", Q, K, V)
    expect_peak_below(chunked, limit, "reference chunked_attention", full_bytes=full)
    assert _diagnosis(dense, limit, full) == "builds-full-matrix"
    assert dense.peak_bytes >= full


# -- the reference equals what it replaces -------------------------------------------
def _qkv(n, d=4, seed=0, batch=()):
    rng = np.random.default_rng(seed)
    return tuple(rng.standard_normal((*batch, n, d)) for _ in range(3))


@pytest.mark.parametrize("n, window", [(1, 1), (6, 1), (9, 4), (5, 5), (5, 9)])
def test_sliding_window_equals_dense_with_the_band_and_causal_when_wide(n, window):
    Q, K, V = _qkv(n, batch=(2,))
    band = efficient.sliding_window_mask(n, window)
    got = efficient.sliding_window_attention(Q, K, V, window)
    np.testing.assert_allclose(got, efficient.dense_attention(Q, K, V, band))
    if window >= n:
        np.testing.assert_allclose(got, efficient.dense_attention(Q, K, V, np.tril(np.ones((n, n), dtype=bool))))


@pytest.mark.parametrize("causal", [False, True])
def test_linear_attention_equals_the_masked_quadratic_form(causal):
    Q, K, V = _qkv(7, batch=(3,))
    similarity = efficient.elu_feature_map(Q) @ np.swapaxes(efficient.elu_feature_map(K), -1, -2)
    if causal:
        similarity = np.tril(similarity)
    expected = similarity @ V / similarity.sum(axis=-1, keepdims=True)
    np.testing.assert_allclose(efficient.linear_attention(Q, K, V, causal=causal), expected)


@pytest.mark.parametrize("n_q, n_k, block_size", [(10, 10, 3), (4, 9, 4), (7, 7, 16)])
@pytest.mark.parametrize("causal", [False, True])
def test_chunked_attention_equals_exact_attention(n_q, n_k, block_size, causal):
    rng = np.random.default_rng(n_q * n_k)
    Q, K, V = 30 * rng.standard_normal((n_q, 4)), rng.standard_normal((n_k, 4)), rng.standard_normal((n_k, 3))
    mask = np.tril(np.ones((n_q, n_k), dtype=bool), k=n_k - n_q) if causal else None
    got = efficient.chunked_attention(Q, K, V, causal=causal, block_size=block_size)
    np.testing.assert_allclose(got, efficient.dense_attention(Q, K, V, mask))


def test_multi_head_with_one_head_is_single_head_attention():
    multi_head = load_reference("multi_head", "multi_head")
    rng = np.random.default_rng(3)
    X = rng.standard_normal((2, 5, 4))
    W_Q, W_K, W_V, W_O = (rng.standard_normal((4, 4)) for _ in range(4))
    output, weights = multi_head.multi_head_self_attention(X, W_Q, W_K, W_V, W_O, 1)
    single, single_weights = multi_head.attention(X @ W_Q, X @ W_K, X @ W_V)
    np.testing.assert_allclose(weights[:, 0], single_weights)
    np.testing.assert_allclose(output, single @ W_O)


# -- written answers: collected, never scored ---------------------------------------
def _submission(tmp_path, answers=None):
    folder = tmp_path / "efficient_attention"
    shutil.copytree(ROOT / "reference" / "efficient_attention", folder, ignore=shutil.ignore_patterns("__pycache__"))
    if answers is not None:
        (folder / "answers.md").write_text(answers, encoding="utf-8")
    return folder


def _written(report):
    return [t for t in report.tests if t.name.startswith("written answer")]


RELEASED_PATH = ROOT / "reference" / "efficient_attention" / "answers.md"
RELEASED = RELEASED_PATH.read_text(encoding="utf-8")


def _answered(*answers):
    """The released answers.md with each answer written under its marker ('' leaves it empty)."""
    parts = RELEASED.split(MARKER)
    return parts[0] + "".join(MARKER + "\n" + answer + part for answer, part in zip(answers, parts[1:]))


def test_written_answers_are_reported_with_zero_points(course, tmp_path):
    folder = _submission(tmp_path, _answered("RNNs wait for the previous step.", "Q, K and V are X itself here.", "<!-- draft -->"))
    report = grade(folder, course=course, assignments=["efficient_attention"], seed=1, limits=FAST_LIMITS)
    written = _written(report)
    assert [t.max_score for t in written] == [0.0, 0.0, 0.0] and all(t.passed for t in written)
    assert [t.feedback for t in written] == ["RNNs wait for the previous step.", "Q, K and V are X itself here.", "no answer yet"]
    assert "RNNs wait for the previous step." in render_text(report)
    assert any(test["output"] == "Q, K and V are X itself here." for test in gradescope_dict(report)["tests"])


def test_an_answer_without_the_marker_under_a_reworded_heading(tmp_path):
    edited = RELEASED.replace(MARKER, "", 1).replace(
        "## 2. Scaled dot-product attention, step by step", "Parallel, because no step waits.\n\n## 2. Step by step", 1,
    )
    (tmp_path / "answers.md").write_text(edited, encoding="utf-8")
    assert list(read_answers(tmp_path, RELEASED_PATH).values()) == ["Parallel, because no step waits.", "", ""]


def test_a_missing_or_linked_answers_file_has_no_answers(tmp_path):
    assert set(read_answers(tmp_path, RELEASED_PATH).values()) == {""}
    (tmp_path / "answers.md").symlink_to(ROOT / "course.toml")  # a link is never followed
    assert set(read_answers(tmp_path, RELEASED_PATH).values()) == {""}


# -- both ends of the scale -----------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_reference_scores_full_marks_and_stubs_zero(course, name):
    report = grade(ROOT / "reference", course=course, assignments=[name], seed=7, limits=FAST_LIMITS)
    lost = [f"{t.name}: {t.feedback}" for t in report.tests if not t.passed]
    assert not lost and report.score == report.max_score > 0, "\n".join(lost)
    stubs = grade(ROOT / "assignments", course=course, assignments=[name], seed=7, limits=FAST_LIMITS)
    scored = [t for t in stubs.tests if t.max_score > 0]
    assert stubs.score == 0 and all(t.diagnosis == "not-implemented" for t in scored)


@pytest.mark.parametrize("name", NAMES)
def test_public_tests_pass_on_reference_and_fail_on_stubs(course, tmp_path, name):
    for source, should_pass in ((course.reference_dir, True), (course.assignments_dir, False)):
        folder = tmp_path / ("ref" if should_pass else "stub")
        shutil.copytree(source / name, folder)
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
            cwd=folder, capture_output=True, text=True,
        )
        assert (result.returncode == 0) == should_pass, result.stdout[-2000:]
