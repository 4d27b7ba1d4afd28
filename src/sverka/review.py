"""The review document: the entries under review, their edits, undo and redo.

This is the one object that gets saved (``io/po/``). It knows nothing of files or of the
UI: the app and the command line both edit through these methods, which replace entries
with ``dataclasses.replace`` and keep an undo history of (index, before, after), where
before and after are runs of entries, so that merging and splitting beads undo like edits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from sverka.errors import SverkaError
from sverka.model import Bead, Entry, Segment

_Change = tuple[int, tuple[Entry, ...], tuple[Entry, ...]]  # index, entries before, after


class ReviewError(SverkaError):
    """An edit the document cannot take (merging the last bead, splitting outside one)."""


def _join(a: str, b: str) -> str:
    return " ".join(x for x in (a, b) if x)


def _nearest_break(text: str, share: float) -> int:
    """The sentence break (else the space) in ``text`` nearest ``share`` of its length."""
    if share <= 0.0 or share >= 1.0:
        return 0 if share <= 0.0 else len(text)
    breaks = [m.end() for m in re.finditer(r"[.!?…][»\"')\]]*\s+", text)]
    breaks = breaks or [m.end() for m in re.finditer(r"\s+", text)] or [len(text)]
    return min(breaks, key=lambda k: abs(k - len(text) * share))


def _cut_lines(
    lines: tuple[int, ...], parts: tuple[str, str], share: float
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Source references for the two parts of a split: each part with text keeps at least
    one line; lines are shared out in proportion to where the cut fell."""
    if not parts[1]:
        return lines, ()
    if not parts[0]:
        return (), lines
    if len(lines) < 2:
        return lines, lines
    k = min(max(round(len(lines) * share), 1), len(lines) - 1)
    return lines[:k], lines[k:]


_NOT_IN_PO = re.compile("[\x00\x04]")  # msgfmt refuses NUL and gettext's context separator


def clean_english(text: str) -> str:
    """What a reviewer's English can be in a review file that gettext accepts: no NUL and no
    U+0004, and no line break at either end (msgfmt --check wants msgid and msgstr to agree
    there, and a Russian sentence never has one). Pasted or typed by accident, never meant.
    """
    return _NOT_IN_PO.sub("", text).strip("\r\n")


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
    untouched: int = 0  # neither reviewed nor edited

    def __str__(self) -> str:
        return f"{self.reviewed}t+{self.needs_review}f ({self.changed} changed, {self.empty} empty)"

    @property
    def counts(self) -> str:
        """po-mode's mode line: reviewed t, edited but not yet reviewed f, untouched u."""
        return f"{self.reviewed}t+{self.needs_review - self.untouched}f+{self.untouched}u"


