"""What a source notebook becomes in the student's tree, as nbgrader's generate_assignment would make it.

In ``reference/<name>/<name>.ipynb`` (nbgrader metadata, schema version 3):

* code with ``### BEGIN SOLUTION`` / ``### END SOLUTION`` regions gets the stub
  of :mod:`autograder.solutions`; a solution cell without regions becomes the
  stub as a whole (a markdown answer cell becomes ``YOUR ANSWER HERE``);
* ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS`` regions are removed;
* outputs and execution counts are cleared.

Markers outside the cells nbgrader expects them in are refused with the cell's
number, as nbgrader itself would refuse them, but before a course is set up.
Plain :mod:`json` only: ``autograder generate`` needs no Jupyter package.
"""
from __future__ import annotations

import json

from ..solutions import STUB_LINES, MarkupError, find_regions, strip_solutions

TEXT_STUB = "YOUR ANSWER HERE"  # nbgrader's ClearSolutions.text_stub


def cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def nbgrader_metadata(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _released_source(cell: dict, where: str) -> str:
    source, meta = cell_source(cell), nbgrader_metadata(cell)
    kinds = {region.kind for region in find_regions(source, where)}
    if "SOLUTION" in kinds and (not meta.get("solution") or cell["cell_type"] != "code"):
        raise MarkupError(where, 1, "a solution region belongs in a code cell marked as a solution cell")
    if "HIDDEN TESTS" in kinds and not meta.get("grade"):
        raise MarkupError(where, 1, "hidden tests belong in a cell marked as a grade (test) cell")
    if meta.get("solution") and "SOLUTION" not in kinds:
        return "\n".join(STUB_LINES) if cell["cell_type"] == "code" else TEXT_STUB
    released = strip_solutions(source, where)
    return released if source.endswith("\n") else released.rstrip("\n")


def release_notebook(text: str, source_name: str = "<notebook>") -> str:
    """The student's version of the notebook ``text`` (JSON, nbformat 4)."""
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as error:
        raise MarkupError(source_name, error.lineno, f"not a notebook: {error.msg}") from None
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        cell["source"] = _released_source(cell, f"{source_name} cell {number}").splitlines(keepends=True)
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    notebook.get("metadata", {}).pop("celltoolbar", None)
    # nbformat's own layout, so that saving the release in Jupyter changes nothing
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
