"""Crash safety of the review file: SIGKILL a sverka saving a 10,000-bead review, again and again.

Each round starts a fresh process that opens the review file (6 MB) the way the app does
(``ReviewSession.open``: lock, read, stamp), then edits a thousand beads spread over the file
(English, reviewed flag, notes; through the document's API) and saves (``session.save``: the
whole file rendered, written to a temporary file, fsynced, checked against the stamp,
renamed), over and over, cycling through three versions. The parent SIGKILLs it at a seeded
random moment: anywhere from editing to a few saves on, or aimed at the end of its first save
(where the temporary file is written and renamed), and then checks what a reviewer relies on:

* the file on disk is byte for byte (save for its PO-Revision-Date line, the minute of the
  save) one whole version: the one the process opened or one of its saves, and never older
  than the last save the process reported done (a completed save is never lost);
* every version found parses with sverka's reader (entries equal to the version's), with
  polib (a reader independent of sverka's) and passes ``msgfmt --check`` (when gettext is
  installed), checked the first time each version is found; and the next process reads the
  file with sverka's reader every round;
* a temporary file left by the kill is named after the killed process only, holds the start
  of the save it was writing, is never taken for the review file, and is removed by the next
  save;
* the lock file still names the killed process, and the next sverka takes the lock over with
  a one-line warning that names it; at the end a last session does so, saves, and leaves
  nothing but the review file behind.

The count of kills is ``SVERKA_KILLS`` (default 20, about 15 s); ``bench/reliability/run.py``
runs the same loop (``run_kills``) 500 times and prints the outcomes (``pytest -s`` prints
them too).

This file is also the killed process: ``python test_crash.py child REVIEW.po PASS`` (no
pytest imported, so that a round costs only Python's start and the opening of the file).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from sverka.io.po import RenderCache
from sverka.model import Entry
from sverka.review import ReviewDoc

KILLS = int(os.environ.get("SVERKA_KILLS", "20"))
SEED = 20240817
BEADS = 10_000
HERE = Path(__file__).resolve()
ARTICLE = HERE.parents[2] / "corpora" / "kazakhstan-2022"
PASSES = ("first pass", "second pass", "third pass")
EVERY = 10  # a pass edits every tenth bead (and the last)
FIXED_DATE = b'"PO-Revision-Date: 2000-01-01 00:00+0000\\n"\n'
DATE_LINE = re.compile(rb'"PO-Revision-Date: \d{4}-\d\d-\d\d \d\d:\d\d[+-]\d{4}\\n"\n')
TMP_NAME = re.compile(r"\.review\.po\.sverka-tmp-(\d+)-[0-9a-f]{16}")
TAKEN_OVER = (
    r"took over the lock on {po} left by sverka review, pid {pid} on {host} "
    r"since (\d{{4}}-\d\d-\d\d )?\d\d:\d\d, "
    r"which ended without releasing it"
)


# -- the document -----------------------------------------------------------------------------


def build_review(folder: Path) -> ReviewDoc:
    """The bundled article (Russian, its English MT) aligned, replicated to 10,000 beads with
    fresh ids (p0001.s01 ...); a third reviewed, some corrected, some with notes. The article
    is copied beside the review file, so that opening it gives no "file changed" warning."""
    from sverka import reviewfile

    for name in ("ru.txt", "en.txt"):
        shutil.copy(ARTICLE / name, folder / name)
    one = reviewfile.create(folder / "ru.txt", folder / "en.txt", folder / "review.po")
    paras = max(e.para for e in one.entries) + 1
    entries: list[Entry] = []
    copy = 0
    while len(entries) < BEADS:
        for e in one.entries[: BEADS - len(entries)]:
            para = copy * paras + e.para
            k = len(entries)
            entries.append(
                replace(
                    e,
                    id=f"p{para + 1:04d}{e.id[e.id.index('.') :]}",
                    para=para,
                    reviewed=k % 3 == 0,
                    en=e.en.replace("Kazakhstan", "Qazaqstan") if k % 7 == 0 else e.en,
                    note="checked with the editor" if k % 50 == 0 else "",
                )
            )
        copy += 1
    return ReviewDoc(entries, source=one.source, mt=one.mt)


def version(entries: list[Entry], n: int) -> list[Entry]:
    """The n-th save's entries (n >= 1), one of three passes: the English rewritten, the
    reviewed flag and a note set on every tenth bead and the last one, so that the changes
    are spread over the whole file.

    Depends only on what no pass changes, so it is the same whichever version the entries
    come from."""
    v = (n - 1) % 3
    last = len(entries) - 1
    return [
        replace(
            e,
            en=f"{e.mt} ({PASSES[v]})" if e.mt else PASSES[v],
            reviewed=(k // EVERY + v) % 2 == 0,
            note=PASSES[v] if k % (10 * EVERY) == v * EVERY else "",
        )
        if k % EVERY == 0 or k == last
        else e
        for k, e in enumerate(entries)
    ]


def normalize(data: bytes) -> bytes:
    """The file with its PO-Revision-Date (the minute of the save) set to a fixed one."""
    head = DATE_LINE.search(data, 0, 4096)
    if head is None:
        return data
    return data[: head.start()] + FIXED_DATE + data[head.end() :]


def is_prefix(part: bytes, full: bytes) -> bool:
    """Whether a partly written file is the start of ``full`` (whose date line is the fixed
    one): all of it when its own date line is written, else up to where that line starts."""
    if DATE_LINE.search(part, 0, 4096):
        return full.startswith(normalize(part))
    date_at = full.index(b'"PO-Revision-Date')
    return len(part) < date_at + len(FIXED_DATE) and full.startswith(part[:date_at])


def render(doc: ReviewDoc, entries: list[Entry], cache: RenderCache | None = None) -> bytes:
    from sverka.io.po import render_po_bytes

    same = ReviewDoc(entries, source=doc.source, mt=doc.mt, header=dict(doc.header))
    return render_po_bytes(same, revision_date="2000-01-01 00:00+0000", cache=cache)


# -- the process that is killed ---------------------------------------------------------------


def child(po: Path, first: int) -> None:
    """Open the review like the app, then edit and save, forever: the passes ``first``,
    ``first + 1``, ... (the parent starts it at a pass other than the file's).

    Prints ``ready T WARNINGS`` once open and ``saved N T`` after each save, T from the
    system-wide monotonic clock. Edits go through the document's API and ``session.save``
    gets a copy, as in the app.
    """
    from sverka.session import ReviewSession

    session = ReviewSession.open(po)
    doc = session.doc
    print("ready", time.monotonic(), json.dumps(session.warnings), flush=True)
    n = first
    while True:
        for i, want in enumerate(version(doc.entries, n)):
            have = doc.entries[i]
            if have.en != want.en:
                doc.edit(i, want.en)
            if have.reviewed != want.reviewed:
                doc.accept(i, want.reviewed)
            if have.note != want.note:
                doc.set_note(i, want.note)
        outcome = session.save(doc.copy())
        if outcome.error is not None or not outcome.written:
            print("error", outcome.error, flush=True)
            sys.exit(3)
        print("saved", n, time.monotonic(), flush=True)
        n += 1


# -- the loop ---------------------------------------------------------------------------------


@dataclass
class KillReport:
    kills: int
    on_disk: Counter[str] = field(default_factory=Counter)
    temps_left: int = 0  # kills that left a temporary file (they landed mid-write)
    temps_partial: int = 0  # of those, with the save not all written yet
    kinds: Counter[str] = field(default_factory=Counter)  # when the kills were aimed
    saves_per_child: list[int] = field(default_factory=list)
    first_save: list[float] = field(default_factory=list)  # seconds from opened to saved
    later_saves: list[float] = field(default_factory=list)  # seconds between two saves
    file_mb: float = 0.0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        def ms(xs: list[float]) -> str:
            return f"{statistics.median(xs) * 1000:.0f} ms"

        kinds = ", ".join(f"{v} {k}" for k, v in self.kinds.most_common())
        saves = self.saves_per_child
        return [
            f"kills: {self.kills} ({kinds}); review file {self.file_mb:.1f} MB, {BEADS:,} beads",
            f"saves ended per killed process: median {statistics.median(saves):g}, max "
            f"{max(saves)}; from opened to the first save ended {ms(self.first_save)}, "
            f"between later saves {ms(self.later_saves)} (medians)",
            *(f"on disk after the kill: {k}: {v}" for k, v in self.on_disk.most_common()),
            f"kills that left a temporary file (landed mid-save): {self.temps_left}, "
            f"{self.temps_partial} of them not fully written",
            "every file whole and parsed, no completed save lost, every lock taken over",
            f"time: {self.seconds:.1f} s",
        ]


def temps(folder: Path) -> dict[Path, int]:
    """The temporary files of review.po in the folder, with the pid in their name."""
    found = {}
    for p in folder.iterdir():
        if ".sverka-tmp-" in p.name:
            m = TMP_NAME.fullmatch(p.name)
            assert m, f"a temporary file of another shape: {p.name}"
            found[p] = int(m[1])
    return found


def _check_parses(data: bytes, entries: list[Entry], po: Path) -> None:
    """The bytes parse with sverka's reader and with polib into the expected entries, and
    pass msgfmt --check."""
    import polib

    from sverka.io.po import parse_po

    assert parse_po(data, path=po).entries == entries
    pofile = polib.pofile(data.decode("utf-8"))
    got = [e for e in pofile if not e.obsolete]
    assert len(got) == len(entries)
    assert [(e.msgctxt, e.msgid, e.msgstr) for e in got] == [(x.id, x.ru, x.en) for x in entries]
    assert ["fuzzy" not in e.flags for e in got] == [x.reviewed for x in entries]
    if shutil.which("msgfmt"):
        check = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", "-"], input=data, capture_output=True
        )
        assert check.returncode == 0, check.stderr.decode()


def _pass_after(n: int) -> int:
    """The pass saved after pass (or original, 0) ``n``."""
    return n % 3 + 1


def run_kills(folder: Path, kills: int, seed: int = SEED, *, log=None) -> KillReport:
    """The kill loop (the test and the benchmark): returns what was found after the kills."""
    from sverka.io.po import read_po
    from sverka.io.safe import atomic_write
    from sverka.session import ReviewSession

    started = time.perf_counter()
    po = folder / "review.po"
    doc = build_review(folder)
    atomic_write(po, render(doc, doc.entries))
    # Every content the file may hold, its date line fixed: the original (0), three passes.
    expected = {0: doc.entries, **{n: version(doc.entries, n) for n in (1, 2, 3)}}
    cache = RenderCache()
    wanted = {n: render(doc, e, cache) for n, e in expected.items()}
    assert len(set(wanted.values())) == 4
    report = KillReport(kills, file_mb=len(wanted[1]) / 1e6)
    rng = random.Random(seed)
    checked: set[int] = set()
    killed: list[int] = []
    before = 0  # the version on disk when the next process opens it
    # Parsing 6 MB three ways takes ~0.7 s: done on a thread while the next process runs.
    with ThreadPoolExecutor(1) as parsing:
        parsed: list[Future] = []
        for round_ in range(kills):
            first = _pass_after(before)  # its first save changes the file
            pid, done = _start_and_kill(po, first, killed, rng, round_, report)
            killed.append(pid)
            report.saves_per_child.append(done)

            # The file: a whole version, the last one saved or the one being saved.
            last = (first + done - 2) % 3 + 1 if done else before
            saving = (first + done - 1) % 3 + 1
            data = po.read_bytes()
            found = [n for n, b in wanted.items() if b == normalize(data)]
            assert found, f"round {round_}: the file is no whole version ({len(data)} bytes)"
            assert found[0] in (last, saving), f"round {round_}: {found[0]}; saved: {last}"
            if found[0] not in checked:  # the next process reads it every round; 3 readers
                checked.add(found[0])  # once per version (the rest is the date line)
                parsed.append(parsing.submit(_check_parses, data, expected[found[0]], po))
            while parsed and parsed[0].done():
                parsed.pop(0).result()  # raises what the thread found
            if found[0] == saving:
                report.on_disk["the save in progress (renamed just before the kill)"] += 1
            elif done:
                report.on_disk["the last save it reported"] += 1
            else:
                report.on_disk["what it opened (no save ended)"] += 1
            before = found[0]

            # The lock: left behind by SIGKILL, naming the killed process (the next one
            # takes it over: checked when it opens).
            record = json.loads((folder / ".review.po.lock").read_text())
            assert (record["pid"], record["command"]) == (pid, "sverka review")

            # Temporary files: of killed processes only; the one the kill left holds the
            # start of the save in progress; a later save removes them.
            left = temps(folder)
            assert set(left.values()) <= set(killed), left
            if done:
                assert set(left.values()) <= {pid}, "a save left older temporary files"
            mine = [p for p, owner in left.items() if owner == pid]
            assert len(mine) <= 1, mine
            if mine:
                part = mine[0].read_bytes()
                assert is_prefix(part, wanted[saving]), "a temporary file of something else"
                report.temps_left += 1
                report.temps_partial += len(part) < len(wanted[saving])
            if log is not None and (round_ + 1) % 50 == 0:
                log(f"{round_ + 1}/{kills} kills, {time.perf_counter() - started:.0f} s")
        for f in parsed:
            f.result()

    # A later sverka: takes the lock over with a warning, saves, leaves nothing behind.
    session = ReviewSession.open(po)
    try:
        assert len(session.warnings) == 1
        assert f"left by sverka review, pid {killed[-1]} on" in session.warnings[0]
        session.doc.edit(0, "A later session's edit.")
        assert session.save().written
    finally:
        session.close()
    assert sorted(p.name for p in folder.iterdir()) == ["en.txt", "review.po", "ru.txt"]
    edited = replace(expected[before][0], en="A later session's edit.")
    assert read_po(po).entries == [edited, *expected[before][1:]]
    report.seconds = time.perf_counter() - started
    return report


def _start_and_kill(
    po: Path, first: int, killed: list[int], rng: random.Random, round_: int, report: KillReport
) -> tuple[int, int]:
    """Start a saving process, check what it was told on opening, SIGKILL it at a moment
    drawn from ``rng``; its pid and how many saves it reported done."""
    proc = subprocess.Popen(
        [sys.executable, str(HERE), "child", str(po), str(first)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    early: list[str] = []  # lines read before the kill
    try:
        ready = proc.stdout.readline()
        assert ready.startswith("ready "), proc.stderr.read()
        _, opened, shown = ready.split(" ", 2)
        warnings = json.loads(shown)
        if killed:  # the lock of the process killed last round, taken over
            pattern = TAKEN_OVER.format(
                po=re.escape(str(po)), pid=killed[-1], host=re.escape(socket.gethostname())
            )
            assert len(warnings) == 1 and re.fullmatch(pattern, warnings[0]), warnings
        else:
            assert warnings == []
        # Every tenth round (the first too) lets two saves end, then kills in the third: the
        # times of those saves, unbiased by early kills, set the moments of the others. Odd
        # rounds: aimed at the end of the first save (its temporary file written, fsynced,
        # checked, renamed). Other rounds: anywhere from half-way to the first save's end
        # (editing, rendering) to a few saves on.
        if round_ % 10 == 0:
            early = [proc.stdout.readline(), proc.stdout.readline()]
            assert all(line.startswith("saved ") for line in early), early
            ends = [float(opened)] + [float(line.split()[2]) for line in early]
            report.first_save.append(ends[1] - ends[0])
            report.later_saves.append(ends[2] - ends[1])
            kind, at = (
                "after two saves",
                ends[2] - float(opened) + rng.uniform(0, ends[2] - ends[1]),
            )
        else:
            first_save = statistics.median(report.first_save)
            later = statistics.median(report.later_saves)
            if round_ % 2:
                kind, at = (
                    "aimed at the end of the first save",
                    first_save + rng.uniform(-0.025, 0.005),
                )
            else:
                kind, at = "anywhere", rng.uniform(first_save / 2, first_save + 3 * later)
        report.kinds[kind] += 1
        time.sleep(max(0.0, float(opened) + at - time.monotonic()))
    finally:
        proc.send_signal(signal.SIGKILL)
        # Read on through the same buffered files as readline (communicate() would skip
        # lines readline had buffered); the process is dead, so these end.
        out, err = proc.stdout.read(), proc.stderr.read()
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, f"round {round_}: it ended by itself: {out}{err}"
    saves = [line.split() for line in [*early, *out.splitlines(keepends=True)]]
    assert [s[:2] for s in saves] == [["saved", str(first + k)] for k in range(len(saves))], out
    return proc.pid, len(saves)


def test_sigkill_while_saving_a_10000_bead_review_never_breaks_or_loses_it(tmp_path: Path):
    """SVERKA_KILLS (default 20) kills; bench/reliability/run.py runs 500."""
    report = run_kills(tmp_path, KILLS)
    print("\n" + "\n".join(report.lines()))
    assert sum(report.on_disk.values()) == KILLS


if __name__ == "__main__" and sys.argv[1:2] == ["child"]:
    child(Path(sys.argv[2]), int(sys.argv[3]))
