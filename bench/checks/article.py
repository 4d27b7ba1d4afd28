"""The bundled article WITHOUT its own glossary: how many of the 51 listed MT errors get a
finding that points at them (issue 18's figure), by kind of error and by check.

The article's glossary was written from this very list, so it is left out; what runs is what a
reviewer of an unknown text gets by default: every check and the bundled pitfalls list. A
finding points at an error when its English span overlaps the listed MT phrase; a finding with
no English span (a term missing, an omission seen in the Russian) counts when it sits in the
bead that holds the phrase. The list is a test set: nothing was tuned on it.

Run: .venv/bin/python bench/checks/article.py [--rows]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from sverka.align import align
from sverka.checks import CHECKS, Checker
from sverka.review import ReviewDoc
from sverka.reviewfile import load_pair
from sverka.reviewsetup import load_glossaries

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds" / "kazakhstan-2022.mt-errors.tsv"
CORPUS = REPO / "corpora" / "kazakhstan-2022"
BEAD_LEVEL = frozenset({"term-missing", "omission"})  # findings that have no English span


def phrase_spans(phrase: str, mts: list[str]) -> list[tuple[int, int, int]]:
    """Where a listed phrase (variants split on /, notes in brackets dropped) stands."""
    import re

    out = []
    for variant in re.sub(r"\([^)]*\)", "", phrase).split("/"):
        text = variant.strip().strip('"').strip()
        if not text:
            continue
        for k, mt in enumerate(mts):
            i = mt.lower().find(text.lower())
            if i >= 0:
                out.append((k, i, i + len(text)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", action="store_true", help="print every row, flagged or missed")
    args = ap.parse_args()
    _, ru, _, en = load_pair(CORPUS / "ru.txt", CORPUS / "en.txt")
    doc = ReviewDoc.from_beads(ru, en, align(ru, en))
    checker = Checker(load_glossaries((), (), True), frozenset(CHECKS))
    results = checker.document(doc.entries)
    mts = [e.mt for e in doc.entries]
    rows = [r.split("\t") for r in SEEDS.read_text(encoding="utf-8").splitlines()[1:] if r]
    by_kind: Counter[str] = Counter()
    hit_kind: Counter[str] = Counter()
    by_code: Counter[str] = Counter()
    located = 0
    for mt_phrase, _ru, _fix, kind in rows:
        spans = phrase_spans(mt_phrase, mts)
        located += bool(spans)
        codes = {
            f.code
            for k, start, end in spans
            for f in results[k]
            if (f.en_span and f.en_span[0] < end and start < f.en_span[1])
            or (f.en_span is None and f.code in BEAD_LEVEL)
        }
        by_kind[kind] += 1
        hit_kind[kind] += bool(codes)
        by_code.update(codes)
        if args.rows:
            mark = "flagged" if codes else ("MISSED " if spans else "NOT IN MT")
            print(f"{mark} {kind:12} {','.join(sorted(codes)):28} {mt_phrase[:60]}")
    total = sum(hit_kind.values())
    print(f"article without its glossary: {total} of {len(rows)} listed errors flagged")
    print(f"({located} of the listed phrases found in the MT as the aligner's beads hold it)")
    print("by kind: " + ", ".join(f"{k} {hit_kind[k]}/{n}" for k, n in by_kind.most_common()))
    print("by check: " + ", ".join(f"{c} {n}" for c, n in by_code.most_common()))


if __name__ == "__main__":
    main()
