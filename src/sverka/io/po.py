"""Review files as gettext PO: a strict reader with line numbers, and a fast writer.

The mapping (valid for ``msgfmt --check``, read by polib and translate-toolkit):

    # reviewer's note                      translator comment
    #. mt: the machine translation         never changed, so diffs and HTER can be computed
    #. sverka: line-start confidence=0.87 ignore=number
    #: ru.txt:12 en.txt:14                 where the sentences came from
    #, fuzzy                               not yet reviewed
    msgctxt "p012.s03"                     the bead id (English paragraph 12, bead 3)
    msgid "Russian"                        "" for an English line with no source (a caption)
    msgstr "English as it stands"          "" when the MT dropped the sentence

gettext allows ``fuzzy`` on an empty msgstr and an empty msgid under a msgctxt, so both
edge cases keep the ordinary meanings. Flags, comments and references written by other
tools are kept verbatim, header comments and an obsolete entry's ``#~|`` lines too.

Surviving other tools (issue 16). The ``#. sverka:`` line is written on every entry and ends
with a seal, ``crc=`` and eight hex digits: the CRC-32 of the ``#. mt:`` text as written and
of the tokens before it. Inside the MT comment every whitespace character other than a
single space between two others is written as ``\\uXXXX``, so a tool that rewraps the
comments (polib at any ``wrapwidth``, xgettext-style textwrap) can only drop one space at a
break, or nothing after a hyphen. The reader joins the lines from ``#. mt:`` up to the sealed
line every way that allows and takes the one whose checksum matches: it reads back exactly
what was written, whatever the width, or refuses the entry by line (the comment was changed)
instead of misreading it. Files written before the seal are read as before (the MT rejoined
where polib's 78-column wrap left it). The seal also carries what tools would otherwise lose:

    shape=2-1      the bead's shape, when its references repeat a line (gettext merges
                   ``ru.txt:43 ru.txt:43``)
    unreviewed     on an entry with no English that is not reviewed (gettext drops
                   ``fuzzy`` from an empty msgstr)
    note=CRC       the reviewer's note as written, so a rewrap of its ``#`` lines is undone
                   (a note edited in another program is taken as it stands)

msgmerge replaces ``#.`` comments with the template's. In a sealed file an entry without its
sealed line lost them: an empty msgstr without ``fuzzy`` is then not taken as reviewed. An
entry of a sverka file (it names its MT) without ``#. mt:`` has an unknown MT (``mt_known``
false): no ``#. mt:`` is written for it, score leaves it out, and update takes its MT from
the English file again: the English is never taken for the MT.

polib is not used to read: it accepts an unclosed quote or a bad escape silently (and reads
wrong text), where a reviewer's file must fail loudly.
"""

from __future__ import annotations

import functools
import hashlib
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress
from operator import is_not
from pathlib import Path

from sverka import __version__, progress
from sverka.errors import SverkaError
from sverka.model import Entry
from sverka.review import FileRef, ReviewDoc


class PoSyntaxError(SverkaError):
    """A PO file that gettext would not accept either."""


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}  # fmt: skip
_STRING = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"\s*$')  # unrolled: no alternation per char
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)")
_PARA = re.compile(r"p(\d+)\.")  # an id's paragraph: p012.s03
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(.*)$")
_OUT = str.maketrans({"\\": "\\\\", '"': '\\"', "\t": "\\t", "\r": "\\r", "\n": "\\n",
                      "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"})  # fmt: skip
_COMMENT_OUT = str.maketrans({"\\": "\\\\", "\n": "\\n", "\r": "\\r"})

HEADER_SOURCE = "X-Sverka-Source"
HEADER_MT = "X-Sverka-MT"
# The review's set-up (reviewsetup.py): kept as the file has them, like other tools' fields.
HEADER_GLOSSARIES = "X-Sverka-Glossaries"
HEADER_PITFALLS = "X-Sverka-Pitfalls"
HEADER_CHECKS = "X-Sverka-Checks"
HEADER_SKIP = "X-Sverka-Skip"
_SETUP_HEADER = {HEADER_GLOSSARIES, HEADER_PITFALLS, HEADER_CHECKS, HEADER_SKIP}
# Header fields sverka sets itself on every save; any other field is kept as the file had it.
_OWN_HEADER = {
    "PO-Revision-Date", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
    "X-Generator", "X-Source-Language", HEADER_SOURCE, HEADER_MT,
}  # fmt: skip


