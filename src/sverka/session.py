"""An open review: the document, its file and lock, the findings of the checks, saving.

Everything the review app does to a review file goes through here, so the command line and
the tests can do the same without the app. The app edits the document on its own thread and
hands ``doc.copy()`` to a worker thread to save; findings are cached per entry value (entries
are immutable), so an edit simply misses the cache and is checked again.

One thread writes the session: the one that edits it (the app's). The slow parts of checking
are plain functions a worker thread may call (``checker_for``, ``findings_for``: they read
what they are given and write nothing shared); their results come back to that thread and go
in with ``use_checker`` and ``apply_findings``. Saving, the one thing a worker does to the
session itself, keeps its state (stamp, saved revision) under its own lock.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sverka import inputs, reviewfile
from sverka.errors import SverkaError
from sverka.inputs import ReadOptions
from sverka.io.po import RenderCache, prime_cache
from sverka.io.safe import (
    ExternalChangeError,
    FileStamp,
    ReviewLock,
    fit_name,
    save_if_unchanged,
    write_new,
)
from sverka.model import Entry, Finding
from sverka.review import ReviewDoc

if TYPE_CHECKING:
    from sverka.checks import Checker


@dataclass
class SaveOutcome:
    """What a save did: nothing to do, written, or refused with the reason and where the
    reviewer's version went instead."""

    written: bool
    error: SverkaError | None = None
    kept_at: Path | None = None


