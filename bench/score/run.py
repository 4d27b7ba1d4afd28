"""Score benchmark: sverka score against the sacrebleu command line, and HTER in batch.

1. The ten WMT21 ru-en systems against reference A, BLEU + chrF + TER: the real
   ``sacrebleu`` command line of the venv and ``sverka score`` on the same text files, in the
   same run, both timed as whole processes (interpreter start included). Every number of
   sverka's JSON, printed with sacrebleu's --width 16, must equal the command line's, and
   every signature too.
2. TER segment by segment: sacrebleu's ``lib_ter.translation_edit_rate`` and
   ``sverka.ter.ter_stats`` on every segment of every system (edits and reference length).
3. HTER over review files of 100 segments each, 10 / 100 / 1,000 files: whole-process time of
   ``sverka score DIR --format json``.

Prints a markdown block for bench/RESULTS.md. Run: .venv/bin/python bench/score/run.py
(about 3 minutes on 2 cores; --quick skips part 2 and the 1,000-file run).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WMT21 = REPO.parent / "shared" / "data" / "wmt21" / "newstest2021.ru-en.all.xml"
OUT = REPO / "bench" / "out" / "score"
BIN = Path(sys.executable).parent
SYSTEMS = ("Facebook-AI", "Online-Y", "Online-G", "Manifold", "Online-W",
           "NiuTrans", "Online-B", "Online-A", "AFRL", "NVIDIA-NeMo")  # fmt: skip
WIDTH = 16  # decimals compared: a float that differs in its last bit shows here


def extract() -> dict[str, list[str]]:
    """The test set as sacrebleu's own WMT reader unwraps it, written as the text files its
    command line reads (whitespace collapsed, as sacrebleu's Dataset._clean)."""
    from sacrebleu.dataset.wmt_xml import WMTXMLDataset

    fields = WMTXMLDataset._unwrap_wmt21_or_later(str(WMT21))
    text = OUT / "text"
    text.mkdir(parents=True, exist_ok=True)
    clean = {k: [re.sub(r"\s+", " ", s.strip()) for s in v] for k, v in fields.items()}
    for name in ("ref:A", "docid", *SYSTEMS):
        (text / f"{name.replace(':', '-')}.txt").write_text(
            "".join(s + "\n" for s in clean[name]), encoding="utf-8"
        )
    return clean


def timed(cmd: list[str], runs: int, **kw) -> tuple[list[float], subprocess.CompletedProcess]:
    times = []
    done = None
    for _ in range(runs):
        t = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, check=True, **kw)
        times.append(time.perf_counter() - t)
    assert done is not None
    return times, done


def parse_sacrebleu_table(out: str) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """sacrebleu's multi-system text table: {system: {metric: number string}}, signatures."""
    scores: dict[str, dict[str, str]] = {}
    header: list[str] = []
    for line in out.splitlines():
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip("│").split("│")]
        if cells[0] == "System":
            header = cells[1:]
        elif header:
            scores[cells[0]] = dict(zip(header, cells[1:], strict=True))
    sigs = dict(re.findall(r"^ - (\S+)\s+(\S+)$", out, flags=re.M))
    return scores, sigs