@dataclass
class _Raw:
    """One entry as written, before it means anything to sverka."""

    line: int
    comments: list[str] = field(default_factory=list)  # "# ..." lines, without "# "
    extracted: list[str] = field(default_factory=list)  # "#." lines, without "#. "
    references: list[str] = field(default_factory=list)  # "#:" lines, without "#:"
    flags: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # "#|" and the like, verbatim
    msgctxt: str | None = None
    msgid: str | None = None
    msgstr: str | None = None
    obsolete: bool = False
    header_lines: list[tuple[int, str]] | None = None  # the header's strings and their lines


# -- reading ------------------------------------------------------------------------------


def read_po(path: str | Path) -> ReviewDoc:
    """Read a review file (or any PO file whose msgstr is English) strictly."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SverkaError("no such file", path=path) from None
    except IsADirectoryError:
        raise SverkaError("is a folder, not a PO file", path=path) from None
    except OSError as err:
        raise SverkaError(f"cannot be read: {err.strerror}", path=path) from None
    return parse_po(data, path=path)


def require_entries(doc: ReviewDoc, path: str | Path) -> ReviewDoc:
    """The document, if it has something to review: checking, exporting or scoring a file
    with no live entries would print nothing and look like success."""
    if doc.entries:
        return doc
    if Path(path).stat().st_size == 0:
        raise PoSyntaxError("is empty", path=path)
    if doc.obsolete:
        n = len(doc.obsolete)
        raise PoSyntaxError(
            f"has no entries to review, only {n} obsolete one{'s' * (n != 1)} (#~)",
            path=path,
            hint="sverka update re-aligns it against its Russian and English files",
        )
    raise PoSyntaxError("has no entries to review (only a header)", path=path)


def parse_po(data: bytes, *, path: str | Path | None = None) -> ReviewDoc:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        raise PoSyntaxError("looks like a binary file, not a PO file", path=path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise PoSyntaxError(
            "is not UTF-8", path=path, line=line, hint="convert it: msgconv --to-code=UTF-8"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if path is not None and progress.active():  # in lines: parsed, then made into entries
        progress.phase(f"reading {Path(path).name}", 2 * text.count("\n") + 2)
    raws = _parse(text, path)
    return _to_doc(raws, path)


def _parse(text: str, path: str | Path | None) -> list[_Raw]:
    raws: list[_Raw] = []
    cur: _Raw | None = None
    last: str | None = None  # the keyword that continuation strings append to
    carry: _Raw | None = None  # comments with no entry yet: gettext gives them to the next
    seen_keyword = False  # before the first keyword, a line that is not PO means not a PO file
    # Its continuation strings, joined once: adding each to the field made a string split
    # over 160,000 lines take a minute (every addition copied all before it).
    pieces: list[str] = []

    def fail(msg: str, n: int) -> PoSyntaxError:
        return PoSyntaxError(msg, path=path, line=n)

    def not_po(msg: str, n: int) -> PoSyntaxError:
        if seen_keyword:
            return fail(msg, n)
        return PoSyntaxError(
            f"is not a review file (PO): {msg}",
            path=path,
            line=n,
            hint="a review file is made by sverka init RU EN",
        )

    def start(n: int) -> _Raw:
        nonlocal carry
        raw, carry = carry or _Raw(line=n), None
        raw.line = n if raw.msgid is None and raw.msgctxt is None else raw.line
        return raw

    def flush() -> None:
        if pieces:
            setattr(cur, last, getattr(cur, last) + "".join(pieces))  # type: ignore[arg-type]
            pieces.clear()

    def finish() -> None:
        nonlocal cur, last, carry
        flush()
        if cur is not None:
            if cur.msgid is None and cur.msgctxt is None and cur.msgstr is None:
                # Only comments (a comment at the end of the file, or a block of them
                # before a blank line): gettext accepts them, and so does sverka.
                carry, cur, last = cur, None, None
                return
            if cur.msgid is None:
                raise fail("an entry with no msgid", cur.line)
            if cur.msgstr is None:
                raise fail("missing msgstr", cur.line)
            raws.append(cur)
        cur, last = None, None

    for n, line in enumerate(text.split("\n"), 1):
        if n & 4095 == 0:
            progress.advance(4096)
        s = line.strip()
        if not s:
            finish()
            continue
        first = s[0]  # one look decides the kind of line: most are strings or keywords
        obsolete = first == "#" and s.startswith("#~")
        if obsolete:
            s = s[2:].strip()
            if not s:
                continue
            if s[0] == "|":  # "#~|": an obsolete entry's previous strings, kept as "#|"
                if cur is not None and cur.msgstr is not None:
                    finish()
                if cur is None:
                    cur = start(n)
                cur.other.append("#" + s)
                continue
            first = s[0]
        if first == "#" and not obsolete:
            if cur is not None and cur.msgstr is not None:
                finish()
            if cur is None:
                cur = start(n)
            kind, body = s[:2], s[2:].strip()
            if kind == "#.":
                cur.extracted.append(body)
            elif kind == "#:":
                cur.references.append(body)
            elif kind == "#,":
                cur.flags.extend(f.strip() for f in body.split(",") if f.strip())
            elif kind in ("#|", "#="):
                cur.other.append(s)
            else:
                cur.comments.append(s[2:] if s.startswith("# ") else s[1:])
            continue
        if first == '"':
            if last is None:
                raise not_po("a string with no keyword before it", n)
            piece = _unquote(s, n, path)
            pieces.append(piece)
            if cur.header_lines is not None and last == "msgstr":
                cur.header_lines.append((n, piece))
            continue
        m = _KEYWORD.match(s)
        if not m:
            word = s.split()[0]
            if _KEYWORD.match(word + " "):
                raise fail(f'{word} with no string after it (an empty one is written "")', n)
            raise not_po(f"unknown keyword {word[:20]!r}", n)
        keyword, rest = m.groups()
        flush()
        if keyword in ("msgctxt", "msgid") and cur is not None and cur.msgstr is not None:
            finish()
        if cur is None:
            cur = start(n)
        seen_keyword = True
        cur.obsolete = cur.obsolete or obsolete
        if keyword == "msgid_plural" or keyword.startswith("msgstr["):
            raise fail("plural entries are not used in review files", n)
        field_name = keyword
        if getattr(cur, field_name) is not None:
            raise fail(f"a second {keyword} in one entry", n)
        setattr(cur, field_name, _unquote(rest, n, path))
        if field_name == "msgstr" and cur.msgid == "" and cur.msgctxt is None:
            cur.header_lines = [(n, cur.msgstr)]
        last = field_name
    finish()
    return raws


def _unquote(s: str, n: int, path: str | Path | None) -> str:
    m = _STRING.match(s)
    if not m:
        raise PoSyntaxError("a string that is not closed, or text after it", path=path, line=n)

    def unescape(e: re.Match[str]) -> str:
        code = e.group(1)
        if code in _ESCAPES:
            return _ESCAPES[code]
        if code == "x":
            raise PoSyntaxError("\\x with no hex digit after it in a string", path=path, line=n)
        if code[0] == "x":
            return chr(int(code[1:], 16))
        if code[0] in "01234567":
            return chr(int(code, 8))
        raise PoSyntaxError(f"unknown escape \\{code} in a string", path=path, line=n)

    body = m.group(1)
    return _ESCAPE.sub(unescape, body) if "\\" in body else body


def _header_fields(msgstr: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in msgstr.split("\n"):
        if ":" in line:
            key, value = line.split(":", 1)
            fields[key.strip()] = value.strip()
    return fields


def _header_line(head: _Raw, key: str) -> int:
    """The line of the header string that holds ``key:``, for errors that point at it."""
    for n, piece in head.header_lines or ():
        if any(line.split(":", 1)[0].strip() == key for line in piece.split("\n")):
            return n
    return head.line


def _to_doc(raws: list[_Raw], path: str | Path | None) -> ReviewDoc:
    header: dict[str, str] = {}
    header_comments: list[str] = []
    if raws and raws[0].msgid == "" and raws[0].msgctxt is None and not raws[0].obsolete:
        head = raws.pop(0)
        header = _header_fields(head.msgstr or "")
        header_comments = [c for c in head.comments if c not in _OWN_COMMENTS]
        charset = re.search(r"charset=([\w.-]+)", header.get("Content-Type", ""))
        if charset and charset.group(1).lower().replace("_", "-") not in _CHARSETS:
            raise PoSyntaxError(
                f"says its charset is {charset.group(1)}; review files are UTF-8",
                path=path,
                line=_header_line(head, "Content-Type"),
                hint="convert it: msgconv --to-code=UTF-8",
            )
        language = header.get("Language", "").lower()
        if not language:
            _check_english(raws, path, head.line)
        elif not language.startswith("en"):
            raise PoSyntaxError(
                f"translates into {header['Language']!r}; sverka reviews English translations",
                path=path,
                line=_header_line(head, "Language"),
            )
        source_language = header.get("X-Source-Language", "ru").lower()
        if source_language and not source_language.startswith("ru"):
            raise PoSyntaxError(
                f"has source language {header['X-Source-Language']!r}; "
                "sverka reviews Russian originals",
                path=path,
                line=_header_line(head, "X-Source-Language"),
            )
    elif raws:
        _check_english(raws, path, raws[0].line)
    source = _file_ref(header.get(HEADER_SOURCE))
    mt = _file_ref(header.get(HEADER_MT))
    # A file sverka wrote since the checksummed "#. sverka:" line: an entry without one lost
    # its "#." comments to another tool. A sverka file (it names its MT) whose entry has no
    # "#. mt:" lost the MT: it is unknown, not the English.
    sealed = any("crc=" in x and _SEAL_LINE.search(x) for raw in raws for x in raw.extracted)
    own_file = mt is not None
    ref_pattern = _token_pattern(_spaced_names(source, mt))  # once: the same files throughout
    seen: dict[tuple[str | None, str], int] = {}
    entries: list[Entry] = []
    obsolete: list[Entry] = []
    lines_each = (raws[-1].line if raws else 0) / max(1, len(raws))  # for progress
    for index, raw in enumerate(raws):
        if index & 1023 == 1023:
            progress.advance(1024 * lines_each)
        if not raw.obsolete:
            key = (raw.msgctxt, raw.msgid or "")
            if key in seen:
                raise PoSyntaxError(
                    f"the same msgctxt and msgid as the entry on line {seen[key]}",
                    path=path,
                    line=raw.line,
                )
            seen[key] = raw.line
        entry = _entry(raw, index, source, mt, ref_pattern, path, sealed=sealed, own=own_file)
        (obsolete if raw.obsolete else entries).append(entry)
    keep = {
        k: v
        for k, v in header.items()
        if k not in _OWN_HEADER and (k[:9] != "X-Sverka-" or k in _SETUP_HEADER)
    }
    lines = [raw.line for raw in raws if not raw.obsolete]
    doc = ReviewDoc(entries, source=source, mt=mt, obsolete=obsolete, header=keep, lines=lines)
    doc.header_comments = header_comments
    return doc


_CHARSETS = ("utf-8", "utf8", "us-ascii", "ascii", "ansi-x3.4-1968")  # ASCII is UTF-8
_OWN_COMMENTS = (
    "sverka review file: Russian original (msgid), English as reviewed (msgstr).",
    'The machine translation is kept in "#. mt:" comments; fuzzy = not reviewed.',
)
_WORD = re.compile(r"[^\W\d_]+")
# The commonest short words of English and of the Latin-script languages a PO file is most
# often in: a text in one of them has several of its own in every sentence.
_STOPWORDS = {
    "English": {"the", "and", "of", "to", "in", "is", "that", "was", "for", "it", "with",
                "as", "on", "be", "by", "this", "are", "were", "from", "have", "has", "not"},
    "Spanish": {"el", "la", "los", "las", "de", "del", "que", "y", "en", "por", "con", "una",
                "es", "se", "para", "al", "lo", "como", "más", "su"},
    "French": {"le", "la", "les", "des", "du", "et", "est", "que", "une", "dans", "pour",
               "pas", "sur", "au", "aux", "qui", "ce", "il", "elle", "avec"},
    "German": {"der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "mit",
               "von", "sich", "auf", "dem", "des", "im", "für", "auch", "wird"},
    "Italian": {"il", "lo", "gli", "di", "che", "è", "per", "una", "con", "non", "del",
                "della", "sono", "le", "nel", "alla", "anche", "si", "da", "come"},
    "Portuguese": {"o", "os", "da", "do", "das", "dos", "que", "não", "em", "uma", "com",
                   "para", "por", "mais", "como", "ao", "se", "na", "no", "é"},
}  # fmt: skip


def _check_english(raws: list[_Raw], path: str | Path | None, line: int) -> None:
    """A PO with no Language header: refuse it when its translations are plainly not
    English (Russian, or another Latin-script language), as text files are checked."""
    from sverka.io.text import EN_MAX_CYRILLIC, cyrillic_share

    text = " ".join(raw.msgstr or "" for raw in raws[:400] if not raw.obsolete)
    share = cyrillic_share(text)
    if share > EN_MAX_CYRILLIC:
        raise PoSyntaxError(
            f"has no Language header and its translations look Russian ({share:.0%} Cyrillic "
            "letters); sverka reviews English translations",
            path=path,
            line=line,
        )
    words = _WORD.findall(text.lower())
    counts = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    other = max((lang for lang in counts if lang != "English"), key=counts.__getitem__)
    if counts[other] >= 8 and counts[other] > 2 * counts["English"]:
        raise PoSyntaxError(
            f"has no Language header and its translations look {other}, not English; "
            "sverka reviews English translations",
            path=path,
            line=line,
            hint='if they are English, add the header line "Language: en\\n"',
        )


def _file_ref(value: str | None) -> FileRef | None:
    if not value:
        return None
    name, _, digest = value.rpartition(" sha256:")
    return FileRef(name, digest) if name else FileRef(value, "")


def _entry(
    raw: _Raw,
    index: int,
    source: FileRef | None,
    mt_ref: FileRef | None,
    ref_pattern: re.Pattern[str] | None,
    path: str | Path | None = None,
    *,
    sealed: bool = False,
    own: bool = False,
) -> Entry:
    mt: str | None = None
    extras: list[str] = []
    tokens: list[str] = []
    parts = _sealed(raw, path)
    if parts is not None:
        mt, tokens, others = parts
        extras.extend("#. " + x for x in others)
    else:  # written before the seal, or by another tool: rejoin as polib wraps at 78
        for x in _unwrapped(raw.extracted):
            if x.startswith("mt:"):
                mt = _uncomment(x[3:].removeprefix(" "))
            elif x.startswith("sverka:"):
                tokens.extend(x[7:].split())
            else:
                extras.append("#. " + x)
    line_start, confidence, ignored, shape, unreviewed = False, 1.0, (), "", False
    note = "\n".join(raw.comments).strip()
    for token in tokens:
        key, _, value = token.partition("=")
        if key == "line-start":
            line_start = True
        elif key == "confidence":
            confidence = _confidence(value, raw, path)
        elif key == "ignore":
            ignored = tuple(v for v in value.split(",") if v)
        elif key == "shape":
            shape = value
        elif key == "unreviewed":
            unreviewed = True
        elif key == "note":
            note = _sealed_note(raw.comments, value) or note  # else edited by another tool
    ru_lines: list[int] = []
    en_lines: list[int] = []
    other_refs: list[str] = []
    for ref in _reference_tokens(raw.references, ref_pattern):
        name, _, line = ref.rpartition(":")
        if source and name == source.path and line.isdigit():
            ru_lines.append(int(line))
        elif mt_ref and name == mt_ref.path and line.isdigit():
            en_lines.append(int(line))
        else:
            other_refs.append(ref)
    if other_refs:
        extras.append("#: " + " ".join(other_refs))
    other_flags = [f for f in raw.flags if f != "fuzzy"]
    if other_flags:
        extras.append("#, " + ", ".join(other_flags))
    extras.extend(raw.other)
    en = raw.msgstr or ""
    ctx = raw.msgctxt or ""
    para_match = _PARA.match(ctx)
    reviewed = "fuzzy" not in raw.flags
    if reviewed and not en:
        # gettext drops "fuzzy" from an entry with no msgstr: the seal says it was not
        # reviewed; in a sealed file an entry that lost its "#." comments is not taken as a
        # reviewed deletion either.
        reviewed = not (unreviewed or (sealed and parts is None))
    ru_lines, en_lines = _shaped(ru_lines, en_lines, shape)
    return Entry(
        id=ctx,
        ru=raw.msgid or "",
        mt=en if mt is None else mt,  # a PO from another tool: its msgstr is the MT
        mt_known=mt is not None or not own,
        en=en,
        reviewed=reviewed,
        note=note,
        ru_lines=ru_lines,
        en_lines=en_lines,
        para=int(para_match.group(1)) - 1 if para_match else index,
        line_start=line_start,
        confidence=confidence,
        ignored=ignored,
        extra=tuple(extras),
    )


_SEAL = re.compile(r"(?:^|\s)crc=([0-9a-f]{8})$")
_SEAL_LINE = re.compile(r"\scrc=[0-9a-f]{8}$")  # the seal at the end of a "#. sverka:" line
_MAX_JOINS = 4096  # ways to rejoin a wrapped comment tried against its checksum


def _seal(mt_comment: str | None, tokens: list[str]) -> str:
    """The checksum that ends a "#. sverka:" line: of the "#. mt:" text as written and the
    tokens before it, so any rewrap can be undone exactly or is seen to be undoable."""
    text = ("" if mt_comment is None else mt_comment) + "\n" + " ".join(tokens)
    return f"{zlib.crc32(text.encode('utf-8')):08x}"


def _sealed(raw: _Raw, path: str | Path | None) -> tuple[str | None, list[str], list[str]] | None:
    """(MT or None, sverka tokens, other "#." lines) of an entry with a sealed "#. sverka:"
    line, however another tool wrapped the two comments; None without a seal."""
    x = raw.extracted
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
            if _seal(mt, tokens) == want:
                return (None if mt is None else _uncomment(mt)), tokens, others
    raise PoSyntaxError(
        "the entry's '#. mt:' or '#. sverka:' comment was changed by another tool and cannot "
        "be read back exactly (its checksum does not match)",
        path=path,
        line=raw.line,
        hint="join each of them into one line as sverka wrote it",
    )


def _note_seal(note: str) -> str:
    return f"{zlib.crc32(note.encode('utf-8')):08x}"


def _sealed_note(lines: list[str], want: str) -> str | None:
    """The reviewer's note as sverka wrote it, when a tool rewrapped its "#" lines (each
    break is a line break, a space, or nothing after a hyphen); None when no way of joining
    them matches (the note was edited in another program: then it is taken as it stands)."""
    texts = [lines[0]] if lines else [""]
    for line in lines[1:]:
        joined = [t + sep + line for t in texts for sep in ("\n", " ")]
        joined += [t + line for t in texts if t.endswith("-")]
        texts = joined[:_MAX_JOINS]
    return next((t.strip() for t in texts if _note_seal(t.strip()) == want), None)


def _rejoined(lines: list[str]) -> list[str]:
    """Every way a comment wrapped into ``lines`` can have been: a break dropped one space,
    or (after a hyphen) none. sverka writes no other whitespace in these comments. Built
    with one join per way (a comment wrapped into 100,000 lines stays linear), at most
    _MAX_JOINS ways."""
    lines = [line for line in lines if line] or [""]
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


def _shaped(
    ru_lines: list[int], en_lines: list[int], shape: str
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The lines as many as the bead's sentences: gettext merges repeated references
    (ru.txt:43 ru.txt:43 of a 2-1 bead), so the shape is written beside them."""
    ru_n, _, en_n = shape.partition("-")
    out = []
    for lines, n in ((ru_lines, ru_n), (en_lines, en_n)):
        if n.isdigit() and lines and len(lines) < int(n):
            lines = lines + [lines[-1]] * (int(n) - len(lines))
        out.append(tuple(lines))
    return out[0], out[1]


