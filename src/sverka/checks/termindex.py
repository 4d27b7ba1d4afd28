"""Glossary terms found in a bead: the index the glossary checks (terms.py) and the app's
highlighting match with.

A Russian term matches in any inflection (every form is generated once, so a sentence costs
a dictionary lookup per word); a multi-word term matches a run of words, each free to
inflect. Where terms overlap, the longest wins and counts once (органы власти, not also
власть), and a project's terminology wins over the pitfall list on the same words.
English renderings match on simplemma lemmas, so "Protestants" is "Protestant" and never
"protester".
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sverka.glossary import Glossary, GlossaryEntry
from sverka.morph import Token, en_keys, fold, ru_forms, ru_forms_all, word_strings, words

_KEY_UNSAFE = re.compile(r"[\s,=]+")
_MATCHED_MAX = 65536  # Russian texts whose matches are kept (a few MB at most)


@dataclass(frozen=True, slots=True)
class _Pattern:
    """A phrase as a run of words; each word is the set of strings it may appear as."""

    words: tuple[frozenset[str], ...]
    upper: tuple[bool, ...]  # the word must be written in capitals (КНБ, NATO)
    exact: tuple[str, ...] | None  # case rule "exact": the words exactly as written

    def may_occur_in(self, present: set[str]) -> bool:
        """Every word has a form among these (in some order: matches_at says where)."""
        return all(not forms.isdisjoint(present) for forms in self.words)

    @property
    def longest(self) -> frozenset[str]:
        """The forms of the longest word: the rarest in a sentence, as a rule."""
        return max(self.words, key=lambda forms: min(map(len, forms)))

    def matches_at(self, tokens: Sequence[Token], keys: Sequence[frozenset[str]], i: int) -> bool:
        if i + len(self.words) > len(tokens):
            return False
        for j, wanted in enumerate(self.words):
            tok = tokens[i + j]
            if self.exact is not None and tok.text != self.exact[j]:
                return False
            if self.upper[j] and not tok.text.isupper():
                return False
            if wanted.isdisjoint(keys[i + j]):
                return False
        return True


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary entry made ready to match. Its English renderings become patterns on first
    use (``approved``, ``forbidden``): most terms of a large list never occur in a given text,
    and lemmatising every rendering of the 1,400-entry pitfalls list cost more than matching."""

    entry: GlossaryEntry
    glossary: Glossary
    ru: _Pattern
    rank: int  # ties between equal spans go to the lower rank: terms before pitfalls
    _made: dict[str, tuple[_Pattern, ...]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def approved(self) -> tuple[_Pattern, ...]:
        return self._patterns("approved", self.entry.en)

    @property
    def forbidden(self) -> tuple[_Pattern, ...]:
        return self._patterns("forbidden", self.entry.forbidden)

    def _patterns(self, which: str, renderings: Sequence[str]) -> tuple[_Pattern, ...]:
        made = self._made.get(which)
        if made is None:
            made = tuple(_en_pattern(t, self.entry.case) for t in renderings if t.strip())
            self._made[which] = made
        return made

    @property
    def key(self) -> str:
        return _KEY_UNSAFE.sub("_", fold(self.entry.ru).strip())


@dataclass(frozen=True, slots=True)
class TermMatch:
    term: Term
    span: tuple[int, int]  # characters in the Russian


def _ru_words(entry: GlossaryEntry) -> list[tuple[str, str]]:
    """The words of a Russian term, each with the part of speech its forms are made with."""
    parts = entry.ru.split()
    pos = entry.pos if len(parts) == 1 else ""
    return [(p, pos) for p in parts]


def _ru_pattern(
    entry: GlossaryEntry, made: dict[tuple[str, str], frozenset[str]] | None = None
) -> _Pattern:
    pairs = _ru_words(entry)
    forms = tuple(made[w] if made and w in made else ru_forms(*w) for w in pairs)
    parts = [p for p, _ in pairs]
    return _Pattern(forms, _upper_rule(parts, entry.case), _exact_rule(parts, entry.case))


def _en_pattern(text: str, case: str) -> _Pattern:
    parts = [t.text for t in words(text, "en")]
    return _Pattern(
        tuple(en_keys(p) for p in parts), _upper_rule(parts, case), _exact_rule(parts, case)
    )


def _upper_rule(parts: Sequence[str], case: str) -> tuple[bool, ...]:
    return tuple(case == "auto" and len(p) > 1 and p.isupper() for p in parts)


def _exact_rule(parts: Sequence[str], case: str) -> tuple[str, ...] | None:
    return tuple(parts) if case == "exact" else None


class TermIndex:
    """Every term of the given glossaries, indexed by the forms of its first word."""

    def __init__(self, glossaries: Sequence[Glossary] = ()) -> None:
        self.terms: list[Term] = []
        self._by_longest: dict[str, list[Term]] = {}  # to rule sentences out quickly
        self.approved_words: set[str] = set()  # lemmas of English words a glossary approves
        made = ru_forms_all(
            w for g in glossaries for e in g.entries if e.ru.strip() for w in _ru_words(e)
        )
        for g_rank, glossary in enumerate(glossaries):
            rank = g_rank + (0 if glossary.kind == "terms" else 1000)
            for entry in glossary.entries:
                if not entry.ru.strip():
                    continue
                term = Term(entry, glossary, _ru_pattern(entry, made), rank)
                if not term.ru.words:
                    continue
                self.terms.append(term)
                for form in term.ru.longest:
                    self._by_longest.setdefault(form, []).append(term)
                for rendering in entry.en:
                    for t in words(rendering, "en"):
                        self.approved_words.update(en_keys(t.text))
        self._order = {id(term): k for k, term in enumerate(self.terms)}
        self._matched: dict[str, tuple[TermMatch, ...]] = {}

    def __bool__(self) -> bool:
        return bool(self.terms)

    def match_ru(self, text: str) -> list[TermMatch]:
        """Terms in a Russian text, longest first where they overlap, in text order.

        Kept per text: the Russian of a bead never changes while the app rechecks it at
        every edit, and a batch file may hold one sentence many times (the 10k benchmark
        file holds each ten times, with ten systems' English)."""
        if not self.terms or not text:
            return []
        found = self._matched.get(text)
        if found is None:
            if len(self._matched) >= _MATCHED_MAX:
                self._matched.clear()
            found = self._matched[text] = tuple(self._match_ru(text))
        return list(found)

    def _match_ru(self, text: str) -> list[TermMatch]:
        folded = fold(text)
        present = word_strings(folded, "ru")
        # Most sentences hold no term at all, found on plain strings: first no form of any
        # term's longest word ("в" begins many phrases, "числе" few), then not every word.
        if self._by_longest.keys().isdisjoint(present):
            return []
        present_set = set(present)
        # The terms whose every word has a form here: only these are tried word by word
        # (many pitfall phrases begin with в, по, на or как, so trying every term that
        # begins with a sentence's word cost most of the time).
        candidates = {
            id(term): term
            for w in present_set
            if w in self._by_longest
            for term in self._by_longest[w]
            if term.ru.may_occur_in(present_set)
        }
        if not candidates:
            return []
        # The candidates by their first word's forms, in the glossaries' order: looking
        # through every term that begins with "в" or "по" for each such word of the sentence
        # cost more than the matching itself, with a list of 800 pitfalls.
        starting: dict[str, list[Term]] = {}
        order = self._order
        for term in sorted(candidates.values(), key=lambda t: order[id(t)]):
            for form in term.ru.words[0]:
                starting.setdefault(form, []).append(term)
        tokens = words(text, "ru")
        if len(folded) == len(text):  # folding keeps every word where it was
            keys = [t.text for t in words(folded, "ru")]
        else:  # a rare lower() that changes length: fold word by word
            keys = [fold(t.text) for t in tokens]
        key_sets = [frozenset((k,)) for k in keys]
        found: list[tuple[int, int, Term]] = []
        for i, key in enumerate(keys):
            for term in starting.get(key, ()):
                if term.ru.matches_at(tokens, key_sets, i):
                    found.append((i, i + len(term.ru.words), term))
        return [
            TermMatch(term, (tokens[a].start, tokens[b - 1].end))
            for a, b, term in _longest_first(found)
        ]


def positions(keys: Sequence[frozenset[str]]) -> dict[str, list[int]]:
    """Where each key (a form or lemma) stands among a sentence's words."""
    at: dict[str, list[int]] = {}
    for i, ks in enumerate(keys):
        for k in ks:
            at.setdefault(k, []).append(i)
    return at


def spans(
    patterns: Sequence[_Pattern],
    tokens: Sequence[Token],
    keys: Sequence[frozenset[str]],
    at: dict[str, list[int]],
) -> list[tuple[int, int]]:
    """Where the patterns occur, each stretch of words once: renderings that match the same
    words (akimat|akimats are one lemma) or one inside another (enforcement organ, law
    enforcement organ) give one span, the longest."""
    out = []
    for pattern in patterns:
        n = len(pattern.words)
        starts = sorted({i for k in pattern.words[0] for i in at.get(k, ())})
        for i in starts:
            if pattern.matches_at(tokens, keys, i):
                out.append((tokens[i].start, tokens[i + n - 1].end))
    if len(out) < 2:
        return out
    # Every span inside no other one. By start, the longer first at one start: a span lies
    # inside an earlier one exactly when an earlier one reaches as far (one pass; checking
    # each against all kept so far took a bead with the term 2,000 times 4 s at 4,000).
    kept: list[tuple[int, int]] = []
    reach = -1
    for a, b in sorted(set(out), key=lambda s: (s[0], -s[1])):
        if b > reach:
            kept.append((a, b))
            reach = b
    return kept


class Cover:
    """Whether a span lies inside one of the given spans, in O(log n): a sentence with the
    approved and the forbidden rendering of a term a thousand times each compared every pair."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self._starts = [a for a, _ in spans]
        self._reach = list(itertools.accumulate((b for _, b in spans), max))

    def __call__(self, span: tuple[int, int]) -> bool:
        k = bisect.bisect_right(self._starts, span[0])  # the spans that start at or before it
        return k > 0 and self._reach[k - 1] >= span[1]

    def overlaps(self, span: tuple[int, int]) -> bool:
        """Whether the span overlaps one of them: one that starts before its end reaches
        past its start."""
        k = bisect.bisect_left(self._starts, span[1])
        return k > 0 and self._reach[k - 1] > span[0]


def _longest_first(found: list[tuple[int, int, Term]]) -> list[tuple[int, int, Term]]:
    """Overlapping matches resolved: longer first, then the better-ranked glossary.

    Spans are word positions, so a match overlaps one taken before it exactly when one of
    its words is taken: a look per word, not per match taken (many terms in one sentence)."""
    taken: list[tuple[int, int, Term]] = []
    used: set[int] = set()
    for a, b, term in sorted(found, key=lambda f: (f[0] - f[1], f[2].rank, f[0])):
        if used.isdisjoint(range(a, b)):
            taken.append((a, b, term))
            used.update(range(a, b))
    return sorted(taken, key=lambda f: f[0])
