"""MLQE-PE ru-en (7,000 real MT segments with professional post-edits), split once for everyone.

Every figure measured on this data names its part: checks, thresholds and the risk model are
tuned on ``tune`` and reported on ``report``, never the reverse. The split is by a hash of the
Russian sentence (so a sentence repeated in the data never sits on both sides) and is the same
on every machine: half the segments, 3,500 or so, on each side.

Each segment comes detokenised (sacremoses) as a reviewer would see it, with the character span
of every MT word in the detokenised text, so a finding's span can be matched to the word-level
OK/BAD tags the post-edit gave (a finding "lands" when it overlaps a BAD word).

Run it to print the split's sizes: .venv/bin/python bench/checks/mlqe.py
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from sacremoses import MosesDetokenizer

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "mlqe-pe-ruen-train"
Part = Literal["tune", "report"]


@dataclass(frozen=True, slots=True)
class Segment:
    index: int  # line number in the data, from 0
    ru: str  # detokenised
    mt: str  # detokenised
    pe: str  # detokenised
    hter: float
    mt_spans: tuple[tuple[int, int], ...]  # each MT word's [start, end) in ``mt``
    mt_bad: tuple[bool, ...]  # each MT word: changed by the post-editor
    gap_bad: tuple[bool, ...]  # each gap (before word 0 .. after the last): words missing there
    ru_bad: tuple[bool, ...]  # each Russian word: its translation was changed

    @property
    def changed(self) -> bool:
        return self.hter > 0

    def bad_words_in(self, start: int, end: int) -> int:
        """How many MT words changed by the post-editor overlap [start, end)."""
        return sum(
            bad and s < end and start < e
            for (s, e), bad in zip(self.mt_spans, self.mt_bad, strict=True)
        )


def part_of(ru_tokenised: str) -> Part:
    digest = hashlib.sha256(ru_tokenised.strip().encode("utf-8")).digest()
    return "tune" if digest[0] % 2 == 0 else "report"


def spans(tokens: list[str], text: str) -> tuple[tuple[int, int], ...]:
    """Each token's span in its detokenised text (detokenising only removes spaces)."""
    out = []
    at = 0
    for tok in tokens:
        found = text.find(tok, at)
        if found < 0:  # never seen on this data; keep the span empty rather than guess
            out.append((at, at))
            continue
        out.append((found, found + len(tok)))
        at = found + len(tok)
    return tuple(out)


@cache
def _all() -> tuple[Segment, ...]:
    def lines(name: str) -> list[str]:
        return (DATA / f"train.{name}").read_text(encoding="utf-8").split("\n")[:7000]

    src, mt, pe, hter = lines("src"), lines("mt"), lines("pe"), lines("hter")
    tags, src_tags = lines("tags"), lines("source_tags")
    en_detok, ru_detok = MosesDetokenizer(lang="en"), MosesDetokenizer(lang="ru")
    out = []
    for i in range(7000):
        mt_tokens = mt[i].split()
        mt_text = en_detok.detokenize(mt_tokens)
        t = tags[i].split()
        assert len(t) == 2 * len(mt_tokens) + 1, f"line {i + 1}: tags do not fit the MT"
        out.append(
            Segment(
                index=i,
                ru=ru_detok.detokenize(src[i].split()),
                mt=mt_text,
                pe=en_detok.detokenize(pe[i].split()),
                hter=float(hter[i]),
                mt_spans=spans(mt_tokens, mt_text),
                mt_bad=tuple(x == "BAD" for x in t[1::2]),
                gap_bad=tuple(x == "BAD" for x in t[0::2]),
                ru_bad=tuple(x == "BAD" for x in src_tags[i].split()),
            )
        )
    return tuple(out)


def segments(part: Part) -> list[Segment]:
    """The segments of one part, in the data's order."""
    src = (DATA / "train.src").read_text(encoding="utf-8").split("\n")
    return [s for s in _all() if part_of(src[s.index]) == part]


def iter_parts() -> Iterator[tuple[Part, list[Segment]]]:
    yield "tune", segments("tune")
    yield "report", segments("report")


if __name__ == "__main__":
    for name, segs in iter_parts():
        changed = sum(s.changed for s in segs)
        words = sum(len(s.mt_bad) for s in segs)
        bad = sum(sum(s.mt_bad) for s in segs)
        print(
            f"{name}: {len(segs)} segments, {changed} changed (HTER > 0), "
            f"{bad}/{words} MT words changed"
        )
