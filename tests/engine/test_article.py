"""The bundled article aligns as a reviewer needs: the four places the MT split or merged
sentences (../shared/seeds/kazakhstan-2022.structure.txt) come out exactly, all else 1-1."""

from __future__ import annotations

from pathlib import Path

import pytest

from sverka.align import align
from sverka.io.text import read_text
from sverka.segment import split

ARTICLE = Path(__file__).resolve().parents[2] / "corpora" / "kazakhstan-2022"

# (Russian sentences, English sentences) of the four non 1-1 beads, by their openings,
# written from the structure file, not from sverka's output.
NON_ONE_TO_ONE = [
    (
        ["И для многих протестующих стало понятно", "И они покинули ряды протестующих."],
        ["And for many protesters, it became clear"],
    ),
    (
        ["Плохо, что жители Алматы и других городов страны стали заложниками"],
        ["It is bad that residents of Almaty", "Now people will associate rallies"],
    ),
    (
        ["Резюме: сегодня, когда меня спрашивают"],
        ["Summary: today, when I am asked", "People in power sort things out"],
    ),
    (
        ["На этот счёт не должно быть иллюзий"],
        ["In this regard, there should be no illusions", "And we will again be stuck in time"],
    ),
]


@pytest.fixture(scope="module")
def aligned():
    ru = split(read_text(ARTICLE / "ru.txt"), "ru")
    en = split(read_text(ARTICLE / "en.txt"), "en")
    return ru, en, align(ru, en)


def test_page_header_lines_pair_up(aligned):
    ru, en, beads = aligned
    header = [(ru[b.ru[0]].text, en[b.en[0]].text) for b in beads[:4]]
    assert header == [
        ("Опубликовано 12 января 2022, 09:11", "Posted 12 января 2022,, 09:11"),
        ("Опубликовано 12 января 2022, 09:11", "Published 12 января 2022,, 09:11"),
        ("Изменено 25 декабря 2022, 20:55", "Modified 25 декабря 2022,, 20:55"),
        ("Изменено 25 декабря 2022, 20:55", "Updated 25 декабря 2022,, 20:55"),
    ]


def test_dateline_byline_and_lead_are_their_own_beads(aligned):
    ru, en, beads = aligned
    pairs = [(ru[b.ru[0]].text, en[b.en[0]].text) for b in beads if len(b.ru) == len(b.en) == 1]
    assert ("12 января 2022, 09:11", "12 января 2022, 09:11") in pairs
    assert ("Сергей Дуванов", "Сергей Дуванов") in pairs


def test_exactly_the_four_known_splits_and_merges(aligned):
    ru, en, beads = aligned
    odd = [
        ([ru[i].text for i in b.ru], [en[j].text for j in b.en])
        for b in beads
        if (len(b.ru), len(b.en)) != (1, 1)
    ]
    assert len(odd) == len(NON_ONE_TO_ONE)
    for (got_ru, got_en), (want_ru, want_en) in zip(odd, NON_ONE_TO_ONE, strict=True):
        assert len(got_ru) == len(want_ru) and len(got_en) == len(want_en)
        for got, want in zip(got_ru + got_en, want_ru + want_en, strict=True):
            assert got.startswith(want), (got, want)


def test_every_sentence_is_aligned_once_and_the_ends_meet(aligned):
    ru, en, beads = aligned
    assert [i for b in beads for i in b.ru] == list(range(len(ru)))
    assert [j for b in beads for j in b.en] == list(range(len(en)))
    assert (ru[beads[-1].ru[0]].text, en[beads[-1].en[0]].text) == (
        "Оригинал здесь.",
        "Original is here.",
    )