def _spaced_names(*refs: FileRef | None) -> tuple[str, ...]:
    """The review's own file names that hold a space (NBSP counts), sorted."""
    return tuple(sorted({r.path for r in refs if r and r.path.split() != [r.path]}))


# polib (and xgettext-style tools) wrap "#." comments at 78 columns; sverka never does.
_WRAP_WIDTH = 78


def _unwrapped(extracted: list[str]) -> list[str]:
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


def _confidence(value: str, raw: _Raw, path: str | Path | None) -> float:
    try:
        confidence = float(value)
    except ValueError:
        confidence = -1.0
    if not 0.0 <= confidence <= 1.0:  # nan fails this too
        raise PoSyntaxError(
            f"the entry's '#. sverka:' comment has confidence={value}, not a number from 0 to 1",
            path=path,
            line=raw.line,
        )
    return confidence


def _reference_tokens(lines: list[str], token: re.Pattern[str] | None) -> list[str]:
    """The "#:" tokens; ``name:line`` for the review's own files is one token even when the
    name has spaces (as xgettext writes such names, see _token_pattern)."""
    if token is None:  # the usual case: names without spaces split on whitespace
        return [t for line in lines for t in line.split()]
    return [m.group() for line in lines for m in token.finditer(line)]


@functools.lru_cache(maxsize=8)
def _token_pattern(spaced_names: tuple[str, ...]) -> re.Pattern[str] | None:
    """Tokens of a "#:" line: the spaced names first, longer ones first, then \\S+."""
    if not spaced_names:
        return None
    own = "|".join(re.escape(n) for n in sorted(spaced_names, key=len, reverse=True))
    return re.compile(rf"(?<!\S)(?:{own}):\d+(?!\S)|\S+")


