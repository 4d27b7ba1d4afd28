"""The aligner: a valid cover on any input, and the beads a reviewer needs on real text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sverka.align import AlignOptions, align
from sverka.model import Bead, Segment

REPO = Path(__file__).resolve().parents[2]
ARTICLE = REPO / "corpora" / "kazakhstan-2022"


def segs(sentences: list[str], paras: list[int] | None = None) -> list[Segment]:
    paras = paras or [0] * len(sentences)
    return [Segment(s, 0, len(s), p, 1) for s, p in zip(sentences, paras, strict=True)]


def assert_cover(beads: list[Bead], n: int, m: int) -> None:
    ru = [i for b in beads for i in b.ru]
    en = [j for b in beads for j in b.en]
    assert ru == list(range(n)), "every Russian sentence once, in order"
    assert en == list(range(m)), "every English sentence once, in order"
    for b in beads:
        assert b.ru or b.en, "no empty bead"
        assert 0.0 <= b.confidence <= 1.0


RU = [
    "Мы увидели, как в разных городах Казахстана появились протестующие.",
    "Они начали поджигать машины и здания.",
    "В Алматы сгорело здание акимата.",
    "Президент Токаев назвал 20 тысяч бандитов.",
    "Власти потеряли контроль над ситуацией на два дня.",
    "Город-миллионник остался без светофоров.",
    "Многие горожане присоединились к протесту.",
    "Это было 5 января 2022 года.",
]
EN = [
    "We saw how protesters appeared in various cities of Kazakhstan.",
    "They began to set fire to cars and buildings.",
    "The Akimat building burned down in Almaty.",
    "President Tokayev spoke of 20 thousand bandits.",
    "The authorities lost control of the situation for two days.",
    "The millionth city was left without traffic lights.",
    "Many townspeople joined the protest.",
    "It was January 5, 2022.",
]


def kinds(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.ru, b.en) for b in beads]


def test_parallel_text_is_all_one_to_one():
    beads = align(segs(RU), segs(EN))
    assert kinds(beads) == [((i,), (i,)) for i in range(8)]
    assert min(b.confidence for b in beads) > 0.5


def test_dropped_sentence_becomes_a_one_to_zero_bead():
    en = EN[:3] + EN[4:]
    beads = align(segs(RU), segs(en))
    assert ((3,), ()) in kinds(beads)
    assert_cover(beads, 8, 7)


def test_caption_with_no_source_becomes_a_zero_to_one_bead():
    en = [*EN[:4], "Photo: Reuters", *EN[4:]]
    beads = align(segs(RU), segs(en))
    assert ((), (4,)) in kinds(beads)
    assert ((4,), (5,)) in kinds(beads)


def test_merged_english_sentences_become_a_two_to_one_bead():
    en = [*EN[:1], EN[1] + " " + EN[2], *EN[3:]]
    beads = align(segs(RU), segs(en))
    assert ((1, 2), (1,)) in kinds(beads)
    assert len(beads) == 7


def test_split_english_sentence_becomes_a_one_to_two_bead():
    en = [*EN[:3], "President Tokayev spoke.", "He named 20 thousand bandits.", *EN[4:]]
    beads = align(segs(RU), segs(en))
    assert ((3,), (3, 4)) in kinds(beads)


def test_paragraph_breaks_on_both_sides_guide_the_path():
    # The Russian pairs (0,1) and the English pairs (0,1) are each one paragraph; a
    # path that crossed the break would need a bead spanning two paragraphs.
    ru = segs(RU[:4], [0, 0, 1, 1])
    en = segs(EN[:4], [0, 0, 1, 1])
    beads = align(ru, en)
    assert kinds(beads) == [((i,), (i,)) for i in range(4)]


@pytest.mark.parametrize("n,m", [(0, 0), (0, 3), (3, 0), (1, 1), (1, 7), (7, 1)])
def test_degenerate_sizes_give_a_valid_cover(n, m):
    beads = align(segs(RU[:n]), segs((EN * 2)[:m]))
    assert_cover(beads, n, m)


def test_one_against_ten_thousand_sentences():
    en = segs([f"Sentence number {k} of a long English text." for k in range(10_000)])
    beads = align(segs(RU[:1]), en)
    assert_cover(beads, 1, 10_000)


sentence = st.text(
    alphabet=st.sampled_from(
        list('абвгдежзиклмнопрстуфхцчшщыэюя abcdefghijklmnoprstuvwxyz0123456789.,!?«»"')
    ),
    min_size=0,
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(sentence, max_size=30),
    st.lists(sentence, max_size=30),
    st.lists(st.integers(0, 3), max_size=30),
)
def test_any_input_gives_a_valid_cover(ru, en, breaks):
    def with_paras(texts):
        paras, p = [], 0
        for k in range(len(texts)):
            p += breaks[k] == 0 if k < len(breaks) else 0
            paras.append(p)
        return segs(texts, paras)

    beads = align(with_paras(ru), with_paras(en))
    assert_cover(beads, len(ru), len(en))


@pytest.mark.parametrize("part", ["length", "anchors", "translit", "dictionary", "paragraphs"])
def test_every_cost_part_can_be_switched_off(part):
    beads = align(segs(RU), segs(EN), AlignOptions(**{part: False}))
    assert_cover(beads, 8, 8)
