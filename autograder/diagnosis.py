"""A named mistake: the unit of feedback that the reports count across a class."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnosis:
    """A stable id, one sentence that says what went wrong, and a hint.

    ``named`` is False for generic findings (wrong shape, a timeout...), whose
    sentence adds nothing to the detailed message.
    """

    id: str
    sentence: str
    hint: str = ""
    named: bool = True

    def feedback(self, detail: str) -> str:
        """The text a student reads: the named mistake, the detail, the hint."""
        parts = [self.sentence] if self.named and self.sentence not in detail else []
        parts.append(detail)
        if self.hint:
            parts.append(f"Hint: {self.hint}")
        return "\n".join(part for part in parts if part)
