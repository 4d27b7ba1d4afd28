"""``sverka score``: quality scores in batch, for review files or MT against references.

Everything heavy (sacrebleu, numpy, rich) is imported inside the command, so ``sverka
--help`` stays fast. The table, JSON and CSV are written by ``score_output``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sverka.cli.common import EXIT_INPUT, debug_option, error_line, user_errors
from sverka.termsafe import visible

if TYPE_CHECKING:
    from sverka.errors import SverkaError
    from sverka.score import Options, Report

_TOKENIZERS = (
    "none",
    "zh",
    "13a",
    "intl",
    "char",
    "ja-mecab",
    "ko-mecab",
    "spm",
    "flores101",
    "flores200",
    "spBLEU-1K",
)  # fmt: skip  (sacrebleu's BLEU.TOKENIZERS)


def _sacrebleu_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """sacrebleu's metric options, same names, same defaults."""
    opts = [
        click.option("-tok", "--tokenize", type=click.Choice(_TOKENIZERS), default=None,
                     help="BLEU tokenizer (default 13a)."),
        click.option("-lc", "--lowercase", is_flag=True, help="BLEU: case-insensitive."),
        click.option("-s", "--smooth-method", type=click.Choice(["exp", "floor", "add-k", "none"]),
                     default="exp", show_default=True, help="BLEU smoothing."),
        click.option("-sv", "--smooth-value", type=float, default=None,
                     help="BLEU smoothing value (floor: 0.1, add-k: 1)."),
        click.option("--force", is_flag=True, help="BLEU: the input really is detokenized."),
        click.option("-cc", "--chrf-char-order", type=int, default=6, show_default=True),
        click.option("-cw", "--chrf-word-order", type=int, default=0, show_default=True,
                     help="2 makes chrF chrF++ (or use -m chrf++)."),
        click.option("--chrf-beta", type=int, default=2, show_default=True),
        click.option("--chrf-whitespace", is_flag=True),
        click.option("--chrf-lowercase", is_flag=True),
        click.option("--chrf-eps-smoothing", is_flag=True),
        click.option("--ter-case-sensitive", is_flag=True),
        click.option("--ter-asian-support", is_flag=True),
        click.option("--ter-no-punct", is_flag=True),
        click.option("--ter-normalized", is_flag=True),
    ]  # fmt: skip
    for opt in reversed(opts):
        func = opt(func)
    return func


@click.command()
@click.argument("inputs", nargs=-1, metavar="FILE.po|DIR|SYS...", type=click.Path(path_type=Path))
@click.option(
    "-r",
    "--ref",
    "refs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A reference file (one segment per line; repeat for several): the INPUTS are then "
    "MT system outputs, scored as the sacrebleu command line does.",
)
@click.option("--wmt", type=click.Path(path_type=Path), help="A WMT XML test set (WMT21+).")
@click.option("--system", "systems", multiple=True, help="With --wmt: a system to score "
              "(repeat; default all).")  # fmt: skip
@click.option("--wmt-ref", multiple=True, help="With --wmt: the reference translator(s) "
              "(default A, as sacrebleu).")  # fmt: skip
@click.option("--docids", type=click.Path(path_type=Path),
              help="A document id per line, parallel to the references.")  # fmt: skip
@click.option(
    "-m",
    "--metric",
    "metrics",
    multiple=True,
    type=click.Choice(["bleu", "chrf", "chrf++", "ter"]),
    help="Metrics (repeat). Default: bleu, chrf and ter (ter is HTER on review files).",
)
@click.option("--all", "include_all", is_flag=True,
              help="Review files: count every segment, not only the reviewed ones.")  # fmt: skip
@click.option("--segments", is_flag=True, help="Also score and list each segment.")
@click.option("--documents", is_flag=True, help="Table: also list per-document scores.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "tsv"]),
    default="table",
    show_default=True,
)
@click.option("--html", type=click.Path(path_type=Path), help="Also write a self-contained "
              "HTML report with charts to this file.")  # fmt: skip
@click.option("-w", "--width", type=int, default=1, show_default=True,
              help="Decimals in the table, as sacrebleu's --width.")  # fmt: skip
@click.option("-ci", "--confidence", is_flag=True, help="95% intervals by bootstrap resampling.")
@click.option("-cin", "--confidence-n", type=click.IntRange(2), default=1000, show_default=True)
@click.option("-pbs", "--paired-bs", is_flag=True,
              help="Paired bootstrap test of each system against the first.")  # fmt: skip
@click.option("-pbsn", "--paired-bs-n", type=click.IntRange(2), default=1000, show_default=True)
@click.option("-j", "--jobs", type=click.IntRange(0), default=0,
              help="Worker processes (0: one per core).")  # fmt: skip
