"""Round trip through a real CAT tool: does OmegaT take the reviewer's corrections from
sverka's TMX export, and does no unreviewed raw MT get in? (issue 16, item 12)

Not part of `make test` (it installs a Debian package and runs Java). Steps:
1. installs Debian's `omegat` when missing (apt-get; needs root) and times it;
2. makes a review file of the bundled article with `sverka init`, marks a few entries
   reviewed with a corrected English (polib: the fuzzy flag cleared, msgstr changed; two of
   them are the article's repeated "Опубликовано …" and "Изменено …" lines, whose second
   copy stays unreviewed with its raw MT), exports TMX twice: the default (reviewed only) and
   --include-unreviewed;
3. for each TMX, a minimal OmegaT project (source ru, target en, sentence segmentation on;
   the Russian text in source/, the TMX in tm/auto/, whose exact matches OmegaT inserts as
   translations on load) run headless with `omegat --mode=console-translate`;
4. reports, per export, how many reviewed corrections are in OmegaT's target/ru.txt, how
   many raw MT of unreviewed entries got in, and the raw MT of the reviewed entries that got
   in instead of the correction; timings. Prints a markdown table and appends it to
   bench/RESULTS.md under "OmegaT reads the TMX export (issue 16)".

Run: .venv/bin/python bench/roundtrip/omegat.py   (add --no-append to only print)
"""

from __future__ import annotations

import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "corpora" / "kazakhstan-2022"
SVERKA = ROOT / ".venv" / "bin" / "sverka"
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## OmegaT reads the TMX export (issue 16)"

# msgctxt -> the reviewer's English. p001/p003 have a twin (p002/p004: the same Russian)
# left unreviewed, whose raw MT is what won in OmegaT in issue 16 item 12.
CORRECTIONS = {
    "p001.s01": "Published 12 January 2022, 09:11",
    "p003.s01": "Modified 25 December 2022, 20:55",
    "p005.s01": "In Kazakhstan the victors will punish the vanquished, and nothing will change",
    "p011.s01": "Incidentally, at first many residents sympathised with the protesters' wish to "
    "see the discredited government, which had lost people's trust, dismissed.",
    "p011.s02": "Many even joined the protest, believing it could push Kazakhstan towards "
    "political reform.",
}

TWIN_RAW = "Published 12 января 2022,, 09:11"  # p002.s01's raw MT, p001.s01's twin

PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>ru</source_lang>
    <target_lang>en</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneRussianTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def ensure_omegat() -> str:
    if shutil.which("omegat"):
        return "already installed"
    t = time.perf_counter()
    cmd = "apt-get update -qq && apt-get install -y -qq omegat"
    if os.geteuid() != 0:
        cmd = "sudo sh -c '" + cmd + "'"
    subprocess.run(cmd, shell=True, check=True, stdout=subprocess.DEVNULL)
    return f"installed by apt-get in {time.perf_counter() - t:.0f} s"


def omegat_version() -> str:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "omegat"], capture_output=True)
    return out.stdout.decode() or "?"


def make_review(work: Path) -> tuple[Path, list[polib.POEntry], float]:
    for name in ("ru.txt", "en.txt"):
        shutil.copy(ARTICLE / name, work / name)
    t = time.perf_counter()
    subprocess.run(
        [str(SVERKA), "init", "ru.txt", "en.txt"], cwd=work, check=True, capture_output=True
    )
    t_init = time.perf_counter() - t
    po_path = work / "en.review.po"
    po = polib.pofile(str(po_path), wrapwidth=0)
    found = set()
    for e in po:
        if e.msgctxt in CORRECTIONS:
            e.msgstr = CORRECTIONS[e.msgctxt]
            if "fuzzy" in e.flags:
                e.flags.remove("fuzzy")
            found.add(e.msgctxt)
    missing = set(CORRECTIONS) - found
    if missing:
        sys.exit(f"entries not in the review file: {sorted(missing)}")
    po.save(str(po_path))
    return po_path, list(po), t_init


