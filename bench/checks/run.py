"""QA checks benchmark: recall on planted errors, false flags on clean human references,
the bundled article's known MT errors, and speed against pofilter.

Data: WMT21 ru-en (../shared/data), the Russian source with human references A and B as
clean translations. Errors of each kind are planted into a reference sentence that the
check does not already flag, one error per sentence, and recall is the share the check
then flags. False flags are the share of clean reference sentences a check flags. The
glossary of real terms found in the data is bench/checks/wmt21-terms.csv; the bundled
pitfalls list runs too. Speed: the ten systems' MT as one 10,000-entry review file, every
check with both bundled glossaries, whole process, against translate-toolkit's pofilter on
the same file in the same run (pofilter is GPL: run as a program, never imported).

Prints a markdown block for bench/RESULTS.md.
Run: .venv/bin/python bench/checks/run.py [--quick]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from plant import plant_cyrillic, plant_number, plant_rendering, plant_untranslated

from sverka.checks import Checker
from sverka.checks.script import is_english
from sverka.glossary import Glossary
from sverka.io.glossary import read_glossary
from sverka.io.po import render_po
from sverka.io.safe import atomic_write
from sverka.model import Entry
from sverka.review import ReviewDoc

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
WMT21 = REPO.parent / "shared" / "data" / "wmt21" / "newstest2021.ru-en.all.xml"
OUT = REPO / "bench" / "out" / "checks"
TERMS = HERE / "wmt21-terms.csv"
PITFALLS = REPO / "glossary" / "ru-en-mt-pitfalls.csv"
ARTICLE_GLOSSARY = REPO / "glossary" / "kazakhstan-2022.csv"
SEEDS = REPO.parent / "shared" / "seeds" / "kazakhstan-2022.mt-errors.tsv"
PLANTS = 600  # sentences planted per kind (fewer where the data offers fewer places)
SEED = 20221


@dataclass(frozen=True, slots=True)
class CleanDoc:
    id: str
    entries: list[Entry]  # one per source segment, the English a human reference


def load_references() -> list[CleanDoc]:
    docs = []
    for doc in ET.parse(WMT21).getroot().iter("doc"):
        src = [s.text or "" for s in doc.find("src").iter("seg")]
        for ref in doc.iter("ref"):
            en = [s.text or "" for s in ref.iter("seg")]
            who = ref.get("translator")
            entries = [
                Entry(id=f"{doc.get('id')}.{who}.{i}", ru=r, mt=e, en=e)
                for i, (r, e) in enumerate(zip(src, en, strict=True))
            ]
            docs.append(CleanDoc(f"{doc.get('id')}-{who}", entries))
    return docs


def glossaries() -> list[Glossary]:
    return [read_glossary(TERMS), read_glossary(PITFALLS, kind="pitfalls")]


def false_flags(docs: list[CleanDoc], checker: Checker) -> tuple[int, Counter[str], list[str]]:
    flagged: Counter[str] = Counter()
    examples: list[str] = []
    total = 0
    for doc in docs:
        for e, found in zip(doc.entries, checker.document(doc.entries), strict=True):
            total += 1
            for code in {f.code for f in found}:
                flagged[code] += 1
            for f in found:
                examples.append(f"{f.code}\t{e.id}\t{f.message}\t{e.ru}\t{e.en}")
    return total, flagged, examples


def recall(docs: list[CleanDoc], checker: Checker, limit: int) -> dict[str, tuple[int, int]]:
    """Per planted kind: (flagged, planted)."""
    rng = random.Random(SEED)
    pool = [(doc, i) for doc in docs for i in range(len(doc.entries))]
    rng.shuffle(pool)
    results: dict[str, list[bool]] = defaultdict(list)
    misses: list[str] = []
    prepared: set[str] = set()
    skipped_english = 0
    for doc, i in pool:
        if doc.id not in prepared:
            checker.prepare(doc.entries)
            prepared = {doc.id}
        e = doc.entries[i]
        clean_codes = {f.code for f in checker.entry(e)}
        plants: list[tuple[str, str]] = []
        if len(results["cyrillic"]) < limit and "cyrillic" not in clean_codes:
            en = plant_cyrillic(e.ru, e.en, rng)
            if en:
                plants.append(("cyrillic", en))
        if len(results["untranslated"]) < limit and "untranslated" not in clean_codes:
            planted = plant_untranslated(e.ru, e.en, rng)
            if planted and is_english(planted[1]):
                skipped_english += 1  # "forum" for форум is English: not an error to find
            elif planted:
                plants.append(("untranslated", planted[0]))
        if len(results["number"]) < limit and "number" not in clean_codes:
            en = plant_number(e.ru, e.en, rng)
            if en:
                plants.append(("number", en))
        plants += _term_plants(e, checker, clean_codes, rng, results, limit)
        for code, en in plants:
            found = {f.code for f in checker.entry(replace(e, en=en))}
            results[code].append(code in found)
            if code not in found:
                misses.append(f"{code}\t{e.ru}\t{en}")
        if all(len(results[k]) >= limit for k in _KINDS):
            break
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "recall-misses.tsv").write_text("\n".join(misses) + "\n", encoding="utf-8")
    out = {k: (sum(v), len(v)) for k, v in results.items()}
    out["_skipped_english"] = (skipped_english, 0)
    return out


_KINDS = ("cyrillic", "untranslated", "number", "term-forbidden", "term-missing")


def _term_plants(e, checker, clean_codes, rng, results, limit):
    """Swap an approved rendering for a forbidden one, or for a word that is no rendering."""
    from sverka.checks.termindex import positions
    from sverka.checks.termindex import spans as spans_of
    from sverka.morph import en_keys, words

    out = []
    tokens = words(e.en, "en")
    keys = [en_keys(t.text) for t in tokens]
    for m in checker.terms.match_ru(e.ru):
        term = m.term
        if term.glossary.kind != "terms":
            continue
        spans = spans_of(term.approved, tokens, keys, positions(keys))
        if len(spans) != 1:
            continue
        if (
            term.entry.forbidden
            and len(results["term-forbidden"]) < limit
            and "term-forbidden" not in clean_codes
        ):
            wrong = rng.choice(term.entry.forbidden)
            out.append(("term-forbidden", plant_rendering(e.en, spans[0], wrong)))
        if len(results["term-missing"]) < limit and "term-missing" not in clean_codes:
            out.append(("term-missing", plant_rendering(e.en, spans[0], "thing")))
        break
    return out


def article() -> tuple[int, int, list[str]]:
    """How many term and untranslated rows of the article's MT error list are flagged."""
    from sverka.align import align
    from sverka.reviewfile import load_pair

    corpus = REPO / "corpora" / "kazakhstan-2022"
    _, ru, _, en = load_pair(corpus / "ru.txt", corpus / "en.txt")
    doc = ReviewDoc.from_beads(ru, en, align(ru, en))
    checker = Checker([read_glossary(ARTICLE_GLOSSARY), read_glossary(PITFALLS, kind="pitfalls")])
    results = checker.document(doc.entries)
    rows = [r.split("\t") for r in SEEDS.read_text(encoding="utf-8").splitlines()[1:]]
    rows = [r for r in rows if r[3] in ("term", "untranslated")]
    hit, report = 0, []
    for mt_phrase, _ru, _fix, kind in rows:
        spans = _phrase_spans(mt_phrase, doc.entries)
        # A finding at the phrase; or, for an approved term missing, one in its sentence
        # (it has no English span to point at).
        ok = any(
            (f.en_span and f.en_span[0] < end and start < f.en_span[1])
            or (f.code == "term-missing" and f.en_span is None)
            for k, start, end in spans
            for f in results[k]
            if f.code in ("term-forbidden", "term-missing", "pitfall", "untranslated", "cyrillic")
        )
        hit += ok
        report.append(f"{'flagged' if ok else 'MISSED '}  {kind:12} {mt_phrase[:70]}")
    return hit, len(rows), report


