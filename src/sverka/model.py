"""Plain data shared by every stage: text -> segments -> beads.

Nothing here does work; each stage is a function in its own module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Lang = Literal["ru", "en"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of text between blank lines, as character offsets into ``Document.text``."""

    start: int
    end: int
    line: int  # 1-based line number of the paragraph's first character


@dataclass(frozen=True, slots=True)
class Document:
    """A text file as read: decoded, BOM stripped, line ends normalised to \\n, NFC."""

    path: Path | None
    text: str
    encoding: str  # the codec used, e.g. "utf-8", "utf-8-sig", "utf-16", "cp1251", "koi8-r"
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence (or header line) of a document.

    ``start``/``end`` are offsets into ``Document.text`` so the UI can highlight the
    sentence in place; ``text`` is the display form (spaces normalised, soft hyphens
    removed). ``para`` is the 0-based paragraph index, ``line`` the 1-based file line
    where the sentence starts.
    """

    text: str
    start: int
    end: int
    para: int
    line: int


@dataclass(frozen=True, slots=True)
class Bead:
    """Russian sentences ``ru`` translated by English sentences ``en`` (0-based indices).

    Either side may be empty (a sentence the MT dropped, a caption with no source), never
    both. ``confidence`` in [0, 1] says how sure the aligner is of this bead.
    """

    ru: tuple[int, ...]
    en: tuple[int, ...]
    confidence: float

    @property
    def kind(self) -> str:
        return f"{len(self.ru)}-{len(self.en)}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One bead under review: what one PO entry holds.

    ``id`` is stable for the life of the review file: ``p012.s03`` is the third bead of the
    English text's twelfth paragraph (1-based), so identical sentences stay distinct and
    export can rebuild the paragraphs. ``mt`` is the machine translation as aligned and is
    never changed; ``en`` is the English as it stands (the MT until someone edits it).
    """

    id: str
    ru: str  # the Russian sentence(s), joined by a space; "" for English with no source
    mt: str
    en: str
    reviewed: bool = False
    note: str = ""
    ru_lines: tuple[int, ...] = ()  # 1-based lines of the Russian sentences in their file
    en_lines: tuple[int, ...] = ()  # 1-based lines of the MT sentences in their file
    para: int = 0  # 0-based paragraph of the English input the MT stood in
    line_start: bool = False  # the MT began a new line inside its paragraph (a header line)
    confidence: float = 1.0  # of the alignment
    ignored: tuple[str, ...] = ()  # check codes the reviewer marked as not a problem here
    extra: tuple[str, ...] = ()  # comment and flag lines from other tools, kept verbatim
    # False when a review file lost this entry's "#. mt:" comment (msgmerge replaces "#."
    # comments with the template's): ``mt`` is then the English, not a real MT, and is
    # never written back as one (update recovers it from the English file).
    mt_known: bool = True

    @property
    def changed(self) -> bool:
        return self.en != self.mt


Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")  # worst first


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a reviewer should look at in one entry.

    Spans are character offsets into the entry's ``ru`` and current ``en`` text. ``key``
    is what a reviewer's "not a problem" mark names: the code alone, or ``code:detail``
    when one entry can have several findings of the code (one per glossary term).
    """

    code: str
    severity: Severity
    message: str
    ru_span: tuple[int, int] | None = None
    en_span: tuple[int, int] | None = None
    key: str = ""

    @property
    def ignore_key(self) -> str:
        return self.key or self.code
