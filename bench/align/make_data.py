"""Build the alignment benchmark's texts from WMT21 ru-en and write them with exact gold beads.

Texts of about 150 sentences are cut from consecutive documents; every MT system's output
(and human reference A) supplies the English. Each text, system and level gets its own
seeded perturbation (see ``perturb.py``). Files are one sentence per line, a blank line
between paragraphs; gold is JSON ``[[[ru indices], [en indices]], ...]`` over non-blank lines.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from perturb import LEVELS, GoldBead, Perturbed, Unit, perturb

REPO = Path(__file__).resolve().parents[2]
WMT21 = REPO.parent / "shared" / "data" / "wmt21" / "newstest2021.ru-en.all.xml"
OUT = REPO / "bench" / "out" / "align"
TEXT_SIZE = 150
REFERENCE = "ref-A"
_END = re.compile(r"[.!?…:;][\"'»”)]*$")

Gold = list[tuple[list[int], list[int]]]


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    ru: list[str]
    para: list[int]  # paragraph index of each seg within the document
    en: dict[str, list[str]]  # system (or "ref-A") -> English segs, parallel to ``ru``


@dataclass(frozen=True, slots=True)
class Text:
    index: int
    docs: list[Doc]

    def units(self, system: str) -> list[Unit]:
        units: list[Unit] = []
        base = 0
        for doc in self.docs:
            rows = zip(doc.ru, doc.en[system], doc.para, strict=True)
            units += [Unit(r, e, base + p) for r, e, p in rows]
            base += doc.para[-1] + 1
        return units


@dataclass(frozen=True, slots=True)
class Case:
    level: str
    system: str
    text: int
    ru: Path
    en: Path
    gold: Path
    sentences: int  # parallel segs in the source text
    touched: int
    breaks_lost: int
    ops: Counter[str]


def _segs(side: ET.Element, doc_id: str) -> tuple[list[str], list[int]]:
    texts: list[str] = []
    paras: list[int] = []
    for p, para in enumerate(side.iter("p")):
        for seg in para.iter("seg"):
            text = " ".join((seg.text or "").split())
            if not text:
                raise ValueError(f"{doc_id} seg {seg.get('id')}: empty seg breaks one-per-line")
            texts.append(text)
            paras.append(p)
    return texts, paras


def load_docs(path: Path = WMT21) -> tuple[list[Doc], list[str]]:
    """Documents in file order, and the systems in the order of the first document."""
    docs: list[Doc] = []
    systems: list[str] = []
    for el in ET.parse(path).getroot().iter("doc"):
        doc_id = el.get("id", "?")
        src = el.find("src")
        if src is None:
            raise ValueError(f"{doc_id}: no <src>")
        ru, para = _segs(src, doc_id)
        en: dict[str, list[str]] = {}
        for hyp in el.iter("hyp"):
            en[hyp.get("system", "?")] = _segs(hyp, doc_id)[0]
        for ref in el.iter("ref"):
            if ref.get("translator") == "A":
                en[REFERENCE] = _segs(ref, doc_id)[0]
        if not systems:
            systems = list(en)
        if any(len(en.get(s, ())) != len(ru) for s in systems):
            raise ValueError(f"{doc_id}: a system is missing or not parallel to the source")
        if len(ru) > 1 and para[0] == para[1] and not _END.search(ru[0]):
            para = [0] + [p + 1 for p in para[1:]]  # the headline is its own paragraph
        docs.append(Doc(doc_id, ru, para, en))
    return docs, systems


def make_texts(docs: Sequence[Doc], size: int = TEXT_SIZE) -> list[Text]:
    """Consecutive documents, cut where the running total is closest to ``size``."""
    groups: list[list[Doc]] = [[]]
    total = 0
    for doc in docs:
        n = len(doc.ru)
        if groups[-1] and abs(total + n - size) > abs(total - size):
            groups.append([])
            total = 0
        groups[-1].append(doc)
        total += n
    if len(groups) > 1 and total < size // 2:
        last = groups.pop()
        groups[-1] += last
    return [Text(i, g) for i, g in enumerate(groups)]


def render(beads: Iterable[GoldBead]) -> tuple[str, str, Gold]:
    """Russian file, English file and gold beads for a bead sequence."""
    out: dict[str, list[str]] = {"ru": [], "en": []}
    count = {"ru": 0, "en": 0}
    pending = {"ru": False, "en": False}
    gold: Gold = []
    for bead in beads:
        pending["ru"] |= bead.ru_break
        pending["en"] |= bead.en_break
        ix: dict[str, list[int]] = {"ru": [], "en": []}
        for side, lines in (("ru", bead.ru), ("en", bead.en)):
            for line in lines:
                if pending[side] and out[side]:
                    out[side].append("")
                pending[side] = False
                out[side].append(line)
                ix[side].append(count[side])
                count[side] += 1
        gold.append((ix["ru"], ix["en"]))
    return "\n".join(out["ru"]) + "\n", "\n".join(out["en"]) + "\n", gold


def validate(ru_text: str, en_text: str, gold: Gold) -> None:
    """Gold must cover both sides' non-blank lines exactly once, in order."""
    for side, text, k in (("ru", ru_text, 0), ("en", en_text, 1)):
        n = sum(1 for line in text.split("\n") if line.strip())
        flat = [i for bead in gold for i in bead[k]]
        if flat != list(range(n)):
            raise ValueError(f"gold does not cover the {side} side's {n} lines in order")
    if any(not ru and not en for ru, en in gold):
        raise ValueError("gold has an empty bead")


