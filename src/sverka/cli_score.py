"""``sverka score``: quality scores in batch, for review files or MT against references.

Registered on ``sverka.cli.main`` by the two lines at the end of cli.py. Because cli.py
imports this module while it loads, this module must not import cli.py at its top (with
``python -m sverka.cli`` that would be a circular import): cli.py's error handling is looked
up when the command runs. Everything heavy (sacrebleu, numpy, rich) is imported inside the
command, so ``sverka --help`` stays fast.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sverka.termsafe import json_dumps, visible

if TYPE_CHECKING:
    from sverka.errors import SverkaError
    from sverka.score import MetricScore, Options, Report, Scored

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


def _user_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """sverka.cli's handler: a SverkaError becomes one line on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from sverka.cli import _user_errors as handled

        return handled(func)(*args, **kwargs)

    return wrapper


def _debug_option(func: Callable[..., Any]) -> Callable[..., Any]:
    # The same option as sverka.cli._debug_option (which cannot be imported here yet).
    return click.option("--debug", is_flag=True, help="Show a traceback on errors.")(func)


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
@_debug_option
@_user_errors
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
    from sverka.errors import InputError
    from sverka.score import Options

    opts = Options(
        metrics=_metric_keys(metrics, sacrebleu_args["chrf_word_order"]),
        **sacrebleu_args,
    )
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

    if html is not None:
        from sverka.io.safe import refuse_to_replace

        read = [*inputs, *refs, *([wmt] if wmt else []), *([docids] if docids else [])]
        refuse_to_replace(html, read, "one of the files to score")
    errors: list[SverkaError] = []
    if mode_systems:
        report = _score_systems(
            opts, inputs, refs, wmt, systems, wmt_ref, docids, errors,
            confidence_n if confidence else 0, paired_bs_n if paired_bs else 0, jobs,
        )  # fmt: skip
    else:
        report = _score_reviews(
            opts,
            inputs,
            include_all,
            confidence_n if confidence else 0,
            segments or bool(html),
            jobs,
        )
        errors.extend(report.errors)
    for err in errors:
        click.echo(f"sverka: error: {visible(str(err))}", err=True)
    if report is not None and fmt == "json":
        _write_json(report, segments)  # valid JSON even when every file failed
    if report is not None and report.items:
        if fmt in ("csv", "tsv"):
            _write_csv(report, segments, "\t" if fmt == "tsv" else ",")
        elif fmt == "table":
            _write_table(report, width, segments, documents)
        if html is not None:
            from sverka.io.safe import atomic_write
            from sverka.report import render_html

            atomic_write(html, render_html(report).encode("utf-8"))
            click.echo(visible(f"wrote {html}"), err=True)
    if errors:
        from sverka.cli import EXIT_INPUT

        sys.exit(EXIT_INPUT)


def _metric_keys(metrics: tuple[str, ...], word_order: int) -> tuple[str, ...]:
    keys = tuple(dict.fromkeys(metrics or ("bleu", "chrf", "ter")))
    if word_order == 2 and "chrf" in keys and "chrf++" in keys:
        keys = tuple(k for k in keys if k != "chrf++")  # the same metric twice
    return keys


class _Bar:
    """The command line's one progress display (cli_progress.shown) for scoring: a bar on
    stderr when it is a terminal and the work takes more than a second; nothing otherwise."""

    def __init__(self, total: int, what: str) -> None:
        from sverka.cli_progress import shown

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
    from sverka.errors import InputError, SverkaError
    from sverka.score import read_lines, score_systems

    docids: list[str] | None = None
    if wmt is not None:
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
        system_list = [(n, data.systems[n]) for n in chosen]
        docids = data.docids
    else:
        ref_streams = [read_lines(p) for p in refs]
        for p, stream in zip(refs, ref_streams, strict=True):
            if not stream:
                raise InputError("is empty: no reference segments", path=p)
            if len(stream) != len(ref_streams[0]):
                raise InputError(
                    f"has {len(stream)} lines but {refs[0]} has {len(ref_streams[0])}", path=p
                )
        ref_names = [str(p) for p in refs]
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


