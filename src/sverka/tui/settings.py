"""The reviewer's settings: theme and key bindings, from a TOML file.

``$SVERKA_CONFIG`` names the file; otherwise ``$XDG_CONFIG_HOME/sverka/config.toml``
(``~/.config/sverka/config.toml``). Example::

    theme = "textual-light"

    [keys]
    next-flagged = "n,f3"
    accept-next = "ctrl+j,f8"

Every binding id is listed by the help screen (``?``) and ``sverka review --keys``.

The file is read only when it is a regular file of at most 1 MiB (a settings file is a few
hundred bytes): ``SVERKA_CONFIG=/dev/zero`` or a FIFO is refused in one line, never read
until memory runs out or waited on. A theme must be one Textual has.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sverka.errors import SverkaError
from sverka.io.small import MiB, read_small

DEFAULT_THEME = "textual-dark"
LIGHT_THEME = "textual-light"
MAX_SETTINGS_BYTES = 1 * MiB
# Deeper than this, a TOML value is not a setting; tomllib recurses once per level and
# raises RecursionError near 1,000 levels (a 20,000-deep array).
_MAX_NESTING = 32


@dataclass(frozen=True)
class Settings:
    theme: str = DEFAULT_THEME
    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None  # where they were read from


def _line_of_key(text: str, key: str) -> int | None:
    """The line where ``key =`` is set (bare or quoted), for errors tomllib cannot place."""
    pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
    for n, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return n
    return None


def available_themes() -> set[str]:
    """The themes the review app can show (Textual's built-in ones; sverka adds none)."""
    from textual.theme import BUILTIN_THEMES

    return set(BUILTIN_THEMES)


def _too_deep(text: str) -> int | None:
    """The line where brackets and braces open more than _MAX_NESTING deep, or None.

    Counts every bracket, in strings and comments too: that can only overcount, and a real
    settings file has at most a handful of them.
    """
    depth = 0
    line = 1
    for m in re.finditer(r"[\[\]{}\n]", text):
        c = m.group()
        if c == "\n":
            line += 1
        elif c in "[{":
            depth += 1
            if depth > _MAX_NESTING:
                return line
        else:
            depth = max(0, depth - 1)
    return None


def config_path() -> Path:
    if env := os.environ.get("SVERKA_CONFIG"):
        return Path(env)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "sverka" / "config.toml"


def load_settings(path: Path | None = None, known_ids: set[str] | None = None) -> Settings:
    """Read the settings file; defaults when there is none. A broken file is an error that
    names it (and the line): a silently ignored key map would be worse."""
    path = path or config_path()
    if not os.path.exists(path):  # no settings (or a link to none): the defaults
        return Settings()
    raw = read_small(path, limit=MAX_SETTINGS_BYTES, what="a settings file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line: int | None = raw[: err.start].count(b"\n") + 1
        raise SverkaError("settings are not UTF-8 text", path=path, line=line) from None
    deep = _too_deep(text)
    if deep is not None:
        raise SverkaError(
            f"a value nested more than {_MAX_NESTING} levels deep: not a setting",
            path=path,
            line=deep,
        )
    try:
        data = tomllib.loads(text)
    except RecursionError:  # _too_deep's count missed a nesting tomllib still recursed on
        raise SverkaError("a value nested too deeply: not a setting", path=path) from None
    except tomllib.TOMLDecodeError as err:
        # tomllib (3.11) puts the place in its message only: "... (at line 2, column 6)"
        at = re.search(r"\s*\(at line (\d+), column \d+\)", str(err))
        message = str(err)[: at.start()] if at else str(err)
        line = int(at.group(1)) if at else None
        raise SverkaError(f"not valid TOML: {message}", path=path, line=line) from None
    except ValueError:  # an integer of over 4,300 digits, which Python will not convert
        long = re.search(r"[0-9_]{4000,}", text)
        line = text.count("\n", 0, long.start()) + 1 if long else None
        raise SverkaError("a number too long to be a setting", path=path, line=line) from None
    unknown = set(data) - {"theme", "keys"}
    if unknown:
        first = sorted(unknown)[0]
        raise SverkaError(
            f"unknown setting {first!r}",
            path=path,
            line=_line_of_key(text, first),
            hint="known: theme, keys",
        )
    theme = data.get("theme", DEFAULT_THEME)
    keys = data.get("keys", {})
    if not isinstance(theme, str) or not isinstance(keys, dict):
        line = _line_of_key(text, "theme") if not isinstance(theme, str) else None
        raise SverkaError("theme must be a string and [keys] a table", path=path, line=line)
    themes = available_themes()
    if theme not in themes:
        close = difflib.get_close_matches(theme, themes, 1)
        raise SverkaError(
            f"no theme {theme!r}" + (f"; did you mean {close[0]!r}?" if close else ""),
            path=path,
            line=_line_of_key(text, "theme"),
            hint="themes: " + ", ".join(sorted(themes)),
        )
    for binding_id, value in keys.items():
        line = _line_of_key(text, binding_id)
        if not isinstance(value, str) or not value.strip():
            raise SverkaError(
                f'keys.{binding_id} must be keys such as "ctrl+j,f8"', path=path, line=line
            )
        if known_ids is not None and binding_id not in known_ids:
            raise SverkaError(
                f"no binding with id {binding_id!r}",
                path=path,
                line=line,
                hint="sverka review --keys lists them",
            )
    return Settings(theme=theme, keymap=dict(keys), path=path)
