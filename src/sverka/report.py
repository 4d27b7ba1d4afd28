"""The score report as one self-contained HTML file: inline CSS and SVG, no script, nothing
fetched from anywhere, so it can be mailed or opened offline.

Review files: HTER per document, the distribution of segment HTER, the worst segments with
their word diffs. MT systems: the systems side by side with their intervals, the spread of
their segment scores, the worst segments against the reference. Values are in each chart's
SVG ``<title>`` (a tooltip) and in the tables, so nothing needs JavaScript.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from sverka.diff import word_diff
from sverka.score import MetricScore, Report, Scored, SegmentScore

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;margin:2em auto;
max-width:1100px;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid
#dde;padding-bottom:.2em}.sub{color:#667}table{border-collapse:collapse;margin:.6em 0}
td,th{padding:.25em .7em;text-align:right;border-bottom:1px solid #eef}th{background:#f5f6fa}
td.l,th.l{text-align:left}code{font-size:12px;color:#556}svg{display:block;margin:.5em 0}
.diff del{background:#fde0dc;color:#9b1c1c}
.diff ins{background:#dcf5e3;color:#14532d;text-decoration:none}.diff td{text-align:left;
vertical-align:top}.sig{font-size:12px;color:#556}
"""

# Inside every chart, so a chart copied out of the page keeps its look.
_SVG_CSS = (
    ".bar{fill:#4c78a8}.bar.hi{fill:#e45756}.bar.zero{fill:#54a24b}"
    ".ref{stroke:#e45756;stroke-width:1.5;stroke-dasharray:4 3}.axis{stroke:#99a}"
    ".grid{stroke:#e3e5ee}text{font:12px system-ui,sans-serif;fill:#334}"
    ".whisker{stroke:#1d2330;stroke-width:1.5}.box{fill:#9ecae9;stroke:#4c78a8}"
    ".med{stroke:#1d2330;stroke-width:2}"
)

_MAX_BARS = 60
_WORST = 20


def render_html(report: Report, title: str | None = None) -> str:
    """The whole report as an HTML string."""
    review = report.kind == "review"
    title = title or ("HTER of reviewed files" if review else "MT systems against references")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
    ]
    if review:
        parts += _review(report)
    else:
        parts += _systems(report)
    parts.append("<h2>Signatures</h2><ul class='sig'>")
    for name, sig in report.signatures.items():
        parts.append(f"<li><b>{_e(name)}</b> <code>{_e(sig)}</code></li>")
    for name, sig in report.segment_signatures.items():
        if sig != report.signatures.get(name):
            parts.append(f"<li><b>{_e(name)}</b> per segment <code>{_e(sig)}</code></li>")
    parts.append("</ul><p class='sub'>Made by sverka with sacrebleu's metrics.</p></body></html>")
    return "\n".join(parts)


# -- review files ------------------------------------------------------------------------------


def _review(report: Report) -> list[str]:
    c = report.corpus.counts
    out: list[str] = []
    if c is not None:
        out.append(
            f"<p class='sub'>{len(report.items)} files, {c.scored} of {c.entries} segments "
            f"scored, {c.changed} ({c.changed_share:.0%}) changed by the reviewer; words "
            f"kept {c.words.kept}, substituted {c.words.replaced}, inserted "
            f"{c.words.inserted}, deleted {c.words.deleted}.</p>"
        )
    out.append(_score_table([report.corpus, *report.items], review=True))
    scored = [i for i in report.items if "HTER" in i.scores]
    out.append("<h2>HTER per document</h2>")
    if len(scored) > _MAX_BARS:
        out.append(f"<p class='sub'>The {_MAX_BARS} of {len(scored)} with the highest HTER.</p>")
    worst = sorted(scored, key=lambda i: -i.scores["HTER"].score)[:_MAX_BARS]
    corpus = report.corpus.scores.get("HTER")
    out.append(
        _hbars(
            "hter-per-document",
            [(_short(i.name), i.scores["HTER"].score, None) for i in worst],
            reference=(corpus.score, "corpus") if corpus else None,
        )
    )
    values = [s.scores["HTER"] for i in report.items for s in i.segments if "HTER" in s.scores]
    out.append("<h2>Distribution of segment HTER</h2>")
    out.append(_histogram("segment-hter", values, "segments"))
    pool = [(i.name, s) for i in report.items for s in i.segments if "HTER" in s.scores]
    out.append(f"<h2>The {_WORST} segments with the highest HTER</h2>")
    out.append(_worst_table(pool, "HTER", "MT → correction"))
    return out


# -- systems -----------------------------------------------------------------------------------