# -- output ----------------------------------------------------------------------------------


def _score_json(s: MetricScore) -> dict[str, Any]:
    out: dict[str, Any] = {"score": s.score, "signature": s.signature}
    for key in ("mean", "ci", "p_value"):
        value = getattr(s, key)
        if value is not None:
            out[key] = value
    return out


def _counts_json(item: Scored) -> dict[str, Any] | None:
    c = item.counts
    if c is None:
        return None
    return {
        "entries": c.entries,
        "scored": c.scored,
        "changed": c.changed,
        "changed_share": c.changed_share,
        "words": {
            "kept": c.words.kept,
            "replaced": c.words.replaced,
            "inserted": c.words.inserted,
            "deleted": c.words.deleted,
        },
    }


def report_json(report: Report, segments: bool) -> dict[str, Any]:
    """The JSON object: {"corpus": {...}, "items": [{"name", "scores", "segments"?}, ...]}."""
    seg_sig = report.segment_signatures

    def scored(item: Scored, with_segments: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": item.name,
            "scores": {k: _score_json(v) for k, v in item.scores.items()},
        }
        counts = _counts_json(item)
        if counts is not None:
            out["counts"] = counts
        if item.baseline:
            out["baseline"] = True
        if item.documents:
            out["documents"] = [scored(d, False) for d in item.documents]
        if with_segments:
            out["segments"] = [_segment_json(report, s, seg_sig) for s in item.segments]
        return out

    corpus = scored(report.corpus, False)
    if report.kind == "systems":
        corpus["references"] = report.references
        corpus["segments"] = len(report.items[0].segments) if report.items else 0
    return {"corpus": corpus, "items": [scored(i, segments) for i in report.items]}


