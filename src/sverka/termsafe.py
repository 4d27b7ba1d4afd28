"""Text from files made safe for a terminal: what could control it is shown, never sent.

Review files, texts, glossaries, lock records, WMT test sets and file names come from other
people. A terminal obeys what it is sent: ``ESC ] 52 ; c ; …`` writes the clipboard, ``ESC ] 0
; …`` the window title, ``ESC ] 8 ;; url`` makes a hyperlink, ``ESC [2J`` clears the screen,
an 8-bit C1 control (U+009B is CSI) does the same on some terminals, and the bidi overrides
(U+202E) reorder what a line seems to say. Every human-readable output of sverka (the review
app, the align table, check's text, score's table, every error and warning line) passes text
through this module; machine formats keep the data exactly (``json_dumps`` escapes what is
unsafe as ``\\uXXXX``, ``csv_cell`` guards spreadsheet formulas).

What counts as unsafe (``UNSAFE``): C0 controls but tab and line feed (each kept only where a
format asks for it), DEL, C1 controls (U+0080-U+009F), and the bidi and invisible formatting
characters U+061C, U+200B-U+200F, U+202A-U+202E, U+2066-U+2069, U+FEFF, and U+2028/U+2029 (a
line break a terminal does not know, where a line is expected).

How it is shown, two ways:

* ``visible`` (messages, tables, anything laid out after this call): C0 and DEL as Unicode's
  control pictures (ESC is ``␛``, BEL ``␇``, CR ``␍``, a line feed in a one-line message ``␤``),
  one cell each; C1 and the formatting characters have no pictures, so they get their short
  name in angle brackets, ``⟨CSI⟩``, ``⟨RLO⟩``, ``⟨ZWSP⟩`` (U+27E8/U+27E9 and ASCII: narrow,
  one cell per character), so a table measured afterwards stays aligned.
* ``visible_narrow`` (where offsets into the text must hold: the review app's editor, its
  highlights and its wrapped list): exactly one character for each, one cell wide: the
  control pictures for C0 and DEL, ``�`` for a C1 control and ``◌`` (the dotted circle fonts
  draw for an invisible mark) for a formatting character. The ``control`` check names each
  one precisely.

Both are one regular-expression scan at C speed, with a ``str.translate`` table applied to
each run of unsafe characters it finds; clean text (nearly all of it) comes back as it is.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

# Formatting characters that change how a line reads without being seen, with short names.
FORMATTING: dict[int, str] = {
    0x061C: "ALM",  # ARABIC LETTER MARK
    0x200B: "ZWSP",
    0x200C: "ZWNJ",
    0x200D: "ZWJ",
    0x200E: "LRM",
    0x200F: "RLM",
    0x2028: "LSEP",
    0x2029: "PSEP",
    0x202A: "LRE",
    0x202B: "RLE",
    0x202C: "PDF",
    0x202D: "LRO",
    0x202E: "RLO",
    0x2066: "LRI",
    0x2067: "RLI",
    0x2068: "FSI",
    0x2069: "PDI",
    0xFEFF: "BOM",  # ZERO WIDTH NO-BREAK SPACE; a leading one is stripped by the readers
}
# ISO 6429's names of the C1 controls, U+0080 to U+009F.
C1_NAMES = (
    "PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA", "HTS", "HTJ", "VTS", "PLD", "PLU",
    "RI", "SS2", "SS3", "DCS", "PU1", "PU2", "STS", "CCH", "MW", "SPA", "EPA", "SOS", "SGCI",
    "SCI", "CSI", "ST", "OSC", "PM", "APC",
)  # fmt: skip
# Unicode's names of C0 controls are absent from unicodedata; the usual abbreviations.
C0_NAMES = (
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF", "CR",
    "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB",
    "ESC", "FS", "GS", "RS", "US",
)  # fmt: skip

_C0 = range(0x00, 0x20)
_C1 = range(0x80, 0xA0)
DEL = 0x7F

# Tab (0x09) is never unsafe: a format that cannot hold it replaces it itself.
_FORMATTING_CLASS = "\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff"
_UNSAFE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{_FORMATTING_CLASS}]+")
_UNSAFE_BUT_LF = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_FORMATTING_CLASS}]+")


def _picture(cp: int) -> str:
    return "\u2421" if cp == DEL else chr(0x2400 + cp)


def _table(narrow: bool, keep_newline: bool) -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in _C0:
        if cp == 0x09 or (cp == 0x0A and keep_newline):
            continue
        table[cp] = _picture(cp)
    if not keep_newline:
        table[0x0A] = "\u2424"  # SYMBOL FOR NEWLINE: ␤ reads better than the picture of LF
    table[DEL] = _picture(DEL)
    for cp in _C1:
        table[cp] = "\ufffd" if narrow else f"\u27e8{C1_NAMES[cp - 0x80]}\u27e9"
    for cp, name in FORMATTING.items():
        table[cp] = "\u25cc" if narrow else f"\u27e8{name}\u27e9"
    return table


_LINE = _table(narrow=False, keep_newline=False)
_LINES = _table(narrow=False, keep_newline=True)
_NARROW = _table(narrow=True, keep_newline=True)


def _translating(table: dict[int, str]):
    """A re.sub replacement: the table over each run of unsafe characters only (str.translate
    over a whole text costs 0.3 us a character; the runs are nearly always few and short)."""
    return lambda m: m.group().translate(table)


_SHOW_LINE, _SHOW_LINES, _SHOW_NARROW = map(_translating, (_LINE, _LINES, _NARROW))


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds anything this module would not send to a terminal as is
    (a line feed included)."""
    return _UNSAFE.search(text) is not None


