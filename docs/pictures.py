"""The README's two pictures: the review app (docs/app.svg) and the HTML report (docs/report.png).

- docs/app.svg is the snapshot test's own picture of a flagged bead with its diff
  (tests/tui/__snapshots__/test_snapshots/test_flagged_bead_with_its_diff.svg), copied: the
  test suite checks that the app still draws it.
- docs/report.png: four review files made from the WMT21 ru-en test set (the MT of four
  systems, 90% of segments reviewed, 70% of those corrected to reference A, as
  bench/score/run.py does), scored with `sverka score ... --html`, and the page photographed
  by a headless Chromium (`apt-get install chromium`; a one-off, nothing else needs it).

    .venv/bin/python docs/pictures.py
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
SNAPSHOT = REPO / "tests/tui/__snapshots__/test_snapshots/test_flagged_bead_with_its_diff.svg"
WMT21 = REPO.parent / "shared" / "data" / "wmt21" / "newstest2021.ru-en.all.xml"
SYSTEMS = ("Online-B", "Facebook-AI", "NiuTrans", "Online-Y")
SIZE = 100  # segments a file


def review_files(folder: Path) -> list[Path]:
    from sacrebleu.dataset.wmt_xml import WMTXMLDataset

    from sverka.io.po import render_po
    from sverka.model import Entry
    from sverka.review import ReviewDoc

    fields = WMTXMLDataset._unwrap_wmt21_or_later(str(WMT21))
    data = {k: [re.sub(r"\s+", " ", s.strip()) for s in v] for k, v in fields.items()}
    rng = random.Random(7)
    paths = []
    for f, system in enumerate(SYSTEMS):
        entries = []
        for k in range(SIZE):
            j = f * SIZE + k
            mt = data[system][j]
            reviewed = rng.random() < 0.9
            en = data["ref:A"][j] if reviewed and rng.random() < 0.7 else mt
            sid = f"p{k // 5 + 1:03d}.s{k % 5 + 1:02d}"
            entries.append(Entry(sid, data["src"][j], mt, en, reviewed))
        path = folder / f"{system.lower()}.review.po"
        path.write_text(render_po(ReviewDoc(entries), revision_date="2026-01-01 00:00+0000"))
        paths.append(path)
    return paths


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    shutil.copyfile(SNAPSHOT, DOCS / "app.svg")
    chromium = shutil.which("chromium") or sys.exit("needs chromium: apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="sverka-pictures-") as tmp:
        folder = Path(tmp)
        files = review_files(folder)
        report = folder / "report.html"
        sverka = Path(sys.executable).parent / "sverka"
        names = [f.name for f in files]  # the report names them as given
        subprocess.run(
            [sverka, "score", *names, "--html", report.name],
            check=True, cwd=folder, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--screenshot={DOCS / 'report.png'}", "--window-size=1100,1300",
             report.as_uri()],
            check=True, capture_output=True,
        )  # fmt: skip
    print(f"wrote {DOCS / 'app.svg'} and {DOCS / 'report.png'}")


if __name__ == "__main__":
    main()
