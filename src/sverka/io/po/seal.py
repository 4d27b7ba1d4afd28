"""The ``#. sverka:`` line and the ``#. mt:`` comment, written so that other PO tools cannot
change them unnoticed (see the package's doc): the seal (``crc=``), the escapes of the MT
comment, the rejoining of comments another tool rewrapped, the reviewer's note's checksum."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from sverka.io.po.common import PoSyntaxError

_COMMENT_OUT = str.maketrans({"\\": "\\\\", "\n": "\\n", "\r": "\\r"})
_SEAL = re.compile(r"(?:^|\s)crc=([0-9a-f]{8})$")
SEAL_LINE = re.compile(r"\scrc=[0-9a-f]{8}$")  # the seal at the end of a "#. sverka:" line
_MAX_JOINS = 4096  # ways to rejoin a wrapped comment tried against its checksum


def seal(mt_comment: str | None, tokens: list[str]) -> str:
    """The checksum that ends a "#. sverka:" line: of the "#. mt:" text as written and the
    tokens before it, so any rewrap can be undone exactly or is seen to be undoable."""
    text = ("" if mt_comment is None else mt_comment) + "\n" + " ".join(tokens)
    return f"{zlib.crc32(text.encode('utf-8')):08x}"


def unseal(
    extracted: list[str], line: int, path: str | Path | None
) -> tuple[str | None, list[str], list[str]] | None:
    """(MT or None, sverka tokens, other "#." lines) of an entry with a sealed "#. sverka:"
    line, however another tool wrapped the two comments; None without a seal."""
    x = extracted
    if len(x) == 2 and x[0].startswith("mt:") and x[1].startswith("sverka:"):
        # As sverka writes them (nearly every entry): the MT's line, then the sealed line.
        # The same answer as the search below, which also says why when the seal is wrong.
        seal_at = _SEAL.search(x[1])
        if seal_at is not None:
            mt_text = x[0][3:].removeprefix(" ")
            tokens = x[1][7 : seal_at.start()].strip().split()
            if seal(mt_text, tokens) == seal_at.group(1):
                return uncomment(mt_text), tokens, []
    # from the end: the sealed line comes after the MT's lines, however many they are
    j = next((k for k in range(len(x) - 1, -1, -1) if x[k].startswith("sverka:")), None)
    if j is None:
        return None
    k = next((k for k in range(j, len(x)) if _SEAL.search(x[k])), None)
    if k is None:
        return None
    i = next((k for k in range(j - 1, -1, -1) if x[k].startswith("mt:")), None)
    mt_lines = None if i is None else x[i:j]
    others = x[: j if i is None else i] + x[k + 1 :]
    own = x[j : k + 1]
    own[-1] = own[-1][: _SEAL.search(own[-1]).start()]  # type: ignore[union-attr]
    want = _SEAL.search(x[k]).group(1)  # type: ignore[union-attr]
    own_texts = [t[7:].strip() for t in _rejoined(own)]
    mt_texts: list[str | None] = [None]
    if mt_lines is not None:
        mt_texts = [t[3:].removeprefix(" ") for t in _rejoined(mt_lines)]
    for mt in mt_texts:
        for own_text in own_texts:
            tokens = own_text.split()
            if seal(mt, tokens) == want:
                return (None if mt is None else uncomment(mt)), tokens, others
    raise PoSyntaxError(
        "the entry's '#. mt:' or '#. sverka:' comment was changed by another tool and cannot "
        "be read back exactly (its checksum does not match)",
        path=path,
        line=line,
        hint="join each of them into one line as sverka wrote it",
    )


def note_seal(note: str) -> str:
    return f"{zlib.crc32(note.encode('utf-8')):08x}"


def sealed_note(lines: list[str], want: str) -> str | None:
    """The reviewer's note as sverka wrote it, when a tool rewrapped its "#" lines (each
    break is a line break, a space, or nothing after a hyphen); None when no way of joining
    them matches (the note was edited in another program: then it is taken as it stands)."""
    texts = [lines[0]] if lines else [""]
    for line in lines[1:]:
        joined = [t + sep + line for t in texts for sep in ("\n", " ")]
        joined += [t + line for t in texts if t.endswith("-")]
        texts = joined[:_MAX_JOINS]
    return next((t.strip() for t in texts if note_seal(t.strip()) == want), None)


def _rejoined(lines: list[str]) -> list[str]:
    """Every way a comment wrapped into ``lines`` can have been: a break dropped one space,
    or (after a hyphen) none. sverka writes no other whitespace in these comments. Built
    with one join per way (a comment wrapped into 100,000 lines stays linear), at most
    _MAX_JOINS ways."""
    lines = [line for line in lines if line] or [""]
    if len(lines) == 1:  # as sverka writes them: one way only
        return lines
    ambiguous = [k for k in range(1, len(lines)) if lines[k - 1].endswith("-")]
    if len(ambiguous) > 12:  # 4,096 ways: past that, only the two plain readings
        ambiguous = []
    texts = []
    for mask in range(1 << len(ambiguous)):
        glued = {k for n, k in enumerate(ambiguous) if mask >> n & 1}
        parts = [lines[0]]
        for k in range(1, len(lines)):
            parts += ("" if k in glued else " ", lines[k])
        texts.append("".join(parts))
    return texts


# polib (and xgettext-style tools) wrap "#." comments at 78 columns; sverka never does.
_WRAP_WIDTH = 78


def unwrapped(extracted: list[str]) -> list[str]:
    """The "#." comments with a wrapped "mt:" comment joined up again.

    polib saves a long "#. mt: ..." over several "#." lines (textwrap, at 78 columns, after
    spaces and hyphens): read as written, the MT was cut to its first line (and a later save
    made that permanent). A line continues the one before when that one was full: it fits
    the width, and the next word would not have. A line sverka wrote is never wrapped (it
    exceeds the width), so a comment of another tool after it is never taken for one.
    """
    out: list[str] = []
    in_mt, last = False, ""  # last: the previous line as written
    tails: dict[int, list[str]] = {}  # joined at the end: adding each to out[-1] was quadratic
    for x in extracted:
        if in_mt and x and not x.startswith(("mt:", "sverka:")):
            width = len("#. ") + len(last)
            if width <= _WRAP_WIDTH < width + 1 + len(x.split()[0]):
                tail = x if last.endswith("-") else " " + x  # textwrap breaks after "-"
                tails.setdefault(len(out) - 1, []).append(tail)
                last = x
                continue
        in_mt = x.startswith("mt:")
        out.append(x)
        last = x
    for i, parts in tails.items():
        out[i] += "".join(parts)
    return out


def uncomment(s: str) -> str:
    if "\\" not in s:
        return s

    def unescape(m: re.Match[str]) -> str:
        code = m.group(1)
        if len(code) == 5:  # \uXXXX: whitespace at the end of the line (see _comment)
            return chr(int(code[1:], 16))
        return {"n": "\n", "r": "\r"}.get(code, code)

    return re.sub(r"\\(u[0-9A-Fa-f]{4}|.)", unescape, s)


# Whitespace a rewrap could lose or change: any but a single space between two other
# characters (a tab, a run of spaces, a space at either end, NBSP and the like).
_LOOSE_SPACE = re.compile(r"[^\S ]|(?<!\S) | (?!\S)")


def comment(s: str) -> str:
    """``s`` for a "#." comment line. Every whitespace character but a single space between
    two others is written as \\uXXXX (each is below U+FFFF), so a tool that rewraps the line
    drops exactly one space at each break and changes nothing else; a backslash is always
    doubled, so sverka never wrote such an escape for anything else."""
    s = s.translate(_COMMENT_OUT)
    return _LOOSE_SPACE.sub(lambda m: f"\\u{ord(m.group()):04x}", s)
