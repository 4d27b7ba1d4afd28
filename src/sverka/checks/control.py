"""Characters in the English that no reader sees and that a terminal may obey: ``control``.

An escape sequence (ESC), another C0 or C1 control or DEL in a translation is never meant:
it came with the file, by accident or to take over the terminal of whoever shows the text
(sverka itself shows such characters visibly, see termsafe.py). Bidi overrides (U+202E) and
invisible formatting (zero-width spaces, U+FEFF) change how a line reads, or break searches
and matching, without being seen. Each distinct character gets one finding naming it
("ESC (escape sequence)", "U+202E RIGHT-TO-LEFT OVERRIDE") at its first place, so the
reviewer can find and delete it: an error for a control, a warning for a formatting mark.
Tabs and line breaks are not flagged here.
"""

from __future__ import annotations

from collections.abc import Iterator

from sverka.checks.registry import CheckContext, finding
from sverka.model import Finding, Severity
from sverka.termsafe import describe, is_control, unsafe_characters


def control(ctx: CheckContext) -> Iterator[Finding]:
    found = unsafe_characters(ctx.entry.en)  # one C-speed scan; nearly always empty
    for char, offsets in found.items():
        times = f" ({len(offsets)} times)" if len(offsets) > 1 else ""
        severity: Severity
        if is_control(char):
            severity, why = "error", "it can take over a terminal that shows the text"
        else:
            severity, why = "warning", "it changes how the text reads, unseen"
        yield finding(
            "control",
            f"{describe(char)}{times} in the English: delete it ({why})",
            en_span=(offsets[0], offsets[0] + 1),
            key=f"control:u+{ord(char):04x}",
            severity=severity,
        )
