"""Rich texts for the bead panel: highlights on the Russian, the MT's diff, the findings.

Plain functions from engine data to ``rich.text.Text``, so the snapshot tests and the app
draw the same thing. Text from the file goes through termsafe: a control character or a bidi
mark is drawn as a visible stand-in, never sent to the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.text import Text

from sverka.diff import word_diff
from sverka.model import Finding
from sverka.termsafe import visible, visible_narrow

SEVERITY_STYLE = {
    "error": "bold underline red3",
    "warning": "bold underline dark_orange3",
    "info": "underline dodger_blue2",
}
SEVERITY_MARK = {"error": "E", "warning": "W", "info": "i"}
TERM_STYLE = "underline"
NUMBER_STYLE = "bold"
_NUMBER = re.compile(r"\d+(?:[ \u00a0.,]\d+)*")


def russian(text: str, terms: Sequence[tuple[int, int]], findings: Sequence[Finding]) -> Text:
    """The Russian with glossary terms underlined, numbers bold and the spans the findings
    point at in their severity's colour."""
    # one stand-in per character: the spans below stay where they were
    out = Text(visible_narrow(text) or "(no Russian: the MT added this)")
    if not text:
        out.stylize("italic dim")
        return out
    for start, end in terms:
        out.stylize(TERM_STYLE, start, end)
    for m in _NUMBER.finditer(text):
        out.stylize(NUMBER_STYLE, m.start(), m.end())
    for f in reversed(findings):  # the worst last, so it shows on top
        if f.ru_span:
            out.stylize(SEVERITY_STYLE[f.severity], *f.ru_span)
    return out


def mt_diff(mt: str, en: str) -> Text:
    """The original MT with what the reviewer changed: deletions struck out in red,
    insertions in green; the MT alone when nothing changed."""
    if mt == en:
        return Text(visible(mt) or "(no MT)", style="" if mt else "italic dim")
    out = Text()
    for tag, old, new in word_diff(mt, en).chunks():
        if out and not out.plain.endswith(" "):
            out.append(" ")
        old, new = visible(old), visible(new)
        if tag == "equal":
            out.append(old)
            continue
        if old:
            out.append(old, style="strike red3")
        if old and new:
            out.append(" ")
        if new:
            out.append(new, style="bold green4")
    return out


def findings_text(
    findings: Sequence[Finding], en: str, checking: bool = False, ignored: Sequence[str] = ()
) -> Text:
    """One line per finding: severity, code, what it points at, and what to do; then the
    findings marked as no problem here, which are hidden but not gone (i takes one back)."""
    if not findings:
        out = Text("checking…" if checking else "no findings", style="italic dim")
        return _with_ignored(out, ignored)
    out = Text()
    for k, f in enumerate(findings):
        if k:
            out.append("\n")
        out.append(f"{SEVERITY_MARK[f.severity]} {f.code}", style=SEVERITY_STYLE[f.severity])
        if f.en_span and f.en_span[1] <= len(en):
            out.append(f" «{visible(en[f.en_span[0] : f.en_span[1]])}»")
        out.append(f": {visible(f.message)}")
    return _with_ignored(out, ignored)


def findings_heading(findings: Sequence[Finding]) -> str:
    """ "Findings: 3 (1 error, 2 warnings)": the count, so none goes unseen below."""
    if not findings:
        return "Findings"
    by = {s: sum(f.severity == s for f in findings) for s in SEVERITY_MARK}
    parts = [f"{n} {s}{'s' if n > 1 and s != 'info' else ''}" for s, n in by.items() if n]
    return f"Findings: {len(findings)} ({', '.join(parts)})"


def _with_ignored(out: Text, ignored: Sequence[str]) -> Text:
    if ignored:  # the marks come from the file: shown, never sent (termsafe)
        out.append("\n")
        out.append(
            f"marked as no problem: {visible(', '.join(ignored))} (i takes a mark back)",
            style="dim",
        )
    return out
