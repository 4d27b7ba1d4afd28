"""Reading a review file: a strict PO parser with line numbers, then the entries as sverka
means them (the sealed comments undone, references split into the texts' lines)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sverka import progress
from sverka.errors import SverkaError
from sverka.io.po.common import (
    HEADER_MT,
    HEADER_SOURCE,
    OWN_COMMENTS,
    OWN_HEADER,
    SETUP_HEADER,
    PoSyntaxError,
)
from sverka.io.po.seal import SEAL_LINE, sealed_note, uncomment, unseal, unwrapped
from sverka.model import Entry
from sverka.review import FileRef, ReviewDoc

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}  # fmt: skip
_STRING = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"\s*$')  # unrolled: no alternation per char
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)")
_PARA = re.compile(r"p(\d+)\.")  # an id's paragraph: p012.s03
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(.*)$")


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


# Given the (Russian, English) texts of the live entries as soon as the file is parsed,
# before they are made into entries: ``sverka check`` hands them to the process that runs
# the dictionary checks (checks/ahead.py), which then starts while this one goes on.
Parsed = Callable[[list[tuple[str, str]]], None]


def read_po(path: str | Path, on_parsed: Parsed | None = None) -> ReviewDoc:
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
    return parse_po(data, path=path, on_parsed=on_parsed)


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


def parse_po(
    data: bytes, *, path: str | Path | None = None, on_parsed: Parsed | None = None
) -> ReviewDoc:
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
    if on_parsed is not None:  # the entries' texts, exactly as _to_doc makes them
        on_parsed(
            [(r.msgid or "", r.msgstr or "") for r in raws[_has_header(raws) :] if not r.obsolete]
        )
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

    lines = text.split("\n")
    i, offset = 0, 0  # the line to read next (0-based) and where it starts in ``text``
    while i < len(lines):
        line = lines[i]
        n = i + 1
        i += 1
        offset += len(line) + 1
        if n & 4095 == 0:
            progress.advance(4096)
        s = line.strip()
        if not s:
            finish()
            if carry is None and seen_keyword:  # between entries: the usual ones at once
                i, offset = _plain_entries(text, lines, i, offset, raws, path)
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
            _comment(cur, s)
            continue
        if first == '"':
            if last is None or cur is None:  # both None together: before any keyword
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
        value = _unquote(rest, n, path)
        setattr(cur, field_name, value)
        if field_name == "msgstr" and cur.msgid == "" and cur.msgctxt is None:
            cur.header_lines = [(n, value)]
        last = field_name
    finish()
    return raws


def _comment(raw: _Raw, s: str) -> None:
    """A comment line (stripped, not "#~") into its entry."""
    kind, body = s[:2], s[2:].strip()
    if kind == "#.":
        raw.extracted.append(body)
    elif kind == "#:":
        raw.references.append(body)
    elif kind == "#,":
        raw.flags.extend(f.strip() for f in body.split(",") if f.strip())
    elif kind in ("#|", "#="):
        raw.other.append(s)
    else:
        raw.comments.append(s[2:] if s.startswith("# ") else s[1:])


# An entry as sverka writes it, whole, up to the blank line after it (or the end): comment
# lines (none of them "#~" or blank), then msgctxt, msgid and msgstr, each a one-line string
# with nothing around it. Such an entry means exactly what the line-by-line reading above
# makes of it; anything else (strings continued over lines, obsolete entries, spaces around
# a line, a missing msgctxt) is left to that reading.
_BODY = r'[^"\\\n]*(?:\\[^\n][^"\\\n]*)*'
_PLAIN_ENTRY = re.compile(
    rf'((?:#[^~\n][^\n]*\n)*)msgctxt "({_BODY})"\nmsgid "({_BODY})"\nmsgstr "({_BODY})"\n(?=\n|\Z)'
)


def _plain_entries(
    text: str, lines: list[str], i: int, offset: int, raws: list[_Raw], path: str | Path | None
) -> tuple[int, int]:
    """Read the plain entries (_PLAIN_ENTRY) that start at line ``i`` (0-based; at
    ``offset`` in ``text``) one after another, with a blank line between; return where the
    first that is not plain starts. A 10,000-entry file reads in half the time this way."""
    match = _PLAIN_ENTRY.match
    while (m := match(text, offset)) is not None:
        n = i + 1  # the entry's first line, 1-based
        comments, ctxt, msgid, msgstr = m.groups()
        raw = _Raw(line=n)
        k = 0  # comment lines
        if comments:
            for c in comments[:-1].split("\n"):
                _comment(raw, c.strip())
                k += 1
        raw.msgctxt = ctxt if "\\" not in ctxt else _unquote(f'"{ctxt}"', n + k, path)
        raw.msgid = msgid if "\\" not in msgid else _unquote(f'"{msgid}"', n + k + 1, path)
        raw.msgstr = msgstr if "\\" not in msgstr else _unquote(f'"{msgstr}"', n + k + 2, path)
        raws.append(raw)
        read = k + 3  # lines
        if (i + read) >> 12 != i >> 12:  # as the line-by-line reading reports it
            progress.advance(4096)
        i += read
        offset = m.end()
        if i >= len(lines) or lines[i]:  # the end, or (cannot be) no blank line after it
            break
        i += 1  # the blank line after it
        offset += 1
        if i & 4095 == 0:
            progress.advance(4096)
    return i, offset


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


def _has_header(raws: list[_Raw]) -> bool:
    """The first entry is the header (msgid "", no msgctxt): not an entry to review."""
    return bool(raws) and raws[0].msgid == "" and raws[0].msgctxt is None and not raws[0].obsolete


def _to_doc(raws: list[_Raw], path: str | Path | None) -> ReviewDoc:
    header: dict[str, str] = {}
    header_comments: list[str] = []
    if _has_header(raws):
        head = raws.pop(0)
        header = _header_fields(head.msgstr or "")
        header_comments = [c for c in head.comments if c not in OWN_COMMENTS]
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
    sealed = any("crc=" in x and SEAL_LINE.search(x) for raw in raws for x in raw.extracted)
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
        if k not in OWN_HEADER and (k[:9] != "X-Sverka-" or k in SETUP_HEADER)
    }
    lines = [raw.line for raw in raws if not raw.obsolete]
    doc = ReviewDoc(entries, source=source, mt=mt, obsolete=obsolete, header=keep, lines=lines)
    doc.header_comments = header_comments
    return doc


_CHARSETS = ("utf-8", "utf8", "us-ascii", "ascii", "ansi-x3.4-1968")  # ASCII is UTF-8
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
    parts = unseal(raw.extracted, raw.line, path)
    if parts is not None:
        mt, tokens, others = parts
        extras.extend("#. " + x for x in others)
    else:  # written before the seal, or by another tool: rejoin as polib wraps at 78
        for x in unwrapped(raw.extracted):
            if x.startswith("mt:"):
                mt = uncomment(x[3:].removeprefix(" "))
            elif x.startswith("sverka:"):
                tokens.extend(x[7:].split())
            else:
                extras.append("#. " + x)
    line_start, confidence, shape, unreviewed = False, 1.0, "", False
    ignored: tuple[str, ...] = ()
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
            note = sealed_note(raw.comments, value) or note  # else edited by another tool
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
    ru_at, en_at = _shaped(ru_lines, en_lines, shape)
    return Entry(
        id=ctx,
        ru=raw.msgid or "",
        mt=en if mt is None else mt,  # a PO from another tool: its msgstr is the MT
        mt_known=mt is not None or not own,
        en=en,
        reviewed=reviewed,
        note=note,
        ru_lines=ru_at,
        en_lines=en_at,
        para=int(para_match.group(1)) - 1 if para_match else index,
        line_start=line_start,
        confidence=confidence,
        ignored=ignored,
        extra=tuple(extras),
    )


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
