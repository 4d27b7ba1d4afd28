"""The English itself (issue 18, items 1 and 2): untranslated with the larger word list and the
shapes of scientific English, and the spelling and grammar checks.

- Clean WMT21 references (both, A and B): the share of sentences spelling or grammar flags,
  and untranslated's before (simplemma's table alone) and after.
- Planted misspellings in those references: one per sentence, in a lowercase word of four
  letters or more that no check already flags there: a common misspelling where the
  sentence has its word (recieve, seperate, occured, ...), else a swap of two inner letters,
  a dropped letter, a doubled letter or a vowel for another. A typo that makes another
  English word ("form" for "from") is no misspelling a dictionary can see: not planted,
  counted. Recall: the planted word is flagged by spelling; and how often the suggestion is
  the word it was.
- MLQE-PE "report" (bench/checks/mlqe.py; nothing here was tuned on it): per check, the
  share of findings that land on a word the post-editor changed, and the share of
  unchanged segments (HTER 0) flagged; untranslated before and after.
- Speed: ``sverka check`` of the 10,000-entry benchmark file (bench/out/checks/systems.po,
  made by run.py), whole process, best of three: the code before these checks (the
  commit given, from git archive), and now with and without spelling and grammar.
- The word list: its size in the venv, its load time from the cache and without it.

Prints a markdown block for bench/RESULTS.md.
Run: .venv/bin/python bench/checks/english.py [--base COMMIT] [--plants N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import mlqe
from run import OUT, REPO, glossaries, load_references

from sverka.checks import Checker, script
from sverka.model import Entry

SEED = 18
BASE = "084caf6"  # the branch point: before issue 18's English checks

# Common misspellings (Wikipedia's list of the commonest), right -> wrong.
COMMON = {
    "receive": "recieve", "separate": "seperate", "occurred": "occured",
    "definitely": "definately", "government": "goverment", "accommodate": "accomodate",
    "achieve": "acheive", "believe": "beleive", "beginning": "begining", "until": "untill",
    "tomorrow": "tommorow", "which": "wich", "their": "thier", "because": "becuase",
    "environment": "enviroment", "existence": "existance", "independent": "independant",
    "necessary": "neccessary", "occasion": "ocassion", "publicly": "publically",
    "recommend": "reccomend", "successful": "succesful", "weird": "wierd",
    "foreign": "foriegn", "friend": "freind", "business": "buisness", "really": "realy",
    "different": "diffrent", "responsibility": "responsability", "parliament": "parliment",
    "committee": "commitee", "address": "adress", "argument": "arguement",
    "immediately": "immediatly", "official": "offical", "especially": "especialy",
    "apparently": "apparantly", "calendar": "calender", "library": "libary",
    "february": "febuary", "received": "recieved",
    "believed": "beleived", "occurrence": "occurence", "persistent": "persistant",
}  # fmt: skip
_WORD = re.compile(r"\b[a-z]{4,}\b")


def misspell(word: str, rng: random.Random) -> str:
    """One typo: a swap of two inner letters, a drop, a double, or a vowel for another."""
    if word in COMMON and rng.random() < 0.8:
        return COMMON[word]
    kind = rng.choice(("swap", "drop", "double", "vowel"))
    i = rng.randrange(1, len(word) - 1)
    if kind == "swap" and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    vowels = [j for j, c in enumerate(word) if c in "aeiou" and j > 0]
    if not vowels:
        return word[:i] + word[i + 1 :]
    j = rng.choice(vowels)
    return word[:j] + rng.choice([v for v in "aeiou" if v != word[j]]) + word[j + 1 :]


def clean_flags(docs, codes: set[str]) -> tuple[int, Counter[str], list[str]]:
    checker = Checker(glossaries(), codes=codes)
    flagged: Counter[str] = Counter()
    examples = []
    total = 0
    for doc in docs:
        for e, found in zip(doc.entries, checker.document(doc.entries), strict=True):
            total += 1
            for code in {f.code for f in found}:
                flagged[code] += 1
            if {f.code for f in found} & {"spelling", "grammar"}:
                flagged["spelling+grammar"] += 1
            examples += [f"{f.code}\t{e.id}\t{f.message}\t{e.en}" for f in found]
    return total, flagged, examples


def planted(docs, limit: int) -> dict[str, int]:
    checker = Checker(glossaries())  # every check: plant only where none flags the word
    rng = random.Random(SEED)
    pool = [e for doc in docs for e in doc.entries]
    rng.shuffle(pool)
    out = Counter()
    misses = []
    for e in pool:
        if out["planted"] >= limit:
            break
        found = checker.entry(e)
        spans = [f.en_span for f in found if f.en_span]
        words = [
            m
            for m in _WORD.finditer(e.en)
            if m.start() > 0 and not any(s < m.end() and m.start() < t for s, t in spans)
        ]
        if not words:
            continue
        m = rng.choice(words)
        wrong = misspell(m.group(), rng)
        if wrong == m.group():
            continue
        if script.is_english(wrong):
            out["real_word"] += 1  # "form" for "from": no dictionary sees it
            continue
        en = e.en[: m.start()] + wrong + e.en[m.end() :]
        span = (m.start(), m.start() + len(wrong))
        on_word = [
            f
            for f in checker.entry(Entry(e.id, e.ru, e.mt, en))
            if f.en_span and f.en_span[0] < span[1] and span[0] < f.en_span[1]
        ]
        got = [f for f in on_word if f.code == "spelling"]
        out["planted"] += 1
        out["common"] += wrong == COMMON.get(m.group())
        if got:
            out["found"] += 1
            out["suggested_right"] += f"{m.group()}?" in got[0].message
        elif any(f.code == "untranslated" for f in on_word):
            out["untranslated"] += 1  # a typo that looks like the Russian word transliterated
        else:
            misses.append(f"{wrong}\t{m.group()}\t{en}")
    (OUT / "english-misses.tsv").write_text("\n".join(misses) + "\n", encoding="utf-8")
    return out


def mlqe_report(part: str, tag: str = "") -> dict[str, dict[str, float]]:
    segs = mlqe.segments(part)
    checker = Checker(glossaries(), codes={"untranslated", "spelling", "grammar"})
    clean = [s for s in segs if not s.changed]
    out: dict[str, dict[str, float]] = {}
    lines = []
    for s in segs:
        for f in checker.entry(Entry(str(s.index), s.ru, s.mt, s.mt)):
            d = out.setdefault(f.code, Counter())
            d["findings"] += 1
            if f.en_span and s.bad_words_in(*f.en_span):
                d["landed"] += 1
            if not s.changed:
                d.setdefault("clean_ids", set()).add(s.index)
            lines.append(f"{f.code}\t{s.index}\t{s.hter}\t{f.message}\t{s.mt}\t{s.pe}")
    (OUT / f"english-mlqe-{part}{tag}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for d in out.values():
        d["clean_flagged"] = len(d.pop("clean_ids", ())) / len(clean)
    out["_"] = {"segments": len(segs), "clean": len(clean)}
    return out


def as_before() -> None:
    """untranslated as it was: simplemma's table alone."""
    script.listed = lambda word: False
    script.scientific = lambda word, known=None: False
    script.is_english.cache_clear()


