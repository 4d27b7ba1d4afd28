"""A worked review file of the bundled article, as a reviewer leaves it: made by a real
``sverka init``, then corrected, accepted, noted, ignored, one English cleared, the 2-1 bead
accepted. The round-trip tests pass it through other PO tools and back.

Run as a script to make one: ``python tests/io/worked_review.py DIR``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "corpora" / "kazakhstan-2022"
SVERKA = ROOT / ".venv" / "bin" / "sverka"

# (bead id, new English or None to keep it, accept, note, ignore keys)
WORK: list[tuple[str, str | None, bool, str, tuple[str, ...]]] = [
    ("p001.s01", "Posted 12 January 2022, 09:11", True, "", ()),
    ("p002.s01", "Published 12 January 2022, 09:11", True, "date as in the header", ()),
    # kept as the MT, but its findings marked as no problem: the "#. sverka:" line is long
    (
        "p003.s01",
        None,
        False,
        "",
        ("cyrillic", "punctuation", "term-missing:декабрь", "inconsistent", "alignment"),
    ),
    ("p006.s02", "Sergey Duvanov", True, "the byline, in Latin script", ()),
    ("p009.s01", "", False, "cleared: rewrite from the Russian", ()),  # a cleared English
    (
        "p013.s05",
        "They also did not like traffic lights and traffic enforcement cameras - as a result "
        "the city of over a million was left without traffic lights, and traffic collapsed.",
        True,
        "",
        (),
    ),
    ("p014.s02", None, True, "", ("term-forbidden:громить",)),
    ("p017.s02", "Protesters against the anti-people government.", False, "check", ()),
    ("p021.s01", None, True, "a 2-1 bead, accepted as it is", ()),  # two Russian sentences
]


def make(folder: Path, *, name: str = "en.review.po") -> Path:
    """The worked review file in ``folder`` (with ru.txt and en.txt beside it)."""
    from sverka.io.po import read_po, render_po

    folder.mkdir(parents=True, exist_ok=True)
    for side in ("ru.txt", "en.txt"):
        shutil.copyfile(ARTICLE / side, folder / side)
    po = folder / name
    subprocess.run(
        [str(SVERKA), "init", "ru.txt", "en.txt", "-o", name],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    doc = read_po(po)
    for bead, en, accept, note, ignore in WORK:
        i = doc.index_of(bead)
        if en is not None:
            doc.edit(i, en)
        if note:
            doc.set_note(i, note)
        for key in ignore:
            doc.ignore(i, key)
        if accept:
            doc.accept(i)
    po.write_text(render_po(doc, revision_date="2022-01-20 10:00+0000"), encoding="utf-8")
    return po


if __name__ == "__main__":
    print(make(Path(sys.argv[1])))
