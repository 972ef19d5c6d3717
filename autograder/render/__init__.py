"""Renderers: pure functions from a GradeReport to text in one format."""
from .gradescope import render_gradescope
from .text import render_text

RENDERERS = {"text": render_text, "json": render_gradescope}
