"""Reading text files: bytes -> Document (decoded, normalised, split into paragraphs)."""

from __future__ import annotations

import re
import unicodedata

from sverka.model import Paragraph

_BLANK_LINE = re.compile(r"\n[ \t\f\v\u00a0\u3000]*\n")


def normalise(text: str) -> str:
    """Line ends to \\n and NFC, so offsets and comparisons mean the same on every platform."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Blank-line separated blocks; a text with no blank line at all has a paragraph per line.

    Offsets cover the block from its first to its last non-blank character.
    """
    blocks: list[tuple[int, int]] = []
    if _BLANK_LINE.search(text):
        pos = 0
        for m in _BLANK_LINE.finditer(text):
            blocks.append((pos, m.start()))
            pos = m.end() - 1  # keep the final \n of the separator out of the next block
        blocks.append((pos, len(text)))
    else:
        pos = 0
        for line in text.split("\n"):
            blocks.append((pos, pos + len(line)))
            pos += len(line) + 1
    paragraphs = []
    line, counted = 1, 0  # line numbers counted incrementally: files may have 100k paragraphs
    for start, end in blocks:
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        s = start + lead
        e = s + len(stripped)
        line += text.count("\n", counted, s)
        counted = s
        paragraphs.append(Paragraph(start=s, end=e, line=line))
    return tuple(paragraphs)