def _phrase_spans(phrase: str, entries: list[Entry]) -> list[tuple[int, int, int]]:
    """Where a phrase of the error list (variants split on /, notes in brackets) stands."""
    out = []
    for variant in re.sub(r"\([^)]*\)", "", phrase).split("/"):
        text = variant.strip().strip('"').strip()
        if not text:
            continue
        for k, e in enumerate(entries):
            i = e.mt.lower().find(text.lower())
            if i >= 0:
                out.append((k, i, i + len(text)))
    return out


def systems_po() -> tuple[Path, ReviewDoc]:
    """The speed benchmarks' file: the ten WMT21 systems' MT as one 10,000-entry review file
    (bench/out/checks/systems.po), every entry unreviewed, as ``sverka init`` makes them."""
    spec = importlib.util.spec_from_file_location("po_bench", REPO / "bench" / "po" / "run.py")
    assert spec is not None and spec.loader is not None
    po_bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(po_bench)
    doc = po_bench.build_doc()
    doc = ReviewDoc([replace(e, en=e.mt, reviewed=False) for e in doc.entries], doc.source, doc.mt)
    OUT.mkdir(parents=True, exist_ok=True)
    po = OUT / "systems.po"
    atomic_write(po, render_po(doc).encode("utf-8"))
    return po, doc


