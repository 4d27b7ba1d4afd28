"""The engine never imports the UI: each engine module imports cleanly without textual/rich."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import sverka

UI_MODULES = ("textual", "rich")
NOT_ENGINE = ("sverka.tui", "sverka.cli")


def engine_modules() -> list[str]:
    names = [
        m.name
        for m in pkgutil.walk_packages(sverka.__path__, prefix="sverka.")
        if not m.name.startswith(NOT_ENGINE)
    ]
    assert "sverka.align" in names and "sverka.segment" in names
    return names


def test_engine_modules_do_not_pull_in_a_ui_library():
    code = (
        "import importlib, sys\n"
        f"for name in {engine_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {UI_MODULES!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"engine imported UI modules: {out.stdout.strip()}"