def speed(base: str, runs: int) -> dict[str, float]:
    po = OUT / "systems.po"
    if not po.exists():
        sys.exit(f"{po} is missing: run bench/checks/run.py --quick first")
    before = Path(tempfile.mkdtemp(prefix="sverka-before-"))
    archive = subprocess.run(
        ["git", "archive", base, "src", "glossary"], cwd=REPO, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(before)], input=archive, check=True)
    sverka = [str(Path(sys.executable).parent / "sverka"), "check", str(po), "-g",
              "kazakhstan-2022", "--format", "json", "--fail-on", "never"]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    cases = {
        "before": ({**env, "PYTHONPATH": str(before / "src")}, sverka),
        "now": (env, sverka),
        "now without spelling, grammar": (env, [*sverka, "--skip", "spelling,grammar"]),
    }
    measured: dict[str, float] = {}
    for _ in range(runs + 1):  # the first round warms the caches, untimed
        for name, (environ, cmd) in cases.items():
            result = OUT / "english.measure.json"
            subprocess.run(
                [sys.executable, str(REPO / "bench" / "align" / "measure.py"), str(result), *cmd],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environ, check=False,
            )  # fmt: skip
            if _ > 0:
                t = json.loads(result.read_text())["seconds"]
                measured[name] = min(measured.get(name, t), t)
    out = subprocess.run(sverka, capture_output=True, text=True, env=env, check=True).stdout
    found = json.loads(out)["findings"]
    for code in ("spelling", "grammar"):
        measured[code + "_entries"] = len({f["id"] for f in found if f["code"] == code})
    shutil.rmtree(before)
    return measured