def _uncomment(s: str) -> str:
    if "\\" not in s:
        return s

    def unescape(m: re.Match[str]) -> str:
        code = m.group(1)
        if len(code) == 5:  # \uXXXX: whitespace at the end of the line (see _comment)
            return chr(int(code[1:], 16))
        return {"n": "\n", "r": "\r"}.get(code, code)

    return re.sub(r"\\(u[0-9A-Fa-f]{4}|.)", unescape, s)


# -- writing ------------------------------------------------------------------------------


def render_po(doc: ReviewDoc, *, revision_date: str | None = None) -> str:
    """The PO text of a review document (deterministic for a given document and date)."""
    out = _header_lines(doc, revision_date)
    src_name, mt_name = _names(doc)
    for e in doc.entries:
        out.append("")
        _render_entry(out, e, src_name, mt_name, "")
    for e in doc.obsolete:
        out.append("")
        _render_entry(out, e, src_name, mt_name, "#~ ")
    out.append("")
    return "\n".join(out)


@dataclass
class RenderCache:
    """Each entry's encoded PO text from the last render, in document order (the app's
    autosave: see render_po_bytes)."""

    entries: list[Entry] = field(default_factory=list)
    parts: list[bytes] = field(default_factory=list)


def render_po_bytes(
    doc: ReviewDoc, *, revision_date: str | None = None, cache: RenderCache | None = None
) -> bytes:
    """``render_po(doc).encode()``, byte for byte. With ``cache`` (the app's autosave) only
    the entries that changed since the cached render are rendered and encoded.

    Entries are immutable, so "changed" is identity: after an edit, a C-level pass
    (``map(is_not, ...)``) finds the one entry that is not the same object; after a merge or
    split, the cached texts are found by ``id`` (the old entries are alive in the cache, so
    their ids are not reused). Hashing every field of each entry, or encoding the whole 5 MB
    text, per save held the GIL for ~50 ms at 10,000 beads while the reviewer typed.
    """
    if cache is None:
        return render_po(doc, revision_date=revision_date).encode("utf-8")
    src_name, mt_name = _names(doc)

    def chunk(e: Entry, prefix: str = "") -> bytes:
        return _entry_bytes(e, src_name, mt_name, prefix)

    entries = list(doc.entries)
    if len(entries) == len(cache.entries):
        parts = list(cache.parts)
        for i in compress(range(len(entries)), map(is_not, entries, cache.entries)):
            parts[i] = chunk(entries[i])
    else:
        known = {id(e): p for e, p in zip(cache.entries, cache.parts, strict=True)}
        parts = [known.get(id(e)) or chunk(e) for e in entries]
    cache.entries, cache.parts = entries, parts
    head = "\n".join(_header_lines(doc, revision_date)).encode("utf-8")
    tail = [chunk(e, "#~ ") for e in doc.obsolete]
    return b"".join([head, *parts, *tail, b"\n"])


