"""Review files on disk: make one from a Russian and an English file, open it, update it.

The engine's one place that ties reading, splitting, aligning and the PO format together;
the command line and the app both call it.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sverka import inputs, progress
from sverka.errors import InputError, SverkaError
from sverka.inputs import ReadOptions
from sverka.io.po import RenderCache, read_po, render_po_bytes, require_entries, sha256_of
from sverka.io.po.read import Parsed
from sverka.io.safe import ExternalChangeError, FileStamp, save_if_unchanged
from sverka.model import Document, Entry, Segment
from sverka.review import FileRef, ReviewDoc


@dataclass
class Opened:
    """A review document with what the reviewer should be told about it."""

    doc: ReviewDoc
    warnings: list[str] = field(default_factory=list)


def default_po_path(en_path: Path) -> Path:
    """The review file beside the English: en.txt -> en.review.po."""
    return en_path.with_name(en_path.stem + ".review.po")


def _relative(target: Path, po_path: Path) -> str:
    return Path(os.path.relpath(target.resolve(), po_path.resolve().parent)).as_posix()


def text_path(po_path: Path, name: str) -> Path:
    """A text the review file names (its header), found as _relative wrote it: beside the
    file itself, not beside a link to it (a link in another folder updated the review against
    that folder's texts and made its work obsolete). For comparing names only: what is read
    goes through text_to_read."""
    return po_path.resolve().parent / name


class OutsideError(InputError):
    """A review file names a text outside its own folder (X-Sverka-Source / X-Sverka-MT)."""


def text_to_read(po_path: Path, name: str, side: str) -> Path:
    """A text the review file names, when sverka may read it: the review file's header comes
    with the file (from a client, a vendor, a shared folder), so it may only name a file in
    the review file's own folder or below, links resolved. An absolute path, or one that
    leaves that folder (``../../home/me/.ssh/id_rsa``, or a link pointing out), made
    ``update`` copy a file from elsewhere into the PO the reviewer then sends back; it is
    refused (OutsideError), and the texts are given on the command line instead."""
    folder = po_path.resolve().parent
    try:
        inside = not Path(name).is_absolute() and (folder / name).resolve().is_relative_to(folder)
    except (OSError, ValueError, RuntimeError):  # a NUL in the name, a link loop
        inside = False
    if not inside:
        raise OutsideError(
            f"names its {side} text {name!r}, outside the review file's folder; "
            "sverka reads only texts beside a review file or below it",
            path=po_path,
            hint=f"give the texts on the command line: sverka update {po_path} --ru RU --en EN",
        )
    return folder / name


def _line_start(doc: Document):
    return lambda s: s.start > 0 and doc.text[s.start - 1] == "\n"


def load_pair(
    ru_path: Path, en_path: Path, read: ReadOptions | None = None
) -> tuple[Document, list[Segment], Document, list[Segment]]:
    """Read and split both sides, refusing a review file given as a text (inputs), two files
    in one language (and saying so plainly when they were given the wrong way round) and a
    side with no sentences.

    ``read.ru_encoding`` and ``read.en_encoding`` force one side's encoding. ``read.encoding``
    is for both sides, except a side whose bytes are valid UTF-8 with non-ASCII text in them:
    that side is UTF-8 (a cp1251 Russian with a UTF-8 English is the usual pair, and cp1251
    bytes of Russian text are never valid UTF-8), so one --encoding never garbles the other
    side. ``read.one_per_line``: a non-blank line is a sentence.
    """
    from sverka.io.text import check_language, cyrillic_share, read_text
    from sverka.segment import split, split_lines

    read = read or ReadOptions()
    inputs.text_file(ru_path, "Russian")
    inputs.text_file(en_path, "English")
    ru_enc, ru_utf8_wins = read.side("ru")
    en_enc, en_utf8_wins = read.side("en")
    ru_doc = read_text(ru_path, encoding=ru_enc, utf8_wins=ru_utf8_wins)
    en_doc = read_text(en_path, encoding=en_enc, utf8_wins=en_utf8_wins)
    try:
        check_language(ru_doc, "ru")
        check_language(en_doc, "en")
    except InputError:
        if cyrillic_share(ru_doc.text) < 0.3 and cyrillic_share(en_doc.text) > 0.5:
            raise InputError(
                f"this looks like the English side, and {en_path} looks Russian: "
                "the Russian original comes first (RU, then EN)",
                path=ru_path,
            ) from None
        raise
    sides = []
    for path, doc, lang in ((ru_path, ru_doc, "ru"), (en_path, en_doc, "en")):
        progress.phase(f"reading {path.name}", len(doc.text))
        segs = split_lines(doc) if read.one_per_line else split(doc, lang)  # type: ignore[arg-type]
        if not segs:
            raise InputError("has no sentences", path=path)
        sides.append(segs)
    return ru_doc, sides[0], en_doc, sides[1]


def create(
    ru_path: Path,
    en_path: Path,
    po_path: Path,
    read: ReadOptions | None = None,
) -> ReviewDoc:
    """Align the two files and make the review document (nothing reviewed yet)."""
    from sverka.align import align

    for path in (ru_path, en_path, po_path):
        # The review file names its texts on one line each (its header, "#:" references).
        if "\n" in path.name or "\r" in path.name:
            raise SverkaError(
                "has a line break in its name, which a review file cannot name",
                path=path,
                hint="rename the file",
            )
    read = read or ReadOptions()
    _, ru, en_doc, en = load_pair(ru_path, en_path, read)
    return ReviewDoc.from_beads(
        ru,
        en,
        align(ru, en, read.align_options()),
        source=FileRef(_relative(ru_path, po_path), sha256_of(ru_path)),
        mt=FileRef(_relative(en_path, po_path), sha256_of(en_path)),
        line_start=_line_start(en_doc),
    )


def open_review(po_path: Path, on_parsed: Parsed | None = None) -> Opened:
    """Read a review file and say whether its Russian or English file changed since.
    ``on_parsed`` is given the entries' (Russian, English) texts as soon as they are known
    (read_po), for work that can start before the entries are made."""
    doc = require_entries(read_po(po_path, on_parsed), po_path)
    warnings = []
    for ref, side in ((doc.source, "Russian"), (doc.mt, "English")):
        if ref is None or not ref.sha256:
            continue
        try:
            path = text_to_read(po_path, ref.path, side)
        except OutsideError:
            warnings.append(
                f"the {side} file {ref.path!r} is outside the review file's folder: not "
                "read, so not checked for changes"
            )
            continue
        if not path.exists():
            warnings.append(f"the {side} file {ref.path} is no longer there")
        elif sha256_of(path) != ref.sha256:
            warnings.append(
                f"the {side} file {ref.path} has changed since this review was made "
                f"(sverka update {po_path.name} re-aligns and keeps every correction)"
            )
    return Opened(doc, warnings)


def render(doc: ReviewDoc, cache: RenderCache | None = None) -> bytes:
    return render_po_bytes(doc, cache=cache)


def save(
    doc: ReviewDoc,
    po_path: Path,
    stamp: FileStamp,
    cache: RenderCache | None = None,
) -> FileStamp:
    """Write the review file atomically, unless another program changed it since ``stamp``
    (then SverkaError, and the file on disk is left as it is). Returns the new stamp.

    The caller holds the file's ReviewLock for as long as it has the file open.
    """
    progress.phase(f"writing {po_path.name}")
    return save_if_unchanged(po_path, render(doc, cache), stamp)


def save_new(doc: ReviewDoc, po_path: Path, *, then: str) -> FileStamp:
    """Write a review file just made (aligned), unless a file appeared there meanwhile:
    aligning takes a while, and another program's file may hold a reviewer's work. ``then``
    is the command that uses that file instead, for the message. Returns the new stamp."""
    try:
        return save_if_unchanged(po_path, render(doc), FileStamp.absent())
    except ExternalChangeError:
        raise InputError(
            "was made by another program while sverka was aligning; it may hold a "
            f"reviewer's work, so it is not replaced ({then} {po_path})",
            path=po_path,
        ) from None


@dataclass(frozen=True)
class UpdateSummary:
    kept: int  # reviewed, corrected or noted entries carried over (same Russian)
    moved: int  # of those, now under another id (the text around them changed)
    fresh: int  # entries made anew from the MT (new Russian, or nothing done to them yet)
    made_obsolete: int  # earlier work whose Russian is gone, kept as #~ entries
    mt_changed: tuple[str, ...] = ()  # kept work whose MT is now different (ids)
    mt_recovered: int = 0  # kept work whose "#. mt:" a tool had dropped: MT from the text

    def __str__(self) -> str:
        text = (
            f"{self.kept} reviewed or corrected entries kept ({self.moved} under a new id), "
            f"{self.fresh} made fresh from the MT, {self.made_obsolete} made obsolete"
        )
        if self.mt_changed:
            shown = ", ".join(self.mt_changed[:10]) + ", …" * (len(self.mt_changed) > 10)
            text += (
                f"; the MT changed under {len(self.mt_changed)} of them ({shown}): the "
                "reviewer's English is kept, the new MT is in each one's note"
            )
        if self.mt_recovered:
            text += (
                f"; {self.mt_recovered} had lost their '#. mt:' comment (another tool): "
                "their MT is taken from the English file again"
            )
        return text


def update(
    po_path: Path,
    *,
    ru: Path | None = None,
    en: Path | None = None,
    read: ReadOptions | None = None,
) -> tuple[ReviewDoc, UpdateSummary]:
    """Re-align against the current files, carrying over every correction, accept and note
    whose Russian is unchanged (msgmerge's idea). Nothing is dropped: earlier entries that
    no longer match are kept as obsolete entries.

    The texts are ``ru`` and ``en`` when given (the user named them), else the ones the
    header names, read only inside the review file's folder (text_to_read)."""
    old = read_po(po_path)
    if (ru is None and old.source is None) or (en is None and old.mt is None):
        raise SverkaError(
            "does not say which Russian and English files it was made from "
            "(no X-Sverka-Source / X-Sverka-MT header)",
            path=po_path,
            hint=f"give them on the command line: sverka update {po_path} --ru RU --en EN",
        )
    if ru is None:
        ru = text_to_read(po_path, old.source.path, "Russian")  # type: ignore[union-attr]
    if en is None:
        en = text_to_read(po_path, old.mt.path, "English")  # type: ignore[union-attr]
    fresh = create(ru, en, po_path, read)

    # Earlier work by Russian text, in order: the live entries' first, then obsolete ones
    # (a Russian sentence changed and changed back gets its correction back, as msgmerge
    # does, rather than a live entry and an obsolete one msgfmt calls duplicates).
    def has_work(e: Entry) -> bool:
        # An entry whose MT a tool dropped (msgmerge, on obsolete entries) has work when it
        # has any English at all: its English may be a correction, and is never the MT.
        return (e.reviewed or e.en != e.mt or bool(e.note) or bool(e.ignored)
                or (not e.mt_known and bool(e.en)))  # fmt: skip

    pool = _Pool(e for e in [*old.entries, *old.obsolete] if has_work(e))
    # First the same sentence at the same place (id), then identical sentences in turn: a
    # correction of the second of two identical sentences stays on the second.
    found: dict[int, Entry] = {}
    for i, e in enumerate(fresh.entries):
        same = pool.take_same(e.ru, e.id)
        if same is not None:
            found[i] = same
    for i, e in enumerate(fresh.entries):
        if i not in found:
            first = pool.take_first(e.ru)
            if first is not None:
                found[i] = first
    kept = moved = fresh_count = recovered = 0
    mt_changed: list[str] = []
    entries = []
    for i, e in enumerate(fresh.entries):
        prev = found.get(i)
        if prev is not None and not prev.mt_known and not _worked(prev) and prev.en == e.mt:
            prev = None  # its MT was lost, and its English is the MT: nothing was done to it
        if prev is not None:
            kept += 1
            moved += prev.id != e.id
            note = prev.note
            if not prev.mt_known:
                # Never the English as MT: the text's MT is the MT (a tool dropped the
                # comment; the English file names it, unchanged or newer).
                mt = e.mt
                recovered += 1
            else:
                # The correction was made against the earlier MT: keep that MT beside it,
                # so the diff and HTER still compare the right things, and tell the
                # reviewer what the MT says now.
                mt = prev.mt
                if e.mt != prev.mt:
                    mt_changed.append(e.id)
                    line = f"sverka update: the MT is now: {e.mt or '(none)'}"
                    if line not in note.split("\n"):
                        note = f"{note}\n{line}" if note else line
            # Other tools' flags, comments and references ride along with the work.
            e = replace(e, en=prev.en, reviewed=prev.reviewed, note=note,
                        ignored=prev.ignored, mt=mt, extra=prev.extra)  # fmt: skip
        else:
            fresh_count += 1
        entries.append(e)
    used = {id(p) for p in found.values()}
    left = [e for e in old.entries if has_work(e) and id(e) not in used]
    obsolete = _distinct([e for e in old.obsolete if id(e) not in used] + left, entries)
    doc = ReviewDoc(entries, source=fresh.source, mt=fresh.mt,
                    obsolete=obsolete, header=old.header)  # fmt: skip
    doc.header_comments = list(old.header_comments)
    summary = UpdateSummary(kept, moved, fresh_count, len(left), tuple(mt_changed), recovered)
    return doc, summary


def _worked(e: Entry) -> bool:
    return e.reviewed or bool(e.note) or bool(e.ignored)


class _Pool:
    """Earlier work by Russian text, in order, taken out one entry at a time: by Russian
    and id, or the first left of a Russian text. Indexed, so that 20,000 entries under one
    Russian sentence take linear time (a list searched and shortened per entry took 41 s)."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._by_ru: dict[str, list[Entry]] = {}
        self._by_id: dict[tuple[str, str], deque[int]] = {}
        self._taken: dict[str, set[int]] = {}
        self._next: dict[str, int] = {}  # where the first entry not taken may be
        for e in entries:
            same = self._by_ru.setdefault(e.ru, [])
            self._by_id.setdefault((e.ru, e.id), deque()).append(len(same))
            same.append(e)

    def take_same(self, ru: str, entry_id: str) -> Entry | None:
        """The first entry of this Russian and this id not taken yet, taken."""
        queue = self._by_id.get((ru, entry_id))
        taken = self._taken.setdefault(ru, set())
        while queue:
            k = queue.popleft()
            if k not in taken:
                taken.add(k)
                return self._by_ru[ru][k]
        return None

    def take_first(self, ru: str) -> Entry | None:
        """The first entry of this Russian not taken yet, taken."""
        same = self._by_ru.get(ru)
        if not same:
            return None
        taken = self._taken.setdefault(ru, set())
        k = self._next.get(ru, 0)
        while k < len(same) and k in taken:
            k += 1
        if k >= len(same):
            self._next[ru] = k
            return None
        self._next[ru] = k + 1
        taken.add(k)
        return same[k]


def _distinct(obsolete: list[Entry], live: list[Entry]) -> list[Entry]:
    """Obsolete entries whose msgctxt and msgid no live or earlier one has: msgfmt refuses a
    file with two alike, obsolete or not. A clash gets a suffix on its id (kept, not lost)."""
    seen = {(e.id, e.ru) for e in live}
    tried: dict[tuple[str, str], int] = {}  # the last suffix given: 2 to it are all taken
    out = []
    for e in obsolete:
        new_id, n = e.id, tried.get((e.id, e.ru), 1)
        if n > 1:
            new_id = f"{e.id}~{n}"
        while (new_id, e.ru) in seen:
            n += 1
            new_id = f"{e.id}~{n}"
        tried[(e.id, e.ru)] = n
        seen.add((new_id, e.ru))
        out.append(e if new_id == e.id else replace(e, id=new_id))
    return out