@_sacrebleu_options
@debug_option
@user_errors
def score(
    inputs: tuple[Path, ...],
    refs: tuple[Path, ...],
    wmt: Path | None,
    systems: tuple[str, ...],
    wmt_ref: tuple[str, ...],
    docids: Path | None,
    metrics: tuple[str, ...],
    include_all: bool,
    segments: bool,
    documents: bool,
    fmt: str,
    html: Path | None,
    width: int,
    confidence: bool,
    confidence_n: int,
    paired_bs: bool,
    paired_bs_n: int,
    jobs: int,
    debug: bool,
    **sacrebleu_args: Any,
) -> None:
    """Quality scores: HTER, BLEU and chrF of review files, or MT against references.

    \b
    Review files (FILE.po, or folders of them): the MT ("#. mt:") is scored against the
    English as corrected, per segment (--segments), per file and for the corpus (from summed
    statistics). Only reviewed segments count unless --all. Also: the share of segments the
    reviewer changed and the word edits.

    \b
    MT against references: BLEU, chrF and TER exactly as the sacrebleu command line
    computes them (same options, defaults and signatures).

    \b
    Examples:
      sverka score reviews/ --html report.html
      sverka score a.review.po b.review.po --segments --format json
      sverka score --ref ref.en sys1.en sys2.en --paired-bs
      sverka score --wmt newstest2021.ru-en.all.xml --system Online-B --confidence

    A file that cannot be read is reported (name and line) and the others are still scored;
    the exit code is then 2.
    """
    from sverka.score import Options

    _refuse_mixed_modes(
        inputs, refs, wmt, systems, wmt_ref, docids, include_all, paired_bs, confidence
    )
    opts = Options(
        metrics=_metric_keys(metrics, sacrebleu_args["chrf_word_order"]),
        **sacrebleu_args,
    )
    if html is not None:
        from sverka.io.safe import refuse_to_replace

        read = [*inputs, *refs, *([wmt] if wmt else []), *([docids] if docids else [])]
        refuse_to_replace(html, read, "one of the files to score")
    errors: list[SverkaError] = []
    intervals = confidence_n if confidence else 0
    if refs or wmt:
        report = _score_systems(
            opts, inputs, refs, wmt, systems, wmt_ref, docids, errors,
            intervals, paired_bs_n if paired_bs else 0, jobs,
        )  # fmt: skip
    else:
        report = _score_reviews(opts, inputs, include_all, intervals, segments or bool(html), jobs)
        errors.extend(report.errors)
    for err in errors:
        error_line(err)
    if report is not None:
        _write(report, fmt, segments, width, documents, html)
    if errors:
        sys.exit(EXIT_INPUT)


def _refuse_mixed_modes(
    inputs: tuple[Path, ...],
    refs: tuple[Path, ...],
    wmt: Path | None,
    systems: tuple[str, ...],
    wmt_ref: tuple[str, ...],
    docids: Path | None,
    include_all: bool,
    paired_bs: bool,
    confidence: bool,
) -> None:
    """Options of one mode (review files, or MT against references) given with the other's."""
    from sverka.errors import InputError

    mode_systems = bool(refs or wmt)
    if wmt and refs:
        raise InputError("give either --ref files or --wmt, not both")
    if wmt and inputs:
        raise InputError("with --wmt, name the systems with --system (not as files)")
    if (systems or wmt_ref) and not wmt:
        raise InputError("--system and --wmt-ref go with --wmt")
    if not mode_systems and not inputs:
        raise click.UsageError("name review files or folders, or give --ref / --wmt")
    if not mode_systems and (paired_bs or docids):
        raise InputError("--paired-bs and --docids are for MT against references (--ref, --wmt)")
    if mode_systems and include_all:
        raise InputError("--all is for review files")
    if paired_bs and confidence:
        raise InputError("--paired-bs already gives intervals; drop --confidence")


def _write(
    report: Report, fmt: str, segments: bool, width: int, documents: bool, html: Path | None
) -> None:
    """The scores in the format asked for, and the HTML report."""
    from sverka.cli import score_output

    if fmt == "json":
        score_output.write_json(report, segments)  # valid JSON even when every file failed
    if not report.items:
        return
    if fmt in ("csv", "tsv"):
        score_output.write_csv(report, segments, "\t" if fmt == "tsv" else ",")
    elif fmt == "table":
        score_output.write_table(report, width, segments, documents)
    if html is not None:
        from sverka.io.safe import atomic_write
        from sverka.report import render_html

        atomic_write(html, render_html(report).encode("utf-8"))
        click.echo(visible(f"wrote {html}"), err=True)


def _metric_keys(metrics: tuple[str, ...], word_order: int) -> tuple[str, ...]:
    keys = tuple(dict.fromkeys(metrics or ("bleu", "chrf", "ter")))
    if word_order == 2 and "chrf" in keys and "chrf++" in keys:
        keys = tuple(k for k in keys if k != "chrf++")  # the same metric twice
    return keys


