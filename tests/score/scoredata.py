"""What the score tests share: where WMT21 is, its systems, and hand-made review files."""

from __future__ import annotations

from pathlib import Path

from sverka.model import Entry
from sverka.review import ReviewDoc
from sverka.reviewfile import render

# CI clones the repo with shared/ beside it, so look next to the repo root, never at /work.
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
WMT = SHARED / "data" / "wmt21" / "newstest2021.ru-en.all.xml"
SYSTEMS = ("Facebook-AI", "Online-Y", "Online-G", "Manifold", "Online-W",
           "NiuTrans", "Online-B", "Online-A", "AFRL", "NVIDIA-NeMo")  # fmt: skip


def review_file(path: Path, rows: list[tuple[str, str, bool]]) -> Path:
    """A review file whose entries are (mt, corrected English, reviewed)."""
    entries = [
        Entry(id=f"p001.s{k + 1:02d}", ru=f"Предложение {k + 1}.", mt=mt, en=en, reviewed=ok)
        for k, (mt, en, ok) in enumerate(rows)
    ]
    path.write_bytes(render(ReviewDoc(entries)))
    return path
