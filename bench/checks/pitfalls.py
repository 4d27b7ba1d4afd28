"""The bundled MT pitfalls list, measured on its own (issue 18, item 3).

Figures, each on data the list was not written from except where said:

- false flags: the share of clean WMT21 ru-en segments (the source with human references A
  and B) that get a ``pitfall`` finding; the list is allowed 1%;
- MLQE-PE ru-en (../shared/data/mlqe-pe-ruen-train, real MT of Reddit and Wikipedia with
  professional post-edits), split once for everyone by bench/checks/mlqe.py (a hash of the
  Russian sentence): entries are written and narrowed on the ``tune`` part only, figures are
  reported on ``report``. Per part: the share of pitfall findings that overlap an MT word the
  post-editor changed (tagged BAD), the share of findings in segments the post-editor changed
  at all (HTER > 0), and the share of unchanged segments (HTER 0) flagged;
- the bundled article without its own glossary: how many of the listed MT errors
  (../shared/seeds/) get a pitfall finding on their words;
- the cost of the list: building its term index in process, with and without the word forms
  file in the user's cache (the first run on a machine makes it).
  ``--speed N --against OLD.csv``: the whole process, ``sverka check`` of the 10,000-entry
  benchmark file (bench/checks/run.py's, every check, the article glossary), once with this
  list and once with OLD.csv as the only pitfalls list, alternated N times on the same
  machine in the same run (each list's word-forms cache warmed by an untimed run first).

Run: .venv/bin/python bench/checks/pitfalls.py [--glossary G.csv] [--split tune|report|both]
     [--no-article] [--examples] [--limit N] [--speed N --against OLD.csv]
``--examples`` writes every finding to bench/out/checks/pitfalls-*.tsv.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

import mlqe as mlqe_data
from run import OUT, PITFALLS, REPO, SEEDS, _phrase_spans, load_references, systems_po

from sverka.checks import Checker
from sverka.checks.termindex import TermIndex
from sverka.glossary import lint
from sverka.io.glossary import read_glossary
from sverka.model import Entry
from sverka.morph import load_dictionaries


def wmt21(checker: Checker, limit: int | None = None) -> tuple[int, int, list[str]]:
    """(segments flagged, segments, one line per finding) on the clean references."""
    flagged, total, lines = 0, 0, []
    for doc in load_references():
        for e in doc.entries[:limit]:
            total += 1
            found = checker.entry(e)
            flagged += bool(found)
            lines += [f"{e.id}\t{f.message}\t{e.ru}\t{e.en}" for f in found]
    return flagged, total, lines


def mlqe(checker: Checker, segments: list[mlqe_data.Segment]) -> dict[str, float | int | list[str]]:
    """Pitfall findings on the (detokenised) MT of one part, against the post-editor's changes."""
    findings = on_bad = in_changed = 0
    unchanged = unchanged_flagged = segments_flagged = 0
    lines: list[str] = []
    for seg in segments:
        entry = Entry(id=f"mlqe.{seg.index + 1}", ru=seg.ru, mt=seg.mt, en=seg.mt)
        unchanged += not seg.changed
        found = [f for f in checker.entry(entry) if f.en_span]
        segments_flagged += bool(found)
        unchanged_flagged += bool(found) and not seg.changed
        for f in found:
            bad = seg.bad_words_in(*f.en_span) > 0
            findings += 1
            on_bad += bad
            in_changed += seg.changed
            verdict = "changed" if bad else ("kept" if not seg.changed else "kept-word")
            lines.append(f"{verdict}\t{seg.index + 1}\t{f.message}\t{seg.ru}\t{seg.mt}\t{seg.pe}")
    return {
        "segments": len(segments),
        "segments_flagged": segments_flagged,
        "findings": findings,
        "on_bad": on_bad,
        "in_changed": in_changed,
        "unchanged": unchanged,
        "unchanged_flagged": unchanged_flagged,
        "lines": lines,
    }


def article(checker: Checker) -> tuple[int, int, list[str]]:
    """Rows of the article's MT error list with a pitfall finding on their words."""
    from sverka.align import align
    from sverka.review import ReviewDoc
    from sverka.reviewfile import load_pair

    corpus = REPO / "corpora" / "kazakhstan-2022"
    _, ru, _, en = load_pair(corpus / "ru.txt", corpus / "en.txt")
    doc = ReviewDoc.from_beads(ru, en, align(ru, en))
    results = checker.document(doc.entries)
    rows = [r.split("\t") for r in SEEDS.read_text(encoding="utf-8").splitlines()[1:] if r]
    hit, report = 0, []
    for row in rows:
        mt_phrase, kind = row[0], row[3]
        ok = any(
            f.en_span and f.en_span[0] < end and start < f.en_span[1]
            for k, start, end in _phrase_spans(mt_phrase, doc.entries)
            for f in results[k]
        )
        hit += ok
        report.append(f"{'flagged' if ok else 'missed '}  {kind:12} {mt_phrase[:70]}")
    return hit, len(rows), report


