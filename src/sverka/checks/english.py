"""The English itself: spelling and grammar of the entry's current English (the MT, or the
reviewer's correction of it: a misspelling typed in the app is found when the bead is
checked again, as every edit is).

``spelling`` names a lowercase word that no English dictionary sverka has knows (simplemma's
table, the larger word list, the shapes of scientific English: wordlist.py) with, when one is
near, the most frequent listed word one or two edits away ("recieve" -> receive). It leaves
alone what is not a misspelling: a capitalised word (a name, or a sentence's first word,
which may be one), a word with a capital or digit inside (an acronym, a code), a word that
stands in the Russian (a Latin name, a term), one that transliterates a lowercase Russian
word (``untranslated`` reports that), and a word of a glossary's rendering.

``grammar`` has only rules that are right whenever they fire, since a rule that cries wolf is
worse than none: "a" before a vowel sound and "an" before a consonant sound, with the
exceptions English spells ("an hour", "a university", "a one-time", "a European"), and a
function word typed twice ("the the").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from sverka.checks.registry import CheckContext, finding
from sverka.model import Finding
from sverka.morph import en_keys
from sverka.wordlist import PREFIXES

# A candidate: a lowercase word of three or more letters (an inner apostrophe allowed).
# Not part of a URL, an e-mail address or a file name; each part of a hyphenated compound
# on its own (a prefix before its hyphen is left alone: re-, anti-, pre-).
_LOWER_WORD = re.compile(r"(?<![\w’'@/.])[a-z]{3,}(?:['’][a-z]+)?(?![\w@/’']|\.\w|:/)")
# Distinct unknown words in one bead past which it is not checked word by word.
MAX_UNKNOWN = 100
# Contractions and possessives: the part after the apostrophe.
_CLITICS = frozenset({"s", "d", "ll", "re", "ve", "m"})
# Latin words in the Russian text (a name, a term, a code): never misspellings in the English.
_LATIN_IN_RU = re.compile(r"[A-Za-z]+")


def spelling(ctx: CheckContext) -> Iterator[Finding]:
    en = ctx.entry.en
    # Most sentences have no unknown word: found out on plain strings first.
    if all(_is_word(w) for w in _LOWER_WORD.findall(en)):
        return
    unknown = [m for m in _LOWER_WORD.finditer(en) if not _is_word(m.group())]
    distinct = len({m.group() for m in unknown})
    if distinct > MAX_UNKNOWN:
        # No sentence has this many: a bead of another language, or of noise. Each unknown
        # word costs a suggestion and a comparison with every Russian word; say so instead.
        yield finding(
            "spelling",
            f"{distinct:,} words no English dictionary knows: is this English? "
            "(too many to check one by one)",
            key="spelling",
            severity="info",
        )
        return
    ru = ctx.entry.ru
    in_ru = {w.lower() for w in _LATIN_IN_RU.findall(ru)}
    approved = ctx.terms.approved_words
    said: dict[str, str | None] = {}  # each word once: its message, or None for no finding
    for m in unknown:
        word = m.group()
        if en[m.end() : m.end() + 1] == "-" and word in PREFIXES:
            continue
        if en[m.start() - 1 : m.start()] == "-" and _compound_head(en, m.start())[:1].isupper():
            continue  # a part of a name (Ai-yai-yai, Rostov-na-donu)
        if word not in said:
            said[word] = _message(word, ru, in_ru, approved)
        message = said[word]
        if message is not None:
            yield finding("spelling", message, en_span=(m.start(), m.end()), key=f"spelling:{word}")


def _message(word: str, ru: str, in_ru: set[str], approved: set[str]) -> str | None:
    """What to say of an unknown lowercase word; None when it is no misspelling here."""
    if word in in_ru or not en_keys(word).isdisjoint(approved):
        return None
    if _transliterates_russian(word, ru) and not _typo_of_frequent(word):
        return None  # untranslated's: unless it is one slip from a common word ("offical")
    better = _suggest(word)
    if better:
        return f'"{word}" is not an English word: {better}?'
    return f'"{word}" is not an English word: check its spelling'


@lru_cache(maxsize=65536)
def _is_word(word: str) -> bool:
    low = word.replace("’", "'")
    if _spelt(low) or "'" not in low:
        return _spelt(low)
    if low.endswith("n't"):  # can't, won't, shouldn't
        return low[:-3] in ("ca", "wo", "sha", "ai") or _spelt(low[:-3])
    head, _, tail = low.partition("'")
    return tail in _CLITICS and _spelt(head)


# simplemma's table (from Wiktionary) knows forms the word list lacks, and with them a few
# misspellings it lists as forms ("occured"): a word only it knows is taken as a
# misspelling when a listed word this frequent is one edit away.
FREQUENT = 20_000


@lru_cache(maxsize=65536)
def _spelt(low: str) -> bool:
    from sverka.checks.script import is_english
    from sverka.wordlist import edits1, frequency, listed

    if listed(low):
        return True
    if not any(c in "aeiouy" for c in low):
        # read letter by letter (pcs, mln): an abbreviation, unless a vowel lost ("tht")
        return all(frequency(w) < FREQUENT for w in edits1(low) if len(w) > len(low))
    if _compound(low) or _derived(low):
        return True
    if not is_english(low):
        return False
    if any(listed(w) for w in _american(low)):
        return True  # a British spelling (realised, defence, neighbours): the list is American
    return all(frequency(w) < FREQUENT for w in edits1(low) if w != low)


# A closed compound of two common words (frontman, drugmaker, fortysomething): both parts
# this frequent, so that a typo splitting into two rare words ("wanred") is still one.
COMPOUND_PART = 4_000


def _compound(low: str) -> bool:
    from sverka.wordlist import frequency

    return any(
        frequency(low[:i]) >= COMPOUND_PART and frequency(low[i:]) >= COMPOUND_PART
        for i in range(3, len(low) - 2)
    )


# Suffixes English adds to any noun or adjective (opposition+ists, bureaucrat+ism).
_DERIVATIONS = ("ists", "ist", "isms", "ism", "nesses", "ness", "less", "ship", "ships", "hood")


def _derived(low: str) -> bool:
    from sverka.wordlist import listed

    return any(
        low.endswith(s) and len(low) - len(s) >= 5 and listed(low[: -len(s)]) for s in _DERIVATIONS
    )


_BRITISH = (
    ("our", "or"), ("ise", "ize"), ("isi", "izi"), ("isa", "iza"), ("yse", "yze"),
    ("ysi", "yzi"), ("tre", "ter"), ("bre", "ber"), ("ence", "ense"), ("ogue", "og"),
    ("ae", "e"), ("oe", "e"), ("ll", "l"), ("mme", "m"),
)  # fmt: skip


def _american(low: str) -> Iterator[str]:
    """The word with one British spelling made American, each way it can be."""
    for british, american in _BRITISH:
        at = low.find(british)
        while at >= 0:
            yield low[:at] + american + low[at + len(british) :]
            at = low.find(british, at + 1)


def _compound_head(text: str, at: int) -> str:
    """The first part of the hyphenated compound whose later part starts at ``at``."""
    start = max(0, at - 200)  # a bounded look back: linear however long the text
    m = _COMPOUND_BEFORE.search(text, start, at)
    return m.group() if m else ""


_COMPOUND_BEFORE = re.compile(r"[\w’']+(?:-[\w’']+)*-$")


def _typo_of_frequent(low: str) -> bool:
    from sverka.wordlist import edits1, frequency

    return len(low) >= 6 and any(frequency(w) >= FREQUENT for w in edits1(low) if w != low)


def _transliterates_russian(word: str, ru: str) -> bool:
    from sverka.checks.script import _russian_common_words, _transliterates

    return _transliterates(word, _russian_common_words(ru)) is not None


def _suggest(word: str) -> str | None:
    from sverka.wordlist import suggest

    return suggest(word)


# "an" before these (a silent h); no rule for the other h- words ("an historic" is English).
_SILENT_H = ("hour", "honest", "honor", "honour", "heir")
# "a" before these vowel letters that sound as a consonant: /ju:/ and /w/.
# (Not every uni-: an uninformed, an unimportant.)
_YOU_SOUND = (
    "univers", "uniq", "union", "unit", "unif", "unilat", "unicorn", "unison", "unisex",
    "use", "usu", "uti", "ute", "ura", "ure", "uri", "uro", "uto", "ubiq", "ukr", "ukulele",
    "uvul",
    "unanim", "eu", "ewe", "ouija", "ufo",
)  # fmt: skip
# A word that is no noun phrase's start: "a" before it is a letter, a Latin or French "a"
# ("a priori", "a la carte"), or a list's item, not the article.
_NOT_AFTER_ARTICLE = frozenset((
    "and", "or", "in", "is", "are", "as", "at", "of", "on", "if", "it", "its", "into", "onto",
    "to", "priori", "posteriori", "fortiori", "la", "cappella", "capella", "capite", "mensa",
    "minore", "maiore", "okay", "ok",
))  # fmt: skip
_ARTICLE = re.compile(r"(?<![\w'’.-])(a|an|A|An)\s+([A-Za-z][\w'’-]*)")
# Words that are an error when typed twice in a row (not "that that", "had had").
_DOUBLED = frozenset((
    "the", "a", "an", "of", "to", "for", "with", "from", "and", "or", "but", "into", "than",
    "this", "these", "those", "its", "their", "our", "your", "his", "my",
))  # fmt: skip
_TWICE_QUICK = tuple(f"{w} {w}" for w in _DOUBLED)


def _maybe_twice(en: str) -> bool:
    """Whether a word of _DOUBLED may stand twice: the pair between spaces or punctuation,
    or any space other than one blank (checked by the regex then)."""
    if "  " in en or "\n" in en or "\t" in en or "\u00a0" in en:
        return True
    padded = f" {en.lower()} "
    for pair in _TWICE_QUICK:
        at = padded.find(pair)
        while at >= 0:
            if not (padded[at - 1].isalpha() or padded[at + len(pair)].isalpha()):
                return True
            at = padded.find(pair, at + 1)
    return False


_TWICE = re.compile(
    rf"\b({'|'.join(sorted(_DOUBLED, key=len, reverse=True))})\s+(\1)\b", re.IGNORECASE
)


def grammar(ctx: CheckContext) -> Iterator[Finding]:
    en = ctx.entry.en
    for m in _ARTICLE.finditer(en):
        article, word = m.group(1), m.group(2)
        if article == "A" and m.start() > 0 and not _sentence_starts(en, m.start()):
            continue  # a capital A mid-sentence: a letter (vitamin A, Grade A), not the article
        wanted = _article_for(word)
        if wanted is None or wanted == article.lower():
            continue
        shown = wanted.capitalize() if article[0].isupper() else wanted
        yield finding(
            "grammar",
            f'"{article} {word}": "{shown} {word}", as "{word}" begins with a '
            f"{'vowel' if wanted == 'an' else 'consonant'} sound",
            en_span=(m.start(), m.start() + len(article)),
            key=f"grammar:{article.lower()}-{word.lower()}",
        )
    if not _maybe_twice(en):
        return  # most sentences: a substring search each, not the regex at every position
    for t in _TWICE.finditer(en):
        first, second = t.group(1), t.group(2)
        yield finding(
            "grammar",
            f'"{first} {second}": the word is typed twice',
            en_span=(t.start(2), t.end(2)),
            key=f"grammar:twice-{first.lower()}",
        )


def _sentence_starts(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in '.!?:;"“”«(—–-'


def _article_for(word: str) -> str | None:
    """The article the word's sound takes, or None when the letters do not tell (an
    acronym, a letter, a number, a word not in a noun phrase, a name or h- word that may
    go either way)."""
    low = word.lower().replace("’", "'")
    if len(word) < 2 or low in _NOT_AFTER_ARTICLE or "'" in low:
        return None
    if any(c.isupper() for c in word[1:]) or not word.isascii():
        return None  # an acronym (an MP, a UN report) or a mixed-case code
    if any(c.isdigit() for c in low) or not any(c in "aeiouy" for c in low):
        return None  # a code or an abbreviation read letter by letter: an mp3, an nth
    if word[0].isupper() and low[0] in "u":
        return None  # names in U-: an Uzbek, a Ugandan
    if low in ("one", "once") or low.startswith("one-"):
        return "a"  # a one-time payment (but an onerous duty)
    if low.startswith(_YOU_SOUND):
        return "a"
    if low[0] == "u":
        # un- before anything but i (unable, unusual), or u before two consonants (ugly,
        # umbrella, urgent): the vowel sound of "an"; the rest (a uterus, an usher) varies
        if low.startswith("un") and low[2:3] != "i":
            return "an"
        if low[1:2] not in "aeiouy" and low[2:3] not in "aeiouy":
            return "an"
        return None
    if low[0] in "aeio":
        return "an"
    if low[0] == "h":
        return "an" if low.startswith(_SILENT_H) else None  # "an historic" is not wrong
    if low[0] in "xy":
        return None  # an x-ray, a yttrium... too few to tell safely
    return "a"
