"""Small matrices as SVG heatmaps in ``data:`` URIs: no plotting library, nothing to fetch.

A feedback page draws the expected and the student's matrices on one colour
scale, so the difference shows as a difference in colour.
"""
from __future__ import annotations

import base64
import html

# Anchors of the viridis colour map, evenly spaced from 0 to 1.
_VIRIDIS = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]
MISSING = "#d62728"  # nan or inf in the student's answer


def _colour(t: float) -> str:
    t = min(max(t, 0.0), 1.0) * (len(_VIRIDIS) - 1)
    i = min(int(t), len(_VIRIDIS) - 2)
    f = t - i
    r, g, b = (round(a + (b - a) * f) for a, b in zip(_VIRIDIS[i], _VIRIDIS[i + 1]))
    return f"#{r:02x}{g:02x}{b:02x}"


def value_range(*matrices: list) -> tuple[float, float]:
    values = [v for m in matrices for row in m for v in row if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    return (low, high) if high > low else (low - 0.5, high + 0.5)


def heatmap_svg(matrix: list, title: str, low: float, high: float, side: int = 240) -> str:
    """``matrix``: (n, m) nested lists, None for non-finite values."""
    rows, cols = len(matrix), max((len(r) for r in matrix), default=0)
    cell = max(4, min(24, side // max(rows, cols, 1)))
    width, height = max(cols * cell, 8 * len(title) + 8), rows * cell + 20  # room for the title
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             f'<text x="0" y="14" font-family="sans-serif" font-size="13">{html.escape(title)}</text>']
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            fill = MISSING if value is None else _colour((value - low) / (high - low))
            label = "nan/inf" if value is None else f"{value:.4g}"
            parts.append(f'<rect x="{j * cell}" y="{20 + i * cell}" width="{cell}" height="{cell}" fill="{fill}"><title>[{i},{j}] {label}</title></rect>')
    parts.append("</svg>")
    return "".join(parts)


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def side_by_side(arrays: dict) -> str:
    """HTML: the expected and the student's matrices of a failed check, one colour scale, with its range."""
    low, high = value_range(arrays["expected"], arrays["actual"])
    images = [
        f'<figure><img alt="{html.escape(caption)}" src="{data_uri(heatmap_svg(arrays[key], caption, low, high))}"></figure>'
        for key, caption in (("expected", "expected"), ("actual", "yours"))
    ]
    scale = f'<p class="scale">{html.escape(arrays.get("what", ""))}: colours from {low:.3g} (dark) to {high:.3g} (yellow); red: nan or inf.</p>'
    return f'<div class="heatmaps">{"".join(images)}</div>{scale}'
