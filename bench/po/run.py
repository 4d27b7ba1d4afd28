"""Review-file benchmark: load and save a 10,000-entry PO, export it to TMX and XLIFF,
with polib's load and save of the same file in the same run for comparison.

The file: WMT21 ru-en, the first 1,000 source segments with each of ten systems' MT
(10 x 1,000 entries), a third of them corrected to reference A and accepted, some notes.
Prints a markdown block for bench/RESULTS.md. Run: .venv/bin/python bench/po/run.py
"""

from __future__ import annotations

import os
import platform
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import polib

from sverka import export
from sverka.io.po import read_po, render_po
from sverka.io.safe import atomic_write
from sverka.model import Entry
from sverka.review import FileRef, ReviewDoc

DATA = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "data"
    / "wmt21"
    / "newstest2021.ru-en.all.xml"
)
RUNS = 5


def build_doc() -> ReviewDoc:
    root = ET.parse(DATA).getroot()
    entries: list[Entry] = []
    systems: dict[str, list[tuple[str, str, str]]] = {}
    for doc in root.iter("doc"):
        src = [s.text or "" for s in doc.find("src").iter("seg")]
        ref = [s.text or "" for s in doc.find("ref[@translator='A']").iter("seg")]
        for hyp in doc.findall("hyp"):
            mt = [s.text or "" for s in hyp.iter("seg")]
            systems.setdefault(hyp.get("system"), []).extend(zip(src, mt, ref, strict=True))
    for s, rows in enumerate(sorted(systems)):
        for k, (ru, mt, ref) in enumerate(systems[rows][:1000]):  # 10 x 1,000 entries
            done = (k + s) % 3 == 0
            entries.append(
                Entry(
                    id=f"p{s * 1000 + k // 10 + 1:05d}.s{k % 10 + 1:02d}",
                    ru=ru,
                    mt=mt,
                    en=ref if done else mt,
                    reviewed=done,
                    note="checked against the reference" if k % 50 == 0 else "",
                    ru_lines=(k + 1,),
                    en_lines=(k + 1,),
                    para=s * 1000 + k // 10,
                    confidence=0.93,
                )
            )
    return ReviewDoc(entries, source=FileRef("ru.txt", "0" * 64), mt=FileRef("en.txt", "1" * 64))


def best(fn, runs: int = RUNS) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    doc = build_doc()
    n = len(doc.entries)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "review.po"
        atomic_write(path, render_po(doc).encode("utf-8"))
        size = path.stat().st_size
        t_load, loaded = best(lambda: read_po(path))
        assert loaded.entries == doc.entries
        t_render, _ = best(lambda: render_po(doc).encode("utf-8"))
        t_save, _ = best(lambda: atomic_write(path, render_po(doc).encode("utf-8")))
        t_pload, po = best(lambda: polib.pofile(str(path)))
        t_psave, _ = best(lambda: po.save(str(Path(tmp) / "polib.po")))
        t_tmx, tmx = best(lambda: export.export_tmx(doc), 3)
        t_xlf, xlf = best(lambda: export.export_xliff(doc), 3)
        check = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True
        )
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    rows = [
        ("load (sverka read_po)", t_load, "≤ 0.5 s"),
        ("save (render + atomic write + fsync)", t_save, "≤ 0.5 s"),
        ("  of which render to bytes", t_render, ""),
        ("polib load, same file", t_pload, "reference"),
        ("polib save, same file", t_psave, "reference"),
        ("export TMX 1.4b", t_tmx, "≤ 1 s"),
        ("export XLIFF 1.2", t_xlf, "≤ 1 s"),
    ]
    print("## Review files (PO)\n")
    print(
        f"Machine: {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}. "
        f"Reproduce: `.venv/bin/python bench/po/run.py`. File: {n:,} entries, {size / 1e6:.1f} MB, "
        f"msgfmt --check {'passes' if check.returncode == 0 else 'FAILS'}; best of {RUNS} runs "
        f"(3 for exports); TMX {len(tmx) / 1e6:.1f} MB, XLIFF {len(xlf) / 1e6:.1f} MB.\n"
    )
    print("| operation | time | target |")
    print("|---|---|---|")
    for name, t, target in rows:
        print(f"| {name} | {t * 1000:.0f} ms | {target} |")


if __name__ == "__main__":
    main()
