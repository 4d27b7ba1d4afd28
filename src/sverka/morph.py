"""Words and their lemmas in Russian and English, cached.

Russian glossary terms are expanded once into every word form they can take (pymorphy3's
lexeme), so matching a sentence is a dictionary lookup per word rather than a parse: the
Xbench user's list of every inflection, written by the machine. A participle keeps to its
own forms (протестующий, протестующих), never its verb's (протестуют), because pymorphy3
gives both the verb as their normal form.

English is matched on simplemma's lemmas, a dictionary lemmatiser rather than a stemmer:
"Protestants" becomes "Protestant" and "protesters" becomes "protester", never one word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import suppress
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

# A word: letters, with inner hyphens and apostrophes (город-миллионник, don't, O'Brien).
_RU_WORD = re.compile(r"[^\W\d_]+(?:[-‐‑][^\W\d_]+)*")
_EN_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Russian, Ukrainian, Belarusian and Kazakh letters: news about the region names them all.
_TRANSLIT_PAIRS = (
    "а:a б:b в:v г:g д:d е:e ё:e ж:zh з:z и:i й:y к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u "
    "ф:f х:kh ц:ts ч:ch ш:sh щ:shch ъ: ы:y ь: э:e ю:yu я:ya і:i ї:i є:e ґ:g ў:u "
    "ә:a ғ:g қ:k ң:n ө:o ұ:u ү:u һ:h"
)
_TRANSLIT = str.maketrans(dict(p.split(":") for p in _TRANSLIT_PAIRS.split()))
# Applied in order to both languages, so a name and its transliteration meet:
# Х/kh and Г/h both become g (Гамбург/Hamburg), ц/ts and c become k (Ельцин/Yeltsin).
_SKELETON_RULES = (
    ("shch", "s"), ("kh", "g"), ("zh", "j"), ("ch", "k"), ("sh", "s"), ("ts", "k"), ("ph", "f"),
    ("th", "t"), ("ck", "k"), ("x", "ks"), ("qu", "kv"), ("w", "v"), ("c", "k"), ("z", "s"),
    ("h", "g"), ("q", "k"),
)  # fmt: skip
_VOWELS = re.compile(r"[aeiouy'’-]")
_DOUBLE = re.compile(r"(.)\1+")


class Token(NamedTuple):  # a tuple: checks make hundreds of thousands of them
    text: str
    start: int
    end: int


@lru_cache(maxsize=8192)
def words(text: str, lang: str) -> tuple[Token, ...]:
    """The words of a sentence with their offsets.

    English hyphenated words are split (anti-popular is anti + popular) so that a rendering
    written with or without the hyphen matches; Russian keeps them whole, as pymorphy3
    inflects both halves of город-миллионник.
    """
    pattern = _RU_WORD if lang == "ru" else _EN_WORD
    # Cached: the term, untranslated and name checks all read the same sentence. Each Token
    # made by tuple.__new__: a NamedTuple's own __new__ is a Python function (a fifth slower).
    return tuple(
        [_new_tuple(Token, (m.group(), m.start(), m.end())) for m in pattern.finditer(text)]
    )


_new_tuple = tuple.__new__


def first_word(text: str, lang: str) -> str | None:
    """The first of ``words(text, lang)``, found without reading the rest."""
    m = (_RU_WORD if lang == "ru" else _EN_WORD).search(text)
    return m.group() if m else None


def word_strings(text: str, lang: str) -> list[str]:
    """The words of a sentence as plain strings, read as ``words`` reads them (no offsets)."""
    return (_RU_WORD if lang == "ru" else _EN_WORD).findall(text)


def fold(word: str) -> str:
    """The form words are compared in: lower case, ё as е, one kind of hyphen."""
    return word.lower().replace("ё", "е").replace("‐", "-").replace("‑", "-")


@cache
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def morph_parse(word: str) -> list:
    """pymorphy3's readings of a word, most likely first."""
    return _morph().parse(word)


