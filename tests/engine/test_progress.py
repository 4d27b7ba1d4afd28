"""sverka.progress: the engine reports to whoever installed a reporter, and only to them."""

from __future__ import annotations

import os
import threading

from sverka import progress
from sverka.align import align
from sverka.io.text import split_paragraphs
from sverka.model import Document
from sverka.segment import split


class Seen:
    def __init__(self) -> None:
        self.calls: list[tuple[str, float | None]] = []

    def phase(self, what: str, total: float | None) -> None:
        self.calls.append((what, total))

    def advance(self, n: float) -> None:
        self.calls.append(("+", n))

    def done(self) -> float:
        return sum(n for what, n in self.calls if what == "+" and n is not None)


def test_counted_gives_every_item_and_counts_them_all():
    seen = Seen()
    with progress.reporting(seen):
        assert list(progress.counted(range(1000), every=64)) == list(range(1000))
    assert seen.done() == 1000
    assert len(seen.calls) == 16  # in batches, not one call per item


def test_nothing_is_reported_outside_reporting_or_from_another_thread():
    seen = Seen()
    progress.advance(5)  # nobody listening: nothing happens
    with progress.reporting(seen):
        worker = threading.Thread(target=progress.advance, args=(7,))
        worker.start()
        worker.join()
        progress.advance(1)
    progress.advance(3)
    assert seen.calls == [("+", 1)]


def test_a_forked_process_stays_silent():
    read, write = os.pipe()

    class ToPipe:
        def phase(self, what: str, total: float | None) -> None:
            os.write(write, b"phase ")

        def advance(self, n: float) -> None:
            os.write(write, b"advance ")

    with progress.reporting(ToPipe()):
        pid = os.fork()
        if pid == 0:  # the child (checks/ahead.py forks like this while a bar is up)
            progress.phase("child")
            progress.advance(1)
            os._exit(0)
        os.waitpid(pid, 0)
        progress.advance(1)
    os.close(write)
    assert os.read(read, 100) == b"advance "
    os.close(read)


def test_aligning_reports_its_work_and_gives_the_same_beads():
    ru_text = " ".join(f"Предложение номер {i} о городе Алматы." for i in range(600))
    en_text = " ".join(f"Sentence number {i} about the city of Almaty." for i in range(600))
    ru = split(Document(None, ru_text, "utf-8", split_paragraphs(ru_text)), "ru")
    en = split(Document(None, en_text, "utf-8", split_paragraphs(en_text)), "en")
    assert len(ru) == len(en) == 600
    seen = Seen()
    with progress.reporting(seen):
        beads = align(ru, en)
    assert beads == align(ru, en)
    assert seen.calls[0][0] == "aligning"
    total = seen.calls[0][1]
    assert total is not None and 0.8 * total <= seen.done() <= total