def _segment_json(report: Report, s: Any, sigs: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": s.id}
    if s.doc is not None:
        out["doc"] = s.doc
    if report.kind == "review":
        out.update(mt=s.hyp, en=s.ref, changed=s.changed)
        if s.words is not None:
            out["words"] = {
                "kept": s.words.kept,
                "replaced": s.words.replaced,
                "inserted": s.words.inserted,
                "deleted": s.words.deleted,
            }
    else:
        out.update(hyp=s.hyp, ref=s.ref)
    out["scores"] = {k: {"score": v, "signature": sigs[k]} for k, v in s.scores.items()}
    return out


def _write_json(report: Report, segments: bool) -> None:
    # json_dumps: C1 controls and bidi marks in names escaped too, the data exactly
    sys.stdout.write(json_dumps(report_json(report, segments), indent=1))
    sys.stdout.write("\n")


def _write_csv(report: Report, segments: bool, delimiter: str) -> None:
    names = list(report.signatures)
    review = report.kind == "review"
    head = ["level", "name", "document", "segment", *names]
    if review:
        head += ["scored", "changed", "changed_share", "words_kept", "words_replaced",
                 "words_inserted", "words_deleted"]  # fmt: skip
    head += [f"{n} signature" for n in names]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(head)

    def row(level: str, name: str, doc: str, seg: str, scores: dict[str, Any], item: Any,
            sigs: dict[str, str]) -> None:  # fmt: skip
        values = [_num(scores.get(n)) for n in names]
        extra: list[Any] = []
        if review:
            c = getattr(item, "counts", None)
            if c is not None:
                extra = [c.scored, c.changed, c.changed_share, c.words.kept, c.words.replaced,
                         c.words.inserted, c.words.deleted]  # fmt: skip
            elif getattr(item, "words", None) is not None:
                ww = item.words
                extra = [1, int(bool(item.changed)), float(bool(item.changed)), ww.kept,
                         ww.replaced, ww.inserted, ww.deleted]  # fmt: skip
            else:
                extra = [""] * 7
        w.writerow([level, name, doc, seg, *values, *extra,
                    *(sigs.get(n, "") if n in scores else "" for n in names)])  # fmt: skip

    sigs = report.signatures
    if review and report.corpus.scores:
        row("corpus", "corpus", "", "", report.corpus.scores, report.corpus, sigs)
    for item in report.items:
        row("file" if review else "system", item.name, "", "", item.scores, item, sigs)
        for d in item.documents:
            row("document", item.name, d.name, "", d.scores, d, sigs)
        if segments:
            for s in item.segments:
                row("segment", item.name, s.doc or "", s.id, s.scores, s,
                    report.segment_signatures)  # fmt: skip
    text = buf.getvalue()
    # To a pipe or a file exactly; to a terminal, names are shown safely (termsafe).
    sys.stdout.write(visible(text, newlines=True) if sys.stdout.isatty() else text)


def _num(value: Any) -> Any:
    if value is None:
        return ""
    return value.score if hasattr(value, "score") else value


def _write_table(report: Report, width: int, segments: bool, documents: bool) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def shown(name: str) -> Text:
        """A name from a file (a WMT system, a file name) as text: no rich markup, and
        nothing a terminal would obey (termsafe)."""
        return Text(visible(name))

    # Piped output is not cut to 80 columns: wide tables stay one row per line.
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    names = list(report.signatures)
    review = report.kind == "review"
    paired = any(i.baseline for i in report.items)

    def cell(s: MetricScore | None) -> str:
        if s is None:
            return "—"
        text = f"{s.score:.{width}f}"
        if s.mean is not None and s.ci is not None:
            text += f" ({s.mean:.{width}f} ± {s.ci:.{width}f})"
        if s.p_value is not None:
            text += f" p={s.p_value:.4f}" + ("*" if s.p_value <= 0.05 else "")
        return text

    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("file" if review else "system", overflow="fold")
    if review:
        table.add_column("scored", justify="right")
        table.add_column("changed", justify="right")
    for n in names:
        table.add_column(n + (" (μ ± 95% CI)" if _has_ci(report, n) else ""), justify="right")
    if review:
        table.add_column("words kept/sub/ins/del", justify="right")

    def add(item: Scored, label: str, style: str | None = None) -> None:
        row: list[str | Text] = [shown(label)]
        if review:
            c = item.counts
            row += [f"{c.scored}/{c.entries}", f"{c.changed_share:.0%}"] if c else ["", ""]
        row += [cell(item.scores.get(n)) for n in names]
        if review:
            c = item.counts
            row.append(
                f"{c.words.kept}/{c.words.replaced}/{c.words.inserted}/{c.words.deleted}"
                if c
                else ""
            )
        table.add_row(*row, style=style)

    for item in report.items:
        add(item, ("Baseline: " if item.baseline else "") + item.name)
        if documents:
            for d in item.documents:
                add(d, f"  {d.name}", "dim")
    if review and report.corpus.counts is not None and len(report.items) > 1:
        table.add_section()
        add(report.corpus, "corpus", "bold")
    console.print(table)
    if segments:
        for item in report.items:
            seg_table = Table(
                title=shown(item.name), box=None, pad_edge=False, title_justify="left"
            )
            seg_table.add_column("segment")
            for n in names:
                seg_table.add_column(n, justify="right")
            seg_table.add_column("MT" if review else "hypothesis", overflow="fold")
            for s in item.segments:
                seg_table.add_row(
                    shown(s.id),
                    *(f"{s.scores[n]:.{width}f}" if n in s.scores else "—" for n in names),
                    shown(s.hyp),
                )  # fmt: skip
            console.print()
            console.print(seg_table)
    # Nothing scored (no reviewed segment yet): no signatures to print, and no header.
    lines = ["", "Metric signatures:"] if report.signatures else []
    lines += [f" - {n:<10} {sig}" for n, sig in report.signatures.items()]
    if segments:
        lines += [
            f" - {n:<10} {sig} (segments)"
            for n, sig in report.segment_signatures.items()
            if sig != report.signatures.get(n)
        ]
    if paired:
        lines.append(
            "Paired bootstrap resampling: each system against the baseline; * marks p ≤ 0.05."
        )
    if lines:
        click.echo("\n".join(lines))


def _has_ci(report: Report, name: str) -> bool:
    return any(
        i.scores.get(name) is not None and i.scores[name].ci is not None
        for i in [report.corpus, *report.items]
    )
