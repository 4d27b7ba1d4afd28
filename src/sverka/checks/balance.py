"""Omission and addition: content of one side of a bead with no counterpart on the other.

Per bead, what one side says and the other does not: a name (transliteration skeletons,
Хабаровск ~ Khabarovsk, with a small table of exonyms: Китай ~ China), a Latin-script word
in the Russian, a negation (не, ни, нет, никогда / not, no, never, n't, without), a quantity
(много, все, каждый / many, all, every), a number (the ``number`` check's own matching,
counted here, reported there), and the English's length against the document's own
length ratio. ``signals`` returns the counts as plain numbers (a feature vector for a
risk model); ``omission`` and ``addition`` report the words, with their spans.

Precision over recall: a name left over on one side is reported only when the other side
has no name left over too (Швеция and Sweden share no skeleton, but are one name); a
negation only when the other side has no negation at all, lexical ones included (un-,
-less, fail, lack / не-, без-). The figures, tuned on MLQE-PE's "tune" part and reported on
its "report" part, are in bench/RESULTS.md (bench/checks/signals.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from sverka.checks.figures import LENGTH_MIN_CHARS, LENGTH_MIN_ENTRIES, DocumentStats, log_ratio
from sverka.checks.numbers import unmatched
from sverka.checks.registry import CheckContext, finding
from sverka.embed import Embedder
from sverka.model import Entry, Finding
from sverka.morph import (
    Token,
    en_is_known,
    en_lemma,
    fold,
    morph_parse,
    skeleton,
    word_strings,
    words,
)


def _words(text: str) -> list[str]:
    return text.split()


# -- negation ---------------------------------------------------------------------------
_RU_NEGATIONS = frozenset(
    _words(
        "не ни нет никогда ничего ничто ничем ничему никто никого никому никем нигде никуда "
        "ниоткуда никак никакой никакая никакое никакие никакого никакому никаким никакую "
        "никаких никакими ничей ничья ничье ничьи нельзя отнюдь нисколько"
    )
)
# Negative in sense, but rendered as often without a negation ("без сомнения", undoubtedly):
# they answer an English negation, and are not reported when the English has none.
_RU_NEGATION_LIKE = re.compile(
    r"^(?:без|безо|кроме|против|вместо|мало|лишь|только|отказ\w*|отка[зж]\w*|отрица\w*|"
    r"перест\w*|прекрат\w*|отсутств\w*|запре\w*|лиш[иеё]\w*|избега\w*|избеж\w*|"
    r"помеша\w*|провал\w*|недо\w*|хватит|хватает)$"
)
_WH = "как|что|кто|где|куда|откуда|когда|сколько|какой|какая|какое|какие|чем|чего|кого|кому|чей|чья"
# A negation that is no negation of the sense: "не только" (not only ... but also), "чуть не"
# (almost), "как ни" (however), "не раз" (more than once).
_RU_NOT_NEGATION = re.compile(
    r"\bне\s+(?:только|раз|однократно|менее|более|зря|иначе|то\s+чтобы|считая|говоря|смотря)\b"
    r"|\bне\s+(?:[а-яё]+\s+)?ли\b"
    r"|\b(?:чуть|едва|чуть\s+ли|едва\s+ли|вряд\s+ли)\s+не\b"
    rf"|\b(?:{_WH})\s+(?:бы\s+)?(?:[а-яё]+\s+){{0,3}}?ни\b"
    rf"|\b(?:{_WH})\s+бы\s+(?:[а-яё]+\s+){{0,3}}?не\b"
    r"|\bни\s+(?:при\s+чём|при\s+чем)\b|\bнет-нет\b",
    re.IGNORECASE,
)
_EN_NEGATIONS = frozenset(
    _words("not no never nothing none nobody noone nowhere neither nor without cannot")
)
# Negative in sense without a negation word: they answer a Russian «не» ("не смог", was
# unable; "не произошла", was prevented), and are never reported as added themselves.
_EN_NEGATION_LIKE = frozenset(
    _words(
        "lack lacks lacked lacking fail fails failed failing failure absence absent refuse "
        "refused refuses refusal deny denied denies hardly barely scarcely unable impossible "
        "instead rather too prevent prevented prevents avoid avoided stop stopped lost lose loses "
        "unless except free gone little few less only neglect neglected ignore ignored whatever "
        "whoever however wherever whichever whenever"
    )
)
# Lexical negations: the English of "не смог" may be "was unable", of "нельзя" "forbidden".
_EN_NEGATIVE_PREFIX = re.compile(r"^(?:un|non|dis|in|im|ir|il|mis)[a-z]{3,}|[a-z]{3,}less$")
_RU_NEGATIVE_PREFIX = re.compile(r"^(?:не|ни|без|бес)[а-яё]{3,}$")

# -- quantities --------------------------------------------------------------------------
_RU_QUANTITY = re.compile(
    r"^(?:много\w*|многие|многих|многим|многими|мало|немного|немало|несколько|нескольк\w+|"
    r"вс[её]|все|всех|всем|всеми|вся|весь|всего|всему|всю|каждый|кажд\w+|половин\w*|"
    r"большинств\w*|меньшинств\w*|оба|обе|обоих|обеим|любой|люб\w{2,3}|множеств\w*|"
    r"ряд|массу|масса|полно)$"
)
_EN_QUANTITY = frozenset(
    _words(
        "many much few little lot lots several some all every each everyone everybody "
        "everything everywhere half most majority minority both any numerous multiple plenty "
        "various whole entire total dozens hundreds thousands variety number range always more "
        "less"
    )
)

# -- names -------------------------------------------------------------------------------
# Names a skeleton does not join (Китай ~ China): each English word (or its start) with the
# starts of its Russian renderings. Both directions use it.
_EXONYMS: dict[str, tuple[str, ...]] = {
    "china": ("кита",), "chinese": ("кита",), "japan": ("япон",), "sweden": ("швец", "швед"),
    "swedish": ("швед",), "germany": ("герман", "немец", "фрг"), "german": ("немец", "герман"),
    "hungary": ("венгр",), "hungarian": ("венгр",), "poland": ("польш", "польск", "поляк"),
    "georgia": ("грузи",), "georgian": ("грузи", "грузин"), "russian": ("русск", "росси"),
    "russia": ("росси", "рф"), "jewish": ("евре",), "jew": ("евре",), "czech": ("чех", "чеш"),
    "dutch": ("голланд", "нидерланд"), "christ": ("христ",), "christian": ("христ",),
    "jesus": ("иисус",), "paul": ("павел", "павл"), "michael": ("михаил",),
    "orthodox": ("правосла",), "western": ("запад",), "eastern": ("восток", "восточн"),
    "northern": ("север",), "southern": ("юг", "южн"), "west": ("запад",), "east": ("восток",),
    "north": ("север",), "south": ("юг", "южн"), "scottish": ("шотланд",),
    "scotland": ("шотланд",), "irish": ("ирланд",), "swiss": ("швейцар",),
    "switzerland": ("швейцар",), "danish": ("датск", "дани"), "denmark": ("дани",),
    "greek": ("грек", "греч"), "god": ("бог", "господ"), "lord": ("господ", "бог"),
    "john": ("иоанн", "иван"), "earth": ("земл",), "moon": ("лун",), "sun": ("солнц",),
    "internet": ("интернет", "сет"), "church": ("церк", "храм"), "state": ("государ", "штат"),
    "states": ("штат", "сша"), "united": ("соединен", "объединен", "сша", "оаэ"),
    "usa": ("сша",), "us": ("сша",), "uk": ("британ", "англи", "великобрит"),
    "treasury": ("минфин", "казначей"), "europe": ("европ",), "european": ("европ", "ес"),
    "eu": ("ес", "евросо"),
    "un": ("оон",), "ussr": ("ссср", "совет"), "soviet": ("совет", "ссср"),
    "moscow": ("моск", "подмоск"), "kiev": ("киев",), "kyiv": ("киев",),
    "belarus": ("белорус", "беларус"),
    "english": ("англ",), "britain": ("британ", "великобрит"),
    "british": ("британ", "англ", "великобрит"),
    "arab": ("араб",), "turkish": ("турец", "турк"), "emperor": ("император",),
    "tsar": ("цар",), "czar": ("цар",), "king": ("корол",), "queen": ("корол",),
    "prince": ("княз", "принц"), "saint": ("свят",), "st": ("свят", "санкт"),
    "mount": ("гор",), "river": ("рек",), "lake": ("озер",), "sea": ("мор",),
    "ocean": ("океан",), "island": ("остров",), "islands": ("остров",),
    "city": ("город", "г."), "bay": ("залив",), "cape": ("мыс",), "gulf": ("залив",),
    "kremlin": ("кремл",), "duma": ("дум",), "parliament": ("парламент", "рада", "дум"),
    "government": ("правительств",), "president": ("президент",), "minister": ("министр",),
    "ministry": ("министерств", "мид", "мвд", "минобр", "минфин"),
    "court": ("суд",), "army": ("арми",), "navy": ("флот",), "war": ("войн",),
    "world": ("мир", "миров"), "republic": ("республик",), "empire": ("импери",),
    "union": ("союз",), "federation": ("федерац",), "federal": ("федерал",),
    "national": ("национал", "народн"), "new": ("нов",), "great": ("велик",),
    "old": ("стар",), "central": ("центр",), "bible": ("библи",), "gospel": ("евангел",),
    "holy": ("свят",), "virgin": ("богородиц", "дев"), "mary": ("мари", "богородиц"),
    "peter": ("пётр", "петр"), "nicholas": ("никола",), "alexander": ("александр",),
    "catherine": ("екатерин",), "elizabeth": ("елизавет",), "joseph": ("иосиф",),
    "george": ("георги", "юри", "егор"), "james": ("яков",), "jacob": ("яков",),
}  # fmt: skip
# Capitalised English words that are no name to find in the Russian: the calendar, titles,
# the pronoun I, and words English capitalises where Russian does not.
_EN_NOT_NAMES = frozenset(
    _words(
        "i i'm i've i'll i'd mr mrs ms dr sir madam monday tuesday wednesday thursday friday "
        "saturday sunday january february march april may june july august september october "
        "november december christmas easter ok okay tv am pm ad bc"
    )
)
# Function words that open an English sentence (its first word is a name only if not one).
_EN_FUNCTION = frozenset(
    _words(
        "the a an in on at to of for from by with as and but or so if when while after before "
        "this that these those there here it its he she they we you his her their our my your "
        "what which who whom whose why how where is are was were be been has have had do does "
        "did will would can could should may might must not no yes all some many most one two "
        "however also then now today yesterday since because although though despite during "
        "according about over under between among into through only even just still yet"
    )
)
# Latin in the Russian that is no word to translate: HTML entities' names (&amp; &gt;);
# Roman numerals (XX век) are the number check's.
_NOT_WORDS = frozenset(_words("amp gt lt quot nbsp apos http https www"))
_ROMAN = re.compile(r"^[IVXLC]+$")
_SENTENCE_END = re.compile(r"[.!?…:;«»\"“”„(\[—–-]\s*$")


@lru_cache(maxsize=65536)
def _sk(word: str) -> str:
    if not word.isascii():  # Clément, Clement; a Cyrillic word is left as it is
        word = "".join(
            c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
        )
    return skeleton(word)


@dataclass(frozen=True, slots=True)
class Gaps:
    """What each side of a bead has that the other lacks: the words, with their spans."""

    names_ru: tuple[Token, ...] = ()  # Russian names with no English counterpart
    names_en: tuple[Token, ...] = ()  # English names with no Russian counterpart
    latin_ru: tuple[Token, ...] = ()  # Latin-script words of the Russian not in the English
    negations_ru: tuple[Token, ...] = ()  # Russian negations; the English has none
    negations_en: tuple[Token, ...] = ()  # English negations; the Russian has none


@dataclass(frozen=True, slots=True)
class Signals:
    """A bead's omission and addition signals as plain numbers (features for a risk score).

    Counts are of words on one side with no counterpart on the other; ``length_z`` is the
    bead's English/Russian length log-ratio in the document's robust standard deviations
    from its median (negative: shorter than usual), None where the document has no figures
    or the bead is too short to say."""

    numbers_ru: int = 0  # numbers in digits in the Russian, none like them in the English
    numbers_en: int = 0
    names_ru: int = 0
    names_en: int = 0
    latin_ru: int = 0
    negations_ru: int = 0
    negations_en: int = 0
    quantities_ru: int = 0
    quantities_en: int = 0
    length_z: float | None = None

    @property
    def omissions(self) -> int:
        """Russian content with no English counterpart, of every kind."""
        return (
            self.numbers_ru + self.names_ru + self.latin_ru + self.negations_ru + self.quantities_ru
        )

    @property
    def additions(self) -> int:
        """English content with no Russian counterpart, of every kind."""
        return self.numbers_en + self.names_en + self.negations_en + self.quantities_en


def signals(entry: Entry, stats: DocumentStats | None = None) -> Signals:
    """The bead's signals; ``stats`` (the document's figures) gives the length z-score."""
    if not entry.ru or not entry.en.strip():
        return Signals(length_z=length_z(entry, stats))
    gaps = gaps_of(entry.ru, entry.en)
    left_ru, left_en = unmatched(entry.ru, entry.en)
    quantities_ru, quantities_en = _quantities(entry.ru, entry.en)
    return Signals(
        numbers_ru=len(left_ru),
        numbers_en=len(left_en),
        names_ru=len(gaps.names_ru),
        names_en=len(gaps.names_en),
        latin_ru=len(gaps.latin_ru),
        negations_ru=len(gaps.negations_ru),
        negations_en=len(gaps.negations_en),
        quantities_ru=quantities_ru,
        quantities_en=quantities_en,
        length_z=length_z(entry, stats),
    )


def document_signals(entries: Sequence[Entry]) -> list[Signals]:
    """Every bead's signals, the length z-scores against these entries' own figures."""
    stats = DocumentStats.of(entries)
    return [signals(e, stats) for e in entries]


def embedding_z(entries: Sequence[Entry], embedder: Embedder | None = None) -> list[float | None]:
    """Opt-in (the ``[embed]`` encoder: about 30 ms a sentence on a 2-core machine, so not
    in ``check``): each bead's Russian/English cosine similarity as a robust z-score against
    the document's own (negative: less alike than usual; None without both sides, or for a
    document too small to have a distribution). A risk feature: it names no words."""
    import statistics

    from sverka.embed import encode

    both = [i for i, e in enumerate(entries) if e.ru and e.en.strip()]
    out: list[float | None] = [None] * len(entries)
    if len(both) < LENGTH_MIN_ENTRIES:
        return out
    ru = encode([entries[i].ru for i in both], embedder)
    en = encode([entries[i].en for i in both], embedder)
    cosines = [float(c) for c in (ru * en).sum(axis=1)]
    median = statistics.median(cosines)
    sigma = 1.4826 * statistics.median(abs(c - median) for c in cosines)
    if sigma > 0:
        for i, c in zip(both, cosines, strict=True):
            out[i] = (c - median) / sigma
    return out


def length_z(entry: Entry, stats: DocumentStats | None) -> float | None:
    """How far the bead's length ratio is from the document's, in robust deviations."""
    if stats is None or not stats.sigma or not entry.ru or not entry.en:
        return None
    if max(len(entry.ru), len(entry.en)) < LENGTH_MIN_CHARS:
        return None
    return (log_ratio(entry) - stats.median) / stats.sigma


@lru_cache(maxsize=4096)
def gaps_of(ru: str, en: str) -> Gaps:
    """Compare the two sides word by word (cached: both checks and the signals read it).
    Each kind is looked for only where a plain search of the text finds a candidate."""
    names_ru: tuple[Token, ...] = ()
    names_en: tuple[Token, ...] = ()
    if _RU_CAPITAL.search(ru, 1) or _EN_CAPITAL.search(en, 1):
        names_ru, names_en = _names(ru, en)
    latin_ru: tuple[Token, ...] = ()
    if _LATIN.search(ru):
        en_folded = en.lower()
        latin_ru = tuple(
            t
            for t in words(ru, "ru")
            if t.text.isascii()
            and len(t.text) >= 2
            and t.text.lower() not in en_folded
            and t.text.lower() not in _NOT_WORDS
            and not _ROMAN.match(t.text)
        )
    neg_ru: tuple[Token, ...] = ()
    neg_en: tuple[Token, ...] = ()
    if _RU_NEGATION_ANY.search(ru) or _EN_NEGATION_ANY.search(en):
        ru_words, en_words = words(ru, "ru"), words(en, "en")
        ru_low = [fold(t.text) for t in ru_words]
        en_low = [t.text.lower() for t in en_words]
        neg_ru, neg_en = _negations(ru, ru_words, ru_low, en, en_words, en_low)
    return Gaps(
        names_ru=names_ru,
        names_en=names_en,
        latin_ru=latin_ru,
        negations_ru=neg_ru,
        negations_en=neg_en,
    )


def _quantities(ru: str, en: str) -> tuple[int, int]:
    """Quantity words on one side when the other has none (a signal only: imprecise)."""
    q_ru = sum(bool(_RU_QUANTITY.match(fold(t.text))) for t in words(ru, "ru"))
    q_en = sum(t.text.lower() in _EN_QUANTITY for t in words(en, "en"))
    return (q_ru, 0) if not q_en else (0, q_en if not q_ru else 0)


_RU_CAPITAL = re.compile(r"[А-ЯЁ]")
_EN_CAPITAL = re.compile(r"[A-Z]")
_LATIN = re.compile(r"[A-Za-z]")
_RU_NEGATION_ANY = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted(_RU_NEGATIONS, key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)
_EN_NEGATION_ANY = re.compile(
    r"\b(?:" + "|".join(sorted(_EN_NEGATIONS, key=len, reverse=True)) + r")\b|n['’]t\b",
    re.IGNORECASE,
)


def _negations(
    ru: str,
    ru_words: tuple[Token, ...],
    ru_low: list[str],
    en_text: str,
    en_words: tuple[Token, ...],
    en_low: list[str],
) -> tuple[tuple[Token, ...], tuple[Token, ...]]:
    exempt = [m.span() for m in _RU_NOT_NEGATION.finditer(ru)] if _MAYBE_EXEMPT.search(ru) else []
    ru_neg = tuple(
        t
        for t, w in zip(ru_words, ru_low, strict=True)
        if w in _RU_NEGATIONS and not any(a <= t.start < b for a, b in exempt)
    )
    en_all = [
        t
        for t, w in zip(en_words, en_low, strict=True)
        if w in _EN_NEGATIONS or w.endswith(("n't", "n’t"))
    ]
    en_neg = tuple(t for t in en_all if not _EN_NOT_NEGATION.match(en_text, t.start))
    if ru_neg and not en_all:
        if any(w in _EN_NEGATION_LIKE or _EN_NEGATIVE_PREFIX.match(w) for w in en_low):
            return (), ()
        return ru_neg, ()
    if en_neg and not ru_neg:
        if exempt or any(
            _RU_NEGATION_LIKE.match(w) or _RU_NEGATIVE_PREFIX.match(w) for w in ru_low
        ):
            return (), ()
        return (), en_neg
    return (), ()


# "No. 3" (number), "not only", and "more often than not" negate nothing.
_EN_NOT_NEGATION = re.compile(
    r"No\.?\s*\d|not\s+only\b|not(?<=than not)|no\s+doubt\b", re.IGNORECASE
)
_MAYBE_EXEMPT = re.compile(r"\b(?:не|ни|нет)\b", re.IGNORECASE)


def _names(ru: str, en: str) -> tuple[tuple[Token, ...], tuple[Token, ...]]:
    ru_side, en_side = _ru_side(ru), _en_side(en)
    if not ru_side.capitals and not en_side.capitals:  # nothing to look up
        return (), ()
    en_keys, en_exonyms = _en_keys(en) if ru_side.capitals else (frozenset(), ())
    ru_left = []
    unmatched_ru = False  # a Russian capital no English word matches
    for t in ru_side.capitals:
        low = fold(t.text)
        keys = _keys(low).union(*(_keys(p) for p in low.split("-")[1:]))
        if keys and not keys.isdisjoint(en_keys):
            continue
        unmatched_ru = True
        if not keys or any(low.startswith(stem) for stem in en_exonyms):
            continue
        if _ru_name_word(t.text):  # the dictionary, only for what is left
            ru_left.append(t)
    # Capitalised English words with no Russian counterpart (each may be the other side of
    # a name left over in the Russian); the names among them (not in the dictionary).
    en_caps = []
    en_left = []
    for t in en_side.capitals:
        low = t.text.lower()
        keys = _keys(low)
        if not keys.isdisjoint(ru_side.keys):
            continue
        stems = _EXONYMS.get(low, ())
        if stems and any(w.startswith(stems) for w in ru_side.low):
            continue
        en_caps.append(t)
        if keys and not en_side.heading and not _is_english(low):
            en_left.append(t)
    # A name left over on both sides is most likely one name two ways (Швеция, Sweden).
    if ru_left and en_caps:
        return (), ()
    # an unmatched Russian capital may be an added English name in another spelling
    if en_left and unmatched_ru:
        return tuple(ru_left), ()
    return tuple(ru_left), tuple(en_left)


@dataclass(frozen=True, slots=True)
class _Side:
    """What one side's names are compared by, computed once per sentence (ten systems'
    English for one Russian sentence share the Russian's), read with plain searches."""

    capitals: tuple[Token, ...]  # capitalised words past the sentence's start
    low: tuple[str, ...] = ()  # Russian: each word folded
    keys: frozenset[str] = frozenset()  # Russian: every word's skeleton keys
    heading: bool = False  # English: title case


