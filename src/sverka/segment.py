"""Sentence splitting: razdel for Russian, syntok for English, plus a few rules for news pages.

The splitters run on one *chunk* at a time: a paragraph, or the part of one between deliberate
line breaks (datelines, bylines, headers stacked above a lead). Each splitter only tells us
where sentences start; a sentence runs to the next start, trimmed, so every character of the
paragraph lands in exactly one segment and offsets always point into ``Document.text``.
Then a few small rules patch what the splitters get wrong (each one names its case).
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Callable
from itertools import pairwise
from typing import NamedTuple

from razdel import sentenize
from syntok import segmenter

from sverka import progress
from sverka.io.text import normalise, split_paragraphs
from sverka.model import Document, Lang, Paragraph, Segment

__all__ = ["display_text", "split", "split_lines", "split_text"]

# ---------------------------------------------------------------------------------------------
# Display form

_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen, zero-width chars, BOM
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_SPACE_RUN = re.compile(r"\s+")
# Anything display_text would change in an already stripped string; most lines have none.
_NEEDS_CLEANING = re.compile(rf"[{_INVISIBLE}]|[^\S ]|  ")


def display_text(raw: str) -> str:
    """One space for every whitespace run (newlines, no-break and thin spaces included), soft
    hyphens and zero-width characters removed, ends stripped."""
    if _NEEDS_CLEANING.search(raw) is None:
        return raw.strip()
    return _SPACE_RUN.sub(" ", _INVISIBLE_RE.sub("", raw)).strip()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow ``[start, end)`` past whitespace and invisible characters at either end."""
    while start < end and (text[start].isspace() or text[start] in _INVISIBLE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _INVISIBLE):
        end -= 1
    return start, end


# ---------------------------------------------------------------------------------------------
# Rule 1: deliberate line breaks inside a paragraph
#
# A dateline, byline or header stacked on the lead ("12 января 2022, 09:11\nСергей Дуванов\n
# Победители накажут…", seed paragraph 6) has no final full stop, so razdel and syntok read the
# block as one sentence. Hard-wrapped prose has line breaks mid-sentence too, sometimes right
# before a capital ("President\nPutin"). The difference: a wrapping program breaks a line only
# when the next word would not fit, so a wrapped line plus the next word passes the text width;
# a header line is short. GNU fmt fills less greedily (to about 3/4 of the width at worst), so
# where the file shows a wrap margin, a break counts as deliberate only under 2/3 of the width.


class _Layout(NamedTuple):
    width: int  # the longest lines, ignoring the odd outlier (a URL, a table)
    fill: float  # a line plus the next word under fill * width was broken on purpose


_WRAP_FILL = 2 / 3
_MARGIN_LINES = 8  # this many lines ending near the width make a wrap margin
# A line ending in one of these continues the sentence whatever its length.
_CONTINUES = set(",;:-‐–—(/[«„“‘&+")
# The next line must start a new unit: capital, digit, opening quote, bracket, dash or bullet.
_UNIT_OPENERS = set("«\"“„'‘([—–-•*")


def _starts_unit(line: str) -> bool:
    first = line[:1]
    return first.isupper() or first.isdigit() or first in _UNIT_OPENERS