def prime_cache(
    doc: ReviewDoc, cache: RenderCache, stop: Callable[[], bool] = lambda: False
) -> bool:
    """Fill ``cache`` with every entry's text ahead of the first save, a slice at a time;
    False, and the cache untouched, if ``stop()`` says so first (the app is quitting:
    100,000 entries take 1-2 s, and quitting waited for them)."""
    src_name, mt_name = _names(doc)
    entries = list(doc.entries)
    parts: list[bytes] = []
    for k in range(0, len(entries), _PRIME_SLICE):
        if stop():
            return False
        parts += [_entry_bytes(e, src_name, mt_name) for e in entries[k : k + _PRIME_SLICE]]
    cache.entries, cache.parts = entries, parts
    return True


_PRIME_SLICE = 2000  # entries between two looks at stop(): ~20-40 ms of rendering


def _entry_bytes(e: Entry, src_name: str | None, mt_name: str | None, prefix: str = "") -> bytes:
    lines = ["", ""]  # the blank line before the entry
    _render_entry(lines, e, src_name, mt_name, prefix)
    return "\n".join(lines).encode("utf-8")


def _names(doc: ReviewDoc) -> tuple[str | None, str | None]:
    return (doc.source.path if doc.source else None, doc.mt.path if doc.mt else None)


