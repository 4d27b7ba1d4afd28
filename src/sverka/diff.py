"""Word-level diff of the machine translation against its correction.

Words are compared lowercased (a reviewer who only fixed a capital did not rewrite the
word), and the original words are what gets shown. The edit script is rapidfuzz's
Levenshtein opcodes over the two token lists (C++, about 10,000 diffs in 6 ms): the minimum
number of word insertions, deletions and substitutions, grouped into runs.

Used by ``sverka score`` (edit counts, the report's worst segments) and meant for the review
app: every token keeps its character offsets, so a widget can mark the changed words in place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, NamedTuple

from rapidfuzz.distance import Levenshtein

Tag = Literal["equal", "replace", "insert", "delete"]

# A word (letters/digits, with inner hyphens, apostrophes and number separators: "don't",
# "ex-head", "1,000.5") or any other single non-space character (punctuation).
_TOKEN = re.compile(r"\w+(?:[-'’.,]\w+)*|\S")


class Token(NamedTuple):
    text: str
    start: int  # character offsets into the string it came from
    end: int


def tokenize(text: str) -> list[Token]:
    """Words and punctuation marks of ``text``, with their offsets."""
    return [Token(m[0], m.start(), m.end()) for m in _TOKEN.finditer(text)]


class Op(NamedTuple):
    """A run of the edit script: ``old[i1:i2]`` became ``new[j1:j2]`` (token indices)."""

    tag: Tag
    i1: int
    i2: int
    j1: int
    j2: int


@dataclass(frozen=True, slots=True)
class EditCounts:
    """Words kept, substituted, inserted and deleted between the MT and its correction."""

    kept: int = 0
    replaced: int = 0
    inserted: int = 0
    deleted: int = 0

    @property
    def edits(self) -> int:
        return self.replaced + self.inserted + self.deleted

    def __add__(self, other: EditCounts) -> EditCounts:
        return EditCounts(
            self.kept + other.kept,
            self.replaced + other.replaced,
            self.inserted + other.inserted,
            self.deleted + other.deleted,
        )


@dataclass(frozen=True, slots=True)
class WordDiff:
    """The diff of one segment: both texts, their tokens and the edit script between them."""

    old_text: str
    new_text: str
    old: list[Token]
    new: list[Token]
    ops: list[Op]

    @property
    def changed(self) -> bool:
        return any(op.tag != "equal" for op in self.ops)

    def counts(self) -> EditCounts:
        kept = replaced = inserted = deleted = 0
        for op in self.ops:
            a, b = op.i2 - op.i1, op.j2 - op.j1
            if op.tag == "equal":
                kept += a
            elif op.tag == "insert":
                inserted += b
            elif op.tag == "delete":
                deleted += a
            else:  # a replace run pairs words one to one; any surplus is an insert/delete
                replaced += min(a, b)
                inserted += max(0, b - a)
                deleted += max(0, a - b)
        return EditCounts(kept, replaced, inserted, deleted)

    def chunks(self) -> Iterator[tuple[Tag, str, str]]:
        """(tag, old text, new text) per run, as written (inner spacing kept), for display."""
        for op in self.ops:
            yield (
                op.tag,
                _span(self.old_text, self.old, op.i1, op.i2),
                _span(self.new_text, self.new, op.j1, op.j2),
            )


def _span(text: str, tokens: list[Token], a: int, b: int) -> str:
    return text[tokens[a].start : tokens[b - 1].end] if a < b else ""


# Levenshtein's script costs time and memory in the product of the two lengths (bit-parallel:
# 10^8 word pairs take about 0.05 s and 12 MB here). Past this many pairs (20,000 words a
# side; the text reader's longest line holds about 15,000) the middle that differs is one
# replaced run, an upper bound on the edits, rather than a diff of two 1,000,000-word PO
# strings that would take hours and more memory than the machine has.
MAX_PAIRS = 400_000_000


def _script(a: list[str], b: list[str]) -> list[Op]:
    """Levenshtein's edit script of two word lists, or, when the middle that differs is too
    big for it, that middle as one replaced run between the equal start and end."""
    if len(a) * len(b) <= MAX_PAIRS:  # every sentence: no look at the ends needed
        return list(map(Op._make, Levenshtein.opcodes(a, b).as_list()))
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    if (len(a) - head - tail) * (len(b) - head - tail) <= MAX_PAIRS:
        return list(map(Op._make, Levenshtein.opcodes(a, b).as_list()))
    ops = [Op("equal", 0, head, 0, head)] if head else []
    ops.append(Op("replace", head, len(a) - tail, head, len(b) - tail))
    if tail:
        ops.append(Op("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return ops


def word_diff(old: str, new: str) -> WordDiff:
    """The word-level diff of ``old`` (the MT) into ``new`` (the correction)."""
    a, b = tokenize(old), tokenize(new)
    ops = _script([t.text.lower() for t in a], [t.text.lower() for t in b])
    return WordDiff(old, new, a, b, ops)


def edit_counts(old: str, new: str) -> EditCounts:
    """Word edit counts only: the fast path for scoring many segments (no Token objects)."""
    a = _TOKEN.findall(old)
    if old == new:
        return EditCounts(kept=len(a))
    b = _TOKEN.findall(new)
    ops = _script([t.lower() for t in a], [t.lower() for t in b])
    return WordDiff(old, new, [], [], ops).counts()