# A capitalised word as morph.words reads it (Russian keeps its hyphens, English splits them)
_RU_CAP_WORD = re.compile(r"(?<![^\W\d_])[А-ЯЁ][^\W\d_]*(?:[-‐‑][^\W\d_]+)*")
_EN_CAP_WORD = re.compile(r"(?<![^\W\d_'’])[A-Z][^\W\d_]*(?:['’][^\W\d_]+)*")
_FIRST_LETTER = re.compile(r"[^\W\d_]")


def _capitals(text: str, pattern: re.Pattern[str]) -> list[tuple[Token, int]]:
    """Capitalised words with 0 for the sentence's first word, 1 for the others."""
    first = _FIRST_LETTER.search(text)
    start = first.start() if first else -1
    return [
        (Token(m.group(), m.start(), m.end()), int(m.start() != start))
        for m in pattern.finditer(text)
    ]


@lru_cache(maxsize=4096)
def _ru_side(ru: str) -> _Side:
    capitals = tuple(t for t, i in _capitals(ru, _RU_CAP_WORD) if _is_ru_name(ru, t, i, True))
    low = tuple(fold(w) for w in word_strings(ru, "ru"))
    return _Side(capitals, low, frozenset(k for w in low for k in _keys(w)))


@lru_cache(maxsize=4096)
def _en_side(en: str) -> _Side:
    capitals = tuple(
        t for t, i in _capitals(en, _EN_CAP_WORD) if _is_capitalised(en, t, i, t.text.lower())
    )
    return _Side(capitals, heading=bool(capitals) and _is_heading(word_strings(en, "en")))