def export(po_path: Path, out: Path, *extra: str) -> float:
    t = time.perf_counter()
    subprocess.run(
        [str(SVERKA), "export", str(po_path), "--format", "tmx", "-o", str(out), *extra],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - t


def run_omegat(work: Path, name: str, tmx: Path) -> tuple[Path, float, str]:
    proj = work / f"project-{name}"
    for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (proj / sub).mkdir(parents=True)
    (proj / "omegat.project").write_text(PROJECT, encoding="utf-8")
    shutil.copy(ARTICLE / "ru.txt", proj / "source" / "ru.txt")
    shutil.copy(tmx, proj / "tm" / "auto" / tmx.name)
    config = work / f"config-{name}"
    config.mkdir()
    env = dict(os.environ, JAVA_TOOL_OPTIONS="-Djava.awt.headless=true")
    cmd = [
        "omegat",
        "--mode=console-translate",
        f"--config-dir={config}",
        "--disable-project-locking",
        "--no-team",
        str(proj),
    ]
    t = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - t
    log = done.stdout + done.stderr
    (work / f"omegat-{name}.log").write_text(log, encoding="utf-8")
    target = proj / "target" / "ru.txt"
    if done.returncode != 0 or not target.exists():
        sys.exit(
            f"omegat failed (exit {done.returncode}) on {name}; target/ru.txt "
            f"{'exists' if target.exists() else 'missing'}. Output:\n{log[-3000:]}"
        )
    return target, elapsed, log


def tally(target: Path, entries: list[polib.POEntry]) -> dict[str, object]:
    text = target.read_text(encoding="utf-8")
    reviewed = [e for e in entries if e.msgid and "fuzzy" not in e.flags]
    unreviewed = [e for e in entries if e.msgid and "fuzzy" in e.flags]
    corrections = {e.msgstr for e in reviewed}
    # a raw MT that is the Russian itself (dates, names) or a correction cannot be told apart
    raw = {
        e.msgstr
        for e in unreviewed
        if e.msgstr.strip() and e.msgstr != e.msgid and e.msgstr not in corrections
    }
    raw_in = sorted(m for m in raw if m in text)
    reviewed_mt = {
        (e.comment or "").split("mt: ", 1)[-1].splitlines()[0]
        for e in reviewed
        if (e.comment or "").startswith("mt: ")
    }
    reviewed_mt_in = sorted(m for m in reviewed_mt if m in text and m not in corrections)
    # every occurrence of a reviewed Russian in the source should read as the correction
    occurrences = sum(
        (ARTICLE / "ru.txt").read_text(encoding="utf-8").count(e.msgid) for e in reviewed
    )
    got = sum(text.count(c) for c in corrections)
    return {
        "twin_raw_won": TWIN_RAW in text,
        "corrections": f"{got} of {occurrences}",
        "ok": got == occurrences,
        "raw_in": raw_in,
        "reviewed_mt_in": reviewed_mt_in,
        "units_raw": len(raw),
    }


def main() -> None:
    append = "--no-append" not in sys.argv[1:]
    install = ensure_omegat()
    version = omegat_version()
    rows = []
    with tempfile.TemporaryDirectory(prefix="sverka-omegat-") as tmp:
        work = Path(tmp)
        po_path, entries, t_init = make_review(work)
        results = {}
        for name, extra in (("default", ()), ("include-unreviewed", ("--include-unreviewed",))):
            tmx = work / f"{name}.tmx"
            t_export = export(po_path, tmx, *extra)
            units = tmx.read_text(encoding="utf-8").count("<tu ")
            target, t_omegat, _log = run_omegat(work, name, tmx)
            r = tally(target, entries)
            results[name] = r
            if os.environ.get("KEEP"):
                shutil.copytree(work, Path(os.environ["KEEP"]), dirs_exist_ok=True)
            rows.append(
                f"| `{name}` | {units} | {r['corrections']} | {len(r['raw_in'])} | "
                f"{len(r['reviewed_mt_in'])} | {t_export:.2f} s | {t_omegat:.1f} s |"
            )
    reviewed = sum(1 for e in entries if e.msgid and "fuzzy" not in e.flags)
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    machine = (
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"Linux {platform.release()}, OmegaT {version} (Debian), "
        + subprocess.run(["java", "-version"], capture_output=True, text=True)
        .stderr.splitlines()[0]
        .strip()
    )
    lines = [
        SECTION,
        "",
        f"Machine: {machine}; commit {commit}; {now}. Reproduce: "
        "`.venv/bin/python bench/roundtrip/omegat.py` (not in `make test`/`make bench`). "
        f"OmegaT: {install}.",
        "",
        f"The bundled article's review file ({len(entries)} entries, `sverka init` "
        f"{t_init:.2f} s), {reviewed} entries reviewed with a corrected English, two of them "
        "the first of a repeated Russian line whose twin stays unreviewed with its raw MT "
        '("Published 12 января 2022,, 09:11", issue 16 item 12). Each TMX export is put in '
        "tm/auto/ of a minimal OmegaT project (ru → en, sentence segmentation on), run by "
        "`omegat --mode=console-translate`; target/ru.txt is then searched for the strings.",
        "",
        "| export | units | corrections in OmegaT's output (occurrences) | unreviewed raw MT "
        "in it | reviewed entries' raw MT in it | export time | OmegaT time |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
    ]
    for name, r in results.items():
        verdict = "the correction" if not r["twin_raw_won"] else f"the raw «{TWIN_RAW}»"
        lines.append(f"- `{name}`: OmegaT's output has {verdict} on both «Опубликовано …» lines.")
        if r["twin_raw_won"]:
            lines.append(
                "  OmegaT ignores the x-sverka-state prop and inserts every unit; of two units "
                "with the same Russian, the later one (the unreviewed twin's) won."
            )
        if r["raw_in"] or r["reviewed_mt_in"]:
            shown = [*r["raw_in"][:2], *r["reviewed_mt_in"][:2]]
            lines.append(
                f"- `{name}`: raw MT in OmegaT's output, e.g. "
                + "; ".join(f"«{s[:50]}…»" for s in shown)
            )
    lines.append("")
    table = "\n".join(lines)
    print(table)
    if append:
        with RESULTS.open("a", encoding="utf-8") as f:
            f.write("\n" + table)


if __name__ == "__main__":
    main()
