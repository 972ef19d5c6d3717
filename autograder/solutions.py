"""Solution regions: find them in instructor source, and replace them with stubs.

The markers are nbgrader's, so the same source works for nbgrader and for us:

    ### BEGIN SOLUTION
    ...the instructor's code...
    ### END SOLUTION

become, at the marker's indentation,

    # YOUR CODE HERE
    raise NotImplementedError()
"""
from __future__ import annotations

import re
from dataclasses import dataclass

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_HIDDEN_TESTS = "### BEGIN HIDDEN TESTS"
END_HIDDEN_TESTS = "### END HIDDEN TESTS"
STUB_LINES = ("# YOUR CODE HERE", "raise NotImplementedError()")

_MARKER = re.compile(r"^(?P<indent>\s*)(?P<marker>### (?:BEGIN|END) (?:SOLUTION|HIDDEN TESTS))\s*$")


class MarkupError(ValueError):
    """Instructor markup that cannot be trusted: names the file and line."""

    def __init__(self, source_name: str, line: int, problem: str):
        super().__init__(f"{source_name}:{line}: {problem}")
        self.source_name, self.line, self.problem = source_name, line, problem


@dataclass(frozen=True)
class Region:
    """One marked region; lines are 1-based and include both markers."""

    kind: str  # "SOLUTION" or "HIDDEN TESTS"
    begin: int
    end: int
    indent: str


def find_regions(text: str, source_name: str = "<source>") -> list[Region]:
    """All marked regions of ``text``, refusing nested, unclosed or stray markers."""
    regions: list[Region] = []
    open_kind, open_line, open_indent = None, 0, ""
    for number, line in enumerate(text.splitlines(), start=1):
        match = _MARKER.match(line)
        if not match:
            continue
        verb, kind = match["marker"][4:].split(" ", 1)
        if verb == "BEGIN":
            if open_kind is not None:
                raise MarkupError(source_name, number, f"'### BEGIN {kind}' inside the region opened on line {open_line}")
            open_kind, open_line, open_indent = kind, number, match["indent"]
        else:
            if open_kind != kind:
                raise MarkupError(source_name, number, f"'### END {kind}' without a matching '### BEGIN {kind}'")
            regions.append(Region(kind, open_line, number, open_indent))
            open_kind = None
    if open_kind is not None:
        raise MarkupError(source_name, open_line, f"'### BEGIN {open_kind}' is never closed")
    return regions


def strip_solutions(text: str, source_name: str = "<source>") -> str:
    """``text`` with every solution region replaced by the stub lines, and hidden tests removed."""
    lines = text.splitlines(keepends=True)
    for region in reversed(find_regions(text, source_name)):
        replacement = [] if region.kind == "HIDDEN TESTS" else [region.indent + stub + "\n" for stub in STUB_LINES]
        lines[region.begin - 1 : region.end] = replacement
    return "".join(lines)


def has_markers(text: str) -> bool:
    return any(_MARKER.match(line) for line in text.splitlines())