@lru_cache(maxsize=4096)
def _en_keys(en: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """Every English word's skeleton keys, and the Russian stems its exonyms give."""
    low = [w.lower() for w in word_strings(en, "en")]
    return (
        frozenset(k for w in low for k in _keys(w)),
        tuple(stem for w in low for stem in _EXONYMS.get(w, ())),
    )


@lru_cache(maxsize=65536)
def _keys(word: str) -> frozenset[str]:
    """A word's skeleton start, the match key of a name (Хабаровск, Khabarovsk: gbr); also
    without a leading j, an English spelling of Ю, Я (Jursky, Юрский); none if too short."""
    sk = _sk(word)
    if len(sk) < 3:
        return frozenset()
    keys = {sk[:3]}
    if sk[0] in "jv" and len(sk) >= 4:  # Jursky, Юрский; Австралия, Australia
        keys.add(sk[1:4])
    if "w" in word:  # Browder, Браудер: a w after a vowel is often no consonant
        keys.add(_sk(word.replace("w", ""))[:3])
    # Ж is zh, j or g (Женева, Geneva; волжский, Volga)
    return frozenset(k.replace("j", "g") for k in keys if len(k) == 3)


def _is_english(low: str) -> bool:
    return en_is_known(low) or en_is_known(en_lemma(low))


_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})