@dataclass(slots=True)
class ReviewDoc:
    entries: list[Entry]
    source: FileRef | None = None  # the Russian original
    mt: FileRef | None = None  # the English machine translation
    obsolete: list[Entry] = field(default_factory=list)  # kept from earlier alignments
    header: dict[str, str] = field(default_factory=dict)  # other tools' header fields, verbatim
    lines: list[int] = field(default_factory=list)  # each entry's line in the PO as read
    revision: int = 0  # counts changes, undo and redo included: what a save has caught up to
    _tally: list[int] | None = field(default=None, repr=False)  # stats, kept up to date
    _undo: list[_Change] = field(default_factory=list, repr=False)
    _redo: list[_Change] = field(default_factory=list, repr=False)
    # The header's "#" comments other than sverka's own two (copyright, "Reviewed by ..."),
    # kept as the file had them.
    header_comments: list[str] = field(default_factory=list)

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

    def _splice(self, index: int, count: int, new: tuple[Entry, ...]) -> None:
        """Replace ``count`` entries from ``index`` with ``new``, as one undoable change."""
        old = tuple(self.entries[index : index + count])
        if old == new:
            return
        self._put(index, old, new)
        self._undo.append((index, old, new))
        self._redo.clear()

    def _put(self, index: int, old: tuple[Entry, ...], new: tuple[Entry, ...]) -> None:
        self._count(old, -1)
        self._count(new, 1)
        self.entries[index : index + len(old)] = new
        if self.lines and len(old) != len(new):  # PO lines as read: the run takes the first's
            self.lines[index : index + len(old)] = [self.lines[index]] * len(new)
        self.revision += 1

    def _set(self, index: int, new: Entry) -> Entry:
        self._splice(index, 1, (new,))
        return new

    def edit(self, index: int, en: str, *, amend: bool = False) -> Entry:
        """Replace the English of an entry (its reviewed state is the caller's to change).

        The text is cleaned as ``clean_english`` says; an edit that changes nothing is not a
        step. ``amend`` folds the edit into the previous change when that was an edit of the
        same entry, so that an editor committing as the reviewer types leaves one undo step.
        """
        en = clean_english(en)
        if en == self.entries[index].en:
            return self.entries[index]
        new = replace(self.entries[index], en=en)
        last = self._undo[-1] if self._undo else None
        if amend and last and last[0] == index and len(last[1]) == len(last[2]) == 1:
            before = last[1][0]
            if replace(before, en=new.en) == new and self.entries[index] != new:
                if new == before:  # typed back to where it was: no step left to undo
                    self._undo.pop()
                else:
                    self._undo[-1] = (index, last[1], (new,))
                self._redo.clear()
                self._count((self.entries[index],), -1)
                self._count((new,), 1)
                self.entries[index] = new
                self.revision += 1
                return new
        return self._set(index, new)

    def accept(self, index: int, reviewed: bool = True) -> Entry:
        return self._set(index, replace(self.entries[index], reviewed=reviewed))

    def toggle_reviewed(self, index: int) -> Entry:
        return self.accept(index, not self.entries[index].reviewed)

    def set_note(self, index: int, note: str) -> Entry:
        return self._set(index, replace(self.entries[index], note=note.replace("\0", "").strip()))

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

    def merge(self, index: int) -> Entry:
        """Join an entry with the next one, to fix an alignment by hand (undoable).

        The merged bead needs review again; notes, ignore marks and references are kept.
        """
        if not 0 <= index < len(self.entries) - 1:
            raise ReviewError("there is no next bead to merge with")
        a, b = self.entries[index], self.entries[index + 1]
        if a.para != b.para:
            raise ReviewError(
                "the next bead is in another paragraph; merging would lose the paragraph break"
            )
        merged = replace(
            a,
            ru=_join(a.ru, b.ru),
            mt=_join(a.mt, b.mt),
            en=_join(a.en, b.en),
            reviewed=False,
            note="\n".join(n for n in (a.note, b.note) if n),
            ru_lines=a.ru_lines + b.ru_lines,
            en_lines=a.en_lines + b.en_lines,
            confidence=1.0,  # a person aligned it
            ignored=tuple(sorted({*a.ignored, *b.ignored})),
            extra=a.extra + tuple(x for x in b.extra if x not in a.extra),
        )
        self._splice(index, 2, (merged,))
        return merged

    def split(self, index: int, ru_at: int, en_at: int) -> tuple[Entry, Entry]:
        """Cut an entry in two: the Russian at character ``ru_at``, the English at ``en_at``
        (0 or the text's length leaves that side wholly in one part). Undoable.

        The MT is cut where the English is when it was not edited; otherwise at the MT's
        sentence break nearest the same proportion, so HTER stays comparable.
        """
        e = self.entries[index]
        if not (0 <= ru_at <= len(e.ru) and 0 <= en_at <= len(e.en)):
            raise ReviewError("the split point is outside the bead")
        ru = (e.ru[:ru_at].strip(), e.ru[ru_at:].strip())
        en = (e.en[:en_at].strip(), e.en[en_at:].strip())
        if not (ru[0] or en[0]) or not (ru[1] or en[1]):
            raise ReviewError("each part of a split needs some Russian or English")
        share = en_at / len(e.en) if e.en else 1.0
        mt_at = en_at if e.en == e.mt else _nearest_break(e.mt, share)
        mt = (e.mt[:mt_at].strip(), e.mt[mt_at:].strip())
        ru_lines = _cut_lines(e.ru_lines, ru, ru_at / len(e.ru) if e.ru else 0.0)
        en_lines = _cut_lines(e.en_lines, mt, mt_at / len(e.mt) if e.mt else 0.0)
        taken = {x.id for x in self.entries}
        second_id = next(i for k in range(2, 10_000) if (i := f"{e.id}-{k}") not in taken)
        first = replace(
            e, ru=ru[0], mt=mt[0], en=en[0], reviewed=False, confidence=1.0,
            ru_lines=ru_lines[0], en_lines=en_lines[0],
        )  # fmt: skip
        second = replace(
            e, id=second_id, ru=ru[1], mt=mt[1], en=en[1], reviewed=False, note="",
            confidence=1.0, ru_lines=ru_lines[1], en_lines=en_lines[1], line_start=False,
        )  # fmt: skip
        self._splice(index, 1, (first, second))
        return first, second

    def undo(self) -> int | None:
        """Undo the last change; the index it touched, or None when there is nothing to undo."""
        if not self._undo:
            return None
        index, old, new = self._undo.pop()
        self._put(index, new, old)
        self._redo.append((index, old, new))
        return index

    def redo(self) -> int | None:
        if not self._redo:
            return None
        index, old, new = self._redo.pop()
        self._put(index, old, new)
        self._undo.append((index, old, new))
        return index

    def copy(self) -> ReviewDoc:
        """A snapshot to save from another thread while editing goes on (entries are
        immutable, so copying the lists is enough)."""
        return ReviewDoc(
            list(self.entries),
            self.source,
            self.mt,
            list(self.obsolete),
            dict(self.header),
            list(self.lines),
            self.revision,
            header_comments=list(self.header_comments),
        )  # the copy counts its own stats if asked

    # -- reading --------------------------------------------------------------------------

    def _count(self, entries: Sequence[Entry], sign: int) -> None:
        tally = self._tally
        if tally is None:
            return
        for e in entries:
            tally[0] += sign * e.reviewed
            tally[1] += sign * (e.en != e.mt)
            tally[2] += sign * (not e.en)
            tally[3] += sign * (not e.reviewed and e.en == e.mt)

    def stats(self) -> Stats:
        """Counts over the entries: one pass the first time, then kept up to date by every
        change (the app shows them after each keystroke that changes the document)."""
        if self._tally is None:
            self._tally = [0, 0, 0, 0]
            self._count(self.entries, 1)
        reviewed, changed, empty, untouched = self._tally
        return Stats(
            total=len(self.entries),
            reviewed=reviewed,
            needs_review=len(self.entries) - reviewed,
            changed=changed,
            empty=empty,
            untouched=untouched,
        )

    def index_of(self, entry_id: str) -> int:
        for k, e in enumerate(self.entries):
            if e.id == entry_id:
                return k
        raise KeyError(entry_id)