def speed(runs: int) -> dict[str, float]:
    """Whole-process time of sverka check and pofilter on the same 10,000-entry file."""
    po, doc = systems_po()
    bin_dir = Path(sys.executable).parent
    sverka = [str(bin_dir / "sverka"), "check", str(po), "-g", "kazakhstan-2022", "--format",
              "json", "--fail-on", "never"]  # fmt: skip
    # Every entry of a fresh review file is fuzzy: pofilter's isfuzzy would flag them all.
    pofilter = [str(bin_dir / "pofilter"), "--excludefilter=isfuzzy", str(po),
                str(OUT / "pofilter-out.po")]  # fmt: skip
    # Byte-code cached, as after a pip install, and warmed by one untimed run of each: a
    # machine with PYTHONDONTWRITEBYTECODE (this one) would otherwise time an editable
    # install compiling its own modules at every start.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    measured = {}
    for name, cmd in (("sverka", sverka), ("pofilter", pofilter)):
        times, peaks = [], []
        subprocess.run(cmd, env=env, capture_output=True, check=False)
        for _ in range(runs):
            result = OUT / f"{name}.measure.json"
            subprocess.run(
                [sys.executable, str(REPO / "bench" / "align" / "measure.py"), str(result), *cmd],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
                check=False,
            )
            m = json.loads(result.read_text())
            times.append(m["seconds"])
            peaks.append(m["peak_kib"] / 1024)
        measured[name] = min(times)
        measured[name + "_mib"] = min(peaks)
    out = subprocess.run(sverka, capture_output=True, text=True, check=True).stdout
    findings = json.loads(out)["findings"]
    measured["sverka_flagged"] = len({f["id"] for f in findings}) / len(doc.entries)
    # The file holds each Russian sentence ten times with ten systems' English, so
    # "inconsistent" is true of nearly every entry: the share without it says more.
    others = {f["id"] for f in findings if f["code"] != "inconsistent"}
    measured["sverka_flagged_other"] = len(others) / len(doc.entries)
    units = (OUT / "pofilter-out.po").read_text(encoding="utf-8").split("\n\n")
    measured["pofilter_flagged"] = sum("(pofilter)" in u for u in units) / len(doc.entries)
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer plants, one timing run")
    args = parser.parse_args()
    limit = 150 if args.quick else PLANTS
    docs = load_references()
    checker = Checker(glossaries())
    t0 = time.perf_counter()
    total, flagged, examples = false_flags(docs, checker)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "false-flags.tsv").write_text("\n".join(examples) + "\n", encoding="utf-8")
    rec = recall(docs, checker, limit)
    hit, rows, report = article()
    t_quality = time.perf_counter() - t0
    sp = speed(1 if args.quick else 3)

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    print("## QA checks\n")
    print(
        f"Machine: {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}. "
        f"Reproduce: `.venv/bin/python bench/checks/run.py` (quality part {t_quality:.0f} s). "
        f"Clean segments: {total:,} (WMT21 ru-en source with human references A and B). "
        f"Glossaries: bench/checks/wmt21-terms.csv (terms) and glossary/ru-en-mt-pitfalls.csv.\n"
    )
    print("| check | recall (planted) | target | false flags on clean refs | target |")
    print("|---|---|---|---|---|")
    targets = {"term-missing": "≥ 0.90"}
    for code in (
        "cyrillic", "untranslated", "number", "term-forbidden", "term-missing", "pitfall",
        "punctuation", "quotes", "brackets", "inconsistent", "length", "alignment", "empty",
    ):  # fmt: skip
        got, n = rec.get(code, (0, 0))
        r = f"{got / n:.3f} ({got}/{n})" if n else "-"
        t = targets.get(code, "≥ 0.95") if n else ""
        print(f"| {code} | {r} | {t} | {flagged[code] / total:.2%} ({flagged[code]}) | ≤ 1% |")
    any_flag = sum(flagged.values())
    print(
        f"\nUntranslated plants whose transliteration is itself an English word (not counted): "
        f"{rec['_skipped_english'][0]}. Findings of any check on clean segments: {any_flag}.\n"
    )
    print(f"**Article** (corpora/kazakhstan-2022 with glossary/kazakhstan-2022.csv): "
          f"{hit} of {rows} term and untranslated rows of the MT error list flagged "
          f"({hit / rows:.0%}; target ≥ 90%).\n")  # fmt: skip
    print("```")
    print("\n".join(report))
    print("```\n")
    print(
        f"**Speed**, 10,000-entry review file (ten systems' MT), every check, both bundled "
        f"glossaries, whole process, best of {1 if args.quick else 3}:\n"
    )
    print("| tool | time | peak memory | entries flagged |")
    print("|---|---|---|---|")
    print(f"| sverka check | {sp['sverka']:.2f} s | {sp['sverka_mib']:.0f} MiB | "
          f"{sp['sverka_flagged']:.1%} ({sp['sverka_flagged_other']:.1%} without "
          f"inconsistent) |")  # fmt: skip
    print(f"| pofilter --excludefilter=isfuzzy | {sp['pofilter']:.2f} s | "
          f"{sp['pofilter_mib']:.0f} MiB | {sp['pofilter_flagged']:.1%} |")  # fmt: skip
    print(f"\nsverka is {sp['pofilter'] / sp['sverka']:.1f}× faster (target ≤ 1 s and ≥ 3×).")


if __name__ == "__main__":
    main()
