"""Written answers: the sections of a student's answers.md, for the instructor to read.

answers.md has one ``## `` heading per question. Below each, the released file
holds the question and a marker line; the answer is what the student wrote
after the marker (or, if the marker was deleted, every line of the section
that is not in the released text). HTML comments are dropped.
"""
from __future__ import annotations

import re
from pathlib import Path

MARKER = "<!-- Write your answer below this line. -->"
MAX_BYTES = 200_000  # a longer file is cut: it is for reading, not storage
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def sections(text: str) -> dict[str, str]:
    """Heading (without '## ') -> the lines below it, up to the next '## ' heading."""
    found, heading, lines = {}, None, []
    for line in text.splitlines():
        if line.startswith("## "):
            if heading is not None:
                found[heading] = "\n".join(lines)
            heading, lines = line[3:].strip(), []
        elif heading is not None:
            lines.append(line)
    if heading is not None:
        found[heading] = "\n".join(lines)
    return found


def answer_in(section: str, released: str) -> str:
    """What the student wrote in one section: after the marker, or every line the release did not have."""
    if MARKER in section:
        body = section.split(MARKER, 1)[1]
    else:
        given = {line.strip() for line in released.splitlines() if line.strip()}
        body = "\n".join(line for line in section.splitlines() if line.strip() not in given)
    return _COMMENT.sub("", body).strip()


def _key(heading: str) -> str:
    """Headings match by their number ("1."), so a reworded title still finds its answer."""
    return heading.split()[0] if heading.split() else heading


def read_answers(submission: Path, released: Path) -> dict[str, str]:
    """Released heading -> the student's answer ('' when there is none, or no readable answers.md)."""
    questions = sections(released.read_text(encoding="utf-8"))
    path = submission / released.name
    if path.is_symlink() or not path.is_file():  # a link could point at files the student may not read
        return {heading: "" for heading in questions}
    with open(path, "rb") as file:
        text = file.read(MAX_BYTES).decode("utf-8", errors="replace")
    written = {_key(heading): body for heading, body in sections(text).items()}
    return {heading: answer_in(written.get(_key(heading), ""), body) for heading, body in questions.items()}
