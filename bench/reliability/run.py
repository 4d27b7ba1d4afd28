"""Crash-safety benchmark: SIGKILL a sverka saving a 10,000-bead review file, 500 times.

Runs the kill loop of tests/reliability/test_crash.py (``run_kills``: a fresh process opens
the review file as the app does, taking its lock, and edits and saves over and over; it is
SIGKILLed at a seeded random moment; the file on disk must then be one whole version, never
older than the last save reported done, parse with sverka's reader, polib and msgfmt, and the
next process must take the lock over) with more kills than `make test` runs (20), and prints
a markdown block for bench/RESULTS.md.

Run: .venv/bin/python bench/reliability/run.py [--kills 500] [--seed N]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST = ROOT / "tests" / "reliability" / "test_crash.py"


def load_test_module():
    spec = importlib.util.spec_from_file_location("sverka_test_crash", TEST)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def commit() -> str:
    out = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    head = out.stdout.strip() or "?"
    return head + (" plus uncommitted changes" if dirty.stdout.strip() else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=500)
    parser.add_argument("--seed", type=int, default=None, help="default: the test's seed")
    args = parser.parse_args()
    crash = load_test_module()
    seed = crash.SEED if args.seed is None else args.seed
    with tempfile.TemporaryDirectory(prefix="sverka-kills-") as tmp:
        report = crash.run_kills(
            Path(tmp), args.kills, seed, log=lambda s: print(s, file=sys.stderr, flush=True)
        )
    command = ".venv/bin/python bench/reliability/run.py"
    if args.kills != 500:
        command += f" --kills {args.kills}"
    if args.seed is not None:
        command += f" --seed {args.seed}"
    print("## Crash safety: SIGKILL while saving\n")
    print(
        f"Machine: {os.cpu_count()} CPUs ({cpu_name()}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; commit {commit()}; {date.today()}. "
        f"Reproduce: `{command}` (the same loop as "
        f"`SVERKA_KILLS={args.kills} .venv/bin/python -m pytest -s "
        f"tests/reliability/test_crash.py`); seed {seed}.\n"
    )
    print("```")
    print("\n".join(report.lines()))
    print("```")


if __name__ == "__main__":
    main()