@dataclass
class ReviewSession:
    path: Path
    doc: ReviewDoc
    stamp: FileStamp
    lock: ReviewLock
    warnings: list[str] = field(default_factory=list)
    created: bool = False  # the review file was made by this session
    saved_revision: int = 0
    checker: Checker | None = None  # set once the checks are ready (see prepare_checks)
    _found: dict[Entry, list[Finding]] = field(default_factory=dict, repr=False)
    _save_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _rendered: RenderCache = field(default_factory=RenderCache, repr=False)  # PO text
    _counted: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)  # id -> sev.
    _severities: Counter[str] = field(default_factory=Counter, repr=False)
    _aside: tuple[Path, FileStamp] | None = field(default=None, repr=False)  # our rescue file
    _missed: bool = field(default=False, repr=False)  # findings came in for a changed entry
    _risk: dict[Entry, float] = field(default_factory=dict, repr=False)  # issue 18 (risk.py)

    # -- opening and closing --------------------------------------------------------------

    @classmethod
    def open(
        cls,
        target: Path,
        en: Path | None = None,
        *,
        read: ReadOptions | None = None,
        ready: Callable[[], None] | None = None,
    ) -> ReviewSession:
        """Open a review file, or (given RU and EN) reopen or make the one beside the English.

        What was given is checked by ``sverka.inputs`` (a text given as the review file, a
        review file given as a text: one line naming it); ``read`` is how the texts are read.

        The file is locked for the life of the session: a second sverka is refused with a
        message naming the first. ``ready`` runs once every input has been read and checked,
        before a new review file is written: an error it raises leaves nothing made or locked
        (the CLI checks there that it has a terminal).
        """
        if en is None:
            po = inputs.review_file(target)
        else:
            inputs.given((target, en))
            po = reviewfile.default_po_path(en)
        lock = ReviewLock(po, command="sverka review").acquire()
        try:
            made = None
            if en is not None and not po.exists():
                made = reviewfile.create(target, en, po, read)
            else:
                stamp = FileStamp.of(po)
                opened = reviewfile.open_review(po)
            if ready is not None:
                ready()
            if made is not None:
                stamp = reviewfile.save_new(made, po, then="open it: sverka review")
                opened = reviewfile.open_review(po)
        except BaseException:
            lock.release()
            raise
        warnings = ([lock.warning] if lock.warning else []) + opened.warnings
        return cls(po, opened.doc, stamp, lock, warnings, made is not None, opened.doc.revision)

    def close(self) -> None:
        self.lock.release()

    # -- checks ---------------------------------------------------------------------------

    def prepare_checks(self, make_checker: Callable[[], Checker]) -> None:
        """Build the checker and learn the document's figures, on this thread (the app does
        the slow part, ``checker_for``, in a worker and hands the result to ``use_checker``)."""
        self.use_checker(checker_for(make_checker, list(self.doc.entries)))

    def use_checker(self, checker: Checker) -> None:
        """Check with ``checker`` from now on (made by ``checker_for``); nothing is cached
        yet. Findings show once it is set."""
        self._found.clear()
        self._risk.clear()
        self._counted.clear()
        self._severities.clear()
        self._missed = False
        self.checker = checker

    def apply_findings(
        self,
        found: Sequence[tuple[Entry, list[Finding]]],
        start: int,
        risks: Sequence[float] | None = None,
    ) -> None:
        """Keep findings worked out elsewhere (``findings_for`` of the entries from index
        ``start`` on, as the document was), with their risks (``risks_for``) when given. An
        entry edited, merged or moved since is kept in the cache, but counted only where it
        still stands: ``settle`` puts the totals right once the last of them is in."""
        entries = self.doc.entries
        for k, (entry, findings) in enumerate(found, start):
            if entry in self._found:
                continue
            if risks is not None:
                self._risk[entry] = risks[k - start]
            if k < len(entries) and entries[k] is entry:
                self._count(entry, findings)
            else:
                self._found[entry] = findings
                self._missed = True

    def settle(self) -> set[int]:
        """Every result of a whole-document check is in: the totals and the document-level
        findings catch up with the edits made meanwhile. Returns the entries to redraw."""
        if self._missed:
            self._missed = False
            self._counted.clear()
            self._severities.clear()
            for e in self.doc.entries:
                found = self._found.get(e)
                if found is not None:
                    self._count(e, found)
        return self.follow_all()

    @property
    def checked(self) -> bool:
        return self.checker is not None

    def findings(self, index: int) -> list[Finding]:
        """The findings of one entry, worst first; [] until the checks are ready."""
        return self.findings_of(self.doc.entries[index])

    def findings_of(self, entry: Entry) -> list[Finding]:
        found = self._found.get(entry)
        if found is None:
            if self.checker is None:
                return []
            found = self._count(entry, self.checker.entry(entry))
        return found

    def _count(self, entry: Entry, found: list[Finding]) -> list[Finding]:
        """Cache an entry's findings and keep the document's totals by severity up to date
        (counted by id: the entry's earlier text is counted no more)."""
        if self._found.get(entry) is not found:
            self._risk.pop(entry, None)  # the findings changed (inconsistent): risk again
        self._found[entry] = found
        now = tuple(f.severity for f in found)
        before = self._counted.get(entry.id, ())
        if now != before:
            self._severities.subtract(before)
            self._severities.update(now)
            self._counted[entry.id] = now
        return found

    def recount(self) -> None:
        """Totals from scratch, after beads were merged or split (ids came and went)."""
        self._counted.clear()
        self._severities.clear()
        for e in self.doc.entries:
            found = self._found.get(e)
            if found is not None:
                self._count(e, found)
        self.follow_all()

    # -- document-level findings follow edits ---------------------------------------------

    def follow(self, index: int) -> set[int]:
        """Entry ``index`` changed: update the document's figures and check again every
        entry whose document-level findings (inconsistent) that may change, the entries
        sharing its Russian sentence or a name. Returns their indices (to redraw)."""
        checker = self.checker
        if checker is None or "inconsistent" not in checker.codes:
            return set()
        e = self.doc.entries[index]
        return self._recheck(checker, checker.stats.update(e.id, e))

    def follow_all(self) -> set[int]:
        """Every entry against the figures (after merges and splits, or when the checks
        became ready while the reviewer was editing)."""
        checker = self.checker
        if checker is None or "inconsistent" not in checker.codes:
            return set()
        stats = checker.stats
        affected: set[str] = set()
        live = {e.id: e for e in self.doc.entries}
        for gone in [i for i in stats.contributions if i not in live]:
            affected |= stats.update(gone, None)
        for e in self.doc.entries:
            affected |= stats.update(e.id, e)
        return self._recheck(checker, affected)

    def _recheck(self, checker: Checker, ids: set[str]) -> set[int]:
        if not ids:
            return set()
        out = set()
        for i, e in enumerate(self.doc.entries):
            if e.id in ids:
                self._count(e, checker.entry(e))
                out.add(i)
        return out

    def risk(self, index: int) -> float | None:
        """How likely entry ``index`` is to need a correction (sverka.risk), from its
        findings; None until the checks are ready."""
        return self.risk_of(self.doc.entries[index])

    def risk_of(self, entry: Entry) -> float | None:
        checker = self.checker
        if checker is None:
            return None
        known = self._risk.get(entry)
        if known is None:
            known = self._risk[entry] = risk_for(checker, entry, self.findings_of(entry))
        return known

    def known_risk(self, entry: Entry) -> float | None:
        """The entry's risk if its findings are in (never checks it here): for drawing."""
        if entry in self._risk:
            return self._risk[entry]
        return self.risk_of(entry) if entry in self._found else None

    def severity_counts(self) -> Counter[str]:
        """Findings by severity over the entries as last checked."""
        return +self._severities

    def worst(self, entry: Entry) -> str | None:
        found = self._found.get(entry)
        return found[0].severity if found else None

    def next_index(self, start: int, step: int, wanted: Callable[[int], bool]) -> int | None:
        """The next entry after ``start`` (before it when ``step`` is -1) that is wanted,
        wrapping round the document once; None when there is none."""
        return next_wanted(start, step, len(self.doc.entries), wanted)

    def flagged(self, index: int, codes: frozenset[str] | None = None) -> bool:
        found = self.findings(index)
        if codes is None:
            return bool(found)
        return any(f.code in codes for f in found)

    # -- saving ---------------------------------------------------------------------------

    @property
    def saved(self) -> bool:
        return self.saved_revision == self.doc.revision

    def prime(self, stop: Callable[[], bool] = lambda: False) -> None:
        """Render every entry into the save cache ahead of the first save (a worker thread
        calls this after opening): otherwise the first autosave renders the whole file while
        the reviewer types, and holds the GIL ~100 ms at 10,000 beads, 1 s at 100,000.
        ``stop`` ends it early (the app is quitting); the first save then renders it all."""
        snap = self.doc.copy()
        with self._save_lock:
            prime_cache(snap, self._rendered, stop)

    def save(self, snapshot: ReviewDoc | None = None) -> SaveOutcome:
        """Write the document atomically if it changed since the last save.

        Safe to call from a worker thread with a ``doc.copy()`` taken on the app's thread.
        When another program changed the file meanwhile, it is left alone and the reviewer's
        version is written beside it (``*.mine.po``, or ``*.mine-2.po`` and on when that name
        holds an earlier rescue), so nothing is lost either way.
        """
        snap = snapshot if snapshot is not None else self.doc.copy()
        # Nothing new: say so without waiting for the lock, which the priming holds for
        # seconds at 100,000 beads (quitting right after opening waited 2.1 s for it).
        # saved_revision only grows, so a stale read just means a look under the lock.
        if snap.revision <= self.saved_revision:
            return SaveOutcome(written=False)
        with self._save_lock:
            if snap.revision <= self.saved_revision:
                return SaveOutcome(written=False)
            try:
                self.stamp = reviewfile.save(snap, self.path, self.stamp, self._rendered)
            except SverkaError as err:
                return SaveOutcome(False, err, self._keep_aside(reviewfile.render(snap), err))
            self.saved_revision = snap.revision
            return SaveOutcome(written=True)

    def _keep_aside(self, data: bytes, err: SverkaError) -> Path | None:
        """Write the reviewer's version beside the file another program changed: X.mine.po,
        else X.mine-2.po, X.mine-3.po, ... whichever name is free. Rescued versions never
        overwrite each other: a name is only ever taken new (write_new), and this session's
        own rescue file is only rewritten (with its later, fuller version) while it is as
        this session left it; if anything changed it, the next free name is taken."""
        if not isinstance(err, ExternalChangeError):
            return None  # a failed write (read-only folder, full disk): nowhere better to go
        if self._aside is not None:
            path, stamp = self._aside
            try:
                self._aside = (path, save_if_unchanged(path, data, stamp))
                return path
            except SverkaError:
                self._aside = None  # changed or gone: a new name, the old one left as it is
        stem = self.path.name.removesuffix(".po")
        for n in range(1, 1000):
            tail = ".mine.po" if n == 1 else f".mine-{n}.po"
            aside = self.path.with_name(fit_name(stem, 255 - len(tail)) + tail)
            try:
                new_stamp = write_new(aside, data)
            except SverkaError:
                return None
            if new_stamp is not None:
                self._aside = (aside, new_stamp)
                return aside
        return None