def _systems(report: Report) -> list[str]:
    out: list[str] = []
    refs = ", ".join(report.references) or "the references"
    n_segs = len(report.items[0].segments) if report.items else 0
    out.append(
        f"<p class='sub'>{len(report.items)} systems, {n_segs} segments, against {_e(refs)}.</p>"
    )
    out.append(_score_table(report.items, review=False))
    out.append("<h2>Systems side by side</h2>")
    names = list(report.signatures)
    for name in names:
        rows = [(i.name, i.scores[name]) for i in report.items if name in i.scores]
        out.append(f"<h3>{_e(name)}</h3>")
        out.append(_intervals(f"systems-{_slug(name)}", rows))
    metric = "TER" if "TER" in names else names[0]
    out.append(f"<h2>Spread of segment {_e(metric)}</h2>")
    out.append(
        _boxes(
            f"segments-{_slug(metric)}",
            [(i.name, [s.scores[metric] for s in i.segments]) for i in report.items],
        )
    )
    pool = [(i.name, s) for i in report.items for s in i.segments if metric in s.scores]
    out.append(f"<h2>The {_WORST} segments with the worst {_e(metric)}</h2>")
    lower_better = metric == "TER"
    out.append(_worst_table(pool, metric, "hypothesis → reference", lower_is_better=lower_better))
    return out


# -- pieces ------------------------------------------------------------------------------------


def _score_table(items: Sequence[Scored], review: bool) -> str:
    names = list(dict.fromkeys(n for i in items for n in i.scores))
    head = "<tr><th class='l'>" + ("file" if review else "system") + "</th>"
    if review:
        head += "<th>scored</th><th>changed</th>"
    head += "".join(f"<th>{_e(n)}</th>" for n in names) + "</tr>"
    rows = [head]
    for item in items:
        cells = [f"<td class='l'>{_e(item.name)}</td>"]
        if review:
            c = item.counts
            cells += (
                [f"<td>{c.scored}/{c.entries}</td>", f"<td>{c.changed_share:.0%}</td>"]
                if c
                else ["<td></td>"] * 2
            )
        cells += [f"<td>{_fmt(item.scores.get(n))}</td>" for n in names]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table>" + "".join(rows) + "</table>"


def _fmt(s: MetricScore | None) -> str:
    if s is None:
        return "—"
    text = f"{s.score:.2f}"
    if s.ci is not None and s.mean is not None:
        text += f" <span class='sub'>({s.mean:.2f} ± {s.ci:.2f})</span>"
    if s.p_value is not None:
        text += f" <span class='sub'>p={s.p_value:.3f}</span>"
    return text


