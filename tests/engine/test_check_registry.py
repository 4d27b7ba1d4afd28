"""The check registry and the findings agree (issue 17).

Every check runs over real inputs (the bundled article and the WMT21 sample, aligned, with
the article's glossary and the pitfalls list) and over a few beads written by hand for what
real text rarely holds (an escape sequence, a bead with no English). Every finding must
carry a registered code and a severity its row allows, and every row, with each severity
it allows, must be reached by some input. Adding a check is one function and one row."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from sverka.align import align
from sverka.checks import CHECKS, MAX_WORD_CHECK_CHARS, Check, CheckContext, Checker
from sverka.checks.registry import finding
from sverka.io.glossary import read_glossary
from sverka.model import Entry, Finding
from sverka.review import ReviewDoc
from sverka.reviewfile import load_pair

REPO = Path(__file__).resolve().parents[2]

# Findings the registry does not own, each with its reason: none of a check's own.
# The runner's note that a bead is too long for the word-by-word checks is a warning under
# "length" (or the first code selected, so that --checks keeps it), whatever that code's
# severity: it is about the check, not about the text.
RUNNERS_NOTE = ("warning", ":too-long")
# Rows no input here reaches, each with its reason: none.
UNREACHED: dict[str, str] = {}


def _corpus(name: str) -> list[Entry]:
    _, ru, _, en = load_pair(REPO / "corpora" / name / "ru.txt", REPO / "corpora" / name / "en.txt")
    return list(ReviewDoc.from_beads(ru, en, align(ru, en)).entries)


def _by_hand() -> list[Entry]:
    """A bead for each finding real text seldom gives, written from what each check is for."""

    def word(i: int, letters: str) -> str:  # the i-th of len(letters) ** 3 made-up words
        return "".join(letters[i // len(letters) ** j % len(letters)] for j in range(3))

    long_ru = " ".join("слово" + word(i, "абвгдежзиклмнопрстуфх") for i in range(400))
    long_en = " ".join("zlorp" + word(i, "bcdfgklmnprstvz") for i in range(400))
    rows = [
        ("Силовики задержали людей на площади.", "The siloviki detained people in the square."),
        (long_ru, long_en),  # too many unknown words to compare: untranslated says so (info)
        ("Он сказал «нет» и ушёл.", 'He said "no and left.'),
        ("Власти (местные) молчали.", "The authorities (local were silent."),
        ("Он ушёл домой.", "He went \x1b[31mhome."),  # an escape sequence: an error
        ("Он ушёл домой.", "He went\u202e home."),  # a bidi override: a warning
        (
            "Он ушёл домой вечером после долгого рабочего дня в офисе.",
            "He went home in the evening after a long working day at the office. " * 6,
        ),
        ("слово " * (MAX_WORD_CHECK_CHARS // 5), "word " * (MAX_WORD_CHECK_CHARS // 4)),
        # issue 18 item 4: a negation the MT dropped (omission), a name it added (addition)
        ("Правительство не одобрило закон.", "The government approved the law."),
        ("Совещание провёл губернатор.", "The meeting was chaired by Governor Degtyarev."),
        # issue 18: the English itself (the long bead above is spelling's info: too many)
        ("Он получил это соглашение.", "He did recieve a agreement."),
    ]
    out = [Entry(f"p900.s{i:02}", ru, en, en) for i, (ru, en) in enumerate(rows, 1)]
    out.append(Entry("p901.s01", "", "A sentence the MT added.", "A sentence the MT added."))
    out.append(Entry("p902.s01", "Он ушёл.", "He left.", ""))
    return out


@cache
def _documents() -> tuple[tuple[Entry, ...], ...]:
    article = _corpus("kazakhstan-2022")
    # the hand-made beads inside the article: its length ratios are the document's own
    return (tuple(article + _by_hand()), tuple(_corpus("wmt21")))


@cache
def _checker() -> Checker:
    return Checker(
        [
            read_glossary(REPO / "glossary" / "kazakhstan-2022.csv"),
            read_glossary(REPO / "glossary" / "ru-en-mt-pitfalls.csv", kind="pitfalls"),
        ],
        frozenset(CHECKS),  # the opt-in checks too
    )


@cache
def _findings() -> tuple[Finding, ...]:
    checker = _checker()
    return tuple(f for doc in _documents() for fs in checker.document(doc) for f in fs)


def _runners_note(f: Finding) -> bool:
    return (f.severity, f.key[f.key.find(":") :]) == RUNNERS_NOTE


def test_every_finding_has_a_registered_code_and_a_severity_its_row_allows():
    found = _findings()
    assert found
    for f in found:
        assert f.code in CHECKS, f
        if not _runners_note(f):
            assert f.severity in CHECKS[f.code].severities, f


def test_every_row_and_every_severity_it_allows_is_reached():
    reached = {(f.code, f.severity) for f in _findings() if not _runners_note(f)}
    for code, row in CHECKS.items():
        if code in UNREACHED:
            continue
        for severity in row.severities:
            assert (code, severity) in reached, f"no input gives a {severity} {code} finding"
    assert any(_runners_note(f) for f in _findings()), "the too-long bead is checked"


def _contexts() -> Iterator[CheckContext]:
    checker = _checker()
    for doc in _documents():
        checker.prepare(doc)
        for e in doc:
            yield CheckContext(e, checker)


def test_each_function_gives_only_the_codes_of_its_rows():
    """Called directly, not through the runner (which keeps the codes selected): what a
    function finds is what its rows say, so --checks and --list tell the truth."""
    functions = {row.run for row in CHECKS.values()}
    for ctx in _contexts():
        for run in functions:
            codes = {row.code for row in CHECKS.values() if row.run is run}
            for f in run(ctx):
                assert f.code in codes, (run.__qualname__, f)
                assert f.severity in CHECKS[f.code].severities, f


def test_a_finding_takes_its_severity_from_its_row():
    for code, row in CHECKS.items():
        assert finding(code, "a message").severity == row.severity
    assert finding("control", "a mark", severity="warning").severity == "warning"
    with pytest.raises(ValueError, match="number"):
        finding("number", "a message", severity="info")  # its row allows no other
    with pytest.raises(KeyError):
        finding("no-such-check", "a message")


def test_a_new_check_is_one_function_and_one_row(monkeypatch):
    from sverka.checks import registry

    def shouting(ctx: CheckContext) -> Iterator[Finding]:
        if ctx.entry.en.isupper():
            yield finding("shouting", "The English is all capitals", key="shouting")

    row = Check("shouting", "info", "entry", (), shouting, "English in capitals")
    monkeypatch.setitem(CHECKS, "shouting", row)
    monkeypatch.setitem(registry._ROWS, "shouting", row)
    e = Entry("p001.s01", "Он ушёл.", "HE LEFT.", "HE LEFT.")
    assert [(f.code, f.severity) for f in Checker().entry(e)] == [("shouting", "info")]
    assert Checker(codes=["number"]).entry(e) == []
    assert [f.code for f in Checker(codes=["shouting"]).entry(e)] == ["shouting"]
