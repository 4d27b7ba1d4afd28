"""Plant one error of a known kind into a clean English sentence.

Each planter takes the Russian source, the clean English and a seeded random generator, and
returns the English with the error in it (or None when the pair offers no place for it).
The transliteration schemes here are written independently of sverka's own matching keys,
so recall is not measured against the checker's own spelling rules.
"""

from __future__ import annotations

import random
import re

_WORD = re.compile(r"\b[a-z]{4,}\b")  # a lowercase English word to replace
_RU_WORD = re.compile(r"\b[а-яё]{5,}\b")  # a lowercase Russian word of the source

# Three schemes in use in English-language news and scholarship.
_RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def _scheme(latin: str) -> dict[str, str]:
    """A table from the Russian alphabet to space-separated Latin spellings."""
    return dict(zip(_RUSSIAN, latin.split(), strict=True))


_SCHEMES: dict[str, dict[str, str]] = {
    "bgn": _scheme("a b v g d e ë zh z i y k l m n o p r s t u f kh ts ch sh shch \" y ' e yu ya"),
    "icao": _scheme("a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch ie y - e iu ia"),
    "scholarly": _scheme("a b v g d e e z z i j k l m n o p r s t u f x c c s sc - y - e ju ja"),
}
# A Cyrillic letter for each Latin one it looks like: the homoglyphs OCR and copy-paste leave.
_HOMOGLYPHS = {"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "x": "х", "y": "у",
               "K": "К", "M": "М", "T": "Т", "B": "В", "H": "Н", "A": "А", "E": "Е",
               "O": "О", "C": "С", "P": "Р"}  # fmt: skip


def transliterate(word: str, scheme: str) -> str:
    table = _SCHEMES[scheme]
    out = "".join(table.get(ch, ch) for ch in word.lower())
    return out.replace("-", "").replace('"', "").replace("'", "").replace("ë", "yo")


def _replace_word(en: str, new: str, rng: random.Random) -> str | None:
    words = [m for m in _WORD.finditer(en) if m.start() > 0]
    if not words:
        return None
    m = rng.choice(words)
    return en[: m.start()] + new + en[m.end() :]


def plant_cyrillic(ru: str, en: str, rng: random.Random) -> str | None:
    """Half the time a Russian word of the source, half a Cyrillic look-alike in a word."""
    if rng.random() < 0.5:
        words = _RU_WORD.findall(ru)
        return _replace_word(en, rng.choice(words), rng) if words else None
    spots = [i for i, ch in enumerate(en) if ch in _HOMOGLYPHS and en[i - 1 : i].isalpha()]
    if not spots:
        return None
    i = rng.choice(spots)
    return en[:i] + _HOMOGLYPHS[en[i]] + en[i + 1 :]


def plant_untranslated(ru: str, en: str, rng: random.Random) -> tuple[str, str] | None:
    """A lowercase word of the source, transliterated, in place of an English word."""
    words = [w for w in _RU_WORD.findall(ru) if not w[0].isupper()]
    if not words:
        return None
    word = rng.choice(words)
    latin = transliterate(word, rng.choice(sorted(_SCHEMES)))
    planted = _replace_word(en, latin, rng)
    return (planted, latin) if planted else None


def plant_number(ru: str, en: str, rng: random.Random) -> str | None:
    """One digit of an English number changed to another digit."""
    digits = [m.start() for m in re.finditer(r"\d", en)]
    if not digits:
        return None
    i = rng.choice(digits)
    new = rng.choice([d for d in "0123456789" if d != en[i]])
    return en[:i] + new + en[i + 1 :]


def plant_rendering(en: str, span: tuple[int, int], rendering: str) -> str:
    """The text at ``span`` replaced: an approved rendering swapped for a forbidden one."""
    return en[: span[0]] + rendering + en[span[1] :]