def _hbars(
    chart_id: str,
    rows: list[tuple[str, float, float | None]],
    reference: tuple[float, str] | None = None,
) -> str:
    """Horizontal bars, one per row (label, value); a dashed line at ``reference``."""
    label_w, bar_w, row_h = 260, 560, 18
    top = 22
    h = top + row_h * len(rows) + 24
    hi = max([v for _, v, _ in rows] + [reference[0] if reference else 0.0, 1e-9])
    scale = _nice(hi)
    out = [_svg_open(chart_id, label_w + bar_w + 60, h, "bar chart")]
    out += _x_axis(label_w, bar_w, top, top + row_h * len(rows), scale)
    for k, (label, value, _) in enumerate(rows):
        y = top + k * row_h
        w = max(0.5, bar_w * value / scale)
        out.append(
            f"<text x='{label_w - 6}' y='{y + 13}' text-anchor='end'>{_e(label)}</text>"
            f"<rect class='bar' x='{label_w}' y='{y + 3}' width='{w:.1f}' height='{row_h - 6}'>"
            f"<title>{_e(label)}: {value:.2f}</title></rect>"
            f"<text x='{label_w + w + 4:.1f}' y='{y + 13}'>{value:.1f}</text>"
        )
    if reference is not None:
        x = label_w + bar_w * reference[0] / scale
        out.append(
            f"<line class='ref' x1='{x:.1f}' x2='{x:.1f}' y1='{top - 4}' "
            f"y2='{top + row_h * len(rows)}'/><text x='{x + 3:.1f}' y='{top - 8}'>"
            f"{_e(reference[1])} {reference[0]:.1f}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def _histogram(chart_id: str, values: list[float], unit: str) -> str:
    """Counts in bins: exactly 0 (untouched), (0, 10], (10, 20] ... (90, 100], over 100."""
    labels = ["0", *(f"{a}–{a + 10}" for a in range(0, 100, 10)), ">100"]
    counts = [0] * len(labels)
    for v in values:
        if v <= 0:
            counts[0] += 1
        elif v > 100:
            counts[-1] += 1
        else:
            counts[1 + min(9, math.ceil(v / 10) - 1)] += 1
    left, plot_w, plot_h, top = 50, 780, 220, 16
    bw = plot_w / len(labels)
    scale = _nice(max([*counts, 1]))
    out = [_svg_open(chart_id, left + plot_w + 20, top + plot_h + 44, "histogram")]
    for t in _ticks(scale):
        y = top + plot_h - plot_h * t / scale
        out.append(
            f"<line class='grid' x1='{left}' x2='{left + plot_w}' y1='{y:.1f}' y2='{y:.1f}'/>"
            f"<text x='{left - 6}' y='{y + 4:.1f}' text-anchor='end'>{t:g}</text>"
        )
    for k, (label, n) in enumerate(zip(labels, counts, strict=True)):
        x = left + k * bw
        hgt = plot_h * n / scale
        share = n / len(values) if values else 0.0
        out.append(
            f"<rect class='bar{_bin_class(k, len(labels))}' x='{x + 2:.1f}' "
            f"y='{top + plot_h - hgt:.1f}' width='{bw - 4:.1f}' height='{hgt:.1f}'>"
            f"<title>{label}: {n} {unit} ({share:.0%})</title></rect>"
            f"<text x='{x + bw / 2:.1f}' y='{top + plot_h + 16}' "
            f"text-anchor='middle'>{label}</text>"
        )
    out.append(
        f"<line class='axis' x1='{left}' x2='{left + plot_w}' y1='{top + plot_h}' "
        f"y2='{top + plot_h}'/><text x='{left + plot_w / 2}' y='{top + plot_h + 36}' "
        f"text-anchor='middle'>{len(values)} {unit}</text></svg>"
    )
    return "".join(out)


def _bin_class(k: int, bins: int) -> str:
    return " zero" if k == 0 else " hi" if k == bins - 1 else ""


def _intervals(chart_id: str, rows: list[tuple[str, MetricScore]]) -> str:
    """A bar per system with its 95% interval (mean ± ci) when there is one."""
    label_w, bar_w, row_h, top = 260, 560, 22, 22
    hi = max([s.score for _, s in rows] + [(s.mean or 0) + (s.ci or 0) for _, s in rows] + [1e-9])
    scale = _nice(hi)
    h = top + row_h * len(rows) + 24
    out = [_svg_open(chart_id, label_w + bar_w + 80, h, "systems")]
    out += _x_axis(label_w, bar_w, top, top + row_h * len(rows), scale)
    for k, (name, s) in enumerate(rows):
        y = top + k * row_h
        w = max(0.5, bar_w * s.score / scale)
        tip = f"{name}: {s.score:.2f}"
        if s.mean is not None and s.ci is not None:
            tip += f" (95% interval {s.mean - s.ci:.2f}–{s.mean + s.ci:.2f})"
        if s.p_value is not None:
            tip += f", p = {s.p_value:.4f}"
        out.append(
            f"<text x='{label_w - 6}' y='{y + 15}' text-anchor='end'>{_e(_short(name))}</text>"
            f"<rect class='bar' x='{label_w}' y='{y + 4}' width='{w:.1f}' height='{row_h - 8}'>"
            f"<title>{_e(tip)}</title></rect>"
        )
        if s.mean is not None and s.ci is not None:
            x1 = label_w + bar_w * (s.mean - s.ci) / scale
            x2 = label_w + bar_w * (s.mean + s.ci) / scale
            ym = y + row_h / 2
            out.append(
                f"<g class='interval'><line class='whisker' x1='{x1:.1f}' x2='{x2:.1f}' "
                f"y1='{ym}' y2='{ym}'/><line class='whisker' x1='{x1:.1f}' x2='{x1:.1f}' "
                f"y1='{ym - 5}' y2='{ym + 5}'/><line class='whisker' x1='{x2:.1f}' "
                f"x2='{x2:.1f}' y1='{ym - 5}' y2='{ym + 5}'/></g>"
            )
        out.append(f"<text x='{label_w + bar_w + 8}' y='{y + 15}'>{s.score:.2f}</text>")
    out.append("</svg>")
    return "".join(out)


def _boxes(chart_id: str, rows: list[tuple[str, list[float]]]) -> str:
    """Per system: the middle half of its segment scores (box), median, 10th-90th whiskers."""
    label_w, plot_w, row_h, top = 260, 560, 22, 22
    everything = [v for _, vs in rows for v in vs]
    scale = _nice(_quantile(sorted(everything), 0.99) if everything else 1.0)
    h = top + row_h * len(rows) + 24
    out = [_svg_open(chart_id, label_w + plot_w + 40, h, "box plot")]
    out += _x_axis(label_w, plot_w, top, top + row_h * len(rows), scale)

    def x(v: float) -> float:
        return label_w + plot_w * min(v, scale) / scale

    for k, (name, vs) in enumerate(rows):
        if not vs:
            continue
        s = sorted(vs)
        p10, q1, med, q3, p90 = (_quantile(s, q) for q in (0.1, 0.25, 0.5, 0.75, 0.9))
        y = top + k * row_h
        ym = y + row_h / 2
        out.append(
            f"<text x='{label_w - 6}' y='{y + 15}' text-anchor='end'>{_e(_short(name))}</text>"
            f"<g><title>{_e(name)}: median {med:.1f}, middle half {q1:.1f}–{q3:.1f}, "
            f"10th–90th percentile {p10:.1f}–{p90:.1f}</title>"
            f"<line class='whisker' x1='{x(p10):.1f}' x2='{x(p90):.1f}' y1='{ym}' y2='{ym}'/>"
            f"<rect class='box' x='{x(q1):.1f}' y='{y + 4}' width='{max(1.0, x(q3) - x(q1)):.1f}' "
            f"height='{row_h - 8}'/><line class='med' x1='{x(med):.1f}' x2='{x(med):.1f}' "
            f"y1='{y + 3}' y2='{y + row_h - 3}'/></g>"
        )
    out.append("</svg>")
    return "".join(out)


def _worst_table(
    pool: list[tuple[str, SegmentScore]], metric: str, what: str, lower_is_better: bool = True
) -> str:
    sign = -1.0 if lower_is_better else 1.0
    worst = sorted(pool, key=lambda p: (sign * p[1].scores[metric], -len(p[1].ref)))[:_WORST]
    rows = [
        f"<table class='diff'><tr><th class='l'>where</th><th>{_e(metric)}</th>"
        f"<th class='l'>{_e(what)}</th></tr>"
    ]
    for name, s in worst:
        rows.append(
            f"<tr><td>{_e(_short(name))}<br><code>{_e(s.id)}</code></td>"
            f"<td>{s.scores[metric]:.1f}</td><td>{diff_html(s.hyp, s.ref)}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def diff_html(old: str, new: str) -> str:
    """The word diff as HTML: deleted words in <del>, inserted ones in <ins>, the spacing
    of the texts kept (no space appears before a full stop that had none)."""
    d = word_diff(old, new)
    out: list[str] = []
    for op, (tag, a, b) in zip(d.ops, d.chunks(), strict=True):
        if out:  # the space before this run, as its text has it (the correction's first)
            tok, text = (d.new[op.j1], new) if op.j2 > op.j1 else (d.old[op.i1], old)
            if text[tok.start - 1 : tok.start].isspace():
                out.append(" ")
        if tag == "equal":
            out.append(_e(b))
        else:
            pieces = ([f"<del>{_e(a)}</del>"] if a else []) + ([f"<ins>{_e(b)}</ins>"] if b else [])
            out.append(" ".join(pieces))
    return "".join(out)


def _svg_open(chart_id: str, w: float, h: float, role: str) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' class='chart' id='{chart_id}' "
        f"width='{w:.0f}' height='{h:.0f}' viewBox='0 0 {w:.0f} {h:.0f}' role='img' "
        f"aria-label='{_e(role)}'><style>{_SVG_CSS}</style>"
    )


def _x_axis(left: int, width: int, top: int, bottom: int, scale: float) -> list[str]:
    out = []
    for t in _ticks(scale):
        x = left + width * t / scale
        out.append(
            f"<line class='grid' x1='{x:.1f}' x2='{x:.1f}' y1='{top}' y2='{bottom}'/>"
            f"<text x='{x:.1f}' y='{bottom + 14}' text-anchor='middle'>{t:g}</text>"
        )
    return out


def _nice(hi: float) -> float:
    """A round axis maximum at or above ``hi``."""
    if hi <= 0:
        return 1.0
    step = 10 ** math.floor(math.log10(hi))
    for m in (1, 2, 2.5, 5, 10):
        if m * step >= hi:
            return m * step
    return 10 * step


def _ticks(scale: float) -> list[float]:
    return [scale * k / 5 for k in range(6)]


def _quantile(s: list[float], q: float) -> float:
    if not s:
        return 0.0
    pos = q * (len(s) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def _short(name: str, limit: int = 40) -> str:
    name = name.replace("\\", "/")
    tail = name.rsplit("/", 1)[-1]
    return tail if len(tail) <= limit else "…" + tail[-limit + 1 :]


def _slug(name: str) -> str:
    return "".join(c.lower() if c.isalnum() else "-" for c in name).strip("-")


def _e(s: str) -> str:
    return html.escape(s, quote=True)
