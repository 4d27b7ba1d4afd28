"""WMT test sets in the XML format used since WMT21, read as sacrebleu reads them.

One file holds documents; each has the source, references by translator and system outputs,
as ``<p><seg id="N">`` lists. sacrebleu's ``WMTXMLDataset._unwrap_wmt21_or_later`` keeps a
segment when some reference has text for it, fills a missing reference with "", and its
command line scores the text with whitespace collapsed. This reader does the same, so scores
of the XML match ``sacrebleu`` on the extracted text files.

The file is parsed with lxml without entity expansion or network access, and a file with a
DTD is refused: WMT files have none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sverka.errors import InputError, SverkaError


class WmtError(SverkaError):
    """A WMT XML file that cannot be used."""


@dataclass
class WmtSet:
    """Parallel segment lists: ``src``, ``refs[translator]``, ``systems[name]``, ``docids``."""

    src: list[str] = field(default_factory=list)
    refs: dict[str, list[str]] = field(default_factory=dict)
    systems: dict[str, list[str]] = field(default_factory=dict)
    docids: list[str] = field(default_factory=list)
    src_lang: str | None = None
    ref_lang: str | None = None

    def default_refs(self) -> list[str]:
        """The reference sacrebleu's WMT21+ test sets use: translator A when present."""
        if "A" in self.refs:
            return ["A"]
        return sorted(self.refs)[:1]


_SPACES = re.compile(r"\s+")


def _clean(s: str) -> str:
    return _SPACES.sub(" ", s.strip())  # sacrebleu's Dataset._clean


def _doctype_line(path: Path) -> int | None:
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    at = head.find(b"<!DOCTYPE")
    return head.count(b"\n", 0, at) + 1 if at >= 0 else None


def read_wmt(path: Path) -> WmtSet:
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    try:
        tree = etree.parse(str(path), parser)
    except OSError as err:
        if not path.exists():
            raise InputError("no such file", path=path) from None
        raise InputError(f"cannot be read: {err}", path=path) from None
    except etree.XMLSyntaxError as err:
        line = err.position[0] if err.position else None
        raise WmtError(f"is not well-formed XML: {err.msg}", path=path, line=line) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise WmtError(
            "declares a DTD; WMT test sets have none (refused for safety)",
            path=path,
            line=_doctype_line(path),
        )
    root = tree.getroot()
    out = WmtSet()
    src_langs = {e.get("lang") for e in root.iterfind(".//src")}
    ref_langs = {e.get("lang") for e in root.iterfind(".//ref")}
    translators = sorted({e.get("translator") or "" for e in root.iterfind(".//ref")})
    if len(src_langs) != 1 or not translators:
        raise WmtError(
            "is not a WMT test set with one source language and references "
            f"(source languages {sorted(map(str, src_langs))}, references {translators})",
            path=path,
            line=root.sourceline,
        )
    out.src_lang = src_langs.pop()
    out.ref_lang = ref_langs.pop() if len(ref_langs) == 1 else None
    out.refs = {t: [] for t in translators}
    for doc in root.iterfind(".//doc"):
        if "testsuite" in doc.attrib:
            continue
        src = _segs(doc.iterfind(".//src//seg"), path)
        refs = {
            r.get("translator") or "": _segs(r.iterfind(".//seg"), path)
            for r in doc.iterfind(".//ref")
        }
        hyps = {
            h.get("system") or "": _segs(h.iterfind(".//seg"), path) for h in doc.iterfind(".//hyp")
        }
        for system in hyps:
            if system not in out.systems:
                if out.src:  # a system that joins late: sacrebleu would misalign it
                    raise WmtError(
                        f"system {system!r} has no output for the documents before "
                        f"{doc.get('id')!r}",
                        path=path,
                        line=doc.sourceline,
                    )
                out.systems[system] = []
        for seg_id in sorted(src):
            if not any(r.get(seg_id, "") for r in refs.values()):
                continue  # no reference for this segment: sacrebleu leaves it out
            for t in translators:
                out.refs[t].append(_clean(refs.get(t, {}).get(seg_id, "")))
            out.src.append(_clean(src[seg_id]))
            for system, segs in out.systems.items():
                if seg_id not in hyps.get(system, {}):
                    raise WmtError(
                        f"system {system!r} has no segment {seg_id} in document {doc.get('id')!r}",
                        path=path,
                        line=doc.sourceline,
                    )
                segs.append(_clean(hyps[system][seg_id]))
            out.docids.append(doc.get("id") or "")
    if not out.src:
        raise WmtError("has no segment with a reference", path=path)
    return out


def _segs(segs, path: Path) -> dict[int, str]:
    out: dict[int, str] = {}
    for seg in segs:
        try:
            out[int(seg.get("id"))] = seg.text or ""
        except (TypeError, ValueError):
            raise WmtError(
                f"a <seg> without a numeric id ({seg.get('id')!r})", path=path, line=seg.sourceline
            ) from None
    return out