# Participle tags that tell one participle of a verb from another (протестующий: present
# active; задержанный: past passive). Forms of the term must share them.
_PARTICIPLE_GRAMMEMES = ("pres", "past", "actv", "pssv")
_SURNAME_ENDINGS = ("ов", "ев", "ин", "ын")
_SURNAME_FORMS = ("а", "у", "ым", "е", "ой", "ою", "ы", "ых", "ыми")


@lru_cache(maxsize=4096)
def ru_forms(word: str, pos: str = "") -> frozenset[str]:
    """Every form of a Russian word given in its dictionary form, folded.

    ``pos`` is the glossary's part of speech; "participle" keeps the forms to the
    participle's own paradigm even when pymorphy3 prefers another reading of the word.
    Words pymorphy3 does not know (КНБ) stand for themselves.
    """
    folded = fold(word)
    forms = {folded}
    parses = _morph().parse(word)
    own = [p for p in parses if fold(p.word) == folded and _is_dictionary_form(p)]
    for p in own or parses[:1]:
        if p.tag.POS is None:  # UNKN, numbers, Latin: nothing to inflect
            continue
        if pos == "participle" and p.tag.POS != "PRTF":
            continue
        keep = _same_paradigm(p)
        forms.update(fold(f.word) for f in p.lexeme if keep(f))
    if word[:1].isupper() and folded.endswith(_SURNAME_ENDINGS):
        # pymorphy3 reads unknown surnames as other words (Токаев as the genitive plural
        # of токай), so decline the -ов/-ев/-ин pattern ourselves.
        forms.update(folded + ending for ending in _SURNAME_FORMS)
    if pos == "participle" and len(forms) == 1:
        # Not read as a participle at all: take pymorphy3's participle reading, if any.
        for p in parses:
            if p.tag.POS == "PRTF":
                keep = _same_paradigm(p)
                forms.update(fold(f.word) for f in p.lexeme if keep(f))
                break
    return frozenset(forms)


