"""Glossary terms in a bead: term-forbidden, term-missing and pitfall.

One pass over the terms the index (termindex.py) finds in the Russian decides among the
three: a forbidden rendering in the English is term-forbidden (pitfall when the glossary
is a pitfall list); a term whose approved rendering is missing, and no forbidden one stands
there instead, is term-missing. A forbidden word inside an approved rendering does not
count ("law enforcement organ" approved, "organ" forbidden).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sverka.checks.registry import CheckContext, finding
from sverka.checks.termindex import Cover, Term, TermMatch, positions, spans
from sverka.glossary import GlossaryEntry
from sverka.model import Finding
from sverka.morph import en_keys, words


def glossary(ctx: CheckContext) -> Iterator[Finding]:
    index = ctx.terms
    if not index:
        return
    entry = ctx.entry
    matches = index.match_ru(entry.ru)
    if not matches or not entry.en:
        return
    tokens = words(entry.en, "en")
    keys = [en_keys(t.text) for t in tokens]
    by_term: dict[int, list[TermMatch]] = {}
    for m in matches:
        by_term.setdefault(id(m.term), []).append(m)
    at = positions(keys)
    approved = {k: spans(ms[0].term.approved, tokens, keys, at) for k, ms in by_term.items()}
    inside_approved = Cover([s for found in approved.values() for s in found])
    for k, occurrences in by_term.items():
        term = occurrences[0].term
        wrong = [s for s in spans(term.forbidden, tokens, keys, at) if not inside_approved(s)]
        # Each wrong English word once, beside the Russian occurrence in the same order
        # (the last one takes any extra).
        for i, span in enumerate(sorted(wrong)):
            m = occurrences[min(i, len(occurrences) - 1)]
            ru_text = entry.ru[m.span[0] : m.span[1]]
            yield _forbidden_finding(term, m.span, span, ru_text, entry.en[span[0] : span[1]])
        if not wrong and term.glossary.kind == "terms" and term.approved and not approved[k]:
            m = occurrences[0]
            yield finding(
                "term-missing",
                f"«{entry.ru[m.span[0] : m.span[1]]}» should be rendered "
                f"{_alternatives(term.entry.en)} ({term.glossary.name}){_note(term.entry)}",
                ru_span=m.span,
                key=f"term-missing:{term.key}",
            )


def _forbidden_finding(
    term: Term, ru_span: tuple[int, int], en_span: tuple[int, int], ru_text: str, en_text: str
) -> Finding:
    use = f": use {_alternatives(term.entry.en)}" if term.entry.en else ""
    if term.glossary.kind == "pitfalls":
        code = "pitfall"
        message = f'"{en_text}" is a known mistranslation of «{ru_text}»{use}'
    else:
        code = "term-forbidden"
        message = f'"{en_text}" is a forbidden rendering of «{ru_text}»{use}'
    return finding(
        code,
        f"{message} ({term.glossary.name}){_note(term.entry)}",
        ru_span=ru_span,
        en_span=en_span,
        key=f"{code}:{term.key}",
    )


def _alternatives(renderings: Sequence[str]) -> str:
    return " or ".join(f'"{r}"' for r in renderings[:3])


def _note(entry: GlossaryEntry) -> str:
    return f": {entry.note}" if entry.note else ""
