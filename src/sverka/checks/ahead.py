"""The dictionary checks in a second process, started before the document is read.

A batch check spends about as long loading what the dictionary checks need (simplemma's
English table, pymorphy3's dictionaries, every word form of every glossary term) as reading
a 10,000-entry review file, and each of those runs on one core. So ``sverka check`` forks
this process first: it loads the dictionaries while the parent reads the file, then runs
the dictionary checks (terms, pitfalls, untranslated), and control and number (issue 18:
to even out the two halves, and number's few lemmas need pymorphy3, loaded here), while the
parent runs the others and learns the document's figures. Each check runs in one process
only, so no lemma is looked up twice, and the parent never loads simplemma or pymorphy3.

It passes the texts it needs, (Russian, English) pairs, as soon as a review file is parsed
(before its entries are made: read_po's ``on_parsed``), and gets findings back as tuples:
about 3 MB each way for 10,000 entries, a few milliseconds through a pipe.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
import traceback
from collections.abc import Sequence
from contextlib import suppress
from multiprocessing.connection import Connection
from types import TracebackType

from sverka.checks import DICTIONARY_CODES, Checker
from sverka.model import Entry, Finding

# A review file under this size reads in milliseconds: nothing to overlap, and the fork
# costs more than it saves (the article's 50 KB: 0.36 s alone, 0.38 s with it). Two texts
# are always worth it: segmenting and aligning even the article takes 0.1 s and more
# (0.44 -> 0.42 s; eight copies of it, 0.63 -> 0.44 s).
MIN_INPUT_BYTES = 256 * 1024

_Found = tuple[str, str, str, tuple[int, int] | None, tuple[int, int] | None, str]


class DictionaryChecks:
    """A forked process that loads the dictionaries now and checks entries when sent them."""

    @classmethod
    def start(
        cls, checker: Checker, input_bytes: int, *, aligning: bool = False
    ) -> DictionaryChecks | None:
        """The process, when it is worth starting: the dictionary checks are selected, the
        input takes a while to read (or to align), and this system can fork. None means:
        check in this process."""
        if (
            not checker.codes & DICTIONARY_CODES
            or (input_bytes < MIN_INPUT_BYTES and not aligning)
            or "fork" not in multiprocessing.get_all_start_methods()
        ):
            return None
        return cls(checker)

    def __init__(self, checker: Checker) -> None:
        self.checker = checker  # its codes and glossaries, as they were at the fork
        ctx = multiprocessing.get_context("fork")
        self._conn, theirs = ctx.Pipe()
        self._process = ctx.Process(
            target=_serve,
            args=(checker, theirs, self._conn),
            name="sverka-dictionary-checks",
            daemon=True,
        )
        # Ctrl+C held back across the fork, so the new process is ignoring it before one can
        # reach it (see _serve); here it is raised as soon as the fork is done.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            self._process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            theirs.close()
        self._sender: threading.Thread | None = None
        self._sent: int | None = None  # how many entries' texts went
        self._stopped = False

    def send(self, entries: Sequence[Entry]) -> None:
        """Hand the entries over without waiting: the process may still be loading. Their
        texts may have gone already (send_texts, as soon as the file was parsed)."""
        if self._sent is not None:
            if self._sent != len(entries):  # cannot happen: read_po gives every entry's texts
                raise RuntimeError(
                    f"{self._sent} texts went to the dictionary checks, {len(entries)} entries"
                )
            return
        self.send_texts([(e.ru, e.en) for e in entries])

    def send_texts(self, pairs: list[tuple[str, str]]) -> None:
        """Hand over each entry's (Russian, English) texts, in order, without waiting."""
        self._sent = len(pairs)
        self._sender = threading.Thread(target=_answer, args=(self._conn, pairs), daemon=True)
        self._sender.start()

    def results(self) -> list[tuple[list[Finding], list[list[Finding]]]]:
        """For every entry sent, in order: the dictionary checks' findings, and those of
        each other check this process runs (Checker.ahead)."""
        try:
            ok, payload = self._conn.recv()  # sent only once all the entries were read
        except (EOFError, OSError):  # OSError: it died partway through its answer
            self._process.join(5)
            raise RuntimeError(
                f"the dictionary checks' process ended with code {self._process.exitcode} "
                "before answering"
            ) from None
        if not ok:
            raise RuntimeError(f"the dictionary checks failed in their process:\n{payload}")
        return [
            ([Finding(*f) for f in words], [[Finding(*f) for f in step] for step in steps])
            for words, steps in payload
        ]

    def stop(self) -> None:
        """End the process (at once, when this one gave up early: a file it could not read).
        Once is enough; later calls do nothing."""
        if self._stopped:
            return
        self._stopped = True
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._process.close()  # its pipes to this process: a second run in one process leaks none
        if self._sender is not None:
            self._sender.join()  # done, or failing now: nobody is left to read
        self._conn.close()

    def __enter__(self) -> DictionaryChecks:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def _serve(checker: Checker, conn: Connection, parents_end: Connection) -> None:
    """In the forked process: load, wait for the entries, answer once."""
    # Ctrl+C reaches the whole process group: the parent answers it (and ends this one);
    # here it would only print a second traceback. It was held back across the fork.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    # The fork copied the parent's end too: closed here, so that if the parent dies before
    # it can end this process (a Ctrl+C in the middle of the fork), recv() sees the end.
    parents_end.close()
    try:
        checker.load()
    except BaseException:
        _answer(conn, (False, traceback.format_exc()))
        return
    try:
        pairs = conn.recv()
    except (EOFError, OSError):  # the parent is gone: before sending (its input could not be
        return  # read), or partway through (killed)
    try:
        found = []
        for ru, en in pairs:
            words, steps = checker.ahead(Entry("", ru, "", en))
            found.append(([_as_tuple(f) for f in words], [list(map(_as_tuple, s)) for s in steps]))
    except BaseException:
        _answer(conn, (False, traceback.format_exc()))
        return
    _answer(conn, (True, found))


def _answer(conn: Connection, message: object) -> None:
    # OSError: the other side is gone (it failed, and says so through its own end).
    with suppress(OSError):
        conn.send(message)


def _as_tuple(f: Finding) -> _Found:
    return (f.code, f.severity, f.message, f.ru_span, f.en_span, f.key)
