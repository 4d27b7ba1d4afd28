"""``sverka check`` and ``sverka ignore``: QA findings from the shell, and marking one as no
problem in the review file."""

from __future__ import annotations

import csv
import gc
import sys
from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext, suppress
from dataclasses import dataclass
from pathlib import Path

import click

from sverka.cli.common import (
    EXIT_FOUND,
    check_selection_options,
    check_setup,
    debug_option,
    glossary_options,
    read_options,
    user_errors,
    warn,
)
from sverka.errors import SverkaError
from sverka.inputs import Given, ReadOptions
from sverka.model import SEVERITIES, Entry, Finding
from sverka.termsafe import csv_cell, json_dumps, visible


@dataclass(frozen=True, slots=True)
class Located:
    """A finding with where to show it: the file and line a reviewer would open."""

    file: str
    line: int | None
    entry: Entry
    finding: Finding


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@glossary_options
@check_selection_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="text: one line per finding, like a compiler; json and csv for other tools. In csv a "
    "cell that starts with =, +, -, @, tab or CR gets a leading ' (a spreadsheet would run it "
    "as a formula); json escapes control and bidi characters as \\uXXXX.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "never"]),
    default="error",
    show_default=True,
    help="Exit with 1 when a finding is at least this severe.",
)
@click.option("--list", "list_checks", is_flag=True, help="List the checks and exit.")
@debug_option
@user_errors
@read_options
def check(
    files: tuple[Path, ...],
    glossaries: tuple[str, ...],
    pitfalls: tuple[str, ...],
    no_pitfalls: bool,
    checks: str | None,
    skip: str | None,
    fmt: str,
    fail_on: str,
    read: ReadOptions,
    list_checks: bool,
    debug: bool,
) -> None:
    """Check a review file (FILE.po) or a Russian text and its MT (RU EN) for problems.

    Findings name the entry, a check code and what to do. Codes: term-forbidden,
    term-missing, pitfall, cyrillic, untranslated, number, punctuation, quotes, brackets,
    inconsistent, length, alignment, empty, control, spelling, grammar; omission and
    addition are opt-in: --checks +omission,+addition (sverka check --list says what each
    finds).
    A finding the reviewer marked as no problem in the review file is not reported.

    Exit status: 0 when nothing reaches --fail-on, 1 when something does, 2 when an input
    cannot be read, 130 when interrupted, 70 when sverka itself fails (a bug).

    \b
    Examples:
      sverka check en.review.po
      sverka check ru.txt en.txt -g kazakhstan-2022 --format json
      sverka check en.review.po --checks number,cyrillic --fail-on warning
    """
    from sverka.checks import CHECKS, Checker
    from sverka.checks.ahead import DictionaryChecks
    from sverka.cli.progress import shown
    from sverka.reviewsetup import peek_setup

    if list_checks:
        for info in CHECKS.values():
            opt_in = "" if info.default else f" (opt-in: --checks +{info.code})"
            click.echo(f"{info.code:15} {info.severity:8} {info.summary}{opt_in}")
        return
    # A batch run that ends in a second: the cyclic collector would only walk the growing
    # heap again and again (and dirty pages the forked process shares). Memory goes at exit.
    gc.disable()
    from sverka import inputs

    if len(files) not in (1, 2):
        raise click.UsageError("give one review file (FILE.po) or two texts (RU EN)")
    given = inputs.given(files, hint=_TEXT_GIVEN)  # a text as the review file, and so on
    # The glossaries and checks a review file records, unless options say otherwise.
    po = given.po if isinstance(given, inputs.ReviewInput) else None
    recorded = peek_setup(po) if po is not None else None
    setup = check_setup(po, recorded, glossaries, pitfalls, no_pitfalls, checks, skip)
    checker = Checker(setup.glossaries, setup.codes)
    # A second process loads the dictionaries while this one reads (and aligns) the input.
    ahead = DictionaryChecks.start(checker, _size(files), aligning=len(files) == 2)
    with ahead or nullcontext(), shown():  # issue 17: a bar on a terminal for long work
        entries, locate = _load(given, read, ahead.send_texts if ahead else None)
        results = checker.document(entries, ahead)
    found = [
        Located(*locate(i, e), entry=e, finding=f)
        for i, (e, fs) in enumerate(zip(entries, results, strict=True))
        for f in fs
    ]
    ignored = sum(len(e.ignored) > 0 for e in entries)
    _write(found, fmt)
    if fmt == "json":  # issue 18: every entry's risk, after the findings
        _write_risk(entries, results, checker.stats.median, checker.stats.sigma)
    counts = Counter(x.finding.severity for x in found)
    summary = ", ".join(
        f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}" for s in SEVERITIES
    )
    click.echo(
        f"sverka: {summary} in {len(entries)} entries"
        + (f" ({ignored} with findings marked as no problem)" if ignored else "")
        + f"; {visible(setup.in_force)}",  # glossary names: shown, never sent
        err=True,
    )
    if fail_on != "never":
        worst = SEVERITIES.index(fail_on)
        if any(SEVERITIES.index(x.finding.severity) <= worst for x in found):
            sys.exit(EXIT_FOUND)


