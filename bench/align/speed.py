"""Whole-process wall time and peak memory of aligning 2k, 20k and 100k sentences.

Inputs concatenate the benchmark's texts over systems (and fresh seeds once those run out),
perturbed at the mid level, with a paragraph break between texts. Each measured process is
started through ``measure.py``, so its peak RSS is that process's alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from make_data import Text, render, seeded, write_case
from perturb import GoldBead, perturb
from score import Beads, as_beads, bead_prf, load_gold

HERE = Path(__file__).resolve().parent
SIZES = (2_000, 20_000, 100_000)

# What the speed run times until ``sverka align --one-per-line`` exists.
_FALLBACK = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from segments import read_segments
from sverka.align import align
ru, en = (read_segments(Path(p)) for p in sys.argv[2:4])
json.dump([[list(b.ru), list(b.en)] for b in align(ru, en)], sys.stdout)
"""


@dataclass(frozen=True, slots=True)
class Input:
    size: int
    ru_lines: int
    en_lines: int
    ru: Path
    en: Path
    gold: Path


@dataclass(frozen=True, slots=True)
class Timing:
    seconds: float  # best wall time over the runs
    peak_mib: float  # highest peak RSS over the runs
    runs: int
    f1: float | None  # strict bead F1 of the output, when it could be read
    error: str = ""


def _stream(texts: Sequence[Text], systems: Sequence[str]) -> Iterator[GoldBead]:
    for rep in count():
        for system in systems:
            for text in texts:
                beads = perturb(
                    text.units(system), "mid", seeded("speed", rep, system, text.index)
                ).beads
                beads[0].ru_break = beads[0].en_break = True
                yield from beads


def build_inputs(
    texts: Sequence[Text], systems: Sequence[str], sizes: Sequence[int], out: Path
) -> list[Input]:
    """One input per size, each a prefix of the same stream, cut at a bead boundary."""
    stream = _stream(texts, systems)
    beads: list[GoldBead] = []
    ends: list[int] = []  # running Russian sentence count after each bead
    inputs = []
    for size in sorted(sizes):
        while not ends or ends[-1] < size:
            beads.append(next(stream))
            ends.append((ends[-1] if ends else 0) + len(beads[-1].ru))
        cut = sum(1 for e in ends if e <= size)
        ru, en, gold = render(beads[:cut])
        paths = write_case(out / f"s{size}", ru, en, gold)
        en_lines = sum(len(b.en) for b in beads[:cut])
        inputs.append(Input(size, ends[cut - 1], en_lines, *paths))
    return inputs


def sverka_command(ru: Path, en: Path) -> tuple[list[str], str]:
    """The CLI when it takes ``--one-per-line``, else a ``python -c`` doing the same."""
    exe = Path(sys.executable).with_name("sverka")
    probe = subprocess.run([exe, "align", "--help"], capture_output=True, text=True)
    if probe.returncode == 0 and "--one-per-line" in probe.stdout:
        cmd = [str(exe), "align", str(ru), str(en), "--one-per-line", "--format", "json"]
        return cmd, "sverka align RU EN --one-per-line --format json"
    cmd = [sys.executable, "-c", _FALLBACK, str(HERE), str(ru), str(en)]
    return cmd, "python -c 'import sverka.align; read; align' (the CLI does not run yet)"


def galechurch_command(ru: Path, en: Path) -> list[str]:
    return [sys.executable, str(HERE / "reference.py"), str(ru), str(en)]


def _beads_from_json(data: object) -> Beads | None:
    """Beads from ``[[ru, en], ...]`` or ``[{"ru": .., "en": ..}, ...]``, maybe under "beads"."""
    if isinstance(data, dict):
        data = data.get("beads")
    if not isinstance(data, list):
        return None
    try:
        if all(isinstance(b, dict) for b in data):
            return as_beads((b["ru"], b["en"]) for b in data)
        return as_beads((ru, en) for ru, en in data)
    except (KeyError, TypeError, ValueError):
        return None


def _measure_once(cmd: Sequence[str], out: Path) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in KiB, and why it failed (empty if it did not) of one process."""
    result, err = out.with_suffix(".measure.json"), out.with_suffix(".stderr")
    with out.open("wb") as stdout, err.open("wb") as stderr:
        wrapper = [sys.executable, str(HERE / "measure.py"), str(result), *cmd]
        subprocess.run(wrapper, stdout=stdout, stderr=stderr, check=True)
    report = json.loads(result.read_text(encoding="utf-8"))
    why = report["killed"]
    if report["exit"] and not why:
        tail = err.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
        why = f"exit {report['exit']}: {''.join(tail)}"
    return report["seconds"], report["peak_kib"], why


def measure(cmd: Sequence[str], inp: Input, out: Path, runs: int) -> Timing:
    best, peak = float("inf"), 0
    for _ in range(runs):
        seconds, rss, error = _measure_once(cmd, out)
        if error:
            return Timing(seconds, rss / 1024, 1, None, error)
        best, peak = min(best, seconds), max(peak, rss)
    try:
        pred = _beads_from_json(json.loads(out.read_text(encoding="utf-8")))
    except json.JSONDecodeError:
        pred = None
    f1 = None if pred is None else bead_prf(load_gold(inp.gold), pred).f1
    return Timing(best, peak / 1024, runs, f1)
