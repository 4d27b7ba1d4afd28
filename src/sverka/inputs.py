"""What the user gave, and how to read it: the one way in for every command's inputs.

A command is given either a review file (PO) or two texts (the Russian original and its
English MT). ``given`` decides which from the number of paths, and each path is checked
for what it holds **by content** as well as by name, before anything is read in earnest:

- a review file given where a text is expected (``sverka align en.review.po en.txt``) is
  refused in one line saying so, instead of "this does not look like Russian text";
- a text given where a review file is expected is refused in one line, naming the file;
- a folder is refused as a folder;
- a review file under another name (``review.txt`` holding a PO file) is a review file:
  a PO file begins (after ``#`` comments) with ``msgid "`` or ``msgctxt "``, which no
  Russian or English prose does, so the content decides unambiguously. A file named .po
  that does not look like one is left to the PO reader, whose error names the line.

Only a regular file is looked into (its first 4 KiB): a FIFO or a device is never read
here, so a pipe's content is not consumed before its reader gets it (``<(…)``); the
reader then says what it is.

``ReadOptions`` are the options of reading texts (the encodings, per side; one sentence
per line; sentence embeddings for the aligner), one value that every command reading texts
takes (the CLI's ``read_options`` decorator makes it). A new input format (XLIFF, DOCX) is
one more kind in ``kind_of`` and one more branch in ``given``.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sverka.errors import InputError, SverkaError

if TYPE_CHECKING:
    from sverka.align import AlignOptions

Kind = Literal["review", "text", "folder", "unknown"]

_SNIFF = 4096
_PO_START = re.compile(rb'(msgctxt|msgid)[ \t]+"')
_PO_NAMES = (".po", ".pot")


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How texts are read and aligned.

    ``encoding`` is for both sides, except a side whose bytes are valid UTF-8 with non-ASCII
    text in them (``read_text``'s ``utf8_wins``); ``ru_encoding`` and ``en_encoding`` force
    one side. ``one_per_line``: each non-blank line is a sentence, a blank line a paragraph
    break. ``embeddings``: the aligner compares sentence embeddings too (sverka[embed]).
    """

    encoding: str | None = None
    ru_encoding: str | None = None
    en_encoding: str | None = None
    one_per_line: bool = False
    embeddings: bool = False

    def side(self, lang: Literal["ru", "en"]) -> tuple[str | None, bool]:
        """The encoding to read one side in, and whether valid UTF-8 wins over it."""
        forced = self.ru_encoding if lang == "ru" else self.en_encoding
        return forced or self.encoding, not forced

    def align_options(self) -> AlignOptions:
        from sverka.align import AlignOptions

        return AlignOptions(embeddings=self.embeddings)


@dataclass(frozen=True, slots=True)
class ReviewInput:
    """A review file (PO)."""

    po: Path


@dataclass(frozen=True, slots=True)
class TextsInput:
    """The Russian original and its English MT."""

    ru: Path
    en: Path


Given = ReviewInput | TextsInput


def kind_of(path: Path) -> Kind:
    """What ``path`` holds, by its content: a review file (PO), a text, a folder; "unknown"
    for what is not looked into (missing, unreadable, a FIFO or a device)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return "unknown"
    if stat.S_ISDIR(mode):
        return "folder"
    if not stat.S_ISREG(mode):
        return "unknown"
    try:
        with open(path, "rb") as f:
            head = f.read(_SNIFF)
    except OSError:
        return "unknown"
    return "review" if _looks_like_po(head) else "text"


def _looks_like_po(head: bytes) -> bool:
    """The first line that is neither blank nor a ``#`` comment starts an entry."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    for line in head.splitlines():
        line = line.strip()
        if not line or line.startswith(b"#"):
            continue
        return _PO_START.match(line) is not None
    return False


def review_file(path: Path, hint: str | None = None) -> Path:
    """``path`` given as a review file: a folder or a text (by content, under a name that is
    not .po) is refused in one line; ``hint`` says what to give instead."""
    kind = kind_of(path)
    if kind == "folder":
        raise InputError("is a folder, not a review file (PO)", path=path)
    if kind == "text" and path.suffix.lower() not in _PO_NAMES:
        raise InputError(
            "is not a review file (PO)",
            path=path,
            hint=hint or "for texts, give the Russian and the English: RU EN",
        )
    return path


def text_file(path: Path, side: str) -> Path:
    """``path`` given as the ``side`` text ("Russian", "English"): a review file (by
    content) is refused in one line; a folder, a binary file, … are left to ``read_text``,
    whose messages say what they are."""
    if kind_of(path) == "review":
        raise InputError(
            f"is a review file (PO), not the {side} text",
            path=path,
            hint="a review file is given alone: sverka review FILE.po, sverka check FILE.po",
        )
    return path


def given(paths: tuple[Path, ...] | list[Path], hint: str | None = None) -> Given:
    """What a command that takes "FILE.po | RU EN" was given: one path is a review file,
    two are the Russian and the English text; anything else is refused. ``hint``: what to
    give instead of a text where a review file is expected."""
    if len(paths) == 1:
        return ReviewInput(review_file(paths[0], hint))
    if len(paths) == 2:
        ru, en = paths
        return TextsInput(text_file(ru, "Russian"), text_file(en, "English"))
    raise SverkaError("give one review file (FILE.po) or two texts (RU EN)")
