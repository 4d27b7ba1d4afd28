"""What score reads: one-segment-per-line files as sacrebleu reads them, and the review files
under the folders named."""

from __future__ import annotations

import codecs
import gzip
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sverka.errors import EncodingError, InputError, SverkaError


def read_lines(path: Path) -> list[str]:
    """A one-segment-per-line file as sacrebleu reads it: UTF-8, ``.gz`` allowed, each line
    right-stripped of whitespace (so a file with n newlines has n segments)."""
    from sverka.io.text import MAX_LINE_CHARS, MAX_TEXT_BYTES

    opener: Any = gzip.open if path.suffix == ".gz" else open
    lines: list[str] = []
    total = 0
    try:
        with opener(path, "rt", encoding="utf-8", newline="\n") as f:
            # Line by line with a cap, as the text reader caps: a 500 KB .gz of one 512 MB
            # line took 2.7 GB and over a minute before it was refused.
            while line := f.readline(MAX_LINE_CHARS + 1):
                if len(line) > MAX_LINE_CHARS:
                    raise InputError(
                        f"this line has over {MAX_LINE_CHARS:,} characters; a segment is a "
                        "sentence or a few",
                        path=path,
                        line=len(lines) + 1,
                    )
                total += len(line)
                if total > MAX_TEXT_BYTES:
                    raise InputError(
                        f"has over {MAX_TEXT_BYTES // (1 << 20)} MiB of text", path=path
                    )
                lines.append(line.rstrip())
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a text file", path=path) from None
    except UnicodeDecodeError:
        if (utf := _utf16_or_32(path)) is not None:
            raise EncodingError(
                f"is {utf}, not UTF-8", path=path, hint=f"convert it: iconv -f {utf} -t UTF-8"
            ) from None
        if _looks_binary(path):
            raise InputError("looks like a binary file, not text", path=path) from None
        line = _bad_utf8_line(path)
        raise EncodingError(
            "is not UTF-8", path=path, line=line, hint="convert it: iconv -t UTF-8"
        ) from None
    except (OSError, EOFError, zlib.error) as err:  # zlib.error: a damaged .gz
        raise InputError(f"cannot be read: {err}", path=path) from None
    # A NUL is valid UTF-8 but no segment holds one: an image or a compiled file, not MT.
    for n, line in enumerate(lines, 1):
        if "\0" in line:
            raise InputError(
                "looks like a binary file, not text (it contains NUL bytes)", path=path, line=n
            )
    return lines


def _utf16_or_32(path: Path) -> str | None:
    """The UTF-16/32 a byte-order mark announces (sacrebleu reads UTF-8 only)."""
    if path.suffix == ".gz":
        return None
    with open(path, "rb") as f:
        head = f.read(4)
    if head[:4] in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE):
        return "UTF-32"
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "UTF-16"
    return None


def _looks_binary(path: Path) -> bool:
    if path.suffix == ".gz":  # compressed bytes are not the text: the NUL test reads lines
        return False
    try:
        with open(path, "rb") as f:
            return b"\0" in f.read(8192)
    except OSError:
        return False


def _bad_utf8_line(path: Path) -> int | None:
    """The 1-based line of the first byte that is not UTF-8."""
    try:
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return raw.count(b"\n", 0, err.start) + 1
    except (OSError, EOFError):
        return None
    return None


def find_review_files(paths: Iterable[Path]) -> tuple[list[Path], list[SverkaError]]:
    """Review files named, and the ``*.po`` files under folders named (sorted, recursive)."""
    files: list[Path] = []
    errors: list[SverkaError] = []
    for p in paths:
        if p.is_dir():
            found = sorted(q for q in p.rglob("*.po") if q.is_file())
            if not found:
                errors.append(InputError("has no .po files", path=p))
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            errors.append(InputError("no such file or folder", path=p))
    return files, errors
