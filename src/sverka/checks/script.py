"""Russian left in the English: cyrillic and untranslated.

``cyrillic`` finds Cyrillic letters in the English, including a single Cyrillic letter that
looks Latin inside a Latin word (a homoglyph: Кazakhstan with a Cyrillic К), which no reader
sees and every search misses. ``untranslated`` finds a Latin word that transliterates a
lowercase word of the Russian source and is not English: *titushki*, *siloviki*, *akimats*.
Names are capitalised in Russian, so they never count; a word a glossary approves
(a deliberate "akimat") never counts either, nor one that is English by the larger word list
or by the shapes of scientific English (wordlist.py: *supratentorial*, *microangiopathy*).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from sverka.checks.registry import CheckContext, finding
from sverka.model import Finding
from sverka.morph import (
    en_is_known,
    en_keys,
    en_lemma,
    first_word,
    fold,
    has_cyrillic,
    morph_parse,
    ru_lemmas,
    transliterate,
    words,
)
from sverka.wordlist import listed, scientific

_CYRILLIC_RUN = re.compile(
    r"[\w\u0300-\u036f]*[\u0400-\u04ff][\w\u0300-\u036f]*(?:[\s,.;:-]+[\w]*[\u0400-\u04ff][\w]*)*"
)
_LATIN = re.compile(r"[A-Za-z]")
_LATIN_CANDIDATE = re.compile(r"\b[A-Za-z]{4,}(?:['’][A-Za-z]+)?\b")

# One spelling per sound, applied to both the transliterated Russian and the English word,
# so that ICAO, BGN/PCGN, scholarly-ASCII and ad-hoc spellings meet.
_SOUNDS = (
    ("shch", "sh"), ("sch", "sh"), ("tch", "ch"), ("kh", "h"), ("zh", "j"), ("dzh", "j"),
    ("ts", "c"), ("tz", "c"), ("ck", "k"), ("ph", "f"), ("w", "v"), ("x", "ks"), ("q", "k"),
    ("ye", "e"), ("ie", "e"), ("yo", "o"), ("ya", "a"), ("ia", "a"), ("ja", "a"), ("yu", "u"),
    ("iu", "u"), ("ju", "u"), ("y", "i"), ("j", "i"), ("'", ""), ("’", ""),
)  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")

SIMILAR = 80  # rapidfuzz ratio at which a Latin word is a transliteration of a Russian one
MIN_LENGTH = 4
# Unknown English words times Russian words compared in one bead, at most (a sentence has a
# few hundred; a bead past this is reported as too long for the check, not checked for
# seconds).
MAX_PAIRS = 20_000


def cyrillic(ctx: CheckContext) -> Iterator[Finding]:
    entry = ctx.entry
    if not has_cyrillic(entry.en):
        return
    for m in _cyrillic_runs(entry.en):
        text = m.group()
        if _LATIN.search(text) and " " not in text:
            hidden = "".join(sorted({c for c in text if "\u0400" <= c <= "\u04ff"}))
            message = f'Cyrillic "{hidden}" hidden in the Latin word "{text}": retype it in Latin'
        else:
            message = f'Cyrillic left in the English: "{text}": translate it'
        yield finding("cyrillic", message, en_span=(m.start(), m.end()), key="cyrillic")


def _cyrillic_runs(text: str) -> Iterator[re.Match[str]]:
    """What ``_CYRILLIC_RUN.finditer(text)`` finds, in linear time.

    finditer tries the pattern at every position, and from a position in a long Latin word
    its ``[\\w]*`` runs to the word's end and back before failing: quadratic in the word
    ("я " and 99,000 Latin letters took a minute). The leftmost match starts where the run
    of word characters that reaches the next Cyrillic letter starts (not before the last
    match's end), so the pattern is tried there only.
    """
    pos = 0
    while (c := _CYRILLIC_LETTER.search(text, pos)) is not None:
        lead = _WORD_RUN_BACK.match(text[pos : c.start()][::-1])
        m = _CYRILLIC_RUN.match(text, c.start() - (lead.end() if lead else 0))
        if m is None:  # cannot happen: the pattern matches from there by construction
            pos = c.start() + 1
            continue
        yield m
        pos = m.end()


_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
_WORD_RUN_BACK = re.compile(r"[\w\u0300-\u036f]*")


def untranslated(ctx: CheckContext) -> Iterator[Finding]:
    entry = ctx.entry
    if not entry.ru or not entry.en:
        return
    # Most sentences have no candidate, found out on plain strings: every word is in the
    # dictionary, or capitalised past the first (a name: ruled out below in any case).
    maybe = [w for w in _LATIN_CANDIDATE.findall(entry.en) if w[0].islower()]
    first = first_word(entry.en, "en")
    if first:
        maybe.append(first)
    if all(is_english(w) for w in maybe):
        return
    approved_words = ctx.terms.approved_words  # a deliberate "akimat" is no finding
    candidates = [
        t
        for i, t in enumerate(words(entry.en, "en"))
        if len(t.text) >= MIN_LENGTH
        and (i == 0 or not t.text[0].isupper())  # a capital mid-sentence: a name (Krai)
        and t.text.isascii()
        and not is_english(t.text)
        and en_keys(t.text).isdisjoint(approved_words)
    ]
    if not candidates:
        return
    every = _russian_common_words(entry.ru)
    sources = _distinct_sources(every)
    distinct = {tok.text for tok in candidates}
    if len(distinct) * len(sources) > MAX_PAIRS:
        # Every candidate is compared with every Russian word: a bead this long (no sentence
        # is) would hold the app for seconds on every edit. Say so rather than guess.
        yield finding(
            "untranslated",
            f"Too long to look for untranslated words ({len(distinct):,} unknown English "
            f"words, {len(sources):,} Russian ones): split the bead to check it",
            key="untranslated",
            severity="info",  # not a finding about the text: a note that it was not checked
        )
        return
    lower = _distinct_sources([s for s in every if not s[0][0].isupper()])
    known: dict[str, str | None] = {}  # each word once, however often it stands there
    spans: dict[str, tuple[int, int] | None] = {}
    for tok in candidates:
        if tok.text not in known:
            # A capitalised English word (a sentence's first) may be a name: only a Russian
            # word that is lowercase where it stands can show it is not.
            pool = lower if tok.text[0].isupper() else sources
            known[tok.text] = source = _transliterates(tok.text, pool)
            if source is not None and source not in spans:
                spans[source] = _find(entry.ru, source)
        source = known[tok.text]
        if source is not None:
            yield finding(
                "untranslated",
                f'"{tok.text}" transliterates «{source}» and is not English: translate it, '
                "or gloss it on first use",
                ru_span=spans[source],
                en_span=(tok.start, tok.end),
                key=f"untranslated:{tok.text.lower()}",
            )


def _distinct_sources(
    sources: list[tuple[str, tuple[str, ...]]],
) -> list[tuple[str, tuple[str, ...]]]:
    """One source per set of sound keys, the last of each, in the order of those last ones:
    _transliterates picks the last source of the best score, so the answer is the same."""
    last: dict[frozenset[str], int] = {}
    for i, (_, keys) in enumerate(sources):
        last[frozenset(keys)] = i
    return [sources[i] for i in sorted(last.values())]


def _find(text: str, word: str) -> tuple[int, int] | None:
    i = text.find(word)
    return (i, i + len(word)) if i >= 0 else None


@lru_cache(maxsize=4096)  # per text: the app rechecks a bead's unchanged Russian at every edit
def _russian_common_words(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Lowercase Russian words (not names) with their sound keys, the first word included."""
    out = []
    for i, tok in enumerate(words(text, "ru")):
        for w in {tok.text, *re.split(r"[-‐‑]", tok.text)}:  # интернет-мошенничества
            if _is_source_word(w, i):
                out.append((w, _ru_keys(w)))
    return out


def _is_source_word(w: str, i: int) -> bool:
    if len(w) < MIN_LENGTH - 1 or not ("\u0400" <= w[0] <= "\u04ff"):
        return False
    return not (w[0].isupper() and (i > 0 or w.isupper() or _is_name(w)))


@lru_cache(maxsize=16384)
def _is_name(word: str) -> bool:
    """A capitalised first word that is a name, or a word the dictionary does not know."""
    parses = morph_parse(word)
    known = [p for p in parses if p.is_known]
    return not known or any(
        {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"} & p.tag.grammemes for p in known[:1]
    )


@lru_cache(maxsize=65536)
def _ru_keys(word: str) -> tuple[str, ...]:
    forms = {fold(word), *ru_lemmas(word.lower())}
    return tuple({sound_key(transliterate(f)) for f in forms})


@lru_cache(maxsize=65536)
def sound_key(latin: str) -> str:
    s = latin.lower()
    for a, b in _SOUNDS:
        s = s.replace(a, b)
    return _DOUBLE.sub(r"\1", s)


def _transliterates(word: str, sources: list[tuple[str, tuple[str, ...]]]) -> str | None:
    from rapidfuzz.fuzz import ratio

    key = sound_key(word)
    keys = {key, key[:-1]} if key.endswith("s") else {key}  # English plural: akimats
    best, best_score = None, float(SIMILAR)
    for source, ru_keys in sources:
        for a in keys:
            for b in ru_keys:
                if abs(len(a) - len(b)) > 3:
                    continue
                score = ratio(a, b)
                if score >= best_score:
                    best, best_score = source, score
    return best


@lru_cache(maxsize=65536)
def is_english(word: str) -> bool:
    """A word in simplemma's English dictionary (its tables cover about 180,000 forms,
    "oblast" and "dacha" among them; "siloviki" and "akimat" are not), or its lemma is; or
    in the larger word list (wordlist.py: "smartphone", "cytokine"); or built the way
    scientific English builds words (supra+tentorial, micro+angio+pathy, dipyridam+ol)."""
    low = word.lower().replace("’", "'")
    return (
        en_is_known(low)
        or listed(low)
        or en_is_known(en_lemma(low))
        or scientific(low, _plainly_english)
    )


@lru_cache(maxsize=65536)
def _plainly_english(low: str) -> bool:
    return en_is_known(low) or listed(low) or en_is_known(en_lemma(low))