class _Bar:
    """The command line's one progress display (cli.progress.shown) for scoring: a bar on
    stderr when it is a terminal and the work takes more than a second; nothing otherwise."""

    def __init__(self, total: int, what: str) -> None:
        from sverka.cli.progress import shown

        self._shown = shown()
        self.bar = self._shown.__enter__()
        if self.bar is not None:
            self.bar.phase(what, total)

    def advance(self, n: float) -> None:
        if self.bar is not None:
            self.bar.advance(n)

    def close(self) -> None:
        self._shown.__exit__(None, None, None)


def _score_reviews(
    opts: Options,
    inputs: tuple[Path, ...],
    include_all: bool,
    confidence: int,
    segments: bool,
    jobs: int,
) -> Report:
    from sverka.score import find_review_files, score_review_files

    files, missing = find_review_files(inputs)
    bar = _Bar(len(files), "scoring review files")
    try:
        report = score_review_files(
            files,
            opts,
            include_all=include_all,
            confidence=confidence,
            segments=segments,
            jobs=jobs or None,
            progress=bar.advance,
        )
    finally:
        bar.close()
    report.errors[:0] = missing
    for item in report.items:
        if item.counts is not None and not item.counts.scored:
            click.echo(
                visible(f"sverka: warning: {item.name}: no reviewed segments")
                + ("" if include_all else " (--all scores every segment)"),
                err=True,
            )
    return report


Systems = tuple[list[list[str]], list[str], list[tuple[str, list[str]]], "list[str] | None"]


def _score_systems(
    opts: Options,
    inputs: tuple[Path, ...],
    refs: tuple[Path, ...],
    wmt: Path | None,
    names: tuple[str, ...],
    wmt_ref: tuple[str, ...],
    docids_path: Path | None,
    errors: list[SverkaError],
    confidence: int,
    paired_bs: int,
    jobs: int,
) -> Report | None:
    from sverka.errors import InputError
    from sverka.score import read_lines, score_systems

    if wmt is not None:
        ref_streams, ref_names, system_list, docids = _wmt_systems(wmt, names, wmt_ref)
    else:
        ref_streams, ref_names, system_list, docids = _ref_systems(refs, inputs, errors)
    if docids_path is not None:
        docids = read_lines(docids_path)
        if len(docids) != len(ref_streams[0]):
            raise InputError(
                f"has {len(docids)} lines for {len(ref_streams[0])} segments", path=docids_path
            )
    if not system_list:
        return None
    bar = _Bar(len(system_list) * len(opts.metrics), "scoring systems")
    try:
        return score_systems(
            system_list,
            ref_streams,
            opts,
            docids=docids,
            confidence=confidence,
            paired_bs=paired_bs,
            jobs=jobs or None,
            progress=bar.advance,
            reference_names=ref_names,
        )
    finally:
        bar.close()


def _wmt_systems(wmt: Path, names: tuple[str, ...], wmt_ref: tuple[str, ...]) -> Systems:
    """References, their names, the systems and the document ids of a WMT test set."""
    from sverka.errors import InputError
    from sverka.io.wmt import read_wmt

    data = read_wmt(wmt)
    translators = list(wmt_ref) or data.default_refs()
    for t in translators:
        if t not in data.refs:
            raise InputError(
                f"has no reference by translator {t!r} (it has {', '.join(sorted(data.refs))})",
                path=wmt,
            )
    chosen = list(names) or list(data.systems)
    unknown = [n for n in chosen if n not in data.systems]
    if unknown:
        raise InputError(
            f"has no system {', '.join(map(repr, unknown))} (it has {', '.join(data.systems)})",
            path=wmt,
        )
    ref_streams = [data.refs[t] for t in translators]
    ref_names = [f"{wmt.name} ref:{t}" for t in translators]
    return ref_streams, ref_names, [(n, data.systems[n]) for n in chosen], data.docids


def _ref_systems(
    refs: tuple[Path, ...], inputs: tuple[Path, ...], errors: list[SverkaError]
) -> Systems:
    """References (--ref) and the system outputs; a system that cannot be used goes to
    ``errors`` and the others are still scored."""
    from sverka.errors import InputError, SverkaError
    from sverka.score import read_lines

    ref_streams = [read_lines(p) for p in refs]
    for p, stream in zip(refs, ref_streams, strict=True):
        if not stream:
            raise InputError("is empty: no reference segments", path=p)
        if len(stream) != len(ref_streams[0]):
            raise InputError(
                f"has {len(stream)} lines but {refs[0]} has {len(ref_streams[0])}", path=p
            )
    size = len(ref_streams[0])
    system_list = []
    seen: set[str] = set()
    for p in inputs:
        try:
            if str(p) in seen:
                raise InputError("is given twice", path=p)
            seen.add(str(p))
            hyps = read_lines(p)
            if len(hyps) != size:
                raise InputError(
                    f"has {len(hyps)} lines but the reference {refs[0]} has {size}",
                    path=p,
                    line=min(len(hyps), size) + 1,
                )
            system_list.append((str(p), hyps))
        except SverkaError as err:
            errors.append(err)
    if not inputs:
        raise click.UsageError("name the system output files to score against --ref")
    return ref_streams, [str(p) for p in refs], system_list, None
