"""HTER of review files whose TER is known from the definition (edits / reference words),
reviewed-only vs --all, corpus from summed statistics, bad files, and the outputs: JSON shape,
CSV/TSV, the table and the HTML report."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html
from sacrebleu.metrics import BLEU, CHRF
from scoredata import review_file

from sverka.cli import main
from sverka.score import score_review_files

TER_SIG = "nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0"


def run(*args: str | Path):
    return CliRunner().invoke(main, ["score", *map(str, args)])


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """a.po: one substitution in a 4-word sentence (1/4), one untouched 6-word sentence, and
    an unreviewed entry the reviewer rewrote (2 substitutions in 2 words).
    b.po: one shift of a 3-word block in a 6-word sentence (1 edit / 6 words)."""
    return {
        "a": review_file(
            tmp_path / "a.po",
            [
                ("The cat sat down.", "The dog sat down.", True),
                ("Nothing to fix in this one", "Nothing to fix in this one", True),
                ("Not yet", "Still open", False),
            ],
        ),
        "b": review_file(tmp_path / "b.po", [("d e f a b c", "a b c d e f", True)]),
    }


def test_hter_from_the_definition(files):
    report = score_review_files([files["a"], files["b"]], jobs=1)
    a, b = report.items
    # TER tokenises on spaces: "down." is one word, so "The cat sat down." has 4.
    assert a.scores["HTER"].score == pytest.approx(100 * 1 / (4 + 6))
    assert b.scores["HTER"].score == pytest.approx(100 * 1 / 6)
    assert [s.scores["HTER"] for s in a.segments] == pytest.approx([25.0, 0.0])
    # The corpus sums edits and lengths over all files: 2 / 16, not the mean of 10% and 16.7%.
    assert report.corpus.scores["HTER"].score == pytest.approx(100 * 2 / 16)
    mean_of_files = (a.scores["HTER"].score + b.scores["HTER"].score) / 2
    assert mean_of_files == pytest.approx(13.333, abs=1e-3)
    assert report.corpus.scores["HTER"].signature == TER_SIG
    # BLEU and chrF against the correction are sacrebleu's.
    hyps = ["The cat sat down.", "Nothing to fix in this one", "d e f a b c"]
    refs = ["The dog sat down.", "Nothing to fix in this one", "a b c d e f"]
    assert report.corpus.scores["BLEU"].score == BLEU().corpus_score(hyps, [refs]).score
    assert report.corpus.scores["chrF2"].score == CHRF().corpus_score(hyps, [refs]).score


def test_counts_changed_share_and_word_edits(files):
    report = score_review_files([files["a"]], jobs=1)
    c = report.items[0].counts
    assert (c.entries, c.scored, c.changed) == (3, 2, 1)
    assert c.changed_share == 0.5
    # Words and punctuation marks: "The cat sat down ." -> one word replaced, four kept; plus
    # six words kept in the untouched sentence.
    assert (c.words.kept, c.words.replaced, c.words.inserted, c.words.deleted) == (10, 1, 0, 0)


def test_all_counts_the_unreviewed_entries_too(files):
    reviewed = score_review_files([files["a"]], jobs=1).items[0]
    everything = score_review_files([files["a"]], include_all=True, jobs=1).items[0]
    assert reviewed.scores["HTER"].score == pytest.approx(100 * 1 / 10)
    # "Not yet" -> "Still open": two substitutions against two reference words.
    assert everything.scores["HTER"].score == pytest.approx(100 * 3 / 12)
    assert everything.counts.scored == 3 and everything.counts.changed == 2


def test_cli_json_shape(files):
    result = run(files["a"], files["b"], "--format", "json", "--segments")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"corpus", "items"}
    assert data["corpus"]["scores"]["HTER"]["score"] == pytest.approx(12.5)
    assert [i["name"] for i in data["items"]] == [str(files["a"]), str(files["b"])]
    for scored in [data["corpus"], *data["items"]]:
        assert set(scored["scores"]) == {"BLEU", "chrF2", "HTER"}
        for value in scored["scores"].values():
            assert set(value) == {"score", "signature"}
            assert isinstance(value["score"], float) and "version:2.6.0" in value["signature"]
    a = data["items"][0]
    assert {"name", "scores", "segments"} <= set(a)
    assert [s["id"] for s in a["segments"]] == ["p001.s01", "p001.s02"]
    first = a["segments"][0]
    assert first["mt"] == "The cat sat down." and first["en"] == "The dog sat down."
    assert first["changed"] is True and first["scores"]["HTER"]["score"] == 25.0
    assert first["scores"]["BLEU"]["signature"].startswith("nrefs:1|case:mixed|eff:yes")
    assert a["counts"]["changed_share"] == 0.5
    without = json.loads(run(files["a"], "--format", "json").stdout)
    assert "segments" not in without["items"][0]


def test_cli_confidence_adds_interval_fields(files):
    data = json.loads(run(files["a"], files["b"], "--format", "json", "--confidence").stdout)
    hter = data["corpus"]["scores"]["HTER"]
    assert set(hter) == {"score", "signature", "mean", "ci"}
    assert "bs:1000|seed:12345" in hter["signature"]


@pytest.mark.parametrize("fmt, sep", [("csv", ","), ("tsv", "\t")])
def test_cli_csv_and_tsv(files, fmt, sep):
    result = run(files["a"], files["b"], "--format", fmt, "--segments")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter=sep))
    assert [r["level"] for r in rows] == ["corpus", "file", "segment", "segment", "file", "segment"]
    assert float(rows[0]["HTER"]) == pytest.approx(12.5)
    assert rows[2]["segment"] == "p001.s01" and float(rows[2]["HTER"]) == 25.0
    assert rows[0]["HTER signature"] == TER_SIG


def test_cli_table_names_every_score_with_its_signature(files):
    result = run(files["a"], files["b"], "-w", "2")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "12.50" in out and "10.00" in out and "16.67" in out
    assert f"HTER       {TER_SIG}" in out


def test_a_bad_file_is_named_with_its_line_and_the_others_are_scored(files, tmp_path):
    bad = tmp_path / "bad.po"
    bad.write_text(
        'msgid ""\nmsgstr ""\n\nmsgctxt "x"\nmsgid "Привет\nmsgstr "Hi"\n', encoding="utf-8"
    )
    missing = tmp_path / "missing.po"
    result = run(files["a"], bad, missing, files["b"], "--format", "json")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"sverka: error: {missing}: ")
    assert lines[1].startswith(f"sverka: error: {bad}:5: ")
    scored = [i["name"] for i in json.loads(result.stdout)["items"]]
    assert scored == [str(files["a"]), str(files["b"])]


def test_a_folder_is_searched_for_po_files(files, tmp_path):
    data = json.loads(run(tmp_path, "--format", "json").stdout)
    assert sorted(i["name"] for i in data["items"]) == sorted(map(str, files.values()))


def test_html_report_is_self_contained_with_its_charts(files, tmp_path):
    out = tmp_path / "report.html"
    result = run(files["a"], files["b"], "--html", out)
    assert result.exit_code == 0, result.output
    page = html.fromstring(out.read_bytes())
    charts = {svg.get("id") for svg in page.iter("svg")}
    assert {"hter-per-document", "segment-hter"} <= charts
    bars = page.xpath("//svg[@id='hter-per-document']//rect")
    assert len(bars) == 2
    assert "16.67" in bars[0].findtext("title")  # worst first
    assert page.xpath("//script") == []
    external = [
        v
        for el in page.iter()
        for k, v in el.attrib.items()
        if k in ("src", "href", "xlink:href", "{http://www.w3.org/1999/xlink}href")
    ]
    assert external == []
    assert page.xpath("//link") == []
    # The worst segments with their word diffs.
    assert "cat" in page.xpath("//table[@class='diff']//del/text()")
    assert "dog" in "".join(page.xpath("//table[@class='diff']//ins/text()"))


def test_html_report_for_systems_has_side_by_side_intervals(tmp_path):
    ref = tmp_path / "ref.en"
    ref.write_text("the cat sat on the mat\nhello world\na b c d\n", encoding="utf-8")
    s1 = tmp_path / "s1.en"
    s1.write_text("the cat sat on a mat\nhello world\na c b d\n", encoding="utf-8")
    s2 = tmp_path / "s2.en"
    s2.write_text("a cat is on the mat\nhi world\nd c b a\n", encoding="utf-8")
    out = tmp_path / "systems.html"
    result = run("-r", ref, s1, s2, "--paired-bs", "--paired-bs-n", "50", "--html", out)
    assert result.exit_code == 0, result.output
    page = html.fromstring(out.read_bytes())
    charts = {svg.get("id") for svg in page.iter("svg")}
    assert {"systems-bleu", "systems-chrf2", "systems-ter", "segments-ter"} <= charts
    assert len(page.xpath("//svg[@id='systems-ter']//g[@class='interval']")) == 2
    assert page.xpath("//script") == []


def test_progress_goes_nowhere_when_piped(files):
    """As a process (stderr is a pipe): no progress bar, nothing but the data on stdout."""
    done = subprocess.run(
        [sys.executable, "-c", "from sverka.cli import main; main()", "score",
         str(files["a"]), str(files["b"]), "--format", "tsv"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.splitlines()[0].startswith("level\tname\tdocument\tsegment\t")
