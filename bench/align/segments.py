"""Read a one-sentence-per-line file into sverka Segments, as the aligner gets them.

Uses ``sverka.segment.split_lines`` once it exists; until then a minimal reader with the
same contract: each non-blank line is one Segment, a blank line starts a new paragraph.
"""

from __future__ import annotations

from pathlib import Path

import sverka.segment
from sverka.io.text import normalise, split_paragraphs
from sverka.model import Document, Segment


def _one_per_line(text: str) -> list[Segment]:
    segments: list[Segment] = []
    para, offset, blank = 0, 0, False
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            blank = True
        else:
            para += blank and bool(segments)
            blank = False
            start = offset + len(line) - len(line.lstrip())
            segments.append(Segment(stripped, start, start + len(stripped), para, number))
        offset += len(line) + 1
    return segments


def read_segments(path: Path) -> list[Segment]:
    text = normalise(path.read_text(encoding="utf-8"))
    if hasattr(sverka.segment, "split_lines"):
        doc = Document(path, text, "utf-8", split_paragraphs(text))
        segments = list(sverka.segment.split_lines(doc))
    else:
        segments = _one_per_line(text)
    lines = sum(1 for line in text.split("\n") if line.strip())
    if len(segments) != lines:
        raise ValueError(f"{path}: {len(segments)} segments for {lines} non-blank lines")
    return segments
