"""Cold `make demo`: from a fresh clone with no .venv to the review app's first screen.

A fresh clone of this repository (its HEAD commit) goes to a temporary folder; `make demo`
runs there in a tmux window of its own (its own socket, no user config), 160x50, as a person
would type it; the screen is read with capture-pane every 50 ms until the app's first screen
is up (the status line shows `1/N` and the bead list has rows). That time is the figure.
Then the app is quitted (Ctrl+Q), the venv's size taken (du -sh .venv), `make venv` run (what
`make test` adds: the test, lint and benchmark tools) and the size taken again.

    python bench/setup/demo_cold.py                  # pip's cache as the user has it
    python bench/setup/demo_cold.py --empty-caches   # pip's and sverka's user caches empty

`--empty-caches` points PIP_CACHE_DIR and XDG_CACHE_HOME at empty folders: the first install
on a machine that never ran pip or sverka (sverka builds its English lemma trie on first run).
Packages come from wherever pip is configured to take them (here: local wheel folders).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIRST = re.compile(r"(?<!\d)1/\d+(?!\d)")


class Tmux:
    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self.socket = f"sverka-demo-{os.getpid()}-{secrets.token_hex(4)}"
        self.cwd, self.env = cwd, env

    def run(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True, text=True, cwd=self.cwd, env=self.env, timeout=10, check=True,
        ).stdout  # fmt: skip

    def screen(self) -> str:
        try:
            return self.run("capture-pane", "-p", "-t", "0")
        except subprocess.CalledProcessError:
            return ""

    def alive(self) -> bool:
        try:
            return self.run("list-panes", "-t", "0", "-F", "#{pane_dead}").strip() == "0"
        except subprocess.CalledProcessError:
            return False


def first_screen(screen: str) -> bool:
    lines = screen.splitlines()
    return (
        bool(lines)
        and any(FIRST.search(line) for line in lines[-3:])
        and any(line.strip() for line in lines[: len(lines) // 2])
    )


def du(path: Path) -> str:
    return subprocess.run(["du", "-sh", str(path)], capture_output=True, text=True).stdout.split()[
        0
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--empty-caches", action="store_true", help="empty pip and sverka caches")
    ap.add_argument("--keep", action="store_true", help="keep the clone (its path is printed)")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--make", default="", help="extra make arguments (VAR=value), to compare")
    args = ap.parse_args()
    assert shutil.which("tmux"), "needs tmux (make system-tools)"

    work = Path(tempfile.mkdtemp(prefix="sverka-demo-"))
    clone = work / "sverka"
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(REPO), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", head], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TMUX", "VIRTUAL_ENV"))}
    env["TERM"] = "xterm-256color"
    if args.empty_caches:
        env["PIP_CACHE_DIR"] = str(work / "pip-cache")
        env["XDG_CACHE_HOME"] = str(work / "cache")
    env["SVERKA_CONFIG"] = str(work / "no-config.toml")  # the defaults, not this user's keys
    tmux = Tmux(clone, env)
    load = os.getloadavg()[0]
    started = time.monotonic()
    tmux.run("new-session", "-d", "-x", "160", "-y", "50", "-c", str(clone),
             f"make demo {args.make}; times > {work}/cpu; echo MAKE-DONE; sleep 600")  # fmt: skip
    try:
        while True:
            screen = tmux.screen()
            if first_screen(screen):
                took = time.monotonic() - started
                break
            if "MAKE-DONE" in screen or time.monotonic() - started > args.timeout:
                sys.exit(f"no first screen after {time.monotonic() - started:.1f} s:\n{screen}")
            time.sleep(0.05)
        tmux.run("send-keys", "-t", "0", "C-q")
        deadline = time.monotonic() + 30
        while "MAKE-DONE" not in tmux.screen() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        subprocess.run(["tmux", "-L", tmux.socket, "kill-server"], capture_output=True)
    demo_size = du(clone / ".venv")
    # bash's `times`, second line: the CPU time of make and everything it ran (the app too,
    # until it was quitted): what the figure would be on an idle machine, roughly
    children = (work / "cpu").read_text().splitlines()[1].split()
    cpu = sum(float(m) * 60 + float(s.rstrip("s")) for m, s in (t.split("m") for t in children))
    t0 = time.monotonic()
    subprocess.run(
        ["make", "venv", *args.make.split()],
        cwd=clone,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    dev_took = time.monotonic() - t0
    dev_size = du(clone / ".venv")
    caches = "empty pip and sverka caches" if args.empty_caches else "the user's caches"
    print(
        f"cold make demo to the first screen: {took:.1f} s ({caches}; {os.cpu_count()} cores, "
        f"load average {load:.1f} at the start)"
    )
    print(f"CPU time (user + sys) of make demo and the app: {cpu:.1f} s")
    print(f".venv after make demo: {demo_size}; after make venv (what make test adds, "
          f"{dev_took:.1f} s more): {dev_size}")  # fmt: skip
    if args.keep:
        print(f"clone kept in {clone}")
    else:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