def _size(files: tuple[Path, ...]) -> int:
    """Bytes of input, to tell whether reading it takes long (a missing file errors later)."""
    total = 0
    for f in files:
        with suppress(OSError):
            total += f.stat().st_size
    return total


_TEXT_GIVEN = "to check a Russian text and its MT, give both: sverka check RU EN"


def _load(
    given: Given,
    read: ReadOptions,
    on_parsed: Callable[[list[tuple[str, str]]], None] | None = None,
) -> tuple[list[Entry], Callable[[int, Entry], tuple[str, int | None]]]:
    """Entries to check and a function giving each one's file and line; a review file's
    texts go to ``on_parsed`` (the dictionary checks' process) as soon as it is parsed."""
    from sverka import inputs

    if isinstance(given, inputs.ReviewInput):
        from sverka.reviewfile import open_review

        po = given.po
        try:
            opened = open_review(po, on_parsed)
        except SverkaError as err:
            if po.suffix.lower() in (".po", ".pot") or inputs.kind_of(po) == "review":
                raise  # a review file by name or content: its own error says what is wrong
            raise SverkaError("is not a review file (PO)", path=po, hint=_TEXT_GIVEN) from err
        for warning in opened.warnings:
            warn(warning, po)
        doc = opened.doc
        return doc.entries, lambda i, e: (str(po), doc.lines[i] if i < len(doc.lines) else None)
    from sverka.align import align
    from sverka.review import ReviewDoc
    from sverka.reviewfile import load_pair

    ru_path, en_path = given.ru, given.en
    _, ru, _, en = load_pair(ru_path, en_path, read)
    doc = ReviewDoc.from_beads(ru, en, align(ru, en, read.align_options()))

    def locate(i: int, e: Entry) -> tuple[str, int | None]:
        if e.en_lines:
            return str(en_path), e.en_lines[0]
        return str(ru_path), e.ru_lines[0] if e.ru_lines else None

    return doc.entries, locate


def _write(found: list[Located], fmt: str) -> None:
    out = sys.stdout
    if fmt == "json":
        items = [
            {
                "id": x.entry.id,
                "file": x.file,
                "line": x.line,
                "code": x.finding.code,
                "severity": x.finding.severity,
                "ru_span": list(x.finding.ru_span) if x.finding.ru_span else None,
                "en_span": list(x.finding.en_span) if x.finding.en_span else None,
                "message": x.finding.message,
                "key": x.finding.ignore_key,
            }
            for x in found
        ]
        # One finding per line, each through json's C encoder (indent= would not use it).
        out.write('{"findings": [\n')
        # json_dumps: C1 controls and bidi marks escaped too, the data exactly (termsafe)
        out.write(",\n".join(json_dumps(item) for item in items))
        out.write("\n]")  # the object is closed by _write_risk
    elif fmt == "csv":
        # Cells from the files (names, ids, messages quoting the text and glossary notes)
        # are guarded against spreadsheet formulas (csv_cell); on a terminal, shown safely.
        if out.isatty():
            out = _Visible(out)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "file",
                "line",
                "id",
                "severity",
                "code",
                "ru_start",
                "ru_end",
                "en_start",
                "en_end",
                "message",
                "key",
            ]
        )
        for x in found:
            f = x.finding
            writer.writerow(map(csv_cell,
                [x.file, x.line or "", x.entry.id, f.severity, f.code, *(f.ru_span or ("", "")),
                 *(f.en_span or ("", "")), f.message, f.ignore_key]
            ))  # fmt: skip
    else:
        for x in found:
            where = f"{x.file}:{x.line}" if x.line else x.file
            f = x.finding
            # The key in brackets, as compilers name a warning's flag: `sverka ignore` takes it.
            click.echo(
                visible(
                    f"{where}: {x.entry.id}: {f.severity} {f.code}: {f.message} [{f.ignore_key}]"
                )
            )


