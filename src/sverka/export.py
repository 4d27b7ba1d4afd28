"""Exports of a review: the corrected English as text, and the pairs as TMX 1.4b or XLIFF 1.2.

Consumers only: nothing here changes the ``ReviewDoc``.

Decisions that hold for both XML formats:

* Text goes in exactly as it stands (quotes, ``<&>``, tabs, newlines, RTL marks, astral
  characters) and reads back the same from any XML parser: lxml escapes ``\\r`` as ``&#13;``
  so line-end normalisation cannot eat it, and XLIFF units say ``xml:space="preserve"``
  (TMX readers preserve segment whitespace by default).
* Characters that XML 1.0 cannot hold at all (C0 controls other than tab, LF and CR, such as
  NUL or ``\\x0b``; lone surrogates; U+FFFE and U+FFFF) are **removed**: there is no escape for
  them (``&#0;`` is itself illegal), and a file a CAT tool refuses helps nobody.
* No DOCTYPE: CAT tools do not need one. (sverka's TBX reader tolerates a bare one, never
  loads it, and refuses any DTD with declarations.)
* An entry with an empty ``id`` (a PO file from another tool) or an id seen before gets
  ``entry<n>`` (its 1-based position) or ``<id>.2``, ``<id>.3``… (a suffix no entry has as its
  own id): XLIFF needs unique ids.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from sverka import __version__
from sverka.model import Entry
from sverka.review import ReviewDoc

__all__ = ["export_text", "export_tmx", "export_xliff"]

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def export_text(doc: ReviewDoc) -> str:
    """The corrected English laid out like the English input.

    Consecutive entries with the same ``para`` make a paragraph; paragraphs are separated by
    one blank line. Inside a paragraph sentences are joined by a space, and an entry with
    ``line_start`` begins a new line (an emptied line-start entry passes its line break on to
    the next sentence of its paragraph). Each English is stripped; entries with no English
    are left out, and so is a paragraph left empty. Ends with one newline ("" for no text).

    Entries go in the order of their bead ids (``p002.s01`` after ``p001.s03``), not the
    file's: ``msgcat --sort-output`` and other tools reorder a PO file. The parts of a split
    bead (``p001.s03``, ``p001.s03-2``, …) keep their order in the file, which is theirs
    unless a tool sorted them. A file whose ids are not all bead ids keeps its order.
    """
    paragraphs: list[str] = []
    parts: list[str] = []
    para: int | None = None
    new_line = False
    for e in _in_bead_order(doc.entries):
        if e.para != para:
            if parts:
                paragraphs.append("".join(parts))
            parts, para, new_line = [], e.para, False
        new_line = new_line or e.line_start
        text = e.en.strip()
        if not text:
            continue
        if parts:
            parts.append("\n" if new_line else " ")
        parts.append(text)
        new_line = False
    if parts:
        paragraphs.append("".join(parts))
    return "\n\n".join(paragraphs) + "\n" if paragraphs else ""


_BEAD_ID = re.compile(r"p(\d+)\.s(\d+)(?:-\d+)*")


def _in_bead_order(entries: Sequence[Entry]) -> Sequence[Entry]:
    keys = []
    for e in entries:
        m = _BEAD_ID.fullmatch(e.id)
        if m is None:
            return entries
        keys.append((int(m.group(1)), int(m.group(2))))
    order = sorted(range(len(entries)), key=keys.__getitem__)  # stable: splits in file order
    return [entries[i] for i in order]


def export_tmx(doc: ReviewDoc, *, include_unreviewed: bool = False) -> bytes:
    """A TMX 1.4b translation memory (UTF-8): one ``<tu>`` per reviewed entry, Russian then
    English.

    Only reviewed entries by default: a CAT tool takes every unit as a good translation, and
    an unreviewed raw MT in the memory won over the reviewed correction of the same
    Russian. ``include_unreviewed`` adds the rest, each marked as such by its
    ``x-sverka-state`` prop (``needs-review``).

    Each unit carries ``x-sverka-state`` (reviewed | needs-review) and ``x-sverka-changed``
    (yes | no: the English differs from the MT) props and the reviewer's note. Entries whose
    Russian or English is empty or blank are left out: a memory unit with an empty side can
    never be matched or inserted by a CAT tool.
    """
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        {
            "creationtool": "sverka",
            "creationtoolversion": __version__,
            "datatype": "plaintext",
            "segtype": "sentence",
            "adminlang": "en",
            "srclang": "ru-RU",
            "o-tmf": "sverka",
        },
    )
    body = etree.SubElement(root, "body")
    sub = etree.SubElement
    for uid, e in zip(_unit_ids(doc.entries), doc.entries, strict=True):
        ru, en = _xml(e.ru), _xml(e.en)
        if not ru.strip() or not en.strip() or not (e.reviewed or include_unreviewed):
            continue
        tu = sub(body, "tu", tuid=uid)
        sub(tu, "prop", type="x-sverka-state").text = "reviewed" if e.reviewed else "needs-review"
        sub(tu, "prop", type="x-sverka-changed").text = "yes" if e.changed else "no"
        if e.note:
            sub(tu, "note").text = _xml(e.note)
        sub(sub(tu, "tuv", {_XML_LANG: "ru-RU"}), "seg").text = ru
        sub(sub(tu, "tuv", {_XML_LANG: "en"}), "seg").text = en
    return _serialise(root)


def export_xliff(doc: ReviewDoc) -> bytes:
    """An XLIFF 1.2 file (UTF-8) with one ``<trans-unit>`` per entry that has Russian.

    The target's state is ``translated`` (and the unit ``approved="yes"``, which is what
    translate-toolkit, Okapi and Pootle read) when reviewed; otherwise
    ``needs-review-translation``, or ``needs-translation`` when there is no English yet. The
    reviewer's note is ``<note from="reviewer">``; when the English differs from the MT,
    ``<note from="sverka">MT: …</note>`` shows the original MT ("MT: (none)" if the MT had
    dropped the sentence). Entries with no Russian (a caption the English page added) are
    left out: there is nothing to translate, and their English is in the text export.
    """
    root = etree.Element(_x("xliff"), nsmap={None: XLIFF_NS}, version="1.2")
    original = doc.source.path if doc.source and doc.source.path else "source"
    file = etree.SubElement(
        root,
        _x("file"),
        {
            "original": _xml(original),
            "source-language": "ru",
            "target-language": "en",
            "datatype": "plaintext",
        },
    )
    tool = {"tool-id": "sverka", "tool-name": "sverka", "tool-version": __version__}
    etree.SubElement(etree.SubElement(file, _x("header")), _x("tool"), tool)
    body = etree.SubElement(file, _x("body"))
    sub = etree.SubElement
    for uid, e in zip(_unit_ids(doc.entries), doc.entries, strict=True):
        ru = _xml(e.ru)
        if not ru.strip():
            continue
        en = _xml(e.en)
        unit = sub(body, _x("trans-unit"), {"id": uid, _XML_SPACE: "preserve"})
        if e.reviewed:
            unit.set("approved", "yes")
            state = "translated"
        else:
            state = "needs-review-translation" if en else "needs-translation"
        sub(unit, _x("source")).text = ru
        sub(unit, _x("target"), state=state).text = en
        if e.note:
            sub(unit, _x("note"), {"from": "reviewer"}).text = _xml(e.note)
        if e.changed:
            sub(unit, _x("note"), {"from": "sverka"}).text = "MT: " + (_xml(e.mt) or "(none)")
    return _serialise(root)


def _x(tag: str) -> str:
    return f"{{{XLIFF_NS}}}{tag}"


def _xml(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def _unit_ids(entries: Sequence[Entry]) -> list[str]:
    """Unique, non-empty unit ids: every entry's own id where it is the first to have it; a
    repeated id gets a suffix that no entry's own id has (p001.s01 twice and a p001.s01.2:
    the second p001.s01 becomes p001.s01.3, not a second p001.s01.2)."""
    own = [_xml(e.id) or f"entry{n}" for n, e in enumerate(entries, 1)]
    taken = set(own)
    seen: set[str] = set()
    ids: list[str] = []
    for base in own:
        uid, k = base, 1
        if uid in seen:
            while uid in taken:
                k += 1
                uid = f"{base}.{k}"
            taken.add(uid)
        seen.add(uid)
        ids.append(uid)
    return ids


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
