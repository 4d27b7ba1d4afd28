"""The reference aligner: the ``galechurch`` package (Gale-Church, sentence length only).

galechurch aligns blank-line blocks independently, pairing the two files' blocks in order,
so paragraphs could be its hard regions only if they corresponded one to one. Once the
English has lost a break or gained a caption paragraph they do not, and using them whenever
the counts happen to match made it worse (shifted blocks), so it gets each text as one
block: the same sentences sverka gets, without the paragraph breaks it cannot use safely.

As a script: ``reference.py RU EN`` prints the beads as JSON, for timing in a subprocess.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import galechurch
from score import Beads
from segments import read_segments


def gale_church(ru: list[str], en: list[str]) -> Beads:
    """Beads from galechurch's default parameters; over 50M DP cells it raises ValueError."""
    result = galechurch.align(ru, en)
    return [
        (tuple(range(b.source_start, b.source_end)), tuple(range(b.target_start, b.target_end)))
        for b in result.beads
    ]


def main() -> None:
    ru, en = ([s.text for s in read_segments(Path(p))] for p in sys.argv[1:3])
    try:
        beads = gale_church(ru, en)
    except ValueError:  # a 20,000-sentence block, when allowed, took 61 s and 422 MiB
        sys.exit(f"not run: {len(ru):,} x {len(en):,} is over galechurch's 50M-cell cap")
    json.dump([list(map(list, b)) for b in beads], sys.stdout)


if __name__ == "__main__":
    main()
