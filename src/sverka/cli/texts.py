"""``sverka align``, ``init``, ``update`` and ``export``: the texts, and review files made
from them and exported."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from sverka.cli.common import (
    check_selection_options,
    check_setup,
    debug_option,
    glossary_options,
    read_options,
    user_errors,
    warn,
)
from sverka.errors import InputError
from sverka.inputs import ReadOptions
from sverka.model import Bead, Segment
from sverka.termsafe import json_dumps, visible


@click.command()
@click.argument("ru_file", metavar="RU", type=click.Path(dir_okay=True, path_type=Path))
@click.argument("en_file", metavar="EN", type=click.Path(dir_okay=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "tsv", "json"]),
    default="table",
    show_default=True,
    help="table: side by side for people; tsv: a bead per line; json: sentences and beads.",
)
@click.option(
    "--low",
    type=click.FloatRange(0, 1),
    default=0.5,
    show_default=True,
    help="Beads with confidence below this are marked as doubtful in the table.",
)
@click.option(
    "-v", "--verbose", is_flag=True, help="Say which encodings were detected, and counts."
)
@debug_option
@user_errors
@read_options
def align(
    ru_file: Path,
    en_file: Path,
    fmt: str,
    read: ReadOptions,
    low: float,
    verbose: bool,
    debug: bool,
) -> None:
    """Align the Russian original RU with its English translation EN, sentence by sentence.

    Every sentence lands in exactly one bead; most beads pair one Russian sentence with one
    English one, but the MT may merge (2-1), split (1-2) or drop (1-0) sentences, and pages
    add lines with no source (0-1). Each bead gets a confidence from 0 to 1.

    \b
    Examples:
      sverka align ru.txt en.txt
      sverka align ru.txt en.txt --format json > beads.json
      sverka align ru.txt en.txt --one-per-line --format tsv
    """
    from sverka.align import align as align_segments

    started = time.perf_counter()
    from sverka.cli.progress import shown
    from sverka.reviewfile import load_pair

    with shown():  # issue 17: a bar on a terminal for long work
        ru_doc, ru, en_doc, en = load_pair(ru_file, en_file, read)
        beads = align_segments(ru, en, read.align_options())
    if verbose:
        counts: dict[str, int] = {}
        for b in beads:
            counts[b.kind] = counts.get(b.kind, 0) + 1
        kinds = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
        for path, doc, segs in ((ru_file, ru_doc, ru), (en_file, en_doc, en)):
            click.echo(
                visible(f"{path}: {doc.encoding}, {len(doc.paragraphs)} paragraphs, ")
                + f"{len(segs)} sentences",
                err=True,
            )
        elapsed = time.perf_counter() - started
        click.echo(f"{len(beads)} beads ({kinds}) in {elapsed:.2f} s", err=True)
    if fmt == "json":
        _write_json(ru, en, beads)
    elif fmt == "tsv":
        _write_tsv(ru, en, beads)
    else:
        _write_table(ru, en, beads, low)


def _write_json(ru: list[Segment], en: list[Segment], beads: list[Bead]) -> None:
    """One JSON object, written as it goes: a long text never sits in memory twice."""
    out = sys.stdout

    def write_items(encoded: Iterable[str]) -> None:
        first = True
        for item in encoded:
            out.write(item if first else ",\n" + item)
            first = False

    def text(s: Segment) -> str:
        return json_dumps(s.text)  # C1 and bidi marks escaped too: the text exactly

    out.write('{"ru": [\n')
    write_items(map(text, ru))
    out.write('\n],\n"en": [\n')
    write_items(map(text, en))
    out.write('\n],\n"beads": [\n')
    write_items(
        f'{{"ru": {list(b.ru)}, "en": {list(b.en)}, "confidence": {b.confidence}}}' for b in beads
    )
    out.write("\n]}\n")


def _write_tsv(ru: list[Segment], en: list[Segment], beads: list[Bead]) -> None:
    def cell(segs: list[Segment], ix: tuple[int, ...]) -> str:
        return " ".join(segs[i].text for i in ix).replace("\t", " ")

    lines = ["ru\ten\tconfidence\tru_text\ten_text"]
    for b in beads:
        lines.append(
            f"{','.join(map(str, b.ru))}\t{','.join(map(str, b.en))}\t{b.confidence:.4f}"
            f"\t{cell(ru, b.ru)}\t{cell(en, b.en)}"
        )
    text = "\n".join(lines) + "\n"
    # To a pipe or a file the text exactly; to a terminal, shown safely (termsafe).
    sys.stdout.write(visible(text, newlines=True) if sys.stdout.isatty() else text)


def _write_table(ru: list[Segment], en: list[Segment], beads: list[Bead], low: float) -> None:
    """Side by side, wrapped to the terminal; non 1-1 and doubtful beads marked."""
    import textwrap

    width = shutil.get_terminal_size((120, 24)).columns if sys.stdout.isatty() else 120
    gutter = 13  # "  123 2-1 ! " plus a space between the columns
    col = max(20, (width - gutter) // 2)
    prev_para = None
    out: list[str] = []
    marked = 0
    for n, b in enumerate(beads, 1):
        para = ru[b.ru[0]].para if b.ru else None
        if prev_para is not None and para is not None and para != prev_para:
            out.append("")
        if para is not None:
            prev_para = para
        doubtful = b.confidence < low
        odd = b.kind != "1-1"
        marked += doubtful or odd
        # shown safely before it is measured: the columns stay aligned (termsafe)
        left = _wrap_side([visible(ru[i].text) for i in b.ru], col, textwrap)
        right = _wrap_side([visible(en[j].text) for j in b.en], col, textwrap)
        flag = "!" if doubtful else " "
        head = f"{n:>5} {b.kind:<3} {flag} "
        colour = "yellow" if doubtful else ("cyan" if odd else None)
        for k in range(max(len(left), len(right))):
            lcell = left[k] if k < len(left) else ""
            rcell = right[k] if k < len(right) else ""
            prefix = head if k == 0 else " " * len(head)
            out.append(click.style(prefix, fg=colour) + f"{lcell:<{col}} {rcell}")
    total = len(beads)
    out.append("")
    out.append(f"{total} beads; {marked} marked (non 1-1 in colour, ! = confidence below {low:g})")
    click.echo("\n".join(out))


def _wrap_side(sentences: list[str], col: int, textwrap: Any) -> list[str]:
    if not sentences:
        return ["—"]
    lines: list[str] = []
    for s in sentences:
        lines.extend(textwrap.wrap(s, col) or [""])
    return lines


@click.command()
@click.argument("ru_file", metavar="RU", type=click.Path(path_type=Path))
@click.argument("en_file", metavar="EN", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="The review file to make. Default: beside the English, EN.review.po.",
)
@glossary_options
@check_selection_options
@debug_option
@user_errors
@read_options
def init(
    ru_file: Path,
    en_file: Path,
    output: Path | None,
    read: ReadOptions,
    debug: bool,
    **setup_given: Any,
) -> None:
    """Align RU with its English machine translation EN and make a review file (PO).

    The PO file keeps the Russian (msgid), the English as it stands (msgstr), the original
    MT in "#. mt:" comments, and "fuzzy" on every entry until it is reviewed. Any PO tool
    can open it. An existing review file is never overwritten: use "sverka update".

    The glossaries (-g, --pitfalls) and checks given are recorded in the review file:
    sverka review, check and ignore use them on it unless given others.
    """
    from sverka import reviewfile
    from sverka.io.safe import ReviewLock
    from sverka.reviewsetup import write_setup

    po = output or reviewfile.default_po_path(en_file)
    if po.exists():
        raise InputError(
            "already exists; it may hold a reviewer's work, so it is not replaced "
            f"(re-align it with: sverka update {po})",
            path=po,
        )
    setup = check_setup(po, None, **setup_given)  # a broken glossary fails before aligning
    from sverka.cli.progress import shown

    with shown():  # issue 17: a bar on a terminal for long work
        doc = reviewfile.create(ru_file, en_file, po, read)
    write_setup(doc, setup.record)
    with ReviewLock(po) as lock:
        warn(lock.warning, po)
        reviewfile.save_new(doc, po, then="re-align it with: sverka update")
    for warning in setup.warnings:
        warn(warning, po)
    no_mt = sum(1 for e in doc.entries if not e.en)
    no_source = sum(1 for e in doc.entries if not e.ru)
    click.echo(
        f"made {visible(str(po))}: {len(doc.entries)} entries to review"
        f" ({no_mt} with no English, {no_source} with no Russian); {visible(setup.in_force)}",
        err=True,
    )
    folder = po.resolve().parent
    outside = [str(p) for p in (ru_file, en_file) if not p.resolve().is_relative_to(folder)]
    if outside:  # update reads only texts beside the review file or below it (text_to_read)
        warn(
            f"{' and '.join(outside)} {'is' if len(outside) == 1 else 'are'} outside its folder: "
            f"sverka update will need the texts named again (--ru RU --en EN)",
            po,
        )


@click.command()
@click.argument("po_file", metavar="FILE.po", type=click.Path(path_type=Path))
@click.option("--ru", "ru_file", metavar="RU", type=click.Path(path_type=Path),
              help="The Russian text (default: the one the review file names).")  # fmt: skip
@click.option("--en", "en_file", metavar="EN", type=click.Path(path_type=Path),
              help="The English text (default: the one the review file names).")  # fmt: skip
@debug_option
@user_errors
@read_options
def update(
    po_file: Path,
    ru_file: Path | None,
    en_file: Path | None,
    read: ReadOptions,
    debug: bool,
) -> None:
    """Re-align a review file against its Russian and English files as they are now.

    Every correction, accept and note whose Russian sentence is unchanged is carried over;
    earlier work that no longer matches is kept as obsolete entries (#~), never dropped.

    The texts are the ones the review file names, read only in its own folder or below it
    (a review file received from someone else must not choose which of your files are read
    and copied into it). Texts kept elsewhere are given with --ru and --en.
    """
    from sverka import reviewfile
    from sverka.cli.progress import shown
    from sverka.io.safe import FileStamp, ReviewLock

    with ReviewLock(po_file) as lock, shown():  # issue 17: a bar on a terminal for long work
        warn(lock.warning, po_file)
        stamp = FileStamp.of(po_file)
        doc, summary = reviewfile.update(po_file, ru=ru_file, en=en_file, read=read)
        reviewfile.save(doc, po_file, stamp)
    click.echo(visible(f"updated {po_file}: {summary}"), err=True)


@click.command()
@click.argument("po_file", metavar="FILE.po", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "tmx", "xliff"]),
    default="text",
    show_default=True,
    help="text: the corrected English laid out like the input; tmx: TMX 1.4b; "
    "xliff: XLIFF 1.2 for CAT tools.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="Where to write; - is standard output. A file is written atomically.",
)
@click.option(
    "--include-unreviewed",
    is_flag=True,
    help="tmx: also the entries not yet reviewed, marked as such (default: reviewed only). "
    "OmegaT ignores the mark and may prefer their raw MT to a reviewed twin: leave it off "
    "for OmegaT (bench/roundtrip/omegat.py).",
)
@debug_option
@user_errors
def export(po_file: Path, fmt: str, output: str, include_unreviewed: bool, debug: bool) -> None:
    """Export a review file: the corrected English, or a TMX or XLIFF file.

    A TMX memory holds the reviewed entries only, unless --include-unreviewed."""
    from sverka import export as exporting
    from sverka import reviewfile
    from sverka.io.safe import atomic_write, refuse_to_replace

    if output != "-":
        refuse_to_replace(output, [po_file], "the review file being exported")
    opened = reviewfile.open_review(po_file)
    if output != "-":
        texts = [
            reviewfile.text_path(po_file, r.path) for r in (opened.doc.source, opened.doc.mt) if r
        ]
        refuse_to_replace(output, texts, "a text the review file was made from")
    for warning in opened.warnings:
        warn(warning, po_file)
    if fmt == "text":
        data = exporting.export_text(opened.doc).encode("utf-8")
    elif fmt == "tmx":
        data = exporting.export_tmx(opened.doc, include_unreviewed=include_unreviewed)
    else:
        data = exporting.export_xliff(opened.doc)
    if output == "-":
        if sys.stdout.isatty():  # for a person to read: shown safely; piped, exactly
            data = visible(data.decode("utf-8"), newlines=True).encode("utf-8")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        atomic_write(Path(output), data)