def ru_forms_all(
    pairs: Iterable[tuple[str, str]], cache_dir: Path | None = None
) -> dict[tuple[str, str], frozenset[str]]:
    """``ru_forms(word, pos)`` of many pairs, kept in a file in the user's cache.

    Expanding a word is a pymorphy3 lexeme (about 0.1-0.4 ms): the bundled pitfalls list's
    1,400 words took 0.2 s of every ``sverka check``. The file holds the forms of every pair
    asked for so far, keyed by pymorphy3's version, its dictionary's and this module's
    source; it carries its SHA-256, is written atomically, and anything wrong with it means
    the forms are made as before (and the file made again).
    """
    import json

    wanted = list(dict.fromkeys(pairs))
    path = _forms_cache_path(cache_dir)
    known: dict[str, list[str]] = {}
    if path is not None:
        body = _load_cache(path)
        try:
            known = json.loads(body) if body is not None else {}
        except Exception:  # checksummed but not ours: made below
            known = {}
    out: dict[tuple[str, str], frozenset[str]] = {}
    missing = False
    for word, pos in wanted:
        key = f"{word}\t{pos}"
        if key in known:
            out[word, pos] = frozenset(known[key])
        else:
            out[word, pos] = ru_forms(word, pos)
            known[key] = sorted(out[word, pos])
            missing = True
    if missing and path is not None:
        _store_cache(path, json.dumps(known, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return out


def _load_cache(path: Path) -> bytes | None:
    """A cache file's body when its SHA-256 (its first 32 bytes) vouches for it. Read not
    through a link and never waiting on a FIFO: a file of our own, or nothing."""
    import hashlib

    from sverka.io.safe import read_own_file

    try:
        data = read_own_file(path)
    except Exception:  # missing or unreadable: made again by the caller
        return None
    return data[32:] if hashlib.sha256(data[32:]).digest() == data[:32] else None


def load_cache(path: Path) -> bytes | None:
    """A cache file of sverka's own, checked (see _load_cache); for the other word lists."""
    return _load_cache(path)


def store_cache(path: Path, body: bytes) -> None:
    """Write a cache file behind its checksum, atomically (see _store_cache)."""
    _store_cache(path, body)


def _store_cache(path: Path, body: bytes) -> None:
    """Write a cache file behind its SHA-256, atomically; a link or FIFO under the name is
    replaced, never followed or written into (own=True). A read-only cache costs only time."""
    import hashlib

    from sverka.io.safe import atomic_write

    with suppress(Exception):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, hashlib.sha256(body).digest() + body, own=True)


def _forms_cache_path(cache_dir: Path | None) -> Path | None:
    import hashlib
    from importlib.metadata import version

    try:
        if cache_dir is None:
            from platformdirs import user_cache_dir

            cache_dir = Path(user_cache_dir("sverka"))
        stamp = hashlib.sha256(
            f"{version('pymorphy3')} {version('pymorphy3-dicts-ru')}".encode()
            + Path(__file__).read_bytes()
        ).hexdigest()[:16]
    except Exception:
        return None
    return cache_dir / f"ru-forms-{stamp}.json"


def _is_dictionary_form(parse) -> bool:
    # The glossary gives a term as it is cited: nominative singular (masculine for
    # adjectives and participles), an infinitive, or a plural-only noun.
    tag = parse.tag
    if tag.POS in ("INFN", "ADVB", "PRED", "PREP", "CONJ", "PRCL", "INTJ", "COMP"):
        return True
    return (tag.case in (None, "nomn") and tag.number in (None, "sing")) or "Pltm" in tag


def _same_paradigm(parse):
    """Which lexeme forms belong to the term: a participle's own, or a word's all."""
    tag = parse.tag
    if tag.POS in ("PRTF", "PRTS"):
        wanted = {g for g in _PARTICIPLE_GRAMMEMES if g in tag}
        return lambda f: f.tag.POS in ("PRTF", "PRTS") and wanted <= f.tag.grammemes
    if tag.POS in ("ADJF", "ADJS", "COMP"):
        return lambda f: f.tag.POS in ("ADJF", "ADJS", "COMP")
    if tag.POS == "NOUN":
        return lambda f: f.tag.POS == "NOUN"
    return lambda f: True  # a verb: its finite forms, participles and gerunds all count


@lru_cache(maxsize=65536)
def ru_lemmas(word: str) -> tuple[str, ...]:
    """The possible dictionary forms of a Russian word in a sentence, folded, best first.

    A participle's lemma is the participle itself (протестующий), not its verb.
    """
    out: list[str] = []
    for p in _morph().parse(word):
        if p.tag.POS in ("PRTF", "PRTS"):
            inflected = p.inflect({"sing", "masc", "nomn"}) if p.tag.POS == "PRTF" else None
            lemma = inflected.word if inflected else p.word
        else:
            lemma = p.normal_form
        lemma = fold(lemma)
        if lemma not in out:
            out.append(lemma)
    return tuple(out) or (fold(word),)


class _English(NamedTuple):
    lemmatize: Callable[[str], str]
    is_known: Callable[[str], bool]


@cache
def _english() -> _English:
    """simplemma's English ``lemmatize`` and ``is_known``, over a marisa-trie of its table.

    simplemma ships the table lzma-compressed and front-coded, and decodes it in pure Python:
    0.12 s of every start. Made once into a trie (0.3 s) and kept in the user's cache, it
    loads in about a millisecond. The words and lemmas are simplemma's own (the same
    Lemmatizer and lookup, another dictionary factory); without marisa-trie, or when the
    cache can be neither read nor written, it works from the shipped table as before.
    """
    import unicodedata

    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy

    factory = _english_factory()
    lemmatizer = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))
    lookup = DictionaryLookupStrategy(factory)
    return _English(
        lambda word: lemmatizer.lemmatize(word, "en"),
        # what simplemma.is_known(word, "en") does, on this factory
        lambda word: lookup.get_lemma(unicodedata.normalize("NFC", word), "en") is not None,
    )