def load_cost(path: Path, runs: int = 3) -> tuple[float, float, float, float]:
    """Seconds to read the list and make its term index (dictionaries already loaded; each
    run on fresh in-memory caches): (without, with) the word forms file in the user's cache
    (morph.ru_forms_all), then the same two in CPU time (less disturbed by a loaded machine).
    Measured in a temporary cache folder, not the user's."""
    import tempfile

    from sverka import morph

    load_dictionaries()
    best = {True: float("inf"), False: float("inf")}
    best_cpu = dict(best)
    saved = os.environ.get("XDG_CACHE_HOME")
    try:
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                os.environ["XDG_CACHE_HOME"] = tmp
                for warm in (False, True):  # the first run makes the file, the second reads it
                    morph.ru_forms.cache_clear()
                    morph.en_keys.cache_clear()
                    t0, c0 = time.perf_counter(), time.process_time()
                    TermIndex([read_glossary(path, kind="pitfalls")])
                    best[warm] = min(best[warm], time.perf_counter() - t0)
                    best_cpu[warm] = min(best_cpu[warm], time.process_time() - c0)
    finally:
        if saved is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = saved
    return best[False], best[True], best_cpu[False], best_cpu[True]


def speed(new: Path, old: Path, runs: int) -> dict[str, list[float]]:
    """Seconds of the whole sverka check process on the 10k file, per list, alternated:
    wall time ("old", "new") and CPU time, user + system ("old cpu", "new cpu"), which a
    loaded machine disturbs less."""
    import resource
    import subprocess
    import sys

    po, _ = systems_po()
    sverka = str(Path(sys.executable).parent / "sverka")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")

    def cmd(pitfalls: Path) -> list[str]:
        return [sverka, "check", str(po), "-g", "kazakhstan-2022", "--no-pitfalls",
                "--pitfalls", str(pitfalls), "--format", "json", "--fail-on", "never"]  # fmt: skip

    times: dict[str, list[float]] = {"old": [], "new": [], "old cpu": [], "new cpu": []}

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    for path in (old, new):  # untimed: byte code, and each list's forms file in the cache
        subprocess.run(cmd(path), env=env, capture_output=True, check=True)
    for _ in range(runs):
        for name, path in (("old", old), ("new", new)):
            t0, c0 = time.perf_counter(), cpu()
            subprocess.run(cmd(path), env=env, capture_output=True, check=True)
            times[name].append(time.perf_counter() - t0)
            times[name + " cpu"].append(cpu() - c0)
    return times


def _share(a: int, b: int) -> str:
    return f"{a / b:.1%} ({a}/{b})" if b else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glossary", type=Path, default=PITFALLS)
    parser.add_argument("--split", choices=("tune", "report", "both"), default="report")
    parser.add_argument("--no-article", action="store_true", help="skip the article figure")
    parser.add_argument("--examples", action="store_true", help="write every finding to TSV")
    parser.add_argument(
        "--limit", type=int, help="only the first N segments of each part (a smoke test)"
    )
    parser.add_argument("--speed", type=int, metavar="N", help="time sverka check N times")
    parser.add_argument("--against", type=Path, help="the list to time against (--speed)")
    args = parser.parse_args()
    if args.speed:
        if not args.against:
            parser.error("--speed needs --against OLD.csv")
        import statistics

        times = speed(args.glossary, args.against, args.speed)
        for name, ts in times.items():
            print(
                f"{name}: best {min(ts):.2f} s, median {statistics.median(ts):.2f} s, "
                f"runs {', '.join(f'{t:.2f}' for t in ts)}"
            )
        load = os.getloadavg()
        print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
        return
    glossary = read_glossary(args.glossary, kind="pitfalls")
    problems = lint(glossary)
    checker = Checker([glossary], codes={"pitfall"})
    cost = load_cost(args.glossary)

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    print("## MT pitfalls list\n")
    shown = args.glossary.relative_to(REPO) if args.glossary.is_relative_to(REPO) else args.glossary
    print(
        f"Machine: {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}. "
        f"List: {shown}"
        f", {len(glossary.entries)} entries, lint problems: {len(problems)}. "
        f"Reading it and making its term index: {cost[0] * 1000:.0f} ms when every word form "
        f"is made, {cost[1] * 1000:.0f} ms from the forms file in the user's cache (CPU time "
        f"{cost[2] * 1000:.0f} ms and {cost[3] * 1000:.0f} ms).\n"
    )
    flagged, total, wmt_lines = wmt21(checker, args.limit)
    print(
        f"- WMT21 ru-en clean references (A and B): {_share(flagged, total)} of segments "
        f"flagged (target ≤ 1%)."
    )
    names: tuple[mlqe_data.Part, ...] = (
        ("tune", "report") if args.split == "both" else (args.split,)
    )
    examples: dict[str, list[str]] = {"wmt21": wmt_lines}
    for name in names:
        part = mlqe_data.segments(name)[: args.limit]
        m = mlqe(checker, part)
        examples[f"mlqe-{name}"] = m["lines"]  # type: ignore[assignment]
        print(
            f"- MLQE-PE {name} part (bench/checks/mlqe.py's split): "
            f"{m['findings']} findings in {m['segments_flagged']} of {m['segments']} segments; "
            f"on a word the post-editor changed {_share(m['on_bad'], m['findings'])}; "  # type: ignore[arg-type]
            f"in a changed segment {_share(m['in_changed'], m['findings'])}; "  # type: ignore[arg-type]
            f"unchanged segments (HTER 0) flagged "
            f"{_share(m['unchanged_flagged'], m['unchanged'])}."  # type: ignore[arg-type]
        )
    if not args.no_article:
        hit, rows, report = article(checker)
        print(
            f"- The bundled article with this list only (no article glossary): {hit} of {rows} "
            f"listed MT errors get a pitfall finding on their words.\n"
        )
        print("```")
        print("\n".join(report))
        print("```")
    if args.examples:
        OUT.mkdir(parents=True, exist_ok=True)
        for name, lines in examples.items():
            (OUT / f"pitfalls-{name}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
