"""Review app benchmark: `sverka review` as a user feels it, in a real pseudo-terminal.

The app runs as a user runs it: `.venv/bin/sverka review FILE.po` in a 160 x 50 pty
(TERM=xterm-256color, a fresh empty HOME, SVERKA_CONFIG unset, byte-code cached as after an
install: in bench/out/tui/pycache, filled by one launch not counted), and the harness plays the
terminal: it reads the pty and feeds every byte to a pyte screen, answering the app's
queries as a terminal would, one with synchronized output (mode 2026, as kitty, WezTerm,
iTerm2, foot and Windows Terminal have), so that a frame is shown whole, when it ends.
Every figure is taken on that screen, from outside the app:

- first paint: from just before the process is spawned until the status line shows `1/M`
  and the top half of the screen shows text (median of three launches, all three shown);
- move: Down, then j, 60 presses each at a user's pace (50 ms apart), each from the write of
  the key until the status line shows the next position; the first 3 presses are warm-up.
  These and the rest start once the app has settled (for 1 s no output and under 5% of a
  CPU: its start-up work, such as checking every bead, done); 20 Down presses at once after
  first paint, while it may still be busy, are shown apart ("at once"), as a user who starts
  right away feels them, with no target;
- open: Enter until the status line shows `EDIT` (Escape, back to `LIST`, and Down between
  the openings, so each opens another bead), 30 times;
- type: 60 keystrokes into the English editor, tokens like `Zqxjvbnmk` separated by spaces;
  from the 3rd letter of a token on, each letter from its write until the screen shows the
  token typed so far;
- memory: VmRSS of the app's process after first paint, and its VmHWM (peak) before quitting.

A key's latency ends at the read of the bytes that made the screen show it: a reader thread
stamps each piece of output as it is read, and pyte parses it after (the time pyte takes is
reported apart, as harness overhead, with the bytes the app writes per key). The files: the
10,000-entry WMT21 review file of bench/po/run.py, and ten copies of it (100,000 beads, ids
and paragraph numbers made unique, paragraphs kept); both written to bench/out/tui/ afresh
before every launch (the app saves edits into them), lock and temporary files removed.
Screens at first paint and on any failure are written to bench/out/tui/*.screen.txt.

Prints a markdown block for bench/RESULTS.md.
Run: .venv/bin/python bench/tui/run.py [--quick] [--sizes 10k,100k] [--app "CMD"]
(--app runs another program in place of `sverka review`, the file appended: for testing.)
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import gc
import importlib.metadata
import importlib.util
import os
import platform
import queue
import re
import select
import shlex
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyte

from sverka.io.po import render_po
from sverka.io.safe import atomic_write
from sverka.review import ReviewDoc

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OUT = REPO / "bench" / "out" / "tui"
COLS, ROWS = 160, 50
PACE = 0.05  # seconds between keys, a user's pace
KEY_TIMEOUT = 5.0  # a key whose effect has not shown by then counts as failed
WARMUP = 3  # presses not counted at the start of each series
# Synchronized output (mode 2026): the app asks whether the terminal has it, and then wraps each
# frame in begin/end, and the terminal shows the frame at its end, whole.
SYNC_QUERY, SYNC_REPLY = b"\x1b[?2026$p", b"\x1b[?2026;2$y"
SYNC_BEGIN, SYNC_END = b"\x1b[?2026h", b"\x1b[?2026l"
DOWN, ENTER, ESC, QUIT = "\x1b[B", "\r", "\x1b", "\x11"
TOKENS = ("Zqxjvbnmk", "Qzvwkjhgf", "Xjqzmnbvc", "Vqzxlkjhg", "Jzqxpoiuy", "Wqxzytrew")
SIZES = {"10k": 1, "100k": 10}  # copies of the 10,000-entry document
EARLY = "move (Down) at once"  # the series started right at first paint: shown, not judged
BACK = "back (Escape)"  # after each opening: shown, not judged
BACK_TYPED = "back (Escape) after typing"  # the edit is committed and saved
JUDGED = ("move (Down)", "move (j)", "open (Enter)", "type")
TARGET_PAINT = {"10k": 1.0, "100k": 3.0}  # seconds
TARGET_KEY_P95 = 0.030  # seconds, at 10k
TARGET_MEMORY = 300  # MiB, at 10k


class AppFailed(Exception):
    """The app did not show what the contract says it shows; the screen is in the message."""


# -- the terminal ----------------------------------------------------------------------------


class _Screen(pyte.Screen):
    """A pyte screen that answers the app's queries (device attributes, cursor position)."""

    def __init__(self, fd: int) -> None:
        super().__init__(COLS, ROWS)
        self.fd = fd

    def write_process_input(self, data: str) -> None:
        with contextlib.suppress(OSError):
            os.write(self.fd, data.encode())