def word_list() -> dict[str, float]:
    from importlib.resources import files

    pkg = Path(str(files("spellchecker")))
    size = sum(p.stat().st_size for p in pkg.rglob("*") if p.is_file())
    code = "from sverka import wordlist; import time; t = time.perf_counter(); wordlist.load(); "
    code += "print(time.perf_counter() - t)"
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        times = [
            float(subprocess.check_output([sys.executable, "-c", code], env=env, text=True))
            for _ in range(3)
        ]
        trie = sum(p.stat().st_size for p in Path(cache).rglob("words-*"))
    return {"package_mib": size / 2**20, "trie_kib": trie / 1024, "cold": times[0],
            "warm": min(times[1:])}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=BASE, help="the commit to time as 'before'")
    parser.add_argument("--plants", type=int, default=600)
    parser.add_argument("--part", default="report", choices=("tune", "report"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    docs = load_references()
    t0 = time.perf_counter()
    total, flags, examples = clean_flags(docs, {"spelling", "grammar", "untranslated"})
    (OUT / "english-false-flags.tsv").write_text("\n".join(examples) + "\n", encoding="utf-8")
    plants = planted(docs, args.plants)
    after = mlqe_report(args.part)
    wl = word_list()
    sp = speed(args.base, args.runs)
    t_quality = time.perf_counter() - t0
    as_before()
    _, flags_before, _ = clean_flags(docs, {"untranslated"})
    before = mlqe_report(args.part, tag="-before")

    print("## The English itself: untranslated, spelling, grammar (issue 18 items 1-2)\n")
    print(f"Reproduce: `.venv/bin/python bench/checks/english.py` ({t_quality:.0f} s). Clean: "
          f"{total:,} WMT21 reference sentences (A and B). MLQE-PE part: **{args.part}** "
          f"({after['_']['segments']:,} segments, {after['_']['clean']:,} "
          "with HTER 0).\n")  # fmt: skip
    print("| check | false flags, clean WMT21 refs | MLQE-PE findings | landing on a changed "
          "word | HTER-0 segments flagged |")  # fmt: skip
    print("|---|---|---|---|---|")
    rows = [("untranslated (before)", flags_before["untranslated"], before.get("untranslated"))]
    rows += [(c, flags[c], after.get(c)) for c in ("untranslated", "spelling", "grammar")]
    for name, flagged, m in rows:
        m = m or Counter()
        prec = f"{m['landed'] / m['findings']:.0%} ({m['landed']})" if m["findings"] else "-"
        print(f"| {name} | {flagged / total:.2%} ({flagged}) | {m['findings']} | {prec} | "
              f"{m.get('clean_flagged', 0):.2%} |")  # fmt: skip
    both = flags["spelling+grammar"]
    print(f"\nspelling + grammar on clean references: {both / total:.2%} ({both}) of sentences "
          "(target ≤ 2%).\n")  # fmt: skip
    n = plants["planted"]
    print(f"**Planted misspellings** (one per sentence, {n}; {plants['common']} from the "
          f"common list, the rest swaps, drops, doubles, vowels; {plants['real_word']} typos "
          f"that made another English word not planted): spelling recall "
          f"**{plants['found'] / n:.3f}** ({plants['found']}/{n}; target ≥ 0.9); with the "
          f"{plants['untranslated']} reported as untranslated instead (a typo of a cognate, "
          f"offical: «официальный»), {(plants['found'] + plants['untranslated']) / n:.3f} "
          f"flagged. The suggestion is the word it was for "
          f"{plants['suggested_right'] / n:.0%}.\n")  # fmt: skip
    print(f"**Word list**: pyspellchecker's English (MIT), {wl['package_mib']:.1f} MiB in the "
          f"venv (its 12 languages; English 0.6 MB), its trie in the user's cache "
          f"{wl['trie_kib']:.0f} KiB; loads in {wl['warm'] * 1000:.0f} ms from the cache, "
          f"{wl['cold']:.2f} s the first time (reading the JSON, making the trie).\n")  # fmt: skip
    print(
        f"**Speed**, `sverka check` of the 10,000-entry file (bench/out/checks/systems.po, "
        f"-g kazakhstan-2022, JSON), whole process, best of {args.runs}, same run:\n"
    )
    print("| code | time |")
    print("|---|---|")
    for name in ("before", "now", "now without spelling, grammar"):
        print(f"| {name} | {sp[name]:.2f} s |")
    print(f"\nEntries of the 10,000 flagged: spelling {sp['spelling_entries']}, grammar "
          f"{sp['grammar_entries']}.\n")  # fmt: skip


if __name__ == "__main__":
    main()