def write_case(stem: Path, ru_text: str, en_text: str, gold: Gold) -> tuple[Path, Path, Path]:
    validate(ru_text, en_text, gold)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = (
        stem.with_suffix(".ru.txt"),
        stem.with_suffix(".en.txt"),
        stem.with_suffix(".gold.json"),
    )
    paths[0].write_text(ru_text, encoding="utf-8")
    paths[1].write_text(en_text, encoding="utf-8")
    paths[2].write_text(json.dumps(gold, separators=(",", ":")), encoding="utf-8")
    return paths


def seeded(*key: object) -> random.Random:
    return random.Random("/".join(map(str, key)))


def build(out: Path = OUT / "data", max_texts: int | None = None) -> tuple[list[Case], list[str]]:
    """Write every text x system x level; return the cases and the systems."""
    docs, systems = load_docs()
    texts = make_texts(docs)[:max_texts]
    cases: list[Case] = []
    for level in LEVELS:
        for system in systems:
            for text in texts:
                units = text.units(system)
                p: Perturbed = perturb(units, level, seeded("align", level, system, text.index))
                stem = out / level / system / f"t{text.index:02d}"
                ru, en, gold = write_case(stem, *render(p.beads))
                cases.append(
                    Case(
                        level,
                        system,
                        text.index,
                        ru,
                        en,
                        gold,
                        len(units),
                        p.touched,
                        p.breaks_lost,
                        p.ops,
                    )
                )
    return cases, systems


def touch_report(cases: Sequence[Case]) -> str:
    """Achieved share of sentences touched, per level (over every text and system)."""
    lines = ["level  target  achieved  min     max     changes per text; English breaks lost"]
    for level, spec in LEVELS.items():
        sel = [c for c in cases if c.level == level]
        rates = [c.touched / c.sentences for c in sel]
        total = sum(c.touched for c in sel) / sum(c.sentences for c in sel)
        lost = statistics.mean(c.breaks_lost for c in sel)
        ops = sum((c.ops for c in sel), Counter())
        mix = " ".join(f"{k} {n / len(sel):.1f}" for k, n in ops.items())
        lines.append(
            f"{level:<6} {spec.touched:6.1%}  {total:8.1%}  {min(rates):6.1%}  {max(rates):6.1%}"
            f"  {mix or '-'}; lost {lost:.1f} (p={spec.para_loss:.2f})"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT / "data", help="output folder (%(default)s)")
    ap.add_argument("--texts", type=int, default=None, help="only the first N texts")
    args = ap.parse_args()
    cases, systems = build(args.out, args.texts)
    texts = len({c.text for c in cases})
    sizes = Counter(c.sentences for c in cases if c.system == systems[0] and c.level == "none")
    print(f"{texts} texts ({sorted(sizes.elements())} sentences) x {len(systems)} systems")
    print(f"x {len(LEVELS)} levels = {len(cases)} cases in {args.out}")
    print(touch_report(cases))


if __name__ == "__main__":
    main()
