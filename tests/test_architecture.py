"""The engine never imports the UI: each engine module imports cleanly without textual/rich."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

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


MAX_MODULE_LINES = 650  # issue 17: a module over this holds more than one job


def test_no_import_cycle_among_sverka_modules():
    # grimp is import-linter's graph builder: it reads every import statement, function-level
    # ones included (a lazy import that closes a cycle is still a cycle), TYPE_CHECKING ones not.
    import grimp

    graph = grimp.build_graph("sverka", exclude_type_checking_imports=True)
    cycles = _cycles({m: graph.find_modules_directly_imported_by(m) for m in graph.modules})
    assert cycles == [], f"import cycles: {cycles}"


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_holds_more_than_one_job_by_size():
    root = Path(sverka.__file__).parent
    long = {
        str(p.relative_to(root)): n
        for p in sorted(root.rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}, f"modules over {MAX_MODULE_LINES} lines: {long}"
