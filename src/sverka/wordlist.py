"""English beyond simplemma's table: a large word list with frequencies, and the shapes of
Latin and Greek scientific English.

simplemma knows about 180,000 English forms, and not *supratentorial*, *microangiopathy* or
*smartphone*: on scientific text ``untranslated`` took such words for transliterated Russian,
and a spelling check would call them misspellings. Two things fill the gap:

- pyspellchecker's English list (MIT; 160,000 words with their frequencies in subtitles and
  web text, every word seen at least 50 times, so typos such as "recieve" are not in it).
  The package ships it as gzipped JSON, 0.18 s to read; made once into a marisa-trie in the
  user's cache (checksummed and written atomically, as morph.py keeps simplemma's table), it
  loads in about a millisecond. Its frequencies rank spelling suggestions.
- ``scientific``: words built the way scientific English builds them, from English or Greek
  and Latin shapes that Russian transliteration does not produce: a suffix such as -itis,
  -osis, -genesis, -pathy, -ectomy, -ology, -aemia, or a drug stem (-azole, -mycin, -statin),
  where Russian writes -ит, -оз, -генез, -патия, -эктомия, -логия, -емия (transliterated
  -it, -oz, -genez, -patiya, -ektomiya, -logiya, -emiya); or a prefix (supra-, extra-, micro-,
  neuro-, ...) on a word that is English or scientific in its own right. *titushki*,
  *siloviki*, *akimat* have no such shape and stay unknown.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

# Suffixes of Greek and Latin scientific English whose Russian counterparts transliterate
# differently (a word needs at least three letters before them).
_SUFFIXES = (
    "itis", "itides", "osis", "oses", "otic", "genesis", "genetic", "genic", "pathy", "pathic",
    "pathies", "ectomy", "ectomies", "otomy", "ostomy", "oscopy", "oscopic", "ology", "ologies",
    "ologic", "ological", "ologist", "ologists", "ography", "ographic", "aemia", "emia",
    "aemic", "algia", "plasty", "plasia", "plastic", "trophy", "trophic", "cyte", "cytes",
    "cytic", "cytosis", "phagy", "phage", "phages", "philia", "phobia", "phobic", "lysis",
    "lytic", "iasis", "itic", "ocele", "orrhea", "orrhoea", "orrhage", "ectasia", "ectasis",
    "plegia", "plegic", "ptosis", "sclerosis", "stasis", "static", "tropic", "tropism",
    "morphic", "morphism", "cardial", "cranial", "vascular", "cellular", "ocyte", "ocytes",
    # drug stems (INN): Russian spells most of them the same way, which is the point
    "azole", "azoles", "mycin", "cillin", "olol", "pril", "sartan", "statin", "statins",
    "zumab", "ximab", "umab", "tinib", "navir", "oxacin", "profen", "dipine", "parin",
    "tidine", "azepam", "amol", "amole", "amide", "amine", "amines", "idine", "azine",
    "afil", "triptan", "gliptin", "gliflozin", "cycline", "dronate", "lukast", "prazole",
    "setron", "oxetine", "aline", "ium",
)  # fmt: skip
_SUFFIX = re.compile(rf"[a-z]{{3,}}(?:{'|'.join(sorted(_SUFFIXES, key=len, reverse=True))})")

# Prefixes of scientific (and everyday) English: a word counts when what follows one is
# English or scientific in its own right (supra+tentorial, micro+angio+pathy).
_PREFIXES = (
    "supra", "infra", "extra", "intra", "inter", "intro", "micro", "macro", "mega", "meso",
    "neuro", "cardio", "angio", "haemo", "hemo", "hemato", "haemato", "hepato", "nephro",
    "gastro", "entero", "osteo", "arthro", "dermato", "cyto", "histo", "immuno", "onto",
    "phylo", "photo", "thermo", "hydro", "hyper", "hypo", "peri", "para", "endo", "exo",
    "epi", "sub", "super", "trans", "retro", "pseudo", "poly", "oligo", "mono", "multi",
    "anti", "post", "pre", "non", "pro", "bio", "geo", "electro", "radio", "echo", "myo",
    "neo", "paleo", "palaeo", "proto", "auto", "homo", "hetero", "iso", "allo", "cortico",
    "thrombo", "vaso", "cerebro", "broncho", "pneumo", "pulmo", "cranio", "spino", "uro",
    "gyneco", "gynaeco", "onco", "patho", "pharmaco", "psycho", "socio", "ethno", "eco",
    "nano", "tele", "counter", "over", "under", "semi", "quasi", "ultra", "cross", "chemo",
    "glyco", "lipo", "lympho", "myelo", "neuro", "oto", "ophthalmo", "ortho", "pan", "peri",
    "phospho", "physio", "proteo", "cyber", "mis", "dis", "un", "re", "co", "de", "in",
)  # fmt: skip
_PREFIX = tuple(sorted(set(_PREFIXES), key=len, reverse=True))
PREFIXES = frozenset(_PREFIXES)
# Prefixes of Latin and Greek anatomy and medicine: after one of these, any Latin adjective
# (-al, -ar, -ic, -ous, -ive, -ory) is taken as English, listed or not (supra+tentorial).
_LATIN_PREFIXES = frozenset((
    "supra", "infra", "extra", "intra", "inter", "micro", "macro", "meso", "neuro", "cardio",
    "angio", "haemo", "hemo", "hemato", "haemato", "hepato", "nephro", "gastro", "entero",
    "osteo", "arthro", "dermato", "cyto", "histo", "immuno", "endo", "epi", "peri", "retro",
    "cortico", "thrombo", "vaso", "cerebro", "broncho", "pneumo", "pulmo", "cranio", "spino",
    "myelo", "ophthalmo", "lympho",
))  # fmt: skip
_LATIN_ADJECTIVE = re.compile(r"[a-z]{3,}(?:al|ar|ic|ous|ive|ory)")
_SHORT_PREFIXES = frozenset({"un", "re", "co", "de", "in", "mis", "dis", "pan", "oto", "uro"})


_FORMAT = 1  # of the cached trie: raised when what goes into it changes


def _lookup():
    """The word list as a trie: word -> frequency (see the module's docstring)."""
    return _trie()


@cache
def _trie():
    import gzip
    import json
    from importlib.util import find_spec

    from marisa_trie import RecordTrie
    from platformdirs import user_cache_dir

    from sverka.morph import load_cache, store_cache

    # The list's file, found without importing pyspellchecker (or asking importlib.metadata
    # for its version, which reads every installed package's metadata): its size and time
    # name the cache, so a new release of the list makes a new trie.
    spec = find_spec("spellchecker")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pyspellchecker is not installed: pip install pyspellchecker")
    source = Path(next(iter(spec.submodule_search_locations))) / "resources" / "en.json.gz"
    st = source.stat()
    stamp = f"{st.st_size:x}-{int(st.st_mtime):x}"
    path = Path(user_cache_dir("sverka")) / f"words-{stamp}-{_FORMAT}.trie"
    cached = load_cache(path)
    if cached is not None:
        try:
            return RecordTrie("<I").frombytes(cached)
        except Exception:  # marisa refusing it: made again below
            pass
    table: dict[str, int] = json.loads(gzip.decompress(source.read_bytes()))
    trie = RecordTrie(
        "<I", ((w, (min(int(n), 2**32 - 1),)) for w, n in table.items() if w.isascii())
    )
    store_cache(path, trie.tobytes())
    return trie


def load() -> None:
    """Load the word list now (a millisecond from the cache; 0.4 s the first time)."""
    _lookup()


def frequency(word: str) -> int:
    """How often the (lowercase) word occurs in the list's corpus; 0 when it is not listed."""
    found = _lookup().get(word)
    return found[0][0] if found else 0


# Words of the Latin phrases English writes (vice versa, per annum, de facto): not in the
# list, which counts words one by one.
_PHRASE_WORDS = frozenset((
    "versa", "annum", "capita", "facto", "jure", "bona", "fide", "situ", "vitro", "vivo",
    "alia", "priori", "posteriori", "fortiori", "operandi", "grata", "verbatim", "mutandis",
))  # fmt: skip


def listed(word: str) -> bool:
    """The lowercase word is in the word list."""
    return word in _lookup() or word in _PHRASE_WORDS


@lru_cache(maxsize=65536)
def scientific(word: str, known=None) -> bool:
    """The lowercase word has the shape of scientific English (see the module's docstring).

    ``known`` says whether a word is English (the caller's own test, simplemma's table and
    the word list); by default the word list alone.
    """
    if len(word) < 6 or not word.isalpha():
        return False
    if _SUFFIX.fullmatch(word):
        return True
    is_known = known or listed
    for p in _PREFIX:
        if not word.startswith(p):
            continue
        rest = word[len(p) :]
        if len(rest) < (5 if p in _SHORT_PREFIXES else 4):
            continue
        if is_known(rest) or (p not in _SHORT_PREFIXES and scientific(rest, known)):
            return True
        if p in _LATIN_PREFIXES and _LATIN_ADJECTIVE.fullmatch(rest):  # supra+tentorial
            return True
        if rest[0] == "o" and p[-1] == "o" and is_known(rest[1:]):  # neuro+oncology
            return True
    return False


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion from the word."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return {
        *(a + b[1:] for a, b in splits if b),
        *(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1),
        *(a + c + b[1:] for a, b in splits if b for c in letters),
        *(a + c + b for a, b in splits for c in letters),
    }


@lru_cache(maxsize=4096)
def suggest(word: str) -> str | None:
    """The most frequent listed word one edit away (a deletion, transposition, replacement or
    insertion); else two edits away, among the words that begin with its first two letters;
    None when there is none."""
    low = word.lower()
    trie = _lookup()
    best = max(((trie[w][0][0], w) for w in edits1(low) if w in trie), default=None)
    if best is not None:
        return best[1]
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    # the words that begin as it does (a typo seldom falls on the first two letters)
    pool = [w for w in trie.keys(low[:2]) if abs(len(w) - len(low)) <= 2]
    near = process.extract(low, pool, scorer=OSA.distance, score_cutoff=2, limit=None)
    if not near:
        return None
    closest = min(d for _, d, _ in near)
    return max((trie[w][0][0], w) for w, d, _ in near if d == closest)[1]
