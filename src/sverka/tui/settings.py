"""The reviewer's settings: theme and key bindings, from a TOML file.

``$SVERKA_CONFIG`` names the file; otherwise ``$XDG_CONFIG_HOME/sverka/config.toml``
(``~/.config/sverka/config.toml``). Example::

    theme = "textual-light"

    [keys]
    next-flagged = "n,f3"
    accept-next = "ctrl+j,f8"

Every binding id is listed by the help screen (``?``) and ``sverka review --keys``.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sverka.errors import SverkaError

DEFAULT_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


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


def config_path() -> Path:
    if env := os.environ.get("SVERKA_CONFIG"):
        return Path(env)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "sverka" / "config.toml"


def load_settings(path: Path | None = None, known_ids: set[str] | None = None) -> Settings:
    """Read the settings file; defaults when there is none. A broken file is an error that
    names it (and the line): a silently ignored key map would be worse."""
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as err:
        raise SverkaError(f"cannot read settings: {err.strerror}", path=path) from err
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise SverkaError("settings are not UTF-8 text", path=path) from None
    except tomllib.TOMLDecodeError as err:
        # tomllib (3.11) puts the place in its message only: "... (at line 2, column 6)"
        at = re.search(r"\s*\(at line (\d+), column \d+\)", str(err))
        message = str(err)[: at.start()] if at else str(err)
        line = int(at.group(1)) if at else None
        raise SverkaError(f"not valid TOML: {message}", path=path, line=line) from None
    unknown = set(data) - {"theme", "keys"}
    if unknown:
        raise SverkaError(
            f"unknown setting {sorted(unknown)[0]!r}", path=path, hint="known: theme, keys"
        )
    theme = data.get("theme", DEFAULT_THEME)
    keys = data.get("keys", {})
    if not isinstance(theme, str) or not isinstance(keys, dict):
        raise SverkaError("theme must be a string and [keys] a table", path=path)
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
