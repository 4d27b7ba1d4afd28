"""Whole-process time of `sverka check` on the 10k-entry file, two versions alternated.

Run: .venv/bin/python bench/checks/speed_ab.py OLD_SRC [--runs 5] [--cold] [--article]

OLD_SRC is another version's src/ folder (e.g. `git archive COMMIT src glossary | tar -x -C
/tmp/old`, then /tmp/old/src), run with PYTHONPATH in this venv; `--no-dawg` blocks
dawg2's C extension for it (as before issue 18 it was not installed). Each pair of runs is
timed back to back, with the load average and the CPU time of both processes (user + sys,
of the children waited for), byte-code cached and after one untimed run of each. --cold
gives each run an empty user cache (XDG_CACHE_HOME), --article checks the bundled article
(RU EN) instead. The 10k file is made by bench/checks/run.py (bench/out/checks/systems.po).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old_src", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true")
    parser.add_argument("--article", action="store_true")
    parser.add_argument("--no-dawg", action="store_true")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(REPO / "bench" / "out" / "checks" / "pycache")
    if args.article:
        inputs = [REPO / "corpora" / "kazakhstan-2022" / n for n in ("ru.txt", "en.txt")]
    else:
        inputs = [REPO / "bench" / "out" / "checks" / "systems.po"]
    cmd = [str(Path(sys.executable).parent / "sverka"), "check", *map(str, inputs), "-g",
           "kazakhstan-2022", "--format", "json", "--fail-on", "never"]  # fmt: skip
    old_path = str(args.old_src)
    blocker = None
    if args.no_dawg:
        blocker = tempfile.mkdtemp(prefix="sverka-no-dawg-")
        Path(blocker, "dawg.py").write_text('raise ImportError("blocked")\n')
        old_path += os.pathsep + blocker
    variants = {"before": dict(env, PYTHONPATH=old_path), "after": env}

    def run(e: dict[str, str]) -> tuple[float, float, float]:
        cache = None
        if args.cold:
            cache = tempfile.mkdtemp(prefix="sverka-cold-")
            e = dict(e, XDG_CACHE_HOME=cache)
        load = os.getloadavg()[0]
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, env=e, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)  # fmt: skip
        wall = time.perf_counter() - t
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        if cache:
            shutil.rmtree(cache)
        return wall, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime, load

    try:
        for e in variants.values():
            run(e)
        results: dict[str, list[tuple[float, float, float]]] = {k: [] for k in variants}
        for i in range(args.runs):
            for name, e in variants.items():
                wall, cpu, load = run(e)
                results[name].append((wall, cpu, load))
                print(f"{name:7} run {i + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU, load {load:.1f}")
        for name, rs in results.items():
            walls, cpus = sorted(r[0] for r in rs), sorted(r[1] for r in rs)
            print(f"{name:7} wall {walls[0]:.2f}-{walls[-1]:.2f} s (median "
                  f"{statistics.median(walls):.2f}); CPU {cpus[0]:.2f}-{cpus[-1]:.2f} s (median "
                  f"{statistics.median(cpus):.2f}); load {min(r[2] for r in rs):.1f}-"
                  f"{max(r[2] for r in rs):.1f}")  # fmt: skip
    finally:
        if blocker:
            shutil.rmtree(blocker)


if __name__ == "__main__":
    main()
