"""What ``sverka score`` writes: the table (rich, on a terminal), JSON and CSV/TSV.

Names from files (systems, file names, segments) are shown safely on a terminal (termsafe);
JSON and CSV hold them exactly.
"""

from __future__ import annotations

import csv
import io
import sys
from typing import TYPE_CHECKING, Any

import click

from sverka.termsafe import json_dumps, visible

if TYPE_CHECKING:
    from sverka.score import MetricScore, Report, Scored


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


def write_json(report: Report, segments: bool) -> None:
    # json_dumps: C1 controls and bidi marks in names escaped too, the data exactly
    sys.stdout.write(json_dumps(report_json(report, segments), indent=1))
    sys.stdout.write("\n")


def write_csv(report: Report, segments: bool, delimiter: str) -> None:
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


def write_table(report: Report, width: int, segments: bool, documents: bool) -> None:
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