def _header_lines(doc: ReviewDoc, revision_date: str | None) -> list[str]:
    head = {
        "Project-Id-Version": "sverka review",
        "PO-Revision-Date": revision_date or _now(),
        "Last-Translator": "",
        "Language-Team": "",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"sverka {__version__}",
        "X-Source-Language": "ru",
    }
    if doc.source:
        head[HEADER_SOURCE] = _ref_text(doc.source)
    if doc.mt:
        head[HEADER_MT] = _ref_text(doc.mt)
    head.update(doc.header)
    out = [f"# {c}".rstrip() for c in _OWN_COMMENTS]
    out.extend(f"# {c}".rstrip() for c in doc.header_comments)
    out += ['msgid ""', 'msgstr ""']
    out.extend(f'"{_escape(f"{k}: {v}")}\\n"' for k, v in head.items())
    return out


def _render_entry(out: list[str], e: Entry, src: str | None, mt: str | None, prefix: str) -> None:
    """One entry, its comment lines in the order gettext requires: notes, extracted,
    references, flags, previous strings."""
    kept = {kind: [x for x in e.extra if x.startswith(kind)] for kind in ("#.", "#:", "#,", "#|")}
    # A comment line cannot hold a CR (the reader ends the line there): a CR is a line break.
    notes = [f"# {line}".rstrip() for line in re.split(r"\r\n?|\n", e.note)] if e.note else []
    out.extend(notes)
    mt_comment = _comment(e.mt) if e.mt_known else None
    if mt_comment is not None:
        out.append(("#. mt: " + mt_comment).rstrip())
    tokens = []
    if e.line_start:
        tokens.append("line-start")
    if e.confidence < 1.0:
        tokens.append(f"confidence={e.confidence:.2f}")
    if e.ignored:
        tokens.append("ignore=" + ",".join(e.ignored))
    if len(set(e.ru_lines)) < len(e.ru_lines) or len(set(e.en_lines)) < len(e.en_lines):
        tokens.append(f"shape={len(e.ru_lines)}-{len(e.en_lines)}")
    if not e.reviewed and not e.en:
        tokens.append("unreviewed")  # gettext drops "fuzzy" where msgstr is empty
    if notes:  # polib rewraps "#" lines too: the note as read back, to undo that
        tokens.append("note=" + _note_seal("\n".join(x[2:] for x in notes).strip()))
    out.append(" ".join(["#. sverka:", *tokens, "crc=" + _seal(mt_comment, tokens)]))
    out.extend(kept["#."])
    refs = [f"{src}:{n}" for n in e.ru_lines if src] + [f"{mt}:{n}" for n in e.en_lines if mt]
    refs += [r for line in kept["#:"] for r in line[2:].split()]
    if refs:
        out.append("#: " + " ".join(refs))
    flags = ([] if e.reviewed else ["fuzzy"]) + [
        f.strip() for line in kept["#,"] for f in line[2:].split(",") if f.strip()
    ]
    if flags:
        out.append("#, " + ", ".join(flags))
    # An obsolete entry's previous strings are "#~|" (gettext refuses "#|" before "#~").
    out.extend(("#~|" + x[2:]) if prefix else x for x in kept["#|"])
    if e.id:
        out.append(f'{prefix}msgctxt "{_escape(e.id)}"')
    out.append(f"{prefix}msgid {_po_string(e.ru, prefix)}")
    out.append(f"{prefix}msgstr {_po_string(e.en, prefix)}")


