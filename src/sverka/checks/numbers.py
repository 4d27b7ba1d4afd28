"""Numbers that do not match between the Russian and the English.

Each side is read under its own conventions: Russian ``1 000,5`` is English ``1,000.5``,
``1,5 млн`` is ``1.5 million`` or ``1,500,000``, ``5 тыс.`` is ``5,000``, ``XX век`` is the
``20th century``, ``21:00`` is ``9 p.m.``. A number written in digits on one side may be a
word on the other (``пять`` / ``5``, ``марта`` / ``3``, ``twice`` / ``2``): such words
satisfy a number but never raise a finding themselves, because translators spell out small
numbers as their style guide says.
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from sverka.checks.registry import CheckContext, finding
from sverka.model import Finding
from sverka.morph import fold, ru_lemmas

_SPACE = "[ \u00a0\u202f]"
_MULT_RU = r"тыс|тысяч\w*|млн|миллион\w*|млрд|миллиард\w*|трлн|триллион\w*"
_MULT_EN = r"thousand|million|billion|trillion|mln|bn|tn|[kmb]"
_RU_NUMBER = re.compile(
    r"(?P<date>\d{1,2}\.\d{1,2}\.\d{2,4})"
    r"|(?P<range>\d{4})[-–/](?P<short>\d{2})(?!\d)"
    r"|(?P<frac>\d{1,3}/\d{1,3}(?!\d))"
    rf"|(?P<num>\d{{1,3}}(?:{_SPACE}\d{{3}})+(?:,\d+)?(?!\d)|\d+(?:[.,]\d+)?)"
    rf"(?:{_SPACE}?(?P<mult>{_MULT_RU})\b)?"
)
_EN_NUMBER = re.compile(
    r"(?P<hour>\d{1,2})(?::(?P<minute>\d\d))?\s*(?P<ampm>[ap]\.?m\b\.?)"
    r"|(?P<range>\d{4})[-–/](?P<short>\d{2})(?!\d)"
    r"|(?P<frac>\d{1,3}/\d{1,3}(?!\d))"
    r"|(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?)"
    rf"(?:\s?(?P<mult>{_MULT_EN})\b)?",
    re.IGNORECASE,
)
_ROMAN_CENTURY = re.compile(r"\b(?P<roman>[IVXLC]+)(?:[-–—](?P<roman2>[IVXLC]+))?\s+(?:век|вв?\.)")
_RU_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)
_EN_WORD = re.compile(r"[a-z]+", re.IGNORECASE)

_MULTIPLIERS = {
    "тыс": 3, "тысяч": 3, "млн": 6, "миллион": 6, "млрд": 9, "миллиард": 9, "трлн": 12,
    "триллион": 12, "thousand": 3, "k": 3, "million": 6, "mln": 6, "m": 6, "billion": 9,
    "bn": 9, "b": 9, "trillion": 12, "tn": 12,
}  # fmt: skip
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _words(text: str) -> list[str]:
    return text.split()


_EN_WORDS = _words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
)
_EN_TENS = _words("thirty forty fifty sixty seventy eighty ninety")
_EN_ORDINALS = _words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
)
_MONTHS_EN = _words(
    "january february march april may june july august september october november december"
)
_MONTHS_RU = _words(
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь"
)
_RU_WORDS = _words(
    "ноль один два три четыре пять шесть семь восемь девять десять одиннадцать "
    "двенадцать тринадцать четырнадцать пятнадцать шестнадцать семнадцать "
    "восемнадцать девятнадцать двадцать"
)
_RU_TENS = _words("тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто")
_RU_ORDINALS = _words(
    "первый второй третий четвёртый пятый шестой седьмой восьмой девятый десятый "
    "одиннадцатый двенадцатый"
)


def _soft_table() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    en: dict[str, set[str]] = {}
    ru: dict[str, set[str]] = {}
    for i, w in enumerate(_EN_WORDS):
        en.setdefault(w, set()).add(str(i))
    for i, w in enumerate(_EN_TENS, start=3):
        en.setdefault(w, set()).add(str(i * 10))
    for i, w in enumerate(_EN_ORDINALS, start=1):
        en.setdefault(w, set()).add(str(i))
    for i, w in enumerate(_MONTHS_EN, start=1):
        en.setdefault(w, set()).add(str(i))
    for w, v in {
        "once": "1", "twice": "2", "double": "2", "thrice": "3", "triple": "3", "dozen": "12",
        "dozens": "12", "half": "0.5", "hundred": "100", "hundreds": "100", "thousand": "1000",
        "thousands": "1000", "million": "1000000", "millions": "1000000", "noon": "12",
        "midnight": "0", "a": "1", "an": "1", "single": "1", "pair": "2", "couple": "2",
        "decade": "10", "decades": "10", "quarter": "0.25", "percent": "100",
    }.items():  # fmt: skip
        en.setdefault(w, set()).add(v)
    for i, w in enumerate(_RU_WORDS):
        ru.setdefault(fold(w), set()).add(str(i))
    for i, w in enumerate(_RU_TENS, start=3):
        ru.setdefault(fold(w), set()).add(str(i * 10))
    for i, w in enumerate(_RU_ORDINALS, start=1):
        ru.setdefault(fold(w), set()).add(str(i))
    for i, w in enumerate(_MONTHS_RU, start=1):
        ru.setdefault(fold(w), set()).add(str(i))
    for w, v in {
        "сто": "100", "двести": "200", "триста": "300", "пятьсот": "500", "тысяча": "1000",
        "миллион": "1000000", "полтора": "1.5", "пол": "0.5", "половина": "0.5", "дважды": "2",
        "трижды": "3", "двое": "2", "трое": "3", "четверо": "4", "пятеро": "5", "десяток": "10",
        "дюжина": "12", "полдень": "12", "полночь": "0", "пара": "2", "сутки": "24",
        "неделя": "7", "год": "1", "час": "1", "минута": "1", "десятилетие": "10",
        "вдвое": "2", "втрое": "3", "вчетверо": "4", "впятеро": "5", "двойной": "2",
        "сотня": "100", "век": "100", "процент": "100", "квартал": "3", "четверть": "0.25",
    }.items():  # fmt: skip
        ru.setdefault(fold(w), set()).add(v)
    return {k: tuple(v) for k, v in en.items()}, {k: tuple(v) for k, v in ru.items()}


_SOFT_EN, _SOFT_RU = _soft_table()


@dataclass(slots=True)
class _Number:
    text: str
    span: tuple[int, int]
    values: frozenset[str]
    hard: bool  # written in digits: unmatched, it is a finding
    glued: bool = False  # inside a name (COVID-19): a finding only against another such


def _canonical(value: Decimal) -> str:
    s = format(value.normalize(), "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


# A longer run of digits is no quantity a translation states (and past a million digits
# Decimal overflows, which was a traceback): it is left out of the comparison.
MAX_DIGITS = 1000


def _value(digits: str) -> Decimal | None:
    if len(digits) > MAX_DIGITS:
        return None
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _with_multiplier(base: Decimal, mult: str | None) -> set[str]:
    values = {_canonical(base)}
    if mult:
        key = mult.lower().rstrip(".")
        power = _MULTIPLIERS.get(key) or next(
            (p for w, p in _MULTIPLIERS.items() if len(w) > 3 and key.startswith(w)), 0
        )
        values.add(_canonical(base.scaleb(power)))
    return values


def _glued(text: str, start: int, end: int) -> bool:
    """A number inside a name or code (COVID-19, Су-35, G7, Q2, 3D): it may match, but
    one left over is no finding, as such names are often translated without it."""
    before = text[start - 2 : start] if start >= 2 else " " + text[:start]
    if before[-1:].isalpha() or (before[-1:] in "-‐" and before[:1].isalpha()):
        return True
    after = text[end : end + 1]
    return after.isalpha() and after.isupper()


def _short_year(m: re.Match[str]) -> list[_Number]:
    """2019/20 and 2021-22: the second year may be written in full on the other side."""
    first, short = m.group("range"), m.group("short")
    full = first[:2] + short
    return [
        _Number(first, m.span("range"), frozenset({first}), True),
        _Number(short, m.span("short"), frozenset({str(int(short)), full}), True),
    ]


def _fraction(m: re.Match[str]) -> _Number:
    a, b = m.group("frac").split("/")
    values = {m.group("frac")}
    if int(b):
        values.add(_canonical(Decimal(a) / Decimal(b)))
    return _Number(m.group(), m.span(), frozenset(values), True)


def ru_numbers(text: str) -> list[_Number]:
    out: list[_Number] = []
    for m in _RU_NUMBER.finditer(text):
        if m.group("date"):
            for part in re.finditer(r"\d+", m.group("date")):
                start = m.start() + part.start()
                out.append(_Number(part.group(), (start, start + len(part.group())),
                                   frozenset({str(int(part.group()))}), True))  # fmt: skip
            continue
        if m.group("range"):
            out += _short_year(m)
            continue
        if m.group("frac"):
            out.append(_fraction(m))
            continue
        raw = m.group("num")
        digits = re.sub(_SPACE, "", raw).replace(",", ".")
        value = _value(digits)
        if value is None:
            continue
        values = _with_multiplier(value, m.group("mult"))
        # The minutes of 21:00 are often just "9 p.m."; a number inside a name may go.
        glued = _glued(text, m.start(), m.end())
        hard = not glued and not (raw == "00" and text[m.start() - 1 : m.start()] in ":.")
        out.append(_Number(m.group(), (m.start(), m.end()), frozenset(values), hard, glued))
    for m in _ROMAN_CENTURY.finditer(text):
        for group in ("roman", "roman2"):
            if m.group(group):
                century = _roman(m.group(group))
                if century:
                    out.append(
                        _Number(m.group(group), m.span(group), frozenset({str(century)}), True)
                    )
    return out


@lru_cache(maxsize=16384)
def _ru_numbers_of(text: str) -> tuple[_Number, ...]:
    """``ru_numbers``, once per text: a bead's Russian does not change while the app rechecks
    it at every edit, and a batch file may hold one sentence many times."""
    return tuple(ru_numbers(text))


def ru_number_words(text: str) -> list[_Number]:
    """Russian words that stand for a number (пять, полтора, марта): parsed only on need."""
    out: list[_Number] = []
    for m in _RU_WORD.finditer(text):
        word = m.group()
        if len(word) < 3 and fold(word) != "пол":
            continue
        for lemma in ru_lemmas(word):
            if lemma in _SOFT_RU:
                out.append(_Number(word, m.span(), frozenset(_SOFT_RU[lemma]), False))
                break
    return _compose(out, text, "с половиной")


def en_numbers(text: str) -> list[_Number]:
    out: list[_Number] = []
    for m in _EN_NUMBER.finditer(text):
        if m.group("hour"):
            hour = int(m.group("hour"))
            pm = m.group("ampm").lower().startswith("p")
            values = {str(hour)}
            if pm and hour < 12:
                values.add(str(hour + 12))
            if not pm and hour == 12:
                values.add("0")
            out.append(_Number(m.group("hour"), m.span("hour"), frozenset(values), True))
            if m.group("minute"):
                minute = m.group("minute")
                out.append(_Number(minute, m.span("minute"), frozenset({str(int(minute))}),
                                   minute != "00"))  # fmt: skip
            continue
        if m.group("range"):
            out += _short_year(m)
            continue
        if m.group("frac"):
            out.append(_fraction(m))
            continue
        raw = m.group("num")
        value = _value(raw.replace(",", ""))
        if value is None:
            continue
        values = _with_multiplier(value, m.group("mult"))
        glued = _glued(text, m.start(), m.end())
        out.append(_Number(m.group(), (m.start(), m.end()), frozenset(values), not glued, glued))
    return out


def en_number_words(text: str) -> list[_Number]:
    out: list[_Number] = []
    for m in _EN_WORD.finditer(text):
        values = _SOFT_EN.get(m.group().lower())
        if values and m.group().lower() not in ("a", "an"):
            out.append(_Number(m.group(), m.span(), frozenset(values), False))
    return _compose(out, text, "and a half")


_SPACES = re.compile(r"\s*")
_JOIN = re.compile(r"[\s\-‐–]*(?:and\s+)?$")
_SCALES = {"100", "1000", "1000000", "1000000000"}


def _compose(words: list[_Number], text: str, half: str) -> list[_Number]:
    """Number words read together: forty-six, четырёх тысяч, three and a half."""
    out = list(words)
    for a, b in itertools.pairwise(words):
        between = text[a.span[1] : b.span[0]]
        if not _JOIN.match(between):
            continue
        values = set()
        for x in a.values:
            for y in b.values:
                dx, dy = Decimal(x), Decimal(y)
                if y in _SCALES and dx < dy:
                    values.add(_canonical(dx * dy))  # четырёх тысяч, two million
                elif dx >= 20 and dx % 10 == 0 and dy < 10:
                    values.add(_canonical(dx + dy))  # forty-six, сорок шесть
        if values:
            out.append(_Number(text[a.span[0] : b.span[1]], (a.span[0], b.span[1]),
                               frozenset(values), False))  # fmt: skip
    for w in words:
        # text[w.span[1]:].lower().lstrip().startswith(half), without copying the rest of
        # the text for every word (quadratic in a line of numbers)
        after = _SPACES.match(text, w.span[1]).end()  # type: ignore[union-attr]
        if text[after : after + len(half)].lower().startswith(half):
            plus = {_canonical(Decimal(v) + Decimal("0.5")) for v in w.values}
            out.append(_Number(w.text, w.span, frozenset(plus), False))
    return out


def _roman(s: str) -> int:
    total = 0
    for a, b in zip(s, [*s[1:], ""], strict=True):
        v = _ROMAN[a]
        total += -v if b and _ROMAN[b] > v else v
    return total


def _pair(ru: list[_Number], en: list[_Number]) -> tuple[list[_Number], list[_Number]]:
    """Match digits with digits first, then with number words; return what is left hard.

    Each Russian number, in order, takes the first English one not yet taken that shares a
    value; the English numbers are indexed by value, so a line of 40,000 numbers takes
    linear time, not 34 s.
    """
    used_ru: set[int] = set()
    used_en: set[int] = set()
    for ru_digits, en_digits in ((True, True), (True, False), (False, True)):
        by_value: dict[str, deque[int]] = {}
        for j, b in enumerate(en):
            if j not in used_en and (b.hard or b.glued) == en_digits:
                for v in b.values:
                    by_value.setdefault(v, deque()).append(j)
        if not by_value:
            continue
        for i, a in enumerate(ru):
            if i in used_ru or (a.hard or a.glued) != ru_digits:
                continue
            first = None
            for v in a.values:
                queue = by_value.get(v)
                while queue and queue[0] in used_en:
                    queue.popleft()
                if queue and (first is None or queue[0] < first):
                    first = queue[0]
            if first is not None:
                used_ru.add(i)
                used_en.add(first)
    left_ru = [a for i, a in enumerate(ru) if i not in used_ru and (a.hard or a.glued)]
    left_en = [b for j, b in enumerate(en) if j not in used_en and (b.hard or b.glued)]
    # COVID-19 against коронавирус is a translator's choice; COVID-19 against COVID-39 is not.
    if not any(a.glued for a in left_ru) or not any(b.glued for b in left_en):
        left_ru = [a for a in left_ru if a.hard]
        left_en = [b for b in left_en if b.hard]
    return left_ru, left_en


def number(ctx: CheckContext) -> Iterator[Finding]:
    entry = ctx.entry
    if not entry.ru or not entry.en:
        return
    left_ru, left_en = unmatched(entry.ru, entry.en)
    if not left_ru and not left_en:
        return
    parts = []
    if left_ru:
        parts.append(", ".join(n.text for n in left_ru) + " in the Russian not in the English")
    if left_en:
        parts.append(", ".join(n.text for n in left_en) + " in the English not in the Russian")
    yield finding(
        "number",
        "Numbers differ: " + "; ".join(parts),
        ru_span=left_ru[0].span if left_ru else None,
        en_span=left_en[0].span if left_en else None,
        key="number",
    )


def unmatched(ru_text: str, en_text: str) -> tuple[list[_Number], list[_Number]]:
    """The numbers in digits of each side with no counterpart on the other (number words
    satisfy them, never count themselves): what ``number`` reports, and the omission and
    addition signals count (checks/balance.py)."""
    if not (_has_digit(ru_text) or _has_digit(en_text)):
        return [], []
    ru, en = list(_ru_numbers_of(ru_text)), en_numbers(en_text)  # a text's numbers found once
    left_ru, left_en = _pair(ru, en)
    if left_ru or left_en:
        left_ru, left_en = _pair(ru + ru_number_words(ru_text), en + en_number_words(en_text))
    return left_ru, left_en


_DIGIT = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    # A Roman century ends in "век", "в." or "вв.": looked for first (one pass in C), as
    # the pattern tries every word boundary of the 90% of beads with no digit.
    if _DIGIT.search(text) is not None:
        return True
    return ("век" in text or "в." in text) and _ROMAN_CENTURY.search(text) is not None