# -- issue 18: risk ------------------------------------------------------------------------


def _write_risk(
    entries: list[Entry], results: list[list[Finding]], median: float, sigma: float
) -> None:
    """Close the JSON object with ``"risk": [{"id", "score"}, ...]``: every entry, in order,
    how likely it is to need a correction (sverka.risk)."""
    from sverka.risk import scores

    risks = scores(entries, results, median, sigma)
    out = sys.stdout
    out.write(', "risk": [\n')
    out.write(
        ",\n".join(
            json_dumps({"id": e.id, "score": round(r, 4)})
            for e, r in zip(entries, risks, strict=True)
        )
    )
    out.write("\n]}\n")


# -- end issue 18 ----------------------------------------------------------------------------


@click.command()
@click.argument("po_file", metavar="FILE.po", type=click.Path(path_type=Path))
@click.argument("entry_id", metavar="ID")
@click.argument("keys", nargs=-1, required=True, metavar="KEY...")
@click.option("--undo", is_flag=True, help="Take the marks off again.")
@glossary_options
@debug_option
@user_errors
def ignore(
    po_file: Path,
    entry_id: str,
    keys: tuple[str, ...],
    undo: bool,
    glossaries: tuple[str, ...],
    pitfalls: tuple[str, ...],
    no_pitfalls: bool,
    debug: bool,
) -> None:
    """Mark findings of entry ID as not a problem, in the review file itself.

    KEY is what `sverka check` prints in brackets after a finding (term-forbidden:власть),
    or a check code to mark every finding of that check in the entry. Every later check,
    and the review app, leaves marked findings out. A key that matches no finding of the
    entry is refused (the glossaries are those the review file records, unless -g).

    \b
    Example:
      sverka ignore en.review.po p012.s03 untranslated:akimat
    """
    from sverka import reviewfile
    from sverka.checks import CHECKS
    from sverka.io.safe import FileStamp, ReviewLock

    for key in keys:
        if key.split(":", 1)[0] not in CHECKS or "," in key or any(c.isspace() for c in key):
            raise SverkaError(
                f"{key!r} is not a finding key",
                hint="copy it from the brackets after a finding of sverka check",
            )
    with ReviewLock(po_file) as lock:
        warn(lock.warning, po_file)
        stamp = FileStamp.of(po_file)
        doc = reviewfile.open_review(po_file).doc
        try:
            index = doc.index_of(entry_id)
        except KeyError:
            raise SverkaError(f"has no entry {entry_id!r}", path=po_file) from None
        _refuse_unknown_keys(po_file, doc, index, keys, undo, (glossaries, pitfalls, no_pitfalls))
        for key in keys:
            if undo:
                doc.unignore(index, key)
            else:
                doc.ignore(index, key)
        reviewfile.save(doc, po_file, stamp)
    marked = ", ".join(doc.entries[index].ignored) or "none"
    click.echo(visible(f"{po_file}: {entry_id}: marked as no problem: {marked}"), err=True)


def _refuse_unknown_keys(po_file, doc, index, keys, undo, options) -> None:
    """A key must name a finding the entry has (or, with --undo, a mark it carries): a
    mistyped key said "marked" and marked nothing, and the finding came back."""
    from sverka.checks import Checker
    from sverka.reviewsetup import read_setup

    e = doc.entries[index]
    if undo:
        known = list(e.ignored)
        what = "marks"
    else:
        setup = check_setup(po_file, read_setup(doc), *options)
        checker = Checker(setup.glossaries, setup.codes)
        checker.prepare(doc.entries)
        found = checker.entry(e, include_ignored=True)
        known = list(dict.fromkeys(f.ignore_key for f in found))
        known += [c for c in dict.fromkeys(f.code for f in found) if c not in known]
        what = "findings"
    wrong = [k for k in keys if k not in known]
    if wrong:
        has = f"its {what}: {', '.join(known)}" if known else f"it has no {what}"
        raise SverkaError(
            f"{e.id} has no {'mark' if undo else 'finding'} {', '.join(wrong)}; {has}",
            path=po_file,
        )


class _Visible:
    """A text stream that shows what it is given safely (termsafe), lines kept."""

    def __init__(self, stream) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(visible(text, newlines=True))