def _english_factory():
    """simplemma's English table as a trie from the user's cache, made there on first use.

    Not simplemma's own TrieDictionaryFactory: it writes its cache in place, and a write
    cut short (a crash, a full disk) can leave a trie that loads and then crashes the
    process on the first lookup, every run after. Here the file is written atomically and
    carries the SHA-256 of the trie, checked (2 ms) before marisa sees a byte of it. It is
    read only as a regular file of its own (a symbolic link or FIFO planted under its name
    is neither followed nor waited on) and written by replacing whatever holds the name.
    """

    import simplemma
    from simplemma.strategies import DEFAULT_DICTIONARY_FACTORY

    try:
        from marisa_trie import HUGE_CACHE, BytesTrie
        from platformdirs import user_cache_dir
    except ImportError:
        return DEFAULT_DICTIONARY_FACTORY
    path = Path(user_cache_dir("sverka")) / f"simplemma-{simplemma.__version__}-en.trie"
    cached = _load_cache(path)
    if cached is not None:
        try:
            return _TrieFactory(BytesTrie().frombytes(cached))
        except Exception:  # marisa refusing it: made again below
            pass
    table = DEFAULT_DICTIONARY_FACTORY.get_dictionary("en")
    trie = BytesTrie(((k, v.encode()) for k, v in table.items()), cache_size=HUGE_CACHE)
    _store_cache(path, trie.tobytes())  # no cache this time: a read-only home costs 0.3 s
    return _TrieFactory(trie)


class _TrieMapping(Mapping[str, str]):
    """A word -> lemma view of the trie: what simplemma's strategies look words up in."""

    def __init__(self, trie) -> None:
        self._trie = trie

    def get(self, key: str, default=None):
        found = self._trie.get(key)
        return found[0].decode() if found else default

    def __getitem__(self, key: str) -> str:
        found = self._trie.get(key)
        if not found:
            raise KeyError(key)
        return found[0].decode()

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie.keys())

    def __len__(self) -> int:
        return len(self._trie)


class _TrieFactory:
    """simplemma's DictionaryFactory protocol, for English only (all sverka asks for)."""

    def __init__(self, trie) -> None:
        self._english = _TrieMapping(trie)

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        if lang != "en":
            raise ValueError(f"only English is cached, not {lang!r}")
        return self._english


def load_dictionaries() -> None:
    """Load pymorphy3's dictionaries and simplemma's English table now, not at first use."""
    _morph()
    _english().is_known("the")


def en_lemma(word: str) -> str:
    """simplemma's English lemma of a word (the word itself when it knows none)."""
    return _english().lemmatize(word)


def en_is_known(word: str) -> bool:
    """The word is in simplemma's English dictionary (as simplemma.is_known says)."""
    return _english().is_known(word)


@lru_cache(maxsize=65536)
def en_keys(word: str) -> frozenset[str]:
    """What an English word may stand for: its folded form and its lemmas."""
    lemmatize = _english().lemmatize
    low = word.lower().replace("’", "'")
    keys = {low, lemmatize(low).lower(), lemmatize(word).lower()}
    if len(keys) == 1 and low.endswith("s") and len(low) > 4 and not low.endswith("ss"):
        keys.add(low[:-1])  # a plural simplemma does not know: akimats, siloviks
    return frozenset(keys)


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def transliterate(word: str) -> str:
    """A Cyrillic word in Latin letters, one plain scheme (х is kh, ц is ts, я is ya)."""
    return word.lower().translate(_TRANSLIT)


def skeleton(word: str) -> str:
    """Consonant skeleton of a word in either script: ``президент`` and ``president`` -> prsdnt."""
    s = transliterate(word)
    for a, b in _SKELETON_RULES:
        s = s.replace(a, b)
    return _DOUBLE.sub(r"\1", _VOWELS.sub("", s))