@lru_cache(maxsize=16384)
def _ru_name_word(word: str) -> bool:
    """A word pymorphy3 reads as a name first, or does not know (Клеман, Джиган)."""
    known = [p for p in morph_parse(word) if p.is_known]
    return not known or bool(_NAME_GRAMMEMES & known[0].tag.grammemes)


def _is_ru_name(text: str, t: Token, i: int, any_capital: bool = False) -> bool:
    w = t.text
    if i == 0 or not ("А" <= w[0] <= "Я" or w[0] == "Ё") or len(w) < 3:
        return False
    if w.isupper():  # an abbreviation (США, МВД): translated, not transliterated
        return False
    if _SENTENCE_END.search(text, max(0, t.start - 3), t.start):
        return False
    return any_capital or _ru_name_word(w)


def _is_capitalised(text: str, t: Token, i: int, low: str) -> bool:
    w = t.text
    if i == 0 or not w[0].isupper() or len(w) < 3 or not w.isascii():
        return False
    if low in _EN_NOT_NAMES or low.rstrip("s") in _EN_NOT_NAMES:
        return False
    # an acronym: UN, NATO, NGOs (the Russian's may be another)
    if w.isupper() or (w[-1] == "s" and w[:-1].isupper()):
        return False
    return not _SENTENCE_END.search(text, max(0, t.start - 3), t.start)


