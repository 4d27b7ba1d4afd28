"""Issue 16: glossary findings counted once, and document-level findings that follow edits."""

from __future__ import annotations

from pathlib import Path

from sverka.checks import Checker
from sverka.glossary import Glossary, GlossaryEntry
from sverka.model import Entry


def terms(*entries: GlossaryEntry) -> Glossary:
    return Glossary(Path("terms.csv"), entries, "terms")


AKIMAT = GlossaryEntry("акимат", ("city hall",), ("akimat", "akimats"), "translate it", "noun")


def test_a_forbidden_rendering_listed_in_two_forms_is_reported_once_per_word():
    e = Entry(
        id="p001.s01",
        ru="Протестующие захватили акиматы, а затем и акимат Алматы.",
        mt="Protesters seized the akimats, and then the Almaty akimat.",
        en="Protesters seized the akimats, and then the Almaty akimat.",
    )
    found = [f for f in Checker([terms(AKIMAT)]).entry(e) if f.code == "term-forbidden"]
    words = sorted(e.en[f.en_span[0] : f.en_span[1]] for f in found)
    assert words == ["akimat", "akimats"]


def test_a_forbidden_phrase_inside_a_longer_forbidden_phrase_is_reported_once():
    organ = GlossaryEntry(
        "правоохранительный орган",
        ("law enforcement agency",),
        ("law enforcement organ", "enforcement organ"),
        "",
        "phrase",
    )
    e = Entry(
        id="p001.s01",
        ru="Правоохранительные органы задержали его.",
        mt="The law enforcement organs detained him.",
        en="The law enforcement organs detained him.",
    )
    found = [f for f in Checker([terms(organ)]).entry(e) if f.code == "term-forbidden"]
    assert [e.en[f.en_span[0] : f.en_span[1]] for f in found] == ["law enforcement organs"]