def visible(text: str, *, newlines: bool = False) -> str:
    """``text`` with every unsafe character shown visibly (see the module's docstring).

    ``newlines=True`` keeps line feeds (a table's or a file's lines); otherwise a line feed
    shows as ``␤``, for one-line messages. Tabs are kept.
    """
    if text.isprintable():  # 1 ns a character: every unsafe one is Cc, Cf, Zl or Zp
        return text
    if newlines:
        return _UNSAFE_BUT_LF.sub(_SHOW_LINES, text)
    return _UNSAFE.sub(_SHOW_LINE, text)


def visible_narrow(text: str) -> str:
    """``text`` with every unsafe character but tab and line feed replaced by one visible
    character one cell wide: offsets and lengths stay exactly those of ``text``."""
    if text.isprintable():
        return text
    return _UNSAFE_BUT_LF.sub(_SHOW_NARROW, text)


def unsafe_characters(text: str) -> dict[str, list[int]]:
    """Each unsafe character of ``text`` (line feeds and tabs excepted) with its offsets."""
    found: dict[str, list[int]] = {}
    for m in _UNSAFE_BUT_LF.finditer(text):
        for k, char in enumerate(m.group()):
            found.setdefault(char, []).append(m.start() + k)
    return found


def describe(char: str) -> str:
    """What a reviewer is told about an unsafe character: "ESC (escape sequence)",
    "U+202E RIGHT-TO-LEFT OVERRIDE", "U+009B CSI (C1 control)"."""
    cp = ord(char)
    if cp == 0x1B:
        return "ESC (escape sequence)"
    if cp < 0x20:
        return f"U+{cp:04X} {C0_NAMES[cp]} (control character)"
    if cp == DEL:
        return "U+007F DEL (control character)"
    if 0x80 <= cp < 0xA0:
        return f"U+{cp:04X} {C1_NAMES[cp - 0x80]} (C1 control)"
    return f"U+{cp:04X} {unicodedata.name(char, FORMATTING.get(cp, 'FORMATTING CHARACTER'))}"


def is_control(char: str) -> bool:
    """A C0 or C1 control, DEL or ESC (as opposed to a bidi or invisible formatting mark)."""
    cp = ord(char)
    return cp < 0x20 or 0x7F <= cp < 0xA0


# -- machine formats: the data exactly, nothing a terminal obeys ---------------------------

_JSON_ESCAPES = {cp: f"\\u{cp:04x}" for cp in (DEL, *_C1, *FORMATTING)}
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_FORMATTING_CLASS}]+")
_JSON_ESCAPE = _translating(_JSON_ESCAPES)


def json_dumps(obj: Any, **kwargs: Any) -> str:
    """``json.dumps(obj, ensure_ascii=False, …)`` with DEL, C1 controls and the formatting
    characters escaped as ``\\uXXXX`` too (json escapes only C0 by itself).

    These characters can stand only inside strings in a JSON text, so escaping them there
    keeps the data exactly and the text valid.
    """
    # one encoder for the usual call: json.dumps makes a new one for each (7,000 findings)
    text = json.dumps(obj, ensure_ascii=False, **kwargs) if kwargs else _JSON_ENCODE(obj)
    return _JSON_UNSAFE.sub(_JSON_ESCAPE, text)


_JSON_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run as a formula: a text starting with
    ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading ``'`` (OWASP's advice; spreadsheets
    show the text, and a reader strips the quote to get it back). Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


__all__ = [
    "FORMULA_STARTS",
    "csv_cell",
    "describe",
    "has_unsafe",
    "is_control",
    "json_dumps",
    "unsafe_characters",
    "visible",
    "visible_narrow",
]