def _is_heading(en_words: list[str]) -> bool:
    """Title case (a headline): every word capitalised says nothing about names."""
    long = [w for w in en_words if len(w) >= 4]
    return len(long) >= 3 and sum(w[0].isupper() for w in long) * 2 > len(long)


# -- the checks ---------------------------------------------------------------------------


def omission(ctx: CheckContext) -> Iterator[Finding]:
    entry = ctx.entry
    if not entry.ru or not entry.en.strip():
        return  # "empty" says it
    gaps = gaps_of(entry.ru, entry.en)
    for tokens, say, key in (
        (gaps.negations_ru, "has no negation in the English: is the sense reversed?", fold),
        (gaps.names_ru, "has no counterpart in the English: a name left out?", fold),
        (gaps.latin_ru, "is not in the English: left out?", str.lower),
    ):
        for t in tokens:
            yield finding(
                "omission",
                f"«{t.text}» {say}",
                ru_span=(t.start, t.end),
                key=f"omission:{key(t.text)}",
            )


def addition(ctx: CheckContext) -> Iterator[Finding]:
    entry = ctx.entry
    if not entry.ru or not entry.en.strip():
        return
    gaps = gaps_of(entry.ru, entry.en)
    for tokens, say in (
        (gaps.negations_en, "a negation with none in the Russian: is the sense reversed?"),
        (gaps.names_en, "not in the Russian: an added name, or a wrong one?"),
    ):
        for t in tokens:
            yield finding(
                "addition",
                f'"{t.text}": {say}',
                en_span=(t.start, t.end),
                key=f"addition:{t.text.lower()}",
            )