# Whitespace a rewrap could lose or change: any but a single space between two other
# characters (a tab, a run of spaces, a space at either end, NBSP and the like).
_LOOSE_SPACE = re.compile(r"[^\S ]|(?<!\S) | (?!\S)")


def _comment(s: str) -> str:
    """``s`` for a "#." comment line. Every whitespace character but a single space between
    two others is written as \\uXXXX (each is below U+FFFF), so a tool that rewraps the line
    drops exactly one space at each break and changes nothing else; a backslash is always
    doubled, so sverka never wrote such an escape for anything else."""
    s = s.translate(_COMMENT_OUT)
    return _LOOSE_SPACE.sub(lambda m: f"\\u{ord(m.group()):04x}", s)


def _escape(s: str) -> str:
    return s.translate(_OUT)


def _po_string(s: str, prefix: str) -> str:
    """A quoted PO string; text with line breaks is split after each, as gettext does."""
    if "\n" not in s[:-1]:
        return f'"{_escape(s)}"'
    parts = s.split("\n")
    lines = [f"{p}\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    return '""\n' + "\n".join(f'{prefix}"{_escape(x)}"' for x in lines)


def _ref_text(ref: FileRef) -> str:
    return f"{ref.path} sha256:{ref.sha256}" if ref.sha256 else ref.path


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M%z")


def sha256_of(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