@dataclass
class Terminal:
    """One app process in a pty, its screen as pyte sees it."""

    argv: list[str]
    env: dict[str, str]
    pid: int = 0
    fd: int = -1
    t_spawn: float = 0.0
    parse_seconds: float = 0.0  # pyte's time, the harness's own overhead
    bytes_read: int = 0
    keys_sent: int = 0
    closed: bool = False
    screen: _Screen = field(init=False)
    stream: pyte.ByteStream = field(init=False)
    _inbox: queue.SimpleQueue = field(default_factory=queue.SimpleQueue)
    _stop: bool = False
    in_frame: bool = False  # inside a synchronized update: the terminal shows nothing of it yet
    _tail: bytes = b""

    def spawn(self) -> None:
        self.t_spawn = time.perf_counter()
        pid, fd = os.forkpty()
        if pid == 0:  # the child: size its terminal, then become the app
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
                os.execve(self.argv[0], self.argv, self.env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        os.set_blocking(fd, False)
        self.screen = _Screen(fd)
        self.stream = pyte.ByteStream(self.screen)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        """The reader thread: select + read, each piece stamped with the time it was read.

        Kept apart from pyte's parsing (slow: milliseconds per frame), so that a piece that
        arrives while the last one is being parsed still gets the time it arrived."""
        while not self._stop:
            try:
                if not select.select([self.fd], [], [], 0.05)[0]:
                    continue
                data = os.read(self.fd, 1 << 16)
            except BlockingIOError:
                continue
            except OSError:  # EIO: the app has closed the terminal
                data = b""
            self._inbox.put((time.perf_counter(), data))
            if not data:
                return
            if SYNC_QUERY in data:  # a terminal that has synchronized output says so
                os.write(self.fd, SYNC_REPLY)

    def pump(self, timeout: float, cond=None) -> float | None:
        """Wait up to timeout for output, then feed all that has come to the screen.

        Returns the read time of the piece after which cond holds; without cond, of the
        last piece; None when nothing came (or cond did not come to hold)."""
        if self.closed:
            time.sleep(max(timeout, 0))
            return None
        try:
            pieces = [self._inbox.get(timeout=max(timeout, 0))]
        except queue.Empty:
            return None
        with contextlib.suppress(queue.Empty):
            while True:
                pieces.append(self._inbox.get_nowait())
        found = None
        t = time.perf_counter()
        for t_read, data in pieces:
            if not data:
                self.closed = True
                break
            self.bytes_read += len(data)
            self.stream.feed(data)
            seen = self._tail + data
            begin, end = seen.rfind(SYNC_BEGIN), seen.rfind(SYNC_END)
            if begin != end:
                self.in_frame = begin > end
            self._tail = seen[-len(SYNC_BEGIN) :]
            if found is None and not self.in_frame and (cond is None or cond(self)):
                found = t_read
        self.parse_seconds += time.perf_counter() - t
        return found

    def wait_for(self, cond, since: float, what: str, timeout: float = KEY_TIMEOUT) -> float:
        """Seconds from since until the read after which cond(self) holds."""
        if cond(self):
            return 0.0
        deadline = time.perf_counter() + timeout
        while (left := deadline - time.perf_counter()) > 0:
            t_read = self.pump(left, cond)
            if t_read is not None:
                return t_read - since
            if self.closed:
                raise AppFailed(f"the app exited while waiting for {what}\n{self.dump()}")
        raise AppFailed(f"no {what} within {timeout:.0f} s\n{self.dump()}")

    def idle(self, seconds: float) -> None:
        """Keep reading (as a terminal does) for this long."""
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            self.pump(left)

    def settle(self, quiet: float = 1.0, cap: float = 120.0) -> float:
        """Read until the app is idle: for `quiet` seconds no output and under 5% of a CPU
        (its start-up work, such as checking every bead, done). At most `cap` seconds."""
        start = time.perf_counter()
        mark, cpu_mark = start, self.cpu_seconds()  # the start of the current quiet spell
        while (now := time.perf_counter()) - start < cap:
            if self.pump(0.1) is not None:
                mark, cpu_mark = time.perf_counter(), self.cpu_seconds()
            elif now - mark >= quiet:
                if self.cpu_seconds() - cpu_mark < 0.05 * (now - mark):
                    break
                mark, cpu_mark = now, self.cpu_seconds()
        return time.perf_counter() - start

    def cpu_seconds(self) -> float:
        """User + system CPU time of the app's process (all its threads) so far."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def key(self, data: str) -> float:
        t = time.perf_counter()
        os.write(self.fd, data.encode())
        self.keys_sent += 1
        return t

    def line(self, y: int) -> str:
        row = self.screen.buffer[y]
        return "".join(row[x].data for x in range(COLS))

    def bottom(self, rows: int = 4) -> str:
        """The bottom rows, where the status line is."""
        return "\n".join(self.line(y) for y in range(ROWS - rows, ROWS))

    def dump(self) -> str:
        return "\n".join(f"{y:2d}|{line.rstrip()}" for y, line in enumerate(self.screen.display))

    def status(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        return pattern.search(self.bottom())

    def memory(self, field_name: str) -> float:
        """VmRSS or VmHWM of the app's process, MiB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def quit(self, timeout: float = 10.0) -> str:
        """Ctrl+Q, and wait for the exit; kill it if it will not go. Returns how it ended."""
        t = self.key(QUIT)
        deadline = t + timeout
        while time.perf_counter() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                took = time.perf_counter() - t
                self._close()
                return f"exit {os.waitstatus_to_exitcode(status)} in {took:.1f} s"
            self.pump(0.05)
        screen = self.dump()
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self._close()
        return f"KILLED: still running {timeout:.0f} s after Ctrl+Q; its screen:\n{screen}"

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        self._close()

    def _close(self) -> None:
        self._stop = True
        self._reader.join()
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        self.closed = True


# -- the files -------------------------------------------------------------------------------


def build_files(sizes: list[str]) -> dict[str, tuple[Path, bytes, int]]:
    """Each size's path, its bytes (written afresh before every launch) and bead count."""
    spec = importlib.util.spec_from_file_location("po_bench", REPO / "bench" / "po" / "run.py")
    po_bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(po_bench)
    doc = po_bench.build_doc()
    span = max(e.para for e in doc.entries) + 1
    out = {}
    for size in sizes:
        copies = SIZES[size]
        if copies == 1:
            entries = doc.entries
        else:  # the id carries the paragraph (pNNN.sNN): renumber both, keep the bead suffix
            entries = [
                replace(e, id=f"p{p + 1:06d}.{e.id.split('.', 1)[1]}", para=p)
                for c in range(copies)
                for e in doc.entries
                for p in (c * span + e.para,)
            ]
        data = render_po(ReviewDoc(entries, doc.source, doc.mt)).encode("utf-8")
        out[size] = (OUT / f"{size}.review.po", data, len(entries))
    return out


def fresh(path: Path, data: bytes) -> None:
    """The pristine file in place, and no lock or temporary file of an earlier run beside it."""
    for stale in path.parent.glob(f".{path.name}.*"):  # .NAME.lock, .NAME.sverka-tmp-*
        stale.unlink()
    if not path.exists() or path.read_bytes() != data:
        atomic_write(path, data)


def app_env(home: str) -> dict[str, str]:
    """The user's environment less anything that would configure sverka, Textual or colours.

    Byte-code is cached (as after a pip install) in bench/out/tui/pycache, not in src/."""
    dropped = ("SVERKA_CONFIG", "COLORTERM", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items()
           if k not in dropped and not k.startswith(("TEXTUAL", "XDG_"))}  # fmt: skip
    env.update(TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(ROWS), HOME=home,
               PYTHONPYCACHEPREFIX=str(OUT / "pycache"))  # fmt: skip
    env.setdefault("LANG", "C.UTF-8")
    return env


# -- the measurements ------------------------------------------------------------------------


@dataclass
class Launch:
    paint: float
    rss: float = float("nan")  # MiB after first paint
    hwm: float = float("nan")  # MiB peak, before quitting
    keys: dict[str, list[float]] = field(default_factory=dict)
    kib_per_key: dict[str, float] = field(default_factory=dict)  # the app's output per key
    parse_per_key: float = 0.0  # pyte's mean time per measured key, seconds
    settle: float = 0.0
    exit: str = ""
    error: str = ""


def shows(pattern: re.Pattern[str]):
    """The condition: the status line shows this."""
    return lambda t: bool(t.status(pattern))


def on_screen(text: str):
    """The condition: the screen shows this text somewhere."""
    return lambda t: any(text in line for line in t.screen.display)


def position(n: int, total: int) -> re.Pattern[str]:
    return re.compile(rf"(?<!\d){n}/{total}(?!\d)")


def first_paint(term: Terminal, total: int) -> float:
    first = position(1, total)

    def painted(t: Terminal) -> bool:
        return bool(t.status(first)) and any(t.line(y).strip() for y in range(ROWS // 2))

    return term.wait_for(painted, term.t_spawn, f"first paint (`1/{total}` and a bead list)", 60)


def current(term: Terminal, total: int) -> int:
    m = re.search(rf"(?<!\d)(\d+)/{total}(?!\d)", term.bottom())
    if not m:
        raise AppFailed(f"no `N/{total}` on the status line\n{term.dump()}")
    return int(m.group(1))


def moves(term: Terminal, total: int, key: str, presses: int, name: str) -> dict[str, list[float]]:
    """Presses of a key that moves to the next bead, each timed to the new position shown."""
    n = current(term, total)
    times = []
    for _ in range(presses):
        n += 1
        times.append(term.wait_for(shows(position(n, total)), term.key(key), f"`{n}/{total}`"))
        term.idle(PACE)
    return {name: times[WARMUP:]}


EDIT = re.compile(r"\bEDIT\b")
LIST = re.compile(r"\bLIST\b")


def opens(term: Terminal, total: int, count: int) -> dict[str, list[float]]:
    times, back = [], []
    for i in range(count):
        if i:
            n = current(term, total) + 1
            term.wait_for(shows(position(n, total)), term.key(DOWN), f"`{n}/{total}`")
            term.idle(PACE)
        times.append(term.wait_for(shows(EDIT), term.key(ENTER), "`EDIT`"))
        term.idle(PACE)
        back.append(term.wait_for(shows(LIST), term.key(ESC), "`LIST` after Escape"))
        term.idle(PACE)
    return {"open (Enter)": times, BACK: back}


def typing(term: Terminal, keystrokes: int) -> dict[str, list[float]]:
    """Type tokens (and spaces) into the editor of the current bead, then leave it."""
    term.wait_for(shows(EDIT), term.key(ENTER), "`EDIT`")
    term.idle(PACE)
    times, typed = [], 0
    for token in TOKENS:
        for i, ch in enumerate(token):
            if typed == keystrokes:
                break
            prefix = token[: i + 1]
            t = term.key(ch)
            typed += 1
            if i >= 2:
                times.append(term.wait_for(on_screen(prefix), t, f"typed `{prefix}`"))
            term.idle(PACE)
        if typed == keystrokes:
            break
        term.key(" ")
        typed += 1
        term.idle(PACE)
    back = term.wait_for(shows(LIST), term.key(ESC), "`LIST` after Escape")
    return {"type": times, BACK_TYPED: [back]}


def launch(argv, env, path, data, total, size, interact: dict[str, int] | None) -> Launch:
    fresh(path, data)
    term = Terminal([*argv, str(path)], env)
    term.spawn()
    try:
        result = Launch(paint=first_paint(term, total))
        result.rss = term.memory("VmRSS")
        (OUT / f"{size}.first-paint.screen.txt").write_text(term.dump() + "\n", encoding="utf-8")
        if interact:
            parse0 = term.parse_seconds
            series = (
                (EARLY, lambda: moves(term, total, DOWN, interact["early"], EARLY)),
                ("settle", lambda: term.settle()),
                ("move (Down)", lambda: moves(term, total, DOWN, interact["moves"], "move (Down)")),
                ("move (j)", lambda: moves(term, total, "j", interact["moves"], "move (j)")),
                ("open (Enter)", lambda: opens(term, total, interact["opens"])),
                ("type", lambda: typing(term, interact["chars"])),
            )
            for name, run in series:
                bytes0, keys0 = term.bytes_read, term.keys_sent
                try:
                    if name == "settle":
                        result.settle = run()
                        continue
                    result.keys.update(run())
                    sent = max(term.keys_sent - keys0, 1)
                    result.kib_per_key[name] = (term.bytes_read - bytes0) / sent / 1024
                except AppFailed as e:  # keep what was measured; the state is unknown now
                    result.error = f"{name}: {e}"
                    (OUT / f"{size}.failed.screen.txt").write_text(result.error + "\n")
                    break
            samples = [f"{k}\t{t * 1000:.2f}" for k, v in result.keys.items() for t in v]
            (OUT / f"{size}.samples.tsv").write_text("measure\tms\n" + "\n".join(samples) + "\n")
            measured = sum(len(v) for v in result.keys.values())
            result.parse_per_key = (term.parse_seconds - parse0) / max(measured, 1)
            term.idle(0.3)
        result.hwm = term.memory("VmHWM")
        result.exit = term.quit()
        return result
    except AppFailed as e:
        (OUT / f"{size}.failed.screen.txt").write_text(str(e) + "\n", encoding="utf-8")
        term.kill()
        raise


# -- the report ------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("PASS" if ok else "**FAIL**")


def report(args, argv, files, results, errors) -> None:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    load = os.getloadavg()[0]
    versions = ", ".join(
        f"{p} {importlib.metadata.version(p)}" for p in ("sverka", "textual", "pyte")
    )
    print("## Review app (TUI)\n")
    print(
        f"Machine: {os.cpu_count()} CPUs ({cpu}), {platform.platform()}, Python "
        f"{platform.python_version()}, {versions}; load average {load:.2f} at the end. "
        f"Reproduce: `.venv/bin/python bench/tui/run.py{' --quick' if args.quick else ''}`. "
        f"Command: `{shlex.join([*argv, 'FILE.po'])}` in a {COLS}x{ROWS} pty, "
        f"TERM=xterm-256color, empty HOME; the screen read through pyte. Keys {PACE * 1000:.0f} ms "
        f"apart, the first {WARMUP} of each moving series not counted.\n"
    )
    print("| file | measure | median / p50 | p95 | max | all / n | target | |")
    print("|---|---|---|---|---|---|---|---|")
    for size, launches in results.items():
        _, data, total = files[size]
        name = f"{size} ({total:,} beads, {len(data) / 1e6:.0f} MB)"
        paints = [r.paint for r in launches]
        med = statistics.median(paints)
        every = ", ".join(f"{p:.2f}" for p in paints)
        target = TARGET_PAINT[size]
        print(f"| {name} | first paint | {med:.2f} s | | {max(paints):.2f} s | {every} s | "
              f"≤ {target:.1f} s | {verdict(med <= target)} |")  # fmt: skip
        main = launches[0]
        for what, times in main.keys.items():
            ms = [t * 1000 for t in times]
            p95 = pct(ms, 0.95)
            counted = size == "10k" and what in JUDGED
            ok = p95 <= TARGET_KEY_P95 * 1000 if counted else None
            target = f"p95 ≤ {TARGET_KEY_P95 * 1000:.0f} ms" if counted else ""
            print(f"| {name} | {what} | {pct(ms, 0.5):.1f} ms | {p95:.1f} ms | {max(ms):.1f} ms "
                  f"| {len(ms)} | {target} | {verdict(ok)} |")  # fmt: skip
        rss = ", ".join(f"{r.rss:.0f}" for r in launches)
        hwm = max(r.hwm for r in launches)
        ok = hwm <= TARGET_MEMORY if size == "10k" else None
        print(f"| {name} | peak memory (VmHWM) | {hwm:.0f} MiB | | | RSS after first paint: "
              f"{rss} MiB | {f'≤ {TARGET_MEMORY} MiB' if size == '10k' else ''} | "
              f"{verdict(ok)} |")  # fmt: skip
    print(
        f"\nTargets at 10k only (the issue sets none for keys and memory at 100k). Escape "
        f"(`{BACK}`) includes Textual's own wait for a key sequence after a lone Escape "
        f"(its Linux input thread checks for it every 100 ms, whatever ESCDELAY says). "
        f"Every sample: bench/out/tui/SIZE.samples.tsv.\n"
    )
    for size, launches in results.items():
        main = launches[0]
        notes = [f"{size}: Ctrl+Q: {', '.join(r.exit.splitlines()[0] for r in launches)}"]
        if main.keys:
            out = ", ".join(f"{k} {v:.1f}" for k, v in main.kib_per_key.items())
            notes.append(
                f"output settled {main.settle:.2f} s after first paint; the app writes per key "
                f"(KiB): {out}; pyte's parsing (harness overhead, not counted in the figures) "
                f"{main.parse_per_key * 1000:.1f} ms per measured key"
            )
        print("- " + "; ".join(notes) + ".")
        for r in launches:
            if r.exit.startswith("KILLED"):
                print(f"\n```\n{r.exit}\n```")
    for size, error in errors.items():
        print(f"\n**{size}: the app did not behave as the contract says.** {error.splitlines()[0]}")
        print(f"\n```\n{chr(10).join(error.splitlines()[1:])}\n```")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one launch per size, fewer keys")
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 10k, 100k")
    parser.add_argument("--app", help="a command to run in place of `sverka review` (testing)")
    args = parser.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {', '.join(unknown)}: choose from {', '.join(SIZES)}")
    if args.app:
        argv = shlex.split(args.app)
        argv[0] = shutil.which(argv[0]) or argv[0]
    else:
        argv = [str(Path(sys.executable).parent / "sverka"), "review"]
    launches = 1 if args.quick else 3
    interact = (dict(early=13, moves=20, opens=10, chars=30) if args.quick
                else dict(early=23, moves=60, opens=30, chars=60))  # fmt: skip

    OUT.mkdir(parents=True, exist_ok=True)
    for old in (*OUT.glob("*.screen.txt"), *OUT.glob("*.samples.tsv")):
        old.unlink()  # an earlier run's screens and samples
    files = build_files(sizes)
    gc.collect()
    gc.disable()  # no collector pause in the harness while it times keys
    sys.setswitchinterval(0.0005)  # the reader thread gets the GIL soon after a read
    results: dict[str, list[Launch]] = {}
    errors: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="sverka-tui-home-") as home:
        env = app_env(home)
        path, data, total = files[sizes[0]]
        with contextlib.suppress(AppFailed):  # not counted: fills the byte-code cache
            launch(argv, env, path, data, total, sizes[0], None)
        for size in sizes:
            path, data, total = files[size]
            for i in range(launches):
                print(f"{size}: launch {i + 1} of {launches}", file=sys.stderr)
                try:
                    run = launch(argv, env, path, data, total, size, interact if i == 0 else None)
                except AppFailed as e:
                    errors[size] = str(e)
                    break
                results.setdefault(size, []).append(run)
                if run.error:
                    errors[size] = run.error
    report(args, argv, files, results, errors)


if __name__ == "__main__":
    main()
