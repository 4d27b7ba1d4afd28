"""Time out of proportion to the input: every reader and check at size n and 2n.

Issue 15 found five paths that took a minute on a file of a few megabytes (a Cyrillic letter
before 99,000 Latin ones, 40,000 numbers on a line, thousands of names in one bead, a msgstr
over 160,000 lines, 20,000 obsolete entries under one id). This runs each reader and each
check on hostile shapes of input (long lines, many numbers, many names, many continuation
lines, many duplicates, long runs of one character, deep nesting, many glossary entries
matching one sentence...) at a size n where it takes a measurable time, then at 2n, and
reports the ratio of the two times (best of 3 each). Linear work gives about 2; the guard is
2.3. A ratio over it is printed as FAIL and the exit status is 1.

Run: .venv/bin/python bench/reliability/adversarial.py [--only SUBSTRING] [--min-time 0.2]
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sverka.checks import Checker, control, document, figures, numbers, script, terms, typography
from sverka.checks.registry import CheckContext, Given
from sverka.checks.termindex import TermIndex
from sverka.glossary import Glossary, GlossaryEntry
from sverka.model import Entry

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 2.3
RUNS = 3
MAX_N = 1 << 24

Work = Callable[[], object]


@dataclass(frozen=True)
class Case:
    what: str  # the reader or check
    shape: str  # the hostile input
    build: Callable[[int], Work]  # n -> the work to time (input made outside the timing)
    n0: int  # the smallest n to try


CASES: list[Case] = []
TMP = Path(tempfile.mkdtemp(prefix="sverka-adversarial-"))
atexit.register(shutil.rmtree, TMP, True)  # inputs of tens of megabytes


def case(what: str, shape: str, n0: int) -> Callable[[Callable[[int], Work]], Callable]:
    def add(build: Callable[[int], Work]) -> Callable[[int], Work]:
        CASES.append(Case(what, shape, build, n0))
        return build

    return add


def write(name: str, data: str | bytes) -> Path:
    path = TMP / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def entry(ru: str, en: str) -> Entry:
    return Entry("p001.s01", ru, en, en)


def fresh(text: str) -> str:
    """The same text as a new object: the word and name caches key on the string."""
    return "".join(list(text))


def words_ru(n: int, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    return [
        "".join(rnd.choice("бвгдклмнпрстх") + rnd.choice("аеиоу") for _ in range(4))
        for _ in range(n)
    ]


def words_en(n: int, seed: int = 2) -> list[str]:
    rnd = random.Random(seed)
    return [
        "".join(rnd.choice("bcdfgklmnprstvz") + rnd.choice("aeiou") for _ in range(4))
        for _ in range(n)
    ]


def cleared(fn: Callable[[], object]) -> Work:
    """Each run starts cold: the per-sentence caches would make the second run free."""

    def run() -> object:
        from sverka import morph

        for cached in (
            morph.words, morph.en_keys, morph.en_lemma, figures._names_in, figures._norm,
            figures._skeleton, script._ru_keys, script.sound_key, script.is_english,
            script._is_name,
        ):  # fmt: skip
            getattr(cached, "cache_clear", lambda: None)()  # a warm cache helps n, not 2n
        return fn()

    return run


# -- checks ---------------------------------------------------------------------------------


@case("cyrillic", "'я ' then n Latin letters (issue 15: 63 s at 99,000)", 20_000)
def _(n: int) -> Work:
    e = entry("я", "я " + "a" * n)
    return lambda: list(script.cyrillic(CheckContext(e)))


@case("cyrillic", "n words, each with a hidden Cyrillic letter", 2_000)
def _(n: int) -> Work:
    e = entry("Казахстан", " ".join(["Кazakhstan", "and"] * n))
    return lambda: list(script.cyrillic(CheckContext(e)))


@case("cyrillic", "one run of n Cyrillic letters and separators", 20_000)
def _(n: int) -> Work:
    e = entry("я", "я," * n + "x" * n)
    return lambda: list(script.cyrillic(CheckContext(e)))


@case("untranslated", "n unknown Latin words against n Russian words", 200)
def _(n: int) -> Work:
    e = entry(" ".join(words_ru(n)), " ".join(words_en(n)))
    return cleared(lambda: list(script.untranslated(CheckContext(e))))


@case("untranslated", "one transliteration repeated n times", 2_000)
def _(n: int) -> Work:
    e = entry("там титушки " * 3, "there titushki " * n)
    return cleared(lambda: list(script.untranslated(CheckContext(e))))


@case("untranslated", "a run of n letters", 20_000)
def _(n: int) -> Work:
    e = entry("слово " * 10, "q" * n)
    return cleared(lambda: list(script.untranslated(CheckContext(e))))


@case("number", "n different numbers on each side (issue 15: 34 s at 40,000)", 2_000)
def _(n: int) -> Work:
    e = entry(" ".join(str(i) for i in range(n)), " ".join(str(i + n) for i in range(n)))
    return lambda: list(numbers.number(CheckContext(e)))


@case("number", "n equal numbers on each side, one missing", 2_000)
def _(n: int) -> Work:
    e = entry("5 " * n, "5 " * (n - 1))
    return lambda: list(numbers.number(CheckContext(e)))


@case("number", "n grouped thousands in one number", 2_000)
def _(n: int) -> Work:
    e = entry("1" + " 000" * n + "0", "1" + ",000" * n + "1")
    return lambda: list(numbers.number(CheckContext(e)))


@case("number", "n number words with 'and a half'", 1_000)
def _(n: int) -> Work:
    e = entry("7 " + "пять с половиной " * n, "8 " + "five and a half " * n)
    return cleared(lambda: list(numbers.number(CheckContext(e))))


@case("number", "a run of n digits", 20_000)
def _(n: int) -> Work:
    e = entry("1" * n, "2" * n)
    return lambda: list(numbers.number(CheckContext(e)))


@case("punctuation", "n doubled marks and double spaces", 2_000)
def _(n: int) -> Work:
    e = entry("Раз, два.", "one,,  two ;; " * n)
    return lambda: list(typography.punctuation(CheckContext(e)))


@case("punctuation", "a run of n spaces or full stops", 20_000)
def _(n: int) -> Work:
    e = entry("Раз.", "a" + " " * n + "b" + "." * n)
    return lambda: list(typography.punctuation(CheckContext(e)))


@case("control", "n escape sequences, C1 controls and bidi marks in one bead", 2_000)
def _(n: int) -> Work:
    e = entry("Раз.", "one \x1b]52;c;aGk=\x1b\\ \x9b2J \u202e two " * n)
    return lambda: list(control.control(CheckContext(e)))


@case("control", "a run of n ESC characters", 20_000)
def _(n: int) -> Work:
    e = entry("Раз.", "a" + "\x1b" * n + "b")
    return lambda: list(control.control(CheckContext(e)))


@case("quotes, brackets", "n unbalanced quotes and brackets", 20_000)
def _(n: int) -> Work:
    ctx = CheckContext(entry("«Раз» (два)", '"«(“' * n))
    return lambda: (list(typography.quotes(ctx)), list(typography.brackets(ctx)))


def _names_bead(n: int) -> tuple[str, str, str]:
    from sverka.morph import transliterate

    ru = [w.capitalize() for w in words_ru(n, 7)]
    en = [transliterate(w).capitalize() for w in ru]
    odd = [w[:-1] + "y" for w in en]
    return "Он видел " + " ".join(ru), "He saw " + " ".join(en), "He saw " + " ".join(odd)


@case("inconsistent", "n capitalised names in one bead, spelled two ways (issue 15)", 500)
def _(n: int) -> Work:
    ru, en, odd = _names_bead(n)
    entries = [entry(ru, en), entry(fresh(ru), odd)]

    def run() -> object:
        given = Given(stats=figures.DocumentStats.of(entries))
        return [list(document.inconsistent(CheckContext(e, given))) for e in entries]

    return cleared(run)


@case("inconsistent", "n beads with the same Russian, all different English", 2_000)
def _(n: int) -> Work:
    entries = [
        Entry(f"p{i}.s1", "Это одно и то же предложение.", f"Version {i}.", f"Version {i}.")
        for i in range(n)
    ]

    def run() -> object:
        given = Given(stats=figures.DocumentStats.of(entries))
        return [list(document.inconsistent(CheckContext(e, given))) for e in entries]

    return cleared(run)


@case("length, alignment, empty", "n beads, one of them n words long", 1_000)
def _(n: int) -> Work:
    entries = [
        Entry(f"p{i}.s1", "слово " * 10, "", "word " * (i % 7), confidence=0.3) for i in range(n)
    ]
    entries.append(Entry("p0.s2", "слово " * n, "word " * n, "word " * n))

    def run() -> object:
        given = Given(stats=figures.DocumentStats.of(entries))
        return [
            list(document.length(CheckContext(e, given)))
            + list(document.alignment(CheckContext(e)))
            + list(document.empty(CheckContext(e)))
            for e in entries
        ]

    return cleared(run)


def _glossary(entries: list[GlossaryEntry], kind: str = "terms") -> Glossary:
    return Glossary(path=None, entries=tuple(entries), kind=kind)  # type: ignore[arg-type]


@case("term-forbidden, term-missing", "n glossary terms all in one sentence", 200)
def _(n: int) -> Work:
    ru = words_ru(n, 11)
    en = words_en(n, 12)
    glossary = _glossary(
        [GlossaryEntry(r, (e,), forbidden=(e + "x",)) for r, e in zip(ru, en, strict=True)]
    )
    given = Given(TermIndex([glossary]))
    e = entry(" ".join(ru), " ".join(w + "x" for w in en))
    return cleared(lambda: list(terms.glossary(CheckContext(e, given))))


@case("term-forbidden", "one term n times, approved and forbidden renderings n times", 500)
def _(n: int) -> Work:
    glossary = _glossary([GlossaryEntry("договор", ("contract",), forbidden=("agreement",))])
    given = Given(TermIndex([glossary]))
    e = entry("договор " * n, "contract agreement " * n)
    return cleared(lambda: list(terms.glossary(CheckContext(e, given))))


@case("every check (Checker.entry)", "a bead of n words of every kind", 200)
def _(n: int) -> Work:
    glossary = _glossary([GlossaryEntry("договор", ("contract",), forbidden=("agreement",))])
    checker = Checker([glossary])
    checker.load()
    ru = " ".join(f"Договор {i} «титушки» (Токаев) я," for i in range(n))
    en = " ".join(f'Agreement {i + 1} "titushki (Tokaev я,,' for i in range(n))
    e = entry(ru, en)
    checker.prepare([e, entry(fresh(ru), en.replace("Tokaev", "Tokayev"))])
    return cleared(lambda: checker.entry(e))


# -- readers --------------------------------------------------------------------------------


def _po(body: str) -> bytes:
    head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    return (head + body).encode("utf-8")


@case("PO reader", "one msgstr over n continuation lines (issue 15: 59 s at 160,000)", 20_000)
def _(n: int) -> Work:
    from sverka.io.po import parse_po

    data = _po(
        'msgctxt "p1.s1"\nmsgid "Я"\nmsgstr ""\n'
        + '"English words, fifty characters or so, here."\n' * n
    )
    return lambda: parse_po(data)


@case("PO reader", "a '#. mt:' comment wrapped over n lines", 20_000)
def _(n: int) -> Work:
    from sverka.io.po import parse_po

    body = ("abcdefg " * 10)[:71] + "wxyz"  # 75 characters: a full line, as polib wraps
    data = _po(
        "#. mt: "
        + body[4:]
        + "\n"
        + ("#. " + body + "\n") * n
        + 'msgctxt "p1.s1"\nmsgid "Я"\nmsgstr "x"\n'
    )
    return lambda: parse_po(data)


@case("PO reader", "n entries", 5_000)
def _(n: int) -> Work:
    from sverka.io.po import parse_po

    data = _po(
        "".join(
            f'#, fuzzy\nmsgctxt "p{i}.s1"\nmsgid "Слово {i}"\nmsgstr "Word {i}"\n\n'
            for i in range(n)
        )
    )
    return lambda: parse_po(data)


@case("PO reader", "n obsolete entries under one msgctxt and msgid", 5_000)
def _(n: int) -> Work:
    from sverka.io.po import parse_po

    data = _po(
        'msgctxt "p1.s1"\nmsgid "Я"\nmsgstr "I"\n\n'
        + '#~ msgctxt "p1.s1"\n#~ msgid "Старое"\n#~ msgstr "Old"\n\n' * n
    )
    return lambda: parse_po(data)


@case("PO reader", "n escapes, n comment lines, n references in one entry", 20_000)
def _(n: int) -> Work:
    from sverka.io.po import parse_po

    data = _po(
        "# note\n" * n
        + "#: ru.txt:1 " * n
        + '\n#, fuzzy\nmsgctxt "p1.s1"\nmsgid "Я"\nmsgstr "'
        + '\\t\\"\\n\\x41\\101' * n
        + '"\n'
    )
    return lambda: parse_po(data)


def _update_case(n: int, obsolete: bool) -> Work:
    from sverka.io.po import render_po
    from sverka.reviewfile import create, update

    folder = TMP / f"update-{n}-{obsolete}"
    folder.mkdir(exist_ok=True)
    ru = write(f"update-{n}-{obsolete}/ru.txt", "Привет, мир. Это тест.\n")
    en = write(f"update-{n}-{obsolete}/en.txt", "Hello, world. This is a test.\n")
    po = folder / "en.review.po"
    text = render_po(create(ru, en, po), revision_date="2026-01-01 00:00+0000")
    if obsolete:  # issue 15: 20,000 obsolete entries under one msgctxt and msgid, 41 s
        text += '\n#~ msgctxt "p1.s1"\n#~ msgid "Старое"\n#~ msgstr "Old"\n' * n
    else:  # n reviewed entries of one Russian sentence that is gone: all made obsolete
        text += "".join(
            f'\nmsgctxt "p9.s{i}"\nmsgid "Старое"\nmsgstr "Old {i}"\n' for i in range(n)
        )
    po.write_text(text, encoding="utf-8")
    return lambda: update(po)


@case("update", "n obsolete entries under one msgctxt and msgid (issue 15: 41 s at 20,000)", 2_000)
def _(n: int) -> Work:
    return _update_case(n, True)


@case("update", "n reviewed entries of one Russian sentence, made obsolete", 2_000)
def _(n: int) -> Work:
    return _update_case(n, False)


@case("text reader", "n lines of a run of one letter", 200)
def _(n: int) -> Work:
    from sverka.io.text import read_text

    path = write(f"text-{n}.txt", ("я" * 500 + "\n") * n)
    return lambda: read_text(path)


@case("text reader", "n blank lines and n one-word paragraphs", 20_000)
def _(n: int) -> Work:
    from sverka.io.text import read_text

    path = write(f"blank-{n}.txt", "Слово.\n\n \n" * n)
    return lambda: read_text(path)


@case("text reader", "one line past the cap (refused)", 200_000)
def _(n: int) -> Work:
    from sverka.errors import SverkaError
    from sverka.io.text import read_text

    path = write(f"long-{n}.txt", "Слово " * n)

    def run() -> object:
        try:
            return read_text(path)
        except SverkaError as err:
            return err

    return run


def _split_case(lang: str, text: str) -> Work:
    from sverka.io.text import split_paragraphs
    from sverka.model import Document
    from sverka.segment import split

    doc = Document(None, text, "utf-8", split_paragraphs(text))
    return lambda: split(doc, lang)  # type: ignore[arg-type]


@case("sentence splitter (ru)", "n short sentences in one paragraph", 500)
def _(n: int) -> Work:
    return _split_case("ru", "Он пришёл. Она ушла. " * n)


@case("sentence splitter (en)", "n short sentences in one paragraph", 500)
def _(n: int) -> Work:
    return _split_case("en", "He came. She left. " * n)


@case("sentence splitter (ru)", "n quoted sentences in one paragraph", 200)
def _(n: int) -> Work:
    return _split_case("ru", "«Он пришёл. Мы победим», — сказал он. " * n)


@case("sentence splitter (en)", "n quoted sentences and openers in one paragraph", 200)
def _(n: int) -> Work:
    return _split_case("en", '"We came. We will win!" they shouted at 5 p.m. He left. ' * n)


@case("sentence splitter (en)", "a run of n letters with no stop", 5_000)
def _(n: int) -> Work:
    return _split_case("en", "a" * n)


@case("sentence splitter (ru)", "n lines in one paragraph (headers)", 500)
def _(n: int) -> Work:
    return _split_case("ru", "Заголовок\n" * n)


@case("glossary CSV", "n rows", 2_000)
def _(n: int) -> Work:
    from sverka.io.glossary import read_glossary

    path = write(
        f"g-{n}.csv",
        "ru,en,forbidden,note\n" + "".join(f"слово{i},word{i},bad{i},note\n" for i in range(n)),
    )
    return lambda: read_glossary(path)


@case("glossary CSV", "n rows of alternatives, one note of n characters", 2_000)
def _(n: int) -> Work:
    from sverka.io.glossary import read_glossary

    rows = "".join(f"слово{i},w{i}|v{i}|u{i}|t{i},\n" for i in range(n))
    note = "слово,word," + "x" * min(n, 100_000) + "\n"  # a cell holds 131,072 at most
    path = write(f"alt-{n}.csv", "ru,en,note\n" + rows + note)
    return lambda: read_glossary(path)


@case("glossary OmegaT", "n lines of one source term, each with its own comment", 2_000)
def _(n: int) -> Work:
    from sverka.io.glossary import read_glossary

    path = write(f"o-{n}.txt", "".join(f"слово\tword{i}\tcomment {i}\n" for i in range(n)))
    return lambda: read_glossary(path)


@case("glossary TBX", "n concepts", 1_000)
def _(n: int) -> Work:
    from sverka.io.glossary import read_glossary

    concept = (
        '<termEntry><langSet xml:lang="ru"><tig><term>слово{i}</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>word{i}</term></tig></langSet></termEntry>'
    )
    body = "".join(concept.format(i=i) for i in range(n))
    path = write(
        f"t-{n}.tbx", f'<?xml version="1.0"?><martif><text><body>{body}</body></text></martif>'
    )
    return lambda: read_glossary(path)


@case("glossary TBX", "notes nested n deep (refused past the parser's depth)", 20_000)
def _(n: int) -> Work:
    from sverka.errors import SverkaError
    from sverka.io.glossary import read_glossary

    body = "<note>" * n + "x" + "</note>" * n
    path = write(
        f"deep-{n}.tbx",
        '<?xml version="1.0"?><martif><text><body>'
        f"<termEntry>{body}</termEntry></body></text></martif>",
    )

    def run() -> object:
        try:
            return read_glossary(path)
        except SverkaError as err:
            return err

    return run


@case("glossary lint", "n duplicate terms, each with repeated renderings", 2_000)
def _(n: int) -> Work:
    from sverka.glossary import lint

    glossary = _glossary(
        [
            GlossaryEntry("слово", ("word", "word ", "word"), forbidden=("word",), line=i)
            for i in range(n)
        ]
    )
    return lambda: lint(glossary)


def _wmt(n_docs: int, segs: int, seg_text: str) -> str:
    docs = []
    for d in range(n_docs):
        src = "".join(f'<seg id="{i}">Слово {seg_text}</seg>' for i in range(1, segs + 1))
        ref = "".join(f'<seg id="{i}">Word {seg_text}</seg>' for i in range(1, segs + 1))
        docs.append(
            f'<doc id="d{d}"><src lang="ru"><p>{src}</p></src>'
            f'<ref lang="en" translator="A"><p>{ref}</p></ref>'
            f'<hyp system="S" lang="en"><p>{ref}</p></hyp></doc>'
        )
    return (
        f'<?xml version="1.0"?><dataset id="t"><collection>{"".join(docs)}</collection></dataset>'
    )


@case("WMT XML", "n documents of 10 segments", 200)
def _(n: int) -> Work:
    from sverka.io.wmt import read_wmt

    path = write(f"w-{n}.xml", _wmt(n, 10, "x"))
    return lambda: read_wmt(path)


@case("WMT XML", "one segment of n words", 20_000)
def _(n: int) -> Work:
    from sverka.io.wmt import read_wmt

    path = write(f"wl-{n}.xml", _wmt(1, 1, "слово  " * n))
    return lambda: read_wmt(path)


@case("score inputs (references, systems)", "n lines, and one line of n words", 20_000)
def _(n: int) -> Work:
    from sverka.score import read_lines

    path = write(f"lines-{n}.txt", "A line of words.\n" * n + "word " * n + "\n")
    return lambda: read_lines(path)


@case("word diff (score, app)", "n words with every other one changed", 500)
def _(n: int) -> Work:
    from sverka.diff import edit_counts

    old = " ".join(f"w{i}" for i in range(n))
    new = " ".join(f"w{i}" if i % 2 else f"v{i}" for i in range(n))
    return lambda: edit_counts(old, new)


@case("TER (score)", "n words, one shifted block per 10", 400)
def _(n: int) -> Work:
    from sverka.ter import ter_stats

    ref = [f"w{i}" for i in range(n)]
    hyp = [w for k in range(0, n, 10) for w in (ref[k + 5 : k + 10] + ref[k : k + 5])]
    return lambda: ter_stats([hyp], [ref])


@case("aligner", "n sentences a side", 500)
def _(n: int) -> Work:
    from sverka.align import align
    from sverka.model import Segment

    ru = [Segment(f"Предложение номер {i} о чём-то.", 0, 0, i // 10, i + 1) for i in range(n)]
    en = [Segment(f"Sentence number {i} about something.", 0, 0, i // 10, i + 1) for i in range(n)]
    return lambda: align(ru, en)


# -- measuring ------------------------------------------------------------------------------


def best_of(work: Work, runs: int = RUNS) -> float:
    """The best time of ``runs`` runs; an input refused (one line, exit 2) is timed too."""
    from sverka.errors import SverkaError

    times = []
    for _ in range(runs):
        gc.collect()
        start = time.process_time()
        with contextlib.suppress(SverkaError):
            work()
        times.append(time.process_time() - start)
    return min(times)


def measure(c: Case, min_time: float) -> tuple[int, float, float]:
    """(n, time at n, time at 2n): n doubled until one run takes min_time; then n and 2n
    alternately (a busy machine slows both alike), the best of RUNS each."""
    n = c.n0
    best_of(c.build(n), 1)  # warm up: the dictionaries load on first use
    while True:
        work = c.build(n)
        best_of(work, 1)  # warm: a first run pays for loading the dictionaries' entries
        t = best_of(work, 1)
        if t >= min_time or n >= MAX_N:
            break
        n *= 2 if t >= min_time / 4 else 4
    small, large = c.build(n), c.build(2 * n)
    t1 = t2 = float("inf")
    for _ in range(RUNS):
        t1 = min(t1, best_of(small, 1))
        t2 = min(t2, best_of(large, 1))
    return n, t1, t2


def cpu_name() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
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
    return (out.stdout.strip() or "?") + (
        " plus uncommitted changes" if dirty.stdout.strip() else ""
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run the cases whose name holds this")
    parser.add_argument("--min-time", type=float, default=0.2, help="seconds one run at n takes")
    parser.add_argument("--case", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case is not None:  # one case, in this process: the parent reads this line
        print(json.dumps(measure(CASES[args.case], args.min_time)))
        return
    chosen = [k for k, c in enumerate(CASES) if args.only.lower() in f"{c.what} {c.shape}".lower()]
    started = time.perf_counter()
    rows, failed = [], 0
    for k in chosen:
        c = CASES[k]
        # A process per case: what one case leaves in memory (caches, a grown heap) must not
        # weigh on the next one's larger run.
        done = subprocess.run(
            [sys.executable, __file__, "--case", str(k), "--min-time", str(args.min_time)],
            capture_output=True,
            text=True,
            check=True,
        )
        n, t1, t2 = json.loads(done.stdout.splitlines()[-1])
        ratio = t2 / t1 if t1 > 0 else float("inf")
        ok = ratio <= LIMIT
        failed += not ok
        verdict = "ok" if ok else "FAIL"
        rows.append(
            f"| {c.what} | {c.shape} | {n:,} | {t1:.3f} s | {t2:.3f} s | {ratio:.2f} | {verdict} |"
        )
        print(rows[-1], file=sys.stderr, flush=True)
    wall = time.perf_counter() - started
    load = os.getloadavg()[0]
    print("## Linear time on hostile input\n")
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(
        f"Machine: {os.cpu_count()} CPUs ({cpu_name()}), Python {platform.python_version()}, "
        f"Linux {platform.release()}; commit {commit()}; {when}; load average {load:.1f} at "
        "the end. Reproduce: `.venv/bin/python bench/reliability/adversarial.py`. Each case in "
        "one process, its input made outside the timing; n doubled from a small size until one "
        f"run takes {args.min_time} s, then n and 2n timed in turn, best of {RUNS} each, in CPU "
        "time of the process (the machine is shared: wall time moved with others' load). "
        f"Guard: 2n/n ≤ {LIMIT}.\n"
    )
    print("| reader or check | hostile input | n | time at n | time at 2n | 2n/n | |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print(f"\n{len(rows)} cases, {len(rows) - failed} within the guard; whole run {wall:.0f} s.")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
