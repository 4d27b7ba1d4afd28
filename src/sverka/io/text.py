"""Reading text files: bytes -> Document (decoded, normalised, split into paragraphs)."""

from __future__ import annotations

import codecs
import math
import re
import unicodedata
from pathlib import Path
from typing import Literal

from sverka.errors import EncodingError, InputError
from sverka.io.small import MiB, read_small
from sverka.model import Document, Paragraph

_BLANK_LINE = re.compile(r"\n[ \t\f\v\u00a0\u3000]*\n")


def normalise(text: str) -> str:
    """Line ends to \\n and NFC, so offsets and comparisons mean the same on every platform."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Blank-line separated blocks; a text with no blank line at all has a paragraph per line.

    Offsets cover the block from its first to its last non-blank character.
    """
    blocks: list[tuple[int, int]] = []
    if _BLANK_LINE.search(text):
        pos = 0
        for gap in _BLANK_LINE.finditer(text):
            blocks.append((pos, gap.start()))
            pos = gap.end() - 1  # keep the final \n of the separator out of the next block
        blocks.append((pos, len(text)))
    else:
        pos = 0
        for row in text.split("\n"):
            blocks.append((pos, pos + len(row)))
            pos += len(row) + 1
    paragraphs = []
    line, counted = 1, 0  # line numbers counted incrementally: files may have 100k paragraphs
    for start, end in blocks:
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        s = start + lead
        e = s + len(stripped)
        line += text.count("\n", counted, s)
        counted = s
        paragraphs.append(Paragraph(start=s, end=e, line=line))
    return tuple(paragraphs)


def read_text(
    path: str | Path, *, encoding: str | None = None, utf8_wins: bool = False
) -> Document:
    """Read a text file into a Document: decoded, normalised, split into paragraphs.

    ``utf8_wins``: ``encoding`` was given for two texts at once, and yields on a file whose
    bytes are valid UTF-8 with non-ASCII text in them (cp1251 bytes of Russian text are never
    valid UTF-8), so one --encoding never garbles the other side. Decided on the one read."""
    path = Path(path)
    data = read_small(path, limit=MAX_TEXT_BYTES, what="a text file", regular_only=False)
    if utf8_wins and encoding is not None and not data.isascii() and _is_utf8(data):
        encoding = None
    text, codec = decode(data, path=path, encoding=encoding)
    text = normalise(text)
    _refuse_endless_line(text, path)
    _refuse_eot(text, path)
    return Document(path=path, text=text, encoding=codec, paragraphs=split_paragraphs(text))


# A text is read whole, decoded, normalised and aligned in memory: a 256 MiB text is some two
# million sentences (the largest WMT21 ru-en file is under 1 MB), and /dev/zero or an endless
# pipe given as a text stops there instead of filling memory.
MAX_TEXT_BYTES = 256 * MiB

# A line this long is not a paragraph a person wrote (the longest segment in WMT21 ru-en,
# sources, references and MT, has 568 characters, the article 744): it is a minified or encoded
# blob, or a text with its line breaks lost, and as one "sentence" it makes a bead nobody can
# review.
MAX_LINE_CHARS = 100_000


def _refuse_endless_line(text: str, path: Path) -> None:
    if len(text) <= MAX_LINE_CHARS:
        return
    for n, line in enumerate(text.split("\n"), 1):  # one pass; a regex would backtrack per char
        if len(line) > MAX_LINE_CHARS:
            raise InputError(
                f"this line has {len(line):,} characters; sverka reads paragraphs of up to "
                f"{MAX_LINE_CHARS:,}",
                path=path,
                line=n,
                hint="is it the text? Put each paragraph on a line of its own",
            )


def _refuse_eot(text: str, path: Path) -> None:
    """U+0004 is gettext's context separator: no PO string may hold it (msgfmt refuses the
    file), and no text means it. Other stray control characters are kept (see _MIN_CONTROLS)."""
    at = text.find("\x04")
    if at >= 0:
        raise InputError(
            "an invisible control character (U+0004) on this line; a review file cannot hold it",
            path=path,
            line=text.count("\n", 0, at) + 1,
            hint="delete it",
        )


# --- Language --------------------------------------------------------------------------------

_NOT_LETTERS = re.compile(r"[\W\d_]+")
_NOT_CYRILLIC = re.compile(r"[^\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]+")
# Below this share of Cyrillic letters a "Russian" file is not Russian: Russian WMT21 sources
# have >= 0.90, the Kazakhstan article 1.00.
RU_MIN_CYRILLIC = 0.3
# Above this an "English" file is Russian: English WMT21 references have <= 0.025, and the
# Kazakhstan MT, with dates and a byline left in Russian, 0.006 (its first line alone 0.5).
EN_MAX_CYRILLIC = 0.5
_LANGUAGE_SAMPLE = 64 * 4096  # chars; spread over the text, so a 15 MB file takes ~10 ms