def _layout(text: str) -> _Layout:
    """How the file is laid out. An unwrapped file (a paragraph per line) has a width of
    hundreds, so every short line in it is a deliberate break."""
    lengths = [len(line.rstrip()) for line in text.split("\n")]
    width = heapq.nlargest(len(lengths) // 20 + 1, lengths)[-1]
    near = sum(1 for n in lengths if n >= 0.85 * width)
    return _Layout(width, _WRAP_FILL if near >= _MARGIN_LINES else 1.0)


def _chunks(text: str, para: Paragraph, layout: Callable[[], _Layout]) -> list[tuple[int, int]]:
    """Split a paragraph at its deliberate line breaks (see Rule 1)."""
    if text.find("\n", para.start, para.end) < 0:
        return [(para.start, para.end)]
    lines: list[tuple[int, int]] = []
    pos = para.start
    while True:
        nl = text.find("\n", pos, para.end)
        if nl < 0:
            lines.append((pos, para.end))
            break
        lines.append((pos, nl))
        pos = nl + 1
    width, fill = layout()
    limit = fill * max(width, max(len(text[a:b].rstrip()) for a, b in lines))
    cuts = [para.start]
    for (a, b), (c, d) in pairwise(lines):
        body = text[a:b].rstrip()
        nxt = text[c:d].lstrip()
        if not body or not nxt or body[-1] in _CONTINUES or not _starts_unit(nxt):
            continue
        first_word = nxt.split(maxsplit=1)[0]
        if len(body) + 1 + len(first_word) <= limit:
            cuts.append(c)
    cuts.append(para.end)
    return list(pairwise(cuts))


# ---------------------------------------------------------------------------------------------
# The splitters: sentence start offsets within a chunk


def _starts_ru(chunk: str) -> list[int]:
    return [s.start for s in sentenize(chunk)]


def _starts_en(chunk: str) -> list[int]:
    # syntok's token offsets index the string it was given, even where a token's value differs.
    return [
        sentence[0].offset for para in segmenter.analyze(chunk) for sentence in para if sentence
    ]


# ---------------------------------------------------------------------------------------------
# Rule 2: merge after abbreviations the splitter does not know
#
# razdel splits "5 янв. 1950 г." and "ген. Иванов", syntok "Gov. Smith" and "Lt. Jones", and
# razdel "5 млрд долл. США". These abbreviations precede a number or a name; a following
# pronoun or conjunction (Rule 3's words) still ends the sentence. syntok also splits "Smith
# vs. The State", "e.g. The Times" and a title-case "Mr. And Mrs. Smith": no sentence ends with
# these, so they always join.

_RU_BEFORE_NUMBER = re.compile(r"(?<![\w.])(?:янв|февр|мар|апр|авг|сент|окт|нояб|дек|табл)\.\s*\Z")
_RU_BEFORE_NAME = re.compile(r"(?<![\w.])(?:ген|доц|акад|зам)\.\s*\Z")
_RU_BEFORE_USA = re.compile(r"(?<![\w.])долл\.\s*\Z")
_EN_ALWAYS_JOINS = re.compile(r"(?<![\w.])(?:vs|v|Mr|Mrs|Ms|Prof|e\.g|i\.e|cf)\.\s*\Z", re.I)
_EN_BEFORE_NAME = re.compile(
    r"(?<![\w.])(?:Lt|Sgt|Maj|Cpl|Adm|Rep|Reps|Gov|Pres|Hon|Rev|Supt|Jr|Nos|pp|Blvd|Dept)\.\s*\Z"
)


def _merge_abbreviations(chunk: str, starts: list[int], lang: Lang) -> list[int]:
    kept = starts[:1]
    for b in starts[1:]:
        lo = max(0, b - 12)
        nxt = chunk[b : b + 40]
        word = _first_word(nxt)
        if lang == "ru":
            join = (
                (nxt[:1].isdigit() and _RU_BEFORE_NUMBER.search(chunk, lo, b) is not None)
                or (_is_name(word, lang) and _RU_BEFORE_NAME.search(chunk, lo, b) is not None)
                or (word == "США" and _RU_BEFORE_USA.search(chunk, lo, b) is not None)
            )
        else:
            join = _EN_ALWAYS_JOINS.search(chunk, lo, b) is not None or (
                (nxt[:1].isdigit() or _is_name(word, lang))
                and _EN_BEFORE_NAME.search(chunk, lo, b) is not None
            )
        if not join:
            kept.append(b)
    return kept


def _first_word(s: str) -> str:
    m = re.match(r"\w+", s)
    return m.group() if m else ""


def _is_name(word: str, lang: Lang) -> bool:
    return word[:1].isupper() and word not in _SENTENCE_OPENERS[lang]


# ---------------------------------------------------------------------------------------------
# Rule 3: split after an abbreviation when a capitalised function word follows
#
# Both splitters keep "в 2021 г. Потом уехали", "pears, etc. Then", "at 5 p.m. She", "Main St.
# He" together, because a capital after an abbreviation is usually a name ("г. Алматы", "St.
# Petersburg", "p.m. Moscow time"). A pronoun, conjunction, preposition or determiner is only
# capitalised at the start of a sentence, so after a full stop it is a boundary. A word
# followed by a full stop is an initial ("В. В. Путин", "А. С. Пушкин"), not the preposition.

_RU_OPENERS = (
    "Он Она Оно Они Мы Я Вы Ты Это Этот Эта Эти Тот Та То Те Там Тут Здесь Тогда Потом "
    "Затем Теперь Сейчас Но А И Или Однако Поэтому Также Кроме Если Когда Хотя Что Кто Как "
    "Где Почему Зачем В Во На По С Со Из К Ко У О Об При За Для До От После Не Ни Его Её "
    "Их Все Всё Вот Ещё Уже Лишь Только Даже Никто Ничто Ничего Каждый Многие"
)
_EN_OPENERS = (
    "The A An He She It They We I You This That These Those There Then But And Or So Yet "
    "If When While After Before In On At For With From By As Its His Her Their Our My Your "
    "What Who Why How Where Some Many Most All Nobody Everyone Everybody Nothing Someone"
)
_SENTENCE_OPENERS: dict[Lang, frozenset[str]] = {
    "ru": frozenset(_RU_OPENERS.split()),
    "en": frozenset(_EN_OPENERS.split()),
}
_OPENER_AFTER_STOP = {
    lang: re.compile(rf"(?<=\.)\s+(?=(?:{'|'.join(sorted(words))})\b(?![.\w]))")
    for lang, words in _SENTENCE_OPENERS.items()
}
# "Smith vs. The State", "e.g. The Times", "Starring Mr. And Mrs. Smith" (a title-case
# headline): these introduce what follows, whatever its case.
_NOT_SENTENCE_END = re.compile(
    r"(?<![\w.])(?:vs|v|e\.g|i\.e|cf|viz|Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Capt|Sgt|Sen|Rep|Gov|Rev|Hon"
    r"|см|ср|т\.е|т\. е)\.\Z",
    re.I,
)


_TWO_WORDS = re.compile(r"\s*\S+\s+(?=\S)")


def _split_openers(chunk: str, starts: list[int], lang: Lang) -> list[int]:
    added = []
    second: dict[int, int] = {}  # a sentence start -> where its second word starts
    for m in _OPENER_AFTER_STOP[lang].finditer(chunk):
        stop = m.start()  # just after the full stop
        if chunk[stop - 2 : stop - 1].isdigit():  # "1. The first item": a numbered label
            continue
        if _NOT_SENTENCE_END.search(chunk, max(0, stop - 10), stop):
            continue
        # The sentence this stop ends: found by bisection, and its second word once, not by
        # reading every start and the whole sentence per stop (quadratic in a paragraph).
        k = bisect.bisect_right(starts, stop)
        own = starts[k - 1] if k else 0
        if own not in second:
            two = _TWO_WORDS.match(chunk, own)
            second[own] = two.end() if two else len(chunk)
        if second[own] >= stop:  # "Mr. He…" cannot be a whole sentence
            continue
        added.append(m.end())
    return sorted(set(starts) | set(added)) if added else starts


# ---------------------------------------------------------------------------------------------
# Rule 4 (English): syntok does not split after "…" or a decimal before a capital
#
# "He waited… Nobody came." stays whole though "He waited... Nobody came." is split, and so
# does "He paid $5.99. Nobody else did." although "It was 25. Nobody came." is split.

_EN_MISSED_STOP = re.compile(r"(?:…|\d[.,]\d+\.)[\"”’)]?\s+(?=[A-Z\"“(])")


def _split_missed_stops(chunk: str, starts: list[int]) -> list[int]:
    added = [m.end() for m in _EN_MISSED_STOP.finditer(chunk)]
    return sorted(set(starts) | set(added)) if added else starts


# ---------------------------------------------------------------------------------------------
# Rule 5: no split inside a quotation that is part of a larger sentence
#
# razdel and syntok both split «Он ушёл. Мы победим», — сказал он. and "We came. We will win!"
# they shouted. inside the quotation. When the quotation has words of the sentence before or
# after it, it is one sentence. Long quotations (a whole speech) are left split, which also
# limits the damage of unbalanced straight quotes in MT output.

_QUOTE_CHARS = re.compile('[«»„“”"]')
_MAX_QUOTE = 300


def _quotations(chunk: str, lang: Lang) -> list[tuple[int, int]]:
    """(open, close) offsets of the closed quotations in a chunk, nested ones included."""
    stack: list[tuple[str, int]] = []
    found = []
    for m in _QUOTE_CHARS.finditer(chunk):
        q, i = m.group(), m.start()
        top = stack[-1][0] if stack else None
        if q in ("«", "„") or (q == "“" and lang == "en" and top != "„"):
            stack.append((q, i))
        elif (q == "»" and top == "«") or (q in ("“", "”") and top in ("„", "“")):
            found.append((stack.pop()[1], i))
        elif q == '"':
            if top == '"':
                found.append((stack.pop()[1], i))
            else:
                stack.append((q, i))
    return found


def _merge_quotations(chunk: str, starts: list[int], lang: Lang) -> list[int]:
    if len(starts) < 2:
        return starts
    inside: set[int] = set()
    for open_, close in _quotations(chunk, lang):
        if close - open_ > _MAX_QUOTE:
            continue
        lo, hi = bisect.bisect_right(starts, open_), bisect.bisect_right(starts, close)
        inner = starts[lo:hi]  # open_ < b <= close, found by bisection: starts are sorted
        if not inner:
            continue
        own = starts[lo - 1] if lo else 0
        before = chunk[own:open_].strip(" \t\n—–-")
        after = chunk[close + 1 : close + 3].lstrip()
        if before or (after[:1].isalpha() or after[:1] in ",;:—–-"):
            inside.update(inner)
    return [b for b in starts if b not in inside] if inside else starts


# ---------------------------------------------------------------------------------------------
# Public API


def _sentences(chunk: str, lang: Lang) -> list[int]:
    """Sentence start offsets in a chunk, splitter output patched by Rules 2-5."""
    starts = _starts_ru(chunk) if lang == "ru" else _starts_en(chunk)
    starts = sorted({0, *starts})  # text the splitter skipped at the front joins sentence one
    starts = _merge_abbreviations(chunk, starts, lang)
    starts = _split_openers(chunk, starts, lang)
    if lang == "en":
        starts = _split_missed_stops(chunk, starts)
    return _merge_quotations(chunk, starts, lang)


def split(doc: Document, lang: Lang) -> list[Segment]:
    """Sentences of ``doc`` in reading order, each with offsets into ``doc.text``."""
    if lang not in ("ru", "en"):
        raise ValueError(f"no sentence splitter for language {lang!r}; use 'ru' or 'en'")
    text = doc.text
    cache: list[_Layout] = []

    def layout() -> _Layout:  # only paragraphs with line breaks need it; most files have none
        if not cache:
            cache.append(_layout(text))
        return cache[0]

    segments: list[Segment] = []
    line, counted = 1, 0
    reported = 0  # characters reported to progress (a long text takes seconds)
    for index, para in enumerate(doc.paragraphs):
        for c_start, c_end in _chunks(text, para, layout):
            if c_start - reported > 20_000:
                progress.advance(c_start - reported)
                reported = c_start
            chunk = text[c_start:c_end]
            starts = _sentences(chunk, lang)
            for s, e in zip(starts, [*starts[1:], len(chunk)], strict=True):
                start, end = _trim(text, c_start + s, c_start + e)
                if start == end:
                    continue
                line += text.count("\n", counted, start)
                counted = start
                raw = text[start:end]
                segments.append(Segment(display_text(raw), start, end, index, line))
    return segments


def split_lines(doc: Document) -> list[Segment]:
    """One sentence per non-blank line (hunalign's convention); blank lines separate paragraphs."""
    text = doc.text
    segments: list[Segment] = []
    para, in_para, pos = -1, False, 0
    for number, raw_line in enumerate(text.split("\n"), start=1):
        line_start = pos
        pos += len(raw_line) + 1
        stripped = raw_line.strip()
        shown = display_text(stripped) if stripped else ""
        if not shown:
            in_para = False
            continue
        if not in_para:
            para += 1
            in_para = True
        start = line_start + len(raw_line) - len(raw_line.lstrip())
        end = start + len(stripped)
        if stripped[0] in _INVISIBLE or stripped[-1] in _INVISIBLE:
            start, end = _trim(text, start, end)
        segments.append(Segment(shown, start, end, para, number))
    return segments


def split_text(text: str, lang: Lang) -> list[str]:
    """Display texts of the sentences of ``text``: normalise, paragraphs, split."""
    text = normalise(text)
    doc = Document(path=None, text=text, encoding="utf-8", paragraphs=split_paragraphs(text))
    return [s.text for s in split(doc, lang)]
