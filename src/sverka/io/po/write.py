"""Writing a review file: the PO text of a review document, whole or (the app's autosave)
only the entries that changed since the last render."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress
from operator import is_not
from pathlib import Path

from sverka import __version__
from sverka.io.po.common import HEADER_MT, HEADER_SOURCE, OWN_COMMENTS
from sverka.io.po.seal import comment, note_seal, seal
from sverka.model import Entry
from sverka.review import FileRef, ReviewDoc

_OUT = str.maketrans({"\\": "\\\\", '"': '\\"', "\t": "\\t", "\r": "\\r", "\n": "\\n",
                      "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"})  # fmt: skip


def render_po(doc: ReviewDoc, *, revision_date: str | None = None) -> str:
    """The PO text of a review document (deterministic for a given document and date)."""
    out = _header_lines(doc, revision_date)
    src_name, mt_name = _names(doc)
    for e in doc.entries:
        out.append("")
        _render_entry(out, e, src_name, mt_name, "")
    for e in doc.obsolete:
        out.append("")
        _render_entry(out, e, src_name, mt_name, "#~ ")
    out.append("")
    return "\n".join(out)


@dataclass
class RenderCache:
    """Each entry's encoded PO text from the last render, in document order (the app's
    autosave: see render_po_bytes)."""

    entries: list[Entry] = field(default_factory=list)
    parts: list[bytes] = field(default_factory=list)


def render_po_bytes(
    doc: ReviewDoc, *, revision_date: str | None = None, cache: RenderCache | None = None
) -> bytes:
    """``render_po(doc).encode()``, byte for byte. With ``cache`` (the app's autosave) only
    the entries that changed since the cached render are rendered and encoded.

    Entries are immutable, so "changed" is identity: after an edit, a C-level pass
    (``map(is_not, ...)``) finds the one entry that is not the same object; after a merge or
    split, the cached texts are found by ``id`` (the old entries are alive in the cache, so
    their ids are not reused). Hashing every field of each entry, or encoding the whole 5 MB
    text, per save held the GIL for ~50 ms at 10,000 beads while the reviewer typed.
    """
    if cache is None:
        return render_po(doc, revision_date=revision_date).encode("utf-8")
    src_name, mt_name = _names(doc)

    def chunk(e: Entry, prefix: str = "") -> bytes:
        return _entry_bytes(e, src_name, mt_name, prefix)

    entries = list(doc.entries)
    if len(entries) == len(cache.entries):
        parts = list(cache.parts)
        for i in compress(range(len(entries)), map(is_not, entries, cache.entries)):
            parts[i] = chunk(entries[i])
    else:
        known = {id(e): p for e, p in zip(cache.entries, cache.parts, strict=True)}
        parts = [known.get(id(e)) or chunk(e) for e in entries]
    cache.entries, cache.parts = entries, parts
    head = "\n".join(_header_lines(doc, revision_date)).encode("utf-8")
    tail = [chunk(e, "#~ ") for e in doc.obsolete]
    return b"".join([head, *parts, *tail, b"\n"])


def prime_cache(
    doc: ReviewDoc, cache: RenderCache, stop: Callable[[], bool] = lambda: False
) -> bool:
    """Fill ``cache`` with every entry's text ahead of the first save, a slice at a time;
    False, and the cache untouched, if ``stop()`` says so first (the app is quitting:
    100,000 entries take 1-2 s, and quitting waited for them)."""
    src_name, mt_name = _names(doc)
    entries = list(doc.entries)
    parts: list[bytes] = []
    for k in range(0, len(entries), _PRIME_SLICE):
        if stop():
            return False
        parts += [_entry_bytes(e, src_name, mt_name) for e in entries[k : k + _PRIME_SLICE]]
    cache.entries, cache.parts = entries, parts
    return True


_PRIME_SLICE = 2000  # entries between two looks at stop(): ~20-40 ms of rendering


def _entry_bytes(e: Entry, src_name: str | None, mt_name: str | None, prefix: str = "") -> bytes:
    lines = ["", ""]  # the blank line before the entry
    _render_entry(lines, e, src_name, mt_name, prefix)
    return "\n".join(lines).encode("utf-8")


def _names(doc: ReviewDoc) -> tuple[str | None, str | None]:
    return (doc.source.path if doc.source else None, doc.mt.path if doc.mt else None)


def _header_lines(doc: ReviewDoc, revision_date: str | None) -> list[str]:
    head = {
        "Project-Id-Version": "sverka review",
        "PO-Revision-Date": revision_date or _now(),
        "Last-Translator": "",
        "Language-Team": "",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"sverka {__version__}",
        "X-Source-Language": "ru",
    }
    if doc.source:
        head[HEADER_SOURCE] = _ref_text(doc.source)
    if doc.mt:
        head[HEADER_MT] = _ref_text(doc.mt)
    head.update(doc.header)
    out = [f"# {c}".rstrip() for c in OWN_COMMENTS]
    out.extend(f"# {c}".rstrip() for c in doc.header_comments)
    out += ['msgid ""', 'msgstr ""']
    out.extend(f'"{_escape(f"{k}: {v}")}\\n"' for k, v in head.items())
    return out


def _render_entry(out: list[str], e: Entry, src: str | None, mt: str | None, prefix: str) -> None:
    """One entry, its comment lines in the order gettext requires: notes, extracted,
    references, flags, previous strings."""
    kept = {kind: [x for x in e.extra if x.startswith(kind)] for kind in ("#.", "#:", "#,", "#|")}
    # A comment line cannot hold a CR (the reader ends the line there): a CR is a line break.
    notes = [f"# {line}".rstrip() for line in re.split(r"\r\n?|\n", e.note)] if e.note else []
    out.extend(notes)
    mt_comment = comment(e.mt) if e.mt_known else None
    if mt_comment is not None:
        out.append(("#. mt: " + mt_comment).rstrip())
    tokens = []
    if e.line_start:
        tokens.append("line-start")
    if e.confidence < 1.0:
        tokens.append(f"confidence={e.confidence:.2f}")
    if e.ignored:
        tokens.append("ignore=" + ",".join(e.ignored))
    if len(set(e.ru_lines)) < len(e.ru_lines) or len(set(e.en_lines)) < len(e.en_lines):
        tokens.append(f"shape={len(e.ru_lines)}-{len(e.en_lines)}")
    if not e.reviewed and not e.en:
        tokens.append("unreviewed")  # gettext drops "fuzzy" where msgstr is empty
    if notes:  # polib rewraps "#" lines too: the note as read back, to undo that
        tokens.append("note=" + note_seal("\n".join(x[2:] for x in notes).strip()))
    out.append(" ".join(["#. sverka:", *tokens, "crc=" + seal(mt_comment, tokens)]))
    out.extend(kept["#."])
    refs = [f"{src}:{n}" for n in e.ru_lines if src] + [f"{mt}:{n}" for n in e.en_lines if mt]
    refs += [r for line in kept["#:"] for r in line[2:].split()]
    if refs:
        out.append("#: " + " ".join(refs))
    flags = ([] if e.reviewed else ["fuzzy"]) + [
        f.strip() for line in kept["#,"] for f in line[2:].split(",") if f.strip()
    ]
    if flags:
        out.append("#, " + ", ".join(flags))
    # An obsolete entry's previous strings are "#~|" (gettext refuses "#|" before "#~").
    out.extend(("#~|" + x[2:]) if prefix else x for x in kept["#|"])
    if e.id:
        out.append(f'{prefix}msgctxt "{_escape(e.id)}"')
    out.append(f"{prefix}msgid {_po_string(e.ru, prefix)}")
    out.append(f"{prefix}msgstr {_po_string(e.en, prefix)}")


def _escape(s: str) -> str:
    return s.translate(_OUT)


def _po_string(s: str, prefix: str) -> str:
    """A quoted PO string; text with line breaks is split after each, as gettext does."""
    if "\n" not in s[:-1]:
        return f'"{_escape(s)}"'
    parts = s.split("\n")
    lines = [f"{p}\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    return '""\n' + "\n".join(f'{prefix}"{_escape(x)}"' for x in lines)


def _ref_text(ref: FileRef) -> str:
    return f"{ref.path} sha256:{ref.sha256}" if ref.sha256 else ref.path


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M%z")


def sha256_of(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