def cyrillic_share(text: str) -> float:
    """The share of letters that are Cyrillic; 0.0 when there are no letters."""
    letters = _NOT_LETTERS.sub("", text)
    if not letters:
        return 0.0
    return len(_NOT_CYRILLIC.sub("", letters)) / len(letters)


def check_language(doc: Document, lang: Literal["ru", "en"]) -> None:
    """Raise InputError when the text is plainly not in ``lang`` (Russian vs English)."""
    sample = _spread_sample(doc.text)
    share = cyrillic_share(sample)
    if lang == "ru" and share < RU_MIN_CYRILLIC:
        if not _NOT_LETTERS.sub("", sample):
            message = (
                "has no words in it, only numbers and punctuation; it cannot be the Russian side"
            )
        else:
            message = (
                f"this does not look like Russian text ({share:.0%} Cyrillic letters), "
                "but it was given as the Russian side"
            )
        raise InputError(message, path=doc.path, hint="check which file is which")
    if lang == "en" and share > EN_MAX_CYRILLIC:
        raise InputError(
            f"this looks like Russian text ({share:.0%} Cyrillic letters), "
            "but it was given as the English side",
            path=doc.path,
            hint="check which file is which",
        )


def _spread_sample(text: str, chunks: int = 64) -> str:
    if len(text) <= _LANGUAGE_SAMPLE:
        return text
    size = _LANGUAGE_SAMPLE // chunks
    step = len(text) // chunks
    return "\n".join(text[i * step : i * step + size] for i in range(chunks))


# --- Decoding --------------------------------------------------------------------------------

# The code pages a Russian or English user's non-UTF-8 file is in, commonest first.
_LEGACY = ("cp1251", "koi8-r", "cp866", "cp1252", "mac-cyrillic", "iso-8859-5", "latin-1")
_CYRILLIC_CODECS = frozenset({"cp1251", "koi8-r", "cp866", "mac-cyrillic", "iso-8859-5"})
_DISPLAY = {  # codecs.lookup() name -> the name users know
    "iso8859-5": "iso-8859-5",
    "iso8859-1": "latin-1",
}
BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's (the TBX reader's too)
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 65536  # bytes given to chardet and to the control-character check
_SCORE_SAMPLE = 16384  # bytes scored per code page: ~8,000 Cyrillic letters, ~15 ms in all
# Control characters other than \t \n \v \f \r, ESC (colour codes) and ^Z (DOS end of file).
_CONTROL = bytes([*range(0x01, 0x09), *range(0x0E, 0x1A), *range(0x1C, 0x20)])
_CONTROL_CHARS = re.compile("[\x01-\x08\x0e-\x19\x1c-\x1f]")
_MAX_CONTROL_SHARE = 0.02  # plain text has next to none, random bytes about 10%
_MIN_CONTROLS = 4  # a stray one or two in a short file is a typo, not a binary file
_HIGH = bytes(range(0x80, 0x100))
# UTF-8 for Latin-1 letters, Cyrillic and typographic punctuation: what a ru/en UTF-8 file is
# made of. Russian in cp1251, koi8-r, cp866 and mac-cyrillic formed none of these pairs over
# 1,800 WMT21 lines, iso-8859-5 at most 6% of its non-ASCII bytes; UTF-8 Russian is 100%.
_UTF8_RU_EN = re.compile(rb"[\xc2\xc3\xd0\xd1][\x80-\xbf]|\xe2[\x80-\x84][\x80-\xbf]")
_HINT_ENCODING = "try --encoding cp1251"


def decode(
    data: bytes, *, path: str | Path | None = None, encoding: str | None = None
) -> tuple[str, str]:
    """Bytes to (text, codec name), the BOM stripped.

    A BOM decides first, then strict UTF-8, then chardet restricted to the code pages a
    Russian or English user has, with a letter-frequency score when chardet is unsure.
    ``encoding`` forces a codec; ``path`` only names the file in errors. Raises InputError
    for empty or binary data or an unknown encoding, EncodingError for bytes that do not
    decode (with the line of the first one).
    """
    if not data or data.isspace():
        raise InputError("is empty", path=path)
    if encoding is not None:
        text, codec = _decode_forced(data, encoding, path)
    else:
        text, codec = _decode_detected(data, path)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text or text.isspace():
        raise InputError("is empty", path=path)
    return text, codec


