"""The review document: the entries under review, their edits, undo and redo.

This is the one object that gets saved (``io/po.py``). It knows nothing of files or of the
UI: the app and the command line both edit through these methods, which replace entries
with ``dataclasses.replace`` and keep an undo history of (index, before, after).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from sverka.model import Bead, Entry, Segment


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file the review was made from: its path relative to the PO file, and its hash."""

    path: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Stats:
    total: int
    reviewed: int
    needs_review: int  # not yet reviewed
    changed: int  # English differs from the MT
    empty: int  # no English at all

    def __str__(self) -> str:  # po-mode's style: 132t+3f+10u
        return f"{self.reviewed}t+{self.needs_review}f ({self.changed} changed, {self.empty} empty)"


@dataclass(slots=True)
class ReviewDoc:
    entries: list[Entry]
    source: FileRef | None = None  # the Russian original
    mt: FileRef | None = None  # the English machine translation
    obsolete: list[Entry] = field(default_factory=list)  # kept from earlier alignments
    header: dict[str, str] = field(default_factory=dict)  # other tools' header fields, verbatim
    lines: list[int] = field(default_factory=list)  # each entry's line in the PO as read
    _undo: list[tuple[int, Entry, Entry]] = field(default_factory=list, repr=False)
    _redo: list[tuple[int, Entry, Entry]] = field(default_factory=list, repr=False)

    # -- building -------------------------------------------------------------------------

    @classmethod
    def from_beads(
        cls,
        ru: Sequence[Segment],
        en: Sequence[Segment],
        beads: Sequence[Bead],
        *,
        source: FileRef | None = None,
        mt: FileRef | None = None,
        line_start: Callable[[Segment], bool] = lambda s: False,
    ) -> ReviewDoc:
        """Entries for aligned beads: the MT as the English, nothing reviewed yet.

        ``line_start(segment)`` says whether an English sentence began a line of its own
        inside its paragraph (a dateline, a byline), so export can keep the line.
        """
        entries: list[Entry] = []
        para, count = 0, 0
        for b in beads:
            if b.en:
                p = en[b.en[0]].para
            elif b.ru and entries:
                p = para  # a sentence the MT dropped stays in the paragraph before it
            else:
                p = 0
            count = count + 1 if p == para and entries else 1
            para = p
            entries.append(
                Entry(
                    id=f"p{para + 1:03d}.s{count:02d}",
                    ru=" ".join(ru[i].text for i in b.ru),
                    mt=" ".join(en[j].text for j in b.en),
                    en=" ".join(en[j].text for j in b.en),
                    ru_lines=tuple(ru[i].line for i in b.ru),
                    en_lines=tuple(en[j].line for j in b.en),
                    para=para,
                    line_start=bool(b.en) and count > 1 and line_start(en[b.en[0]]),
                    confidence=round(b.confidence, 2),  # as the review file keeps it
                )
            )
        return cls(entries, source=source, mt=mt)

    # -- editing --------------------------------------------------------------------------

    def _set(self, index: int, new: Entry) -> Entry:
        old = self.entries[index]
        if new != old:
            self.entries[index] = new
            self._undo.append((index, old, new))
            self._redo.clear()
        return new

    def edit(self, index: int, en: str) -> Entry:
        """Replace the English of an entry (its reviewed state is the caller's to change)."""
        return self._set(index, replace(self.entries[index], en=en))

    def accept(self, index: int, reviewed: bool = True) -> Entry:
        return self._set(index, replace(self.entries[index], reviewed=reviewed))

    def toggle_reviewed(self, index: int) -> Entry:
        return self.accept(index, not self.entries[index].reviewed)

    def set_note(self, index: int, note: str) -> Entry:
        return self._set(index, replace(self.entries[index], note=note.strip()))

    def revert(self, index: int) -> Entry:
        """Back to the machine translation."""
        return self.edit(index, self.entries[index].mt)

    def clear(self, index: int) -> Entry:
        return self.edit(index, "")

    def ignore(self, index: int, code: str) -> Entry:
        """Mark a check's finding on this entry as not a problem; later runs respect it."""
        e = self.entries[index]
        return self._set(index, replace(e, ignored=tuple(sorted({*e.ignored, code}))))

    def unignore(self, index: int, code: str) -> Entry:
        e = self.entries[index]
        return self._set(index, replace(e, ignored=tuple(k for k in e.ignored if k != code)))

    def undo(self) -> int | None:
        """Undo the last change; the index it touched, or None when there is nothing to undo."""
        if not self._undo:
            return None
        index, old, new = self._undo.pop()
        self.entries[index] = old
        self._redo.append((index, old, new))
        return index

    def redo(self) -> int | None:
        if not self._redo:
            return None
        index, old, new = self._redo.pop()
        self.entries[index] = new
        self._undo.append((index, old, new))
        return index

    # -- reading --------------------------------------------------------------------------

    def stats(self) -> Stats:
        es = self.entries
        reviewed = sum(e.reviewed for e in es)
        return Stats(
            total=len(es),
            reviewed=reviewed,
            needs_review=len(es) - reviewed,
            changed=sum(e.en != e.mt for e in es),
            empty=sum(not e.en for e in es),
        )

    def index_of(self, entry_id: str) -> int:
        for k, e in enumerate(self.entries):
            if e.id == entry_id:
                return k
        raise KeyError(entry_id)
