"""Renderers: pure functions from a GradeReport to text in one format."""
from .classroom import render_classroom
from .gradescope import render_gradescope
from .junit import render_junit
from .markdown import render_markdown
from .text import render_text

RENDERERS = {
    "text": render_text,
    "json": render_gradescope,
    "markdown": render_markdown,
    "junit": render_junit,
    "classroom": render_classroom,
}
