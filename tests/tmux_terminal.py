"""A real terminal for end-to-end tests: a tmux server of its own (its own socket, no user
config) running one command in a 160x50 window. Keys are typed with send-keys and the screen
read with capture-pane, as a person would see it.

Shared by tests/tui/test_e2e_tmux.py and tests/reliability/ (importable as ``tmux_terminal``:
pyproject puts tests/ on pytest's path).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest


def wait_for(
    what: str,
    ready: Callable[[], object],
    details: Callable[[], str] = lambda: "",
    timeout: float = 15.0,
) -> object:
    """Poll until ``ready()`` gives something true; fail naming ``what``, with ``details()``
    (the screen, as a rule) as they were at the end."""
    deadline = time.monotonic() + timeout
    while True:
        got = ready()
        if got:
            return got
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}\n{details()}")
        time.sleep(0.03)


def require_tmux() -> None:
    """A failure, not a skip: make test installs tmux, so its absence is a broken setup."""
    assert shutil.which("tmux"), "tmux is not installed (make test installs it)"


class Terminal:
    def __init__(self, cwd: Path, env: dict[str, str], name: str = "sverka-test") -> None:
        self.socket = f"{name}-{os.getpid()}-{secrets.token_hex(4)}"
        self.cwd = cwd
        self.env = env
        self.socket_path: Path | None = None

    def tmux(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True, text=True, cwd=self.cwd, env=self.env, timeout=10,
        )  # fmt: skip
        assert out.returncode == 0, f"tmux {' '.join(args)}: {out.stderr}"
        return out.stdout

    def start(self, command: str) -> None:
        self.tmux("new-session", "-d", "-x", "160", "-y", "50", "-c", str(self.cwd), command)
        self.socket_path = Path(self.tmux("display-message", "-p", "#{socket_path}").strip())

    def pane_pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", "0", "#{pane_pid}").strip())

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "0", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "0", "-l", text)

    def screen(self) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, "capture-pane", "-p", "-t", "0"],
            capture_output=True, text=True, env=self.env, timeout=10,
        )  # fmt: skip
        return out.stdout if out.returncode == 0 else f"(no screen: {out.stderr.strip()})"

    def last_match(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """The lowest line of the screen that ``pattern`` finds (the status line's)."""
        found = [m for line in self.screen().splitlines() if (m := pattern.search(line))]
        return found[-1] if found else None

    def toasts(self) -> str:
        """The notifications at the right of the screen, their wrapped lines joined."""
        parts = [
            line.rsplit("▌", 1)[1].strip() for line in self.screen().splitlines() if "▌" in line
        ]
        return " ".join(" ".join(parts).split())

    def kill(self) -> None:
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"],
            capture_output=True, env=self.env, timeout=10,
        )  # fmt: skip
        if self.socket_path is not None:  # tmux leaves its socket file behind
            self.socket_path.unlink(missing_ok=True)