def checker_for(make_checker: Callable[[], Checker], entries: Sequence[Entry]) -> Checker:
    """A checker ready for ``entries``: glossaries, lemmas and the document's figures loaded.
    Slow (seconds at 100,000 beads) and shares nothing: a worker thread calls it."""
    checker = make_checker()
    checker.load()  # here, in the worker: not on the first keystroke that needs a lemma
    checker.prepare(list(entries))
    return checker


def findings_for(checker: Checker, entries: Sequence[Entry]) -> list[tuple[Entry, list[Finding]]]:
    """Each entry with its findings, worst first. Writes nothing shared: a worker thread
    calls it, and the session keeps the result on its own thread (``apply_findings``)."""
    return [(e, checker.entry(e)) for e in entries]


def risk_for(checker: Checker, entry: Entry, findings: Sequence[Finding]) -> float:
    """The entry's risk from its findings and the document's length model (cheap)."""
    from sverka import risk

    return risk.score(entry, findings, checker.stats.median, checker.stats.sigma)


def risks_for(checker: Checker, found: Sequence[tuple[Entry, list[Finding]]]) -> list[float]:
    """``risk_for`` of each entry with its findings (``findings_for``'s result): the worker
    computes them with the findings, the session keeps them (``apply_findings``)."""
    return [risk_for(checker, e, f) for e, f in found]


def next_wanted(start: int, step: int, count: int, wanted: Callable[[int], bool]) -> int | None:
    """The first of ``count`` positions after ``start`` (before it when ``step`` is -1) that
    is wanted, wrapping round once; None when there is none."""
    for k in range(1, count + 1):
        i = (start + step * k) % count
        if wanted(i):
            return i
    return None