def part_cli(runs_sacrebleu: int, runs_sverka: int) -> list[str]:
    text = OUT / "text"
    files = [f"{s}.txt" for s in SYSTEMS]
    env = {**os.environ, "NO_COLOR": "1"}
    sb_cmd = [str(BIN / "sacrebleu"), "ref-A.txt", "-i", *files, "-m", "bleu", "chrf", "ter",
              "-w", str(WIDTH), "-f", "text"]  # fmt: skip
    sv_cmd = [str(BIN / "sverka"), "score", "-r", "ref-A.txt", *files, "--format", "json"]
    # Alternate the two so that both see the same machine state.
    sb_times: list[float] = []
    sv_times: list[float] = []
    for k in range(max(runs_sacrebleu, runs_sverka)):
        if k < runs_sverka:
            t, sv = timed(sv_cmd, 1, cwd=text, env=env)
            sv_times += t
        if k < runs_sacrebleu:
            t, sb = timed(sb_cmd, 1, cwd=text, env=env)
            sb_times += t
    want, want_sigs = parse_sacrebleu_table(sb.stdout)
    got = json.loads(sv.stdout)
    lines = []
    mismatches = []
    names = {"BLEU": "BLEU", "chrF2": "chrF2", "TER": "TER"}
    for item in got["items"]:
        for name in names:
            ours = f"{item['scores'][name]['score']:.{WIDTH}f}"
            theirs = want[item["name"]][name]
            if ours != theirs:
                mismatches.append(f"{item['name']} {name}: sverka {ours}, sacrebleu {theirs}")
            sig = item["scores"][name]["signature"]
            if sig != want_sigs[name]:
                mismatches.append(f"{item['name']} {name} signature: {sig} vs {want_sigs[name]}")
    best_sb, best_sv = min(sb_times), min(sv_times)
    lines.append(
        "### The ten WMT21 ru-en systems against reference A: sverka vs the sacrebleu command line"
    )
    lines.append("")
    lines.append(f"sacrebleu: `{' '.join(['sacrebleu', *sb_cmd[1:]])}`  ")
    lines.append(f"sverka: `{' '.join(['sverka', *sv_cmd[1:]])}` (2 worker processes)  ")
    lines.append(
        "Both in `bench/out/score/text/` (extracted by sacrebleu's own WMT reader), "
        "alternated, whole processes."
    )
    lines.append("")
    lines.append("| system | BLEU | chrF2 | TER | equal to the command line (16 decimals) |")
    lines.append("|---|---|---|---|---|")
    for item in got["items"]:
        s = item["scores"]
        same = all(f"{s[n]['score']:.{WIDTH}f}" == want[item["name"]][n] for n in names)
        lines.append(
            f"| {item['name'].removesuffix('.txt')} | {s['BLEU']['score']:.2f} | "
            f"{s['chrF2']['score']:.2f} | {s['TER']['score']:.2f} | {'yes' if same else 'NO'} |"
        )
    lines.append("")
    lines.append("Signatures (identical in both):")
    lines.append("")
    for name in names:
        ours = got["items"][0]["scores"][name]["signature"]
        mark = "" if ours == want_sigs[name] else f" **differs: sacrebleu {want_sigs[name]}**"
        lines.append(f"- {name}: `{ours}`{mark}")
    lines.append("")
    lines.append("| whole process | runs | best | median | worst |")
    lines.append("|---|---|---|---|---|")
    for label, ts in (("sacrebleu", sb_times), ("sverka score", sv_times)):
        lines.append(
            f"| {label} | {len(ts)} | {min(ts):.2f} s | {statistics.median(ts):.2f} s "
            f"| {max(ts):.2f} s |"
        )
    lines.append("")
    verdict = "met" if best_sv <= 0.5 * best_sb else "NOT met"
    lines.append(
        f"sverka / sacrebleu (best of each): **{best_sv / best_sb:.3f}** "
        f"(target ≤ 0.5: {verdict}); numbers and signatures: "
        f"**{f'{len(mismatches)} differ' if mismatches else 'all equal'}**."
    )
    for m in mismatches:
        lines.append(f"- {m}")
    lines.append("")
    return lines


def part_segments(data: dict[str, list[str]]) -> list[str]:
    from sacrebleu.metrics import TER
    from sacrebleu.metrics.lib_ter import translation_edit_rate

    from sverka.ter import ter_stats

    tokenize = TER().tokenizer
    refs = [tokenize(r.rstrip()).split() for r in data["ref:A"]]
    rows = [
        "| system | segments | equal (edits, length) | segments with shifts | sacrebleu "
        "| sverka.ter |",
        "|---|---|---|---|---|---|",
    ]
    total_bad = 0
    for s in SYSTEMS:
        hyps = [tokenize(h.rstrip()).split() for h in data[s]]
        t = time.perf_counter()
        want = [translation_edit_rate(h, r) for h, r in zip(hyps, refs, strict=True)]
        t_sb = time.perf_counter() - t
        t = time.perf_counter()
        got = ter_stats(hyps, refs)
        t_sv = time.perf_counter() - t
        bad = sum(tuple(w) != g for w, g in zip(want, got, strict=True))
        total_bad += bad
        # Segments whose edits are fewer than the plain word edit distance: shifts were used.
        shifted = sum(1 for (e, _), h, r in zip(want, hyps, refs, strict=True) if e < _lev(h, r))
        rows.append(
            f"| {s} | {len(got)} | {len(got) - bad} | {shifted} | {t_sb:.2f} s | {t_sv:.3f} s |"
        )
    return [
        "### TER segment by segment: every segment of every system",
        "",
        "`sacrebleu.metrics.lib_ter.translation_edit_rate` and `sverka.ter.ter_stats` on the same "
        "tokens (sacrebleu's default TER tokenizer), one process, one core.",
        "",
        *rows,
        "",
        f"Segments that differ: **{total_bad}** of {len(SYSTEMS) * len(refs)}.",
        "",
    ]


