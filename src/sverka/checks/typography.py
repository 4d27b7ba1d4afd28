"""Punctuation, quotes and brackets in the English.

Quotes and brackets are reported only when the English is unbalanced and the Russian is not:
a quotation that runs over several sentences is unbalanced on both sides, and that is the
author's, not the translation's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sverka.checks.registry import CheckContext, finding
from sverka.model import Finding

# ".," is left out: "U.K.," and "a.m.," are right.
_DOUBLED = re.compile(r",,|;;|::|(?<!\.)\.\.(?!\.)|,\.(?!\.)|[,;:] ?[,;:]")
# Headlines drop their final stop in English even where the Russian keeps it; a sentence
# this long is no headline.
FINAL_MIN_WORDS = 12
_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
# The second branch starts only at a run's first space: tried from each space of a long run
# it read the rest of the run every time (quadratic), and a later start finds nothing new.
_SPACE_BEFORE = re.compile(r"(?<=\w) +[,;:!?](?=\s|$)|(?<! ) +\.(?=\s|$)(?<!\.\.\.)")
# Every slip above holds one of these (a superset: "U.S.," passes it, then _slips finds
# nothing); without lookarounds it scans a sentence five times faster than their union.
_MAYBE_SLIP = re.compile(r"[,;:.] ?[,;:.]| [ ,;:!?.]")
_FINAL = re.compile(r"[.!?…]+[\"'»”’)\]]*\s*$")
_EN_FINAL = re.compile(r"[.!?…:;][\"'»”’)\]]*\s*$")

_QUOTE_MARKS = re.compile(r'[«»„“”"]')
_BRACKETS = (("(", ")"), ("[", "]"))


def punctuation(ctx: CheckContext) -> Iterator[Finding]:
    entry = ctx.entry
    en = entry.en
    if not en:
        return
    if _MAYBE_SLIP.search(en):  # one scan for the rare sentence with a slip in it
        yield from _slips(en)
    ru_end = _FINAL.search(entry.ru[-8:]) if entry.ru else None
    if ru_end:
        yield from _final(en, ru_end)


def _slips(en: str) -> Iterator[Finding]:
    for m in _DOUBLED.finditer(en):
        yield _finding(f'Doubled punctuation "{m.group()}": keep one mark', m.span())
    for m in _DOUBLE_SPACE.finditer(en):
        yield _finding("Two spaces between words: keep one", m.span())
    for m in _SPACE_BEFORE.finditer(en):
        mark = m.group().strip()
        yield _finding(f'Space before "{mark}": remove it', m.span())


def _final(en: str, ru_end: re.Match[str]) -> Iterator[Finding]:
    if not _EN_FINAL.search(en[-8:]) and len(en.split()) >= FINAL_MIN_WORDS:
        mark = ru_end.group().strip()[:1]
        yield _finding(
            f'The Russian ends with "{mark}" and the English has no final punctuation',
            (len(en.rstrip()), len(en.rstrip())),
        )
    elif ru_end.group().strip().startswith("?") and "?" not in en[-4:]:
        yield _finding("The Russian asks a question and the English does not", (len(en), len(en)))


def _finding(message: str, span: tuple[int, int]) -> Finding:
    return finding("punctuation", message, en_span=span, key="punctuation")


def quotes(ctx: CheckContext) -> Iterator[Finding]:
    en, ru = ctx.entry.en, ctx.entry.ru
    # A quotation over several sentences, or Russian direct speech set off by dashes, leaves
    # one English sentence with a single quote mark: only a Russian sentence that quotes,
    # and closes what it quotes, says the English should close its quotes too.
    if not en or not _QUOTE_MARKS.search(ru) or not _balanced_quotes(ru):
        return
    straight = en.count('"')
    if straight % 2:
        yield finding(
            "quotes",
            'An unpaired " in the English: close or remove the quotation',
            en_span=_nth_span(en, '"', straight - 1),
            key="quotes",
        )
    pairs = [("«", "»")] + ([] if "„" in en else [("“", "”")])
    for opening, closing in pairs:
        yield from _unbalanced(en, "quotes", opening, closing)


def brackets(ctx: CheckContext) -> Iterator[Finding]:
    en, ru = ctx.entry.en, ctx.entry.ru
    if not en:
        return
    for opening, closing in _BRACKETS:
        if ru.count(opening) == ru.count(closing):
            yield from _unbalanced(en, "brackets", opening, closing)


def _unbalanced(en: str, code: str, opening: str, closing: str) -> Iterator[Finding]:
    opened, closed = en.count(opening), en.count(closing)
    if opened != closed:
        mark = opening if opened > closed else closing
        yield finding(
            code,
            f"Unbalanced {code} {opening}…{closing} in the English: {opened} open, {closed} close",
            en_span=_nth_span(en, mark, 0),
            key=code,
        )


def _balanced_quotes(text: str) -> bool:
    """Every quotation in the text closes: «…», „…“, “…” and straight quotes."""
    low9 = text.count("„")
    return (
        text.count('"') % 2 == 0
        and text.count("«") == text.count("»")
        and text.count("“") - low9 == text.count("”")
    )


def _nth_span(text: str, mark: str, n: int) -> tuple[int, int]:
    i = -1
    for _ in range(n + 1):
        i = text.find(mark, i + 1)
        if i < 0:
            return (0, 0)
    return (i, i + len(mark))