# Python codecs that decode bytes to str but are no file's character set: they turn text into
# other text (escapes, domain names, UTF-7's base64 runs, which can hide any character behind
# plain ASCII) or refuse everything ("undefined", whose error is no UnicodeDecodeError).
_NOT_FILE_ENCODINGS = frozenset(
    {"undefined", "idna", "punycode", "utf-7", "unicode-escape", "raw-unicode-escape"}
)
_HINT_ENCODING_NAMES = "use a name such as utf-8, cp1251, koi8-r or cp866"


def text_codec(encoding: str, *, path: str | Path | None = None) -> str:
    """The codec name for an encoding a user gave, or InputError when it cannot read a file.

    Refused: names Python does not know, codecs that do not make text (rot13, base64, hex,
    zlib, ...) and those in _NOT_FILE_ENCODINGS.
    """
    shown = encoding if len(encoding) <= 40 else encoding[:40] + "..."
    try:
        name = file_codec(encoding)
    except LookupError:
        raise InputError(
            f"unknown encoding {shown!r}", path=path, hint=_HINT_ENCODING_NAMES
        ) from None
    if name is None:
        raise InputError(
            f"{shown!r} is not a text encoding", path=path, hint=_HINT_ENCODING_NAMES
        ) from None
    return name


def file_codec(encoding: str) -> str | None:
    """The codec name of ``encoding`` when it can be a file's character set; None for a codec
    that does not make text or is in _NOT_FILE_ENCODINGS; LookupError for a name Python does
    not know. text_codec's test, for readers with their own wording (the TBX reader)."""
    try:
        info = codecs.lookup(encoding)
    except ValueError:  # a NUL in the name
        raise LookupError(encoding) from None
    if not info._is_text_encoding or info.name in _NOT_FILE_ENCODINGS:
        return None
    return info.name


def _decode_forced(data: bytes, encoding: str, path: str | Path | None) -> tuple[str, str]:
    name = text_codec(encoding, path=path)
    wide = name.startswith(("utf-16", "utf-32"))
    if not wide:
        _refuse_binary(data, path)
    try:
        text = data.decode(name)
    except UnicodeDecodeError as err:
        raise EncodingError(
            f"does not decode as {_display(name)}: {_bad_bytes(err)} on this line "
            f"is not a {_display(name)} character",
            path=path,
            line=_line_of(data, err.start, name),
            hint=_hint_other_codec(data, name),
        ) from None
    if wide:
        _refuse_binary_text(text, path)
    return text, _display(name)