def _lev(a: list[str], b: list[str]) -> int:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b)


def make_reviews(data: dict[str, list[str]], count: int) -> Path:
    """``count`` review files of 100 entries: the MT of a system, 90% reviewed, and 70% of
    those corrected -- to reference A, an independent human translation, which makes the
    corrections heavier (and slower to score) than real post-editing."""
    from sverka.io.po import render_po
    from sverka.model import Entry
    from sverka.review import ReviewDoc

    folder = OUT / "reviews"
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    for f in range(count):
        path = folder / f"{f // 100:02d}" / f"doc{f:04d}.po"
        if path.exists():
            continue
        path.parent.mkdir(exist_ok=True)
        system = SYSTEMS[f % len(SYSTEMS)]
        entries = []
        for k in range(100):
            j = (f * 100 + k) % len(data["src"])
            mt = data[system][j]
            reviewed = rng.random() < 0.9
            en = data["ref:A"][j] if reviewed and rng.random() < 0.7 else mt
            entries.append(
                Entry(f"p{k // 5 + 1:03d}.s{k % 5 + 1:02d}", data["src"][j], mt, en, reviewed)
            )
        path.write_text(render_po(ReviewDoc(entries), revision_date="2026-01-01 00:00+0000"))
    return folder


def part_hter(data: dict[str, list[str]], sizes: list[int]) -> list[str]:
    folder = make_reviews(data, max(sizes))
    rows = [
        "| files | segments | whole process | per file | vs 10× fewer files |",
        "|---|---|---|---|---|",
    ]
    prev = None
    for n in sizes:
        groups = sorted(folder.iterdir())
        files = [p for g in groups for p in sorted(g.iterdir())][:n]
        listing = OUT / f"files-{n}.txt"
        listing.write_text("\n".join(map(str, files)))
        cmd = [str(BIN / "sverka"), "score", *map(str, files), "--format", "json"]
        runs = 3 if n <= 100 else 1
        times, done = timed(cmd, runs)
        report = json.loads(done.stdout)
        assert len(report["items"]) == n
        best = min(times)
        growth = f"{best / prev:.1f}×" if prev else ""
        rows.append(f"| {n} | {n * 100} | {best:.2f} s | {1000 * best / n:.1f} ms | {growth} |")
        prev = best
        corpus = report["corpus"]
    c = corpus["counts"]
    return [
        "### HTER over review files of 100 segments",
        "",
        "`sverka score FILE.po ... --format json` (whole process, best of 3 up to 100 files, one "
        "run at 1,000). Files from `make_reviews` in bench/score/run.py: WMT21 MT, 90% of "
        "segments reviewed, 70% of those corrected to reference A (so HTER is high, "
        f"{corpus['scores']['HTER']['score']:.1f} over the {sizes[-1]:,} files; "
        f"{c['changed_share']:.0%} of scored segments changed).",
        "",
        *rows,
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    data = extract()
    lines = [
        "## Scores",
        "",
        f"Machine: {os.cpu_count()} CPUs ({_cpu()}), "
        f"Python {platform.python_version()}, sacrebleu {_version()}. Reproduce: "
        "`.venv/bin/python bench/score/run.py`.",
        "",
    ]
    lines += part_cli(1 if args.quick else 2, 3)
    if not args.quick:
        lines += part_segments(data)
    lines += part_hter(data, [10, 100] if args.quick else [10, 100, 1000])
    lines.append(f"Whole benchmark: {time.perf_counter() - started:.0f} s.")
    print("\n".join(lines))


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version() -> str:
    import sacrebleu

    return sacrebleu.__version__


if __name__ == "__main__":
    main()
