"""Word wrap for the bead list: fast enough to measure 200,000 texts at first paint.

One regular expression does greedy word wrap in C: a line starts at a non-space and takes
as much as fits up to a space or the end; a word longer than the line is cut.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=64)
def _pattern(width: int) -> re.Pattern[str]:
    w = max(width, 1)
    return re.compile(rf"[^ ](?:[^\n]{{0,{w - 1}}}(?= |$)|[^ \n]{{0,{w - 1}}})")


def wrap(text: str, width: int) -> list[str]:
    """The lines ``text`` takes in a column ``width`` cells wide (at least one line)."""
    if len(text) <= width and "\n" not in text:
        return [text]
    rx = _pattern(width)
    lines: list[str] = []
    for part in text.split("\n"):
        lines.extend(rx.findall(part) or [""])
    return lines


def height(text: str, width: int) -> int:
    """``len(wrap(text, width))`` without building the lines when they surely fit."""
    if len(text) <= width and "\n" not in text:
        return 1
    return len(wrap(text, width))
