"""Omission and addition (issue 18 item 4): precision on MLQE-PE, false flags, speed.

MLQE-PE ru-en (bench/checks/mlqe.py's split): rules and word lists were tuned on "tune";
the figures printed for "report" are the ones to quote. Each part is checked as one
document (its own length figures).

- addition: share of findings whose English span overlaps an MT word the post-editor
  changed (Segment.bad_words_in).
- omission: share of findings whose Russian word is tagged BAD (ru_bad: its translation was
  changed), whose bead has a BAD gap (words missing in the MT), or either; and whose
  segment has HTER > 0. The base rates (any segment, any Russian word) are printed beside.
- share of HTER-0 segments flagged; per kind of signal (negation, name, Latin).
- each signal's rate of changed segments (HTER > 0) where it fires, on "report".
- false flags on clean WMT21 references (run.py's machinery), per check: ≤ 1%.
- speed: sverka check of the 10,000-entry file (run.py's), whole process, with and without
  the two checks, alternated in the same run, best of 3.
- --embed: the opt-in signal, the [embed] encoder's cosine between Russian and MT as a
  robust z-score against the part's own distribution (balance.embedding_z computes the same
  for a document): the changed-segment rate in its lowest 5/10/20%, and its cost a sentence.

Run: .venv/bin/python bench/checks/signals.py [--embed] [--no-speed]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import mlqe
import run as checks_bench

from sverka.checks import Checker
from sverka.checks.balance import Signals, signals
from sverka.checks.figures import DocumentStats
from sverka.model import Entry

CODES = ("omission", "addition")
OUT = checks_bench.OUT


def _kind(message: str) -> str:
    if "negation" in message:
        return "negation"
    if "name" in message:
        return "name"
    return "latin"


def _ru_token_spans(index: int, ru: str) -> tuple[tuple[int, int], ...]:
    return mlqe.spans(_src_lines()[index].split(), ru)


_SRC: list[str] = []


def _src_lines() -> list[str]:
    if not _SRC:
        _SRC.extend((mlqe.DATA / "train.src").read_text(encoding="utf-8").split("\n"))
    return _SRC


def measure(part: mlqe.Part, examples: list[str]) -> dict:
    segs = mlqe.segments(part)
    entries = [Entry(id=str(s.index), ru=s.ru, mt=s.mt, en=s.mt) for s in segs]
    checker = Checker(codes=CODES)
    found = checker.document(entries)
    stats = DocumentStats.of(entries)
    r: dict = {
        "segments": len(segs),
        "hter0": sum(not s.changed for s in segs),
        "changed_rate": sum(s.changed for s in segs) / len(segs),
        "bad_word_rate": sum(sum(s.mt_bad) for s in segs) / sum(len(s.mt_bad) for s in segs),
        "ru_bad_rate": sum(sum(s.ru_bad) for s in segs) / sum(len(s.ru_bad) for s in segs),
        "gap_rate": sum(any(s.gap_bad) for s in segs) / len(segs),
    }
    add = Counter()
    om = Counter()
    flagged0: dict[str, set[int]] = {c: set() for c in (*CODES, "any")}
    kinds: Counter[str] = Counter()
    kinds_ok: Counter[str] = Counter()
    kinds0: dict[str, set[int]] = {}
    for s, fs in zip(segs, found, strict=True):
        for f in fs:
            kind = f"{f.code}:{_kind(f.message)}"
            kinds[kind] += 1
            if not s.changed:
                flagged0[f.code].add(s.index)
                flagged0["any"].add(s.index)
                kinds0.setdefault(kind, set()).add(s.index)
            if f.code == "addition":
                hit = s.bad_words_in(*f.en_span) > 0
                add["n"] += 1
                add["hit"] += hit
                add["hter"] += s.changed
                kinds_ok[kind] += hit
            else:
                word_bad = any(
                    bad and a < f.ru_span[1] and f.ru_span[0] < b
                    for (a, b), bad in zip(_ru_token_spans(s.index, s.ru), s.ru_bad, strict=False)
                )
                gap = any(s.gap_bad)
                om["n"] += 1
                om["word"] += word_bad
                om["gap"] += gap
                om["either"] += word_bad or gap
                om["hter"] += s.changed
                kinds_ok[kind] += word_bad or gap
                hit = word_bad or gap
            examples.append(
                f"{part}\t{'HIT ' if hit else 'miss'}\t{s.hter:.2f}\t{f.code}\t{f.message}\t"
                f"{s.ru}\t{s.mt}\t{s.pe}"
            )
    r["addition"] = dict(add)
    r["omission"] = dict(om)
    r["flagged0"] = {k: len(v) / r["hter0"] for k, v in flagged0.items()}
    r["kinds"] = {k: (kinds[k], kinds_ok[k], len(kinds0.get(k, ()))) for k in sorted(kinds)}
    # each signal: how often a segment where it fires was changed
    sig = [signals(e, stats) for e in entries]
    rates = {}
    for name in Signals.__slots__:
        if name == "length_z":
            continue
        on = [s.changed for s, g in zip(segs, sig, strict=True) if getattr(g, name)]
        rates[name] = (len(on), sum(on) / len(on) if on else 0.0)
    for cut in (-2.0, -3.0, 2.0, 3.0):
        on = [
            s.changed
            for s, g in zip(segs, sig, strict=True)
            if g.length_z is not None and (g.length_z <= cut if cut < 0 else g.length_z >= cut)
        ]
        rates[f"length_z {'≤' if cut < 0 else '≥'} {cut:+g}"] = (
            len(on),
            sum(on) / len(on) if on else 0.0,
        )
    r["signals"] = rates
    return r


def embed_signal(part: mlqe.Part) -> dict:
    import numpy as np

    from sverka.embed import encode

    segs = mlqe.segments(part)
    t0 = time.perf_counter()
    ru = encode([s.ru for s in segs])
    en = encode([s.mt for s in segs])
    seconds = time.perf_counter() - t0
    cos = (ru * en).sum(axis=1)
    med = float(np.median(cos))
    sigma = 1.4826 * float(np.median(np.abs(cos - med)))
    z = (cos - med) / sigma
    changed = np.array([s.changed for s in segs])
    out = {"ms_per_sentence": 1000 * seconds / (2 * len(segs)), "base": float(changed.mean())}
    for q in (0.05, 0.10, 0.20):
        cut = np.quantile(z, q)
        out[f"lowest {q:.0%}"] = float(changed[z <= cut].mean())
    for cut in (-2.0, -3.0):
        sel = z <= cut
        out[f"z ≤ {cut:g}"] = (int(sel.sum()), float(changed[sel].mean()) if sel.any() else 0.0)
    return out


def false_flags() -> tuple[int, Counter[str]]:
    docs = checks_bench.load_references()
    checker = Checker(codes=CODES)
    total, flagged, examples = checks_bench.false_flags(docs, checker)
    (OUT / "signals-false-flags.tsv").write_text("\n".join(examples) + "\n", encoding="utf-8")
    return total, flagged


def speed(runs: int = 3) -> dict[str, float]:
    po, doc = checks_bench.systems_po()
    sverka = str(Path(sys.executable).parent / "sverka")
    base = [sverka, "check", str(po), "-g", "kazakhstan-2022", "--format", "json",
            "--fail-on", "never"]  # fmt: skip
    # the two are opt-in: "with" asks for them beside the defaults
    cmds = {"without": base, "with": [*base, "--checks", ",".join("+" + c for c in CODES)]}
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    times: dict[str, list[float]] = {k: [] for k in cmds}
    cpu: dict[str, list[float]] = {k: [] for k in cmds}  # user + sys, every process
    for cmd in cmds.values():
        subprocess.run(cmd, env=env, capture_output=True, check=False)  # warm
    for _ in range(runs):
        for name, cmd in cmds.items():
            result = OUT / f"signals-{name}.measure.json"
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(
                [sys.executable, str(checks_bench.REPO / "bench" / "align" / "measure.py"),
                 str(result), *cmd],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False,
            )  # fmt: skip
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            times[name].append(json.loads(result.read_text())["seconds"])
    out = subprocess.run(cmds["with"], capture_output=True, text=True, check=True, env=env).stdout
    findings = json.loads(out)["findings"]
    measured = {k: min(v) for k, v in times.items()}
    measured.update({f"{k}_cpu": min(v) for k, v in cpu.items()})
    for code in CODES:
        measured[code] = len({f["id"] for f in findings if f["code"] == code}) / len(doc.entries)
    return measured


def _pct(x: float) -> str:
    return f"{x:.1%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embed", action="store_true", help="measure the embedding signal")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--part", choices=("tune", "report", "both"), default="both")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    examples: list[str] = []
    parts = ("tune", "report") if args.part == "both" else (args.part,)
    results = {p: measure(p, examples) for p in parts}
    (OUT / "signals-findings.tsv").write_text("\n".join(examples) + "\n", encoding="utf-8")
    print("### Omission and addition (issue 18 item 4)\n")
    print(
        "Reproduce: `.venv/bin/python bench/checks/signals.py --embed`. MLQE-PE ru-en "
        "(bench/checks/mlqe.py's split; each part checked as one document). Word lists and "
        "rules were tuned on *tune*; **report** is the figure to quote.\n"
    )
    print("| | " + " | ".join(parts) + " |")
    print("|---|" + "---|" * len(parts))

    def row(label: str, fn) -> None:
        print(f"| {label} | " + " | ".join(fn(results[p]) for p in parts) + " |")

    row("segments (HTER 0)", lambda r: f"{r['segments']} ({r['hter0']})")
    row("base rates: segment changed / MT word changed / Russian word BAD / BAD gap",
        lambda r: f"{_pct(r['changed_rate'])} / {_pct(r['bad_word_rate'])} / "
                  f"{_pct(r['ru_bad_rate'])} / {_pct(r['gap_rate'])}")  # fmt: skip

    def prec(code: str, key: str):
        def f(r):
            d = r[code]
            return f"{d.get(key, 0) / d['n']:.2f} ({d.get(key, 0)}/{d['n']})" if d.get("n") else "-"

        return f

    row("addition: findings on a changed MT word", prec("addition", "hit"))
    row("addition: findings in a changed segment (HTER > 0)", prec("addition", "hter"))
    row("omission: findings on a BAD Russian word (ru_bad)", prec("omission", "word"))
    row("omission: findings in a bead with a BAD gap", prec("omission", "gap"))
    row("omission: either of the two", prec("omission", "either"))
    row("omission: findings in a changed segment (HTER > 0)", prec("omission", "hter"))
    for code in (*CODES, "any"):
        row(f"HTER-0 segments flagged: {code}", lambda r, c=code: _pct(r["flagged0"][c]))
    print("\nPer kind (findings, landing as above, HTER-0 segments flagged):\n")
    kinds = sorted({k for p in parts for k in results[p]["kinds"]})
    print("| kind | " + " | ".join(parts) + " |")
    print("|---|" + "---|" * len(parts))
    for k in kinds:
        cells = []
        for p in parts:
            n, ok, zero = results[p]["kinds"].get(k, (0, 0, 0))
            cells.append(f"{n} findings, {ok / n:.2f} land, {zero} HTER-0" if n else "-")
        print(f"| {k} | " + " | ".join(cells) + " |")
    print("\nEach signal (Signals, the risk features): segments where it fires, and the share of "
          "those changed (HTER > 0):\n")  # fmt: skip
    names = list(results[parts[0]]["signals"])
    print("| signal | " + " | ".join(parts) + " |")
    print("|---|" + "---|" * len(parts))
    for name in names:
        cells = []
        for p in parts:
            n, rate = results[p]["signals"][name]
            cells.append(f"{n}: {rate:.2f}" if n else "-")
        print(f"| {name} | " + " | ".join(cells) + " |")
    if args.embed:
        print("\nSentence-embedding similarity (opt-in `[embed]` encoder, cosine of Russian and "
              "MT as a robust z-score against the part's own distribution):\n")  # fmt: skip
        for p in parts:
            print(f"- {p}: {json.dumps(embed_signal(p), ensure_ascii=False)}")
    total, flagged = false_flags()
    print(f"\nFalse flags on clean WMT21 references ({total:,} segments, references A and B): "
          + ", ".join(f"{c} {flagged[c] / total:.2%} ({flagged[c]})" for c in CODES)
          + " (target ≤ 1% each).")  # fmt: skip
    if not args.no_speed:
        sp = speed()
        print(f"\nSpeed, `sverka check` of run.py's 10,000-entry file with `-g kazakhstan-2022`, "
              f"whole process, best of 3, alternated: {sp['without']:.2f} s with "
              f"`--skip omission,addition`, {sp['with']:.2f} s with them (CPU, user + sys "
              f"of every process: {sp['without_cpu']:.2f} s and {sp['with_cpu']:.2f} s); "
              f"entries flagged: "
              f"omission {_pct(sp['omission'])}, addition {_pct(sp['addition'])}.")  # fmt: skip


if __name__ == "__main__":
    main()
