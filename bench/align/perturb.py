"""Simulate what MT and web pages do to a text's structure, keeping the gold beads exact.

A text is a list of parallel units (one Russian seg and its English). ``perturb`` picks
non-overlapping changes with a seeded RNG until the level's share of sentences is touched,
then builds the gold beads in reading order, each carrying its sentences' final text and
whether a paragraph break precedes it on either side.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Level:
    touched: float  # share of sentences involved in merges, splits, drops, joins, captions
    para_loss: float  # chance that an English paragraph break is lost


LEVELS: dict[str, Level] = {
    "none": Level(0.0, 0.0),
    "low": Level(0.08, 0.15),
    "mid": Level(0.20, 0.30),
    "high": Level(0.35, 0.50),
}

# kind -> (sentences touched, weight when drawing the next change)
OPS: dict[str, tuple[int, float]] = {
    "merge": (2, 0.25),  # two English sentences merged into one: 2-1
    "split": (1, 0.20),  # one English sentence split at a clause boundary: 1-2
    "drop": (1, 0.15),  # an English sentence dropped: 1-0
    "join": (2, 0.20),  # two Russian sentences joined, so the MT "split" a long one: 1-2
    "caption": (1, 0.20),  # a caption or credit line with no source: 0-1
}

CAPTIONS: tuple[str, ...] = (
    "Photo: Reuters",
    "Photo: AP",
    "Photo: EPA/Yuri Kochetkov",
    "Photo: Global Look Press",
    "Photo: TASS/Sergei Bobylev",
    "© RIA Novosti / Ilya Pitalev",
    "© Sputnik",
    "Source: TASS",
    "Source: Interfax",
    "Read also: Putin signed the law on the federal budget for 2021",
    "Read also: The Central Bank lowered the key rate to 4.25%",
    "Read more: What changes for pensioners from August 1",
    "Advertisement",
    "ADVERTISEMENT",
    "Subscribe to our Telegram channel",
    "Subscribe to our channel in Yandex.Zen",
    "Share this article",
    "Share on Facebook",
    "Comments (12)",
    "Video: YouTube / Channel One",
    "Screenshot: Instagram",
    "Illustration: Shutterstock",
    "Author: Anna Petrova",
    "By Ivan Sidorov, Moscow",
    "Updated: 26.07.2020 14:35",
    "Published 26 July 2020, 10:15",
    "Follow us on VKontakte",
    "Also on the topic",
    "All news on the topic",
    "If you find a mistake, select it and press Ctrl+Enter",
)

# Sentence openers that are safe to lowercase when a sentence becomes a clause; any other
# first word may be a name, so the two sentences are then joined with a plain space.
# fmt: off
_EN_LOWER = frozenset((
    "the", "this", "that", "these", "those", "it", "he", "she", "they", "we", "there", "in",
    "on", "at", "as", "a", "an", "but", "and", "however", "according", "after", "before",
    "since", "when", "while", "also", "his", "her", "their", "our", "its", "for", "to", "with",
    "many", "some", "all", "one", "most", "such", "now", "then", "today", "yesterday",
))
_RU_LOWER = frozenset((
    "он", "она", "оно", "они", "это", "этот", "эта", "эти", "в", "во", "на", "по", "при",
    "после", "до", "как", "так", "также", "кроме", "однако", "но", "и", "а", "его", "её", "их",
    "с", "со", "за", "из", "к", "для", "у", "там", "тогда", "сейчас", "теперь", "ранее",
    "позже", "о", "об", "мы", "я", "все", "всё", "уже",
))
# fmt: on
_EN_JOINS = (" ", "; ", ", and ")
_RU_JOINS = (" ", "; ", ", и ", " — ")
_CLAUSE = re.compile(r", (?:(and|but) )?|; | (and|but) ")
_END = re.compile(r"[.!?…]+[\"'»”)]*$")


@dataclass(frozen=True, slots=True)
class Unit:
    """One parallel seg of the source data: ``para`` is its paragraph index in the text."""

    ru: str
    en: str
    para: int


@dataclass(slots=True)
class GoldBead:
    ru: list[str]
    en: list[str]
    ru_break: bool = False  # a paragraph break precedes this bead's Russian lines
    en_break: bool = False


@dataclass(slots=True)
class Perturbed:
    beads: list[GoldBead]
    touched: int  # sentences involved in changes (a caption counts as one)
    ops: Counter[str]
    breaks_lost: int


def perturb(units: Sequence[Unit], level: str, rng: random.Random) -> Perturbed:
    spec = LEVELS[level]
    plan, captions, touched, ops = _plan(units, round(spec.touched * len(units)), rng)
    beads = _build(units, plan, captions, rng)
    lost = 0
    for bead in beads[1:]:
        if bead.en_break and rng.random() < spec.para_loss:
            bead.en_break = False
            lost += 1
    return Perturbed(beads, touched, ops, lost)


def _plan(
    units: Sequence[Unit], target: int, rng: random.Random
) -> tuple[dict[int, str], dict[int, tuple[str, bool]], int, Counter[str]]:
    """Choose changes: unit index -> kind, and gap index -> (caption, own paragraph)."""
    plan: dict[int, str] = {}
    used: set[int] = set()
    inside: set[int] = set()  # gaps within a merged or joined pair: no caption fits there
    captions: dict[int, tuple[str, bool]] = {}
    kinds = list(OPS)
    weights = [w for _, w in OPS.values()]
    touched = 0
    ops: Counter[str] = Counter()
    attempts = 200 * len(units)
    while touched < target and attempts:
        attempts -= 1
        kind = rng.choices(kinds, weights)[0]
        cost = OPS[kind][0]
        if touched + cost > target:
            continue
        if kind == "caption":
            gap = rng.randrange(len(units) + 1)
            if gap in captions or gap in inside:
                continue
            captions[gap] = (rng.choice(CAPTIONS), rng.random() < 0.5)
        else:
            i = rng.randrange(len(units))
            span = range(i, i + cost)
            if span[-1] >= len(units) or used.intersection(span):
                continue
            if cost == 2 and (units[i].para != units[i + 1].para or i + 1 in captions):
                continue  # merges and joins stay inside a paragraph (and so a document)
            if kind == "split" and _split_en(units[i].en) is None:
                continue
            plan[i] = kind
            used.update(span)
            inside.update(span[1:])
        touched += cost
        ops[kind] += 1
    return plan, captions, touched, ops


def _build(
    units: Sequence[Unit],
    plan: dict[int, str],
    captions: dict[int, tuple[str, bool]],
    rng: random.Random,
) -> list[GoldBead]:
    beads: list[GoldBead] = []
    force_en_break = False
    i = 0
    while i <= len(units):
        if i in captions:
            text, own_para = captions[i]
            beads.append(GoldBead([], [text], en_break=own_para))
            force_en_break = own_para
        if i == len(units):
            break
        u = units[i]
        brk = i > 0 and u.para != units[i - 1].para
        kind = plan.get(i)
        if kind == "merge":
            v = units[i + 1]
            bead = GoldBead([u.ru, v.ru], [_join(u.en, v.en, _EN_JOINS, _EN_LOWER, rng)])
        elif kind == "join":
            v = units[i + 1]
            bead = GoldBead([_join(u.ru, v.ru, _RU_JOINS, _RU_LOWER, rng)], [u.en, v.en])
        elif kind == "split":
            bead = GoldBead([u.ru], list(_split_en(u.en) or ()))
        elif kind == "drop":
            bead = GoldBead([u.ru], [])
        else:
            bead = GoldBead([u.ru], [u.en])
        bead.ru_break = brk
        bead.en_break = brk or force_en_break
        force_en_break = False
        beads.append(bead)
        i += 1 + (kind in ("merge", "join"))
    return beads


def _join(a: str, b: str, joins: Sequence[str], lower: frozenset[str], rng: random.Random) -> str:
    """Two sentences as one: plainly side by side, or as clauses of one sentence."""
    sep = rng.choice(joins)
    first = b.split(" ", 1)[0].lower()
    if sep == " " or first not in lower or not a.endswith(".") or a.endswith(".."):
        return f"{a} {b}"
    return a[:-1] + sep + b[0].lower() + b[1:]


def _split_en(s: str) -> tuple[str, str] | None:
    """Split at the clause boundary nearest the middle: ``A, and B.`` -> ``A.``, ``B.``"""
    best: tuple[int, str, str] | None = None
    for m in _CLAUSE.finditer(s):
        left, right = s[: m.start()], s[m.end() :]
        if not (0.25 * len(s) <= m.start() <= 0.75 * len(s)):
            continue
        if len(left.split()) < 4 or len(right.split()) < 4:
            continue
        connector = m.group(1) or m.group(2)
        if not connector and right.split(" ", 1)[0].lower() not in _EN_LOWER:
            continue  # a bare comma or semicolon splits only before a subject-like word
        if connector == "but":
            right = "But " + right
        if not _END.search(right):
            right += "."
        pair = (left.rstrip(",;: ") + ".", right[0].upper() + right[1:])
        dist = abs(m.start() - len(s) // 2)
        if best is None or dist < best[0]:
            best = (dist, *pair)
    return None if best is None else best[1:]