def _decode_detected(data: bytes, path: str | Path | None) -> tuple[str, str]:
    for bom, codec in BOMS:
        if data.startswith(bom):
            if codec == "utf-8-sig":
                _refuse_binary(data, path)
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                label = codec.removesuffix("-sig").upper()
                raise EncodingError(
                    f"starts with a {label} byte-order mark but is not {label}: "
                    f"{_bad_bytes(err)} on this line cannot be decoded",
                    path=path,
                    line=_line_of(data, err.start, codec),
                    hint="save it again as UTF-8",
                ) from None
            if codec != "utf-8-sig":
                _refuse_binary_text(text, path)
            return text, codec
    _refuse_binary(data, path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        first_bad, bad = err.start, _bad_bytes(err)
    line = _line_of(data, first_bad, "utf-8")
    around = data[max(0, first_bad - _SAMPLE // 2) : first_bad + _SAMPLE // 2]
    high = len(around) - len(around.translate(None, _HIGH))
    if 2 * sum(len(m) for m in _UTF8_RU_EN.findall(around)) >= high:
        raise EncodingError(
            f"is UTF-8 except for {bad} on this line",
            path=path,
            line=line,
            hint="fix or delete the damaged characters there; if the file is not UTF-8, "
            + _HINT_ENCODING,
        )
    # Detect from the line of the first non-UTF-8 byte on: what comes before is ASCII, and a
    # long file's first 64 KB may be nothing else.
    lo = max(data.rfind(b"\n", 0, first_bad) + 1, first_bad - 1024)
    guessed = _guess_legacy(data[lo : lo + _SAMPLE], path)
    if guessed is None:
        raise EncodingError(
            f"is not UTF-8 ({bad} on this line), and it does not read as Russian or English "
            "in any code page sverka knows (cp1251, koi8-r, cp866, cp1252, ...)",
            path=path,
            line=line,
            hint="save it as UTF-8, or name its encoding with --encoding",
        )
    codec = guessed
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError as err:
        raise EncodingError(
            f"reads as {codec}, but {_bad_bytes(err)} on this line is not a {codec} character",
            path=path,
            line=_line_of(data, err.start, codec),
            hint="fix that line, or name the encoding with --encoding",
        ) from None


def _guess_legacy(window: bytes, path: str | Path | None) -> str | None:
    """The code page ``window`` reads best in, or None when it reads well in none.

    chardet's answer stands when it is confident. On short texts it is often unsure, ties
    cp1251 with mac-cyrillic, or reads capitals-only koi8-r as cp1251; then the letter
    score decides. Measured on 6,200 WMT21 strings (40-character cuts, sentences, capitals
    only; five Cyrillic code pages, and English in cp1252): 62 wrong this way, 590 with
    chardet alone; none wrong in mixed-case cp1251, koi8-r or cp866.
    """
    import chardet  # 25 ms to import; most files are UTF-8 and never need it

    found = chardet.detect_all(window, include_encodings=_LEGACY, compat_names=False)
    top = found[0]
    if top["encoding"] is None and top["mime_type"] == "application/octet-stream":
        raise InputError("looks like a binary file, not text", path=path)
    runner_up = found[1]["confidence"] if len(found) > 1 else 0.0
    sample = window[:_SCORE_SAMPLE]
    if top["encoding"] and top["confidence"] >= 0.5 and top["confidence"] - runner_up >= 0.1:
        codec = _display(codecs.lookup(top["encoding"]).name)
    else:
        codec = max(_LEGACY, key=lambda c: _score(sample.decode(c, "replace")) + _prior(c))
    text = sample.decode(codec, "replace")
    if codec in _CYRILLIC_CODECS and text == sample.decode("cp1252", "replace"):
        return "cp1252"  # only quotes and dashes beyond ASCII: not Russian at all
    high = sum(1 for ch in text if ch >= "\x80")
    average = _score(text) / max(1, high)
    if codec in _CYRILLIC_CODECS:
        return codec if average >= _PLAUSIBLE_CYRILLIC else None
    if average >= _PLAUSIBLE_LATIN or high <= _LATIN_SHARE * len(text):
        return codec
    return None


# The fallback score: a log-likelihood of the non-ASCII characters of a decoded text under a
# crude model of Russian and English, with a prior for how common each code page is. Wrong
# code pages turn Russian into box drawing (cp866), capitals inside words (koi8-r <-> cp1251)
# or accented Latin words (cp1252); the terms below punish exactly those.
_RU_FREQ = dict(
    zip(
        "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
        (10.97, 8.45, 8.01, 7.35, 6.70, 6.26, 5.47, 4.73, 4.54, 4.40, 3.49, 3.21, 2.98,
         2.81, 2.62, 2.01, 1.90, 1.74, 1.70, 1.65, 1.59, 1.44, 1.21, 0.97, 0.94, 0.73,
         0.64, 0.48, 0.36, 0.32, 0.26, 0.04, 0.04),
        strict=True,
    )
)  # fmt: skip  # per cent, from the National Corpus of Russian
_LOG_FREQ = {ch: math.log(f / 100) for ch, f in _RU_FREQ.items()}
_BIGRAMS = frozenset(  # the forty commonest Russian letter pairs
    re.findall(
        r"\S+",
        "ст но то на ен ов ни ра во ко ер по ро ос пр та ал ли ет го "
        "ор ре ол ле ка ел ом не те ва ес ан ло ит ве од от ти ие ин",
    )
)
_TYPOGRAPHY = frozenset("«»—–“”„‘’…№\u00a0°§©®™•·€£")
_JOINERS = frozenset("’‘—–")  # may sit between two letters: There’s, success—according
_STARTS = frozenset({"", ".", "!", "?", "\n"})  # what precedes a sentence's first letter
_LOG_BIGRAM = math.log(3.0)
_LOG_CASE = math.log(1e-2)  # a capital after a lowercase letter
_LOG_CAPS = math.log(0.5)  # a run of capitals: real, but rarer than lowercase
_LOG_START = math.log(0.1)  # a lowercase letter where a line or sentence starts
_LOG_MIXED = math.log(1e-3)  # a Cyrillic letter touching a Latin one
_LOG_ALONE = math.log(0.1)  # a one-letter Cyrillic word among digits or symbols
_LOG_OTHER_CYRILLIC = math.log(1e-4)  # ђ ќ ў ...: not Russian
_LOG_LATIN = math.log(1e-3)  # an accented Latin letter
_LOG_TYPO = math.log(1e-2)
_LOG_JUNK = math.log(1e-5)  # box drawing, C1 controls, symbols
_LOG_PRIOR = {"cp1251": 0.0, "cp1252": 0.0, "koi8-r": -1.0, "cp866": -1.0}  # others -2
# Worst average score per non-ASCII character of real text, measured on WMT21 lines: Russian
# -3.45 in every Cyrillic code page; English in cp1252 -11.5 when its only non-ASCII
# character is a symbol (it then passes by being almost all ASCII). Chinese, Japanese and
# Korean read as Cyrillic score -5.2 to -8.6, random bytes -7.3 to -8.1.
_PLAUSIBLE_CYRILLIC = -4.5
_PLAUSIBLE_LATIN = -7.0
_LATIN_SHARE = 0.1


def _prior(codec: str) -> float:
    return _LOG_PRIOR.get(codec, -2.0)


def _score(text: str) -> float:
    """How well ``text`` reads as Russian or English: higher is better, 0 for pure ASCII."""
    total = 0.0
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ch < "\x80":
            continue
        prev = text[i - 1] if i else "\n"
        nxt = text[i + 1] if i < last else "\n"
        low = ch.lower()
        if low in _LOG_FREQ:
            s = _LOG_FREQ[low]
            if ch != low:
                if prev.isalpha() and prev.islower():
                    s += _LOG_CASE
                elif prev.isupper():
                    s += _LOG_CAPS
            elif not prev.isalpha() and text[max(0, i - 2) : i].rstrip(" ") in _STARTS:
                s += _LOG_START
            if _is_latin(prev) or _is_latin(nxt):
                s += _LOG_MIXED
            elif not prev.isalpha() and not nxt.isalpha():
                s += _LOG_ALONE
            if prev.lower() + low in _BIGRAMS:
                s += _LOG_BIGRAM
        elif "\u0400" <= ch <= "\u04ff":
            s = _LOG_OTHER_CYRILLIC
        elif ch.isalpha():
            s = _LOG_LATIN
        elif ch in _TYPOGRAPHY and (ch in _JOINERS or not (prev.isalpha() and nxt.isalpha())):
            s = _LOG_TYPO
        else:
            s = _LOG_JUNK
        total += s
    return total


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _refuse_binary(data: bytes, path: str | Path | None) -> None:
    """InputError for bytes that are not text in an ASCII-compatible encoding."""
    nul = data.find(b"\x00")
    if nul >= 0:
        # A line number helps only when the file reads as text up to the NUL.
        head = data[:nul]
        texty = head.translate(None, _CONTROL) == head and _is_utf8(head)
        raise InputError(
            "looks like a binary file, not text (it contains NUL bytes)",
            path=path,
            line=_line_of(data, nul, "utf-8") if texty else None,
            hint=_hint_utf16(data),
        )
    sample = data[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls >= _MIN_CONTROLS and controls > _MAX_CONTROL_SHARE * len(sample):
        raise InputError("looks like a binary file, not text (control characters)", path=path)


def _refuse_binary_text(text: str, path: str | Path | None) -> None:
    """The same test after decoding, for UTF-16 and UTF-32 where NUL bytes are normal."""
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(
            "looks like a binary file, not text (it contains NUL characters)",
            path=path,
            line=normalise(text[:nul]).count("\n") + 1,
        )
    sample = text[:_SAMPLE]
    controls = len(_CONTROL_CHARS.findall(sample))
    if controls >= _MIN_CONTROLS and controls > _MAX_CONTROL_SHARE * len(sample):
        raise InputError("looks like a binary file, not text (control characters)", path=path)


def _hint_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: the high byte of every space and ASCII letter is a NUL."""
    sample = data[:_SAMPLE]
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.1 * half and even <= 0.01 * half:
        return "if it is UTF-16 text without a byte-order mark, try --encoding utf-16-le"
    if even >= 0.1 * half and odd <= 0.01 * half:
        return "if it is UTF-16 text without a byte-order mark, try --encoding utf-16-be"
    return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _line_of(data: bytes, offset: int, codec: str) -> int:
    """1-based line of byte ``offset``, counting line ends as normalise() does."""
    head = data[:offset].decode(codec, "replace")
    return normalise(head).count("\n") + 1


def _bad_bytes(err: UnicodeDecodeError) -> str:
    bad = err.object[err.start : err.end][:4]
    return ("byte " if len(bad) == 1 else "bytes ") + " ".join(f"0x{b:02X}" for b in bad)


def _hint_other_codec(data: bytes, failed: str) -> str:
    for codec in ("utf-8", "cp1251"):
        if codec != failed:
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                continue
            return f"try --encoding {codec}, or leave --encoding out to detect it"
    return "leave --encoding out to let sverka detect the encoding"


def _display(name: str) -> str:
    return _DISPLAY.get(name, name)
