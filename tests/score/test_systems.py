"""MT against references: numbers and signatures equal to sacrebleu's Python API, computed here.

BLEU and chrF: all ten WMT21 ru-en systems against reference A, corpus and segment level.
TER: three systems in test_ter.py (every segment) and here one corpus score with its
signature; all ten in bench/score.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.significance import PairedTest
from scoredata import SYSTEMS, WMT

from sverka.cli import main
from sverka.io.wmt import read_wmt
from sverka.score import Options, score_systems


@pytest.fixture(scope="module")
def subset(wmt21) -> dict[str, list[str]]:
    """200 segments: enough for the statistical paths, fast enough for sacrebleu's TER."""
    return {k: v[:200] for k, v in wmt21.items()}


def test_all_ten_systems_bleu_and_chrf_corpus_and_segments(wmt21):
    refs = wmt21["ref:A"]
    systems = [(s, wmt21[s]) for s in SYSTEMS]
    report = score_systems(systems, [refs], Options(metrics=("bleu", "chrf")), jobs=2)
    bleu, chrf = BLEU(), CHRF()
    sent_bleu = BLEU(effective_order=True)
    for item, (name, hyps) in zip(report.items, systems, strict=True):
        want_bleu = bleu.corpus_score(hyps, [refs])
        want_chrf = chrf.corpus_score(hyps, [refs])
        assert item.name == name
        assert item.scores["BLEU"].score == want_bleu.score
        assert item.scores["chrF2"].score == want_chrf.score
        assert item.scores["BLEU"].signature == bleu.get_signature().format()
        assert item.scores["chrF2"].signature == chrf.get_signature().format()
        for k in range(0, 1000, 7):  # every seventh segment: sentence_score is slow
            seg = item.segments[k]
            assert seg.scores["BLEU"] == sent_bleu.sentence_score(hyps[k], [refs[k]]).score
            assert seg.scores["chrF2"] == chrf.sentence_score(hyps[k], [refs[k]]).score
    assert report.segment_signatures["BLEU"] == sent_bleu.get_signature().format()
    assert "eff:yes" in report.segment_signatures["BLEU"]


def test_ter_corpus_score_and_signature(subset):
    refs, hyps = subset["ref:A"], subset["Online-B"]
    report = score_systems([("Online-B", hyps)], [refs], Options(metrics=("ter",)))
    ter = TER()
    want = ter.corpus_score(hyps, [refs])
    got = report.items[0].scores["TER"]
    assert (got.score, got.signature) == (want.score, ter.get_signature().format())
    assert got.signature == "nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.6.0"


def test_documents_are_scored_from_summed_statistics(wmt21):
    refs, hyps, docids = wmt21["ref:A"], wmt21["AFRL"], wmt21["docid"]
    report = score_systems(
        [("AFRL", hyps)], [refs], Options(metrics=("bleu", "ter")), docids=docids
    )
    item = report.items[0]
    assert [d.name for d in item.documents] == list(dict.fromkeys(docids))
    bleu = BLEU()
    for doc in item.documents[:20]:
        rows = [k for k, d in enumerate(docids) if d == doc.name]
        want = bleu.corpus_score([hyps[k] for k in rows], [[refs[k] for k in rows]])
        assert doc.scores["BLEU"].score == want.score
    # The corpus score is not the average of the document scores.
    mean_docs = sum(d.scores["BLEU"].score for d in item.documents) / len(item.documents)
    assert item.scores["BLEU"].score == bleu.corpus_score(hyps, [refs]).score
    assert not math.isclose(item.scores["BLEU"].score, mean_docs, abs_tol=0.05)


def test_options_chrf_plus_plus_ter_variants_and_two_references(subset):
    refs = [subset["ref:A"], subset["ref:B"]]
    hyps = subset["Online-A"]
    opts = Options(
        metrics=("bleu", "chrf++", "ter"),
        lowercase=True,
        tokenize="intl",
        ter_normalized=True,
        ter_no_punct=True,
        ter_case_sensitive=True,
    )
    report = score_systems([("Online-A", hyps)], refs, opts)
    got = report.items[0].scores
    for name, metric in [
        ("BLEU", BLEU(lowercase=True, tokenize="intl")),
        ("chrF2++", CHRF(word_order=2)),
        ("TER", TER(normalized=True, no_punct=True, case_sensitive=True)),
    ]:
        want = metric.corpus_score(hyps, refs)
        assert (got[name].score, got[name].signature) == (
            want.score,
            metric.get_signature().format(),
        ), name
    assert "nrefs:2" in got["TER"].signature


def test_confidence_intervals_are_sacrebleus(subset):
    refs, hyps = subset["ref:A"], subset["NiuTrans"]
    report = score_systems([("NiuTrans", hyps)], [refs], Options(), confidence=200)
    for name, metric in [("BLEU", BLEU()), ("chrF2", CHRF()), ("TER", TER())]:
        want = metric.corpus_score(hyps, [refs], n_bootstrap=200)
        got = report.items[0].scores[name]
        assert (got.score, got.mean, got.ci) == (want.score, want._mean, want._ci), name
        assert got.signature == metric.get_signature().format()
        assert "bs:200|seed:12345" in got.signature


def test_paired_bootstrap_is_sacrebleus(subset):
    refs = subset["ref:A"]
    names = ["Online-B", "Online-Y", "Manifold"]
    systems = [(n, subset[n]) for n in names]
    report = score_systems(systems, [refs], Options(), paired_bs=100)
    metrics = {m: cls(references=[refs]) for m, cls in [("BLEU", BLEU), ("chrF2", CHRF), ("TER", TER)]}  # fmt: skip
    sigs, results = PairedTest(systems, metrics, None, test_type="bs", n_samples=100)()
    assert report.items[0].baseline and not report.items[1].baseline
    for name in metrics:
        for item, want in zip(report.items, results[name], strict=True):
            got = item.scores[name]
            assert (got.score, got.mean, got.ci, got.p_value) == (
                want.score,
                want.mean,
                want.ci,
                want.p_value,
            )
            assert got.signature == sigs[name].format()
    assert report.items[1].scores["BLEU"].p_value is not None


def test_wmt_reader_matches_sacrebleus(wmt21):
    data = read_wmt(WMT)
    assert data.src == wmt21["src"]
    assert data.refs["A"] == wmt21["ref:A"] and data.refs["B"] == wmt21["ref:B"]
    assert data.docids == wmt21["docid"]
    assert list(data.systems) == list(SYSTEMS)
    for s in SYSTEMS:
        assert data.systems[s] == wmt21[s]


# -- the command line ------------------------------------------------------------------------


def run(*args: str | Path):
    return CliRunner().invoke(main, ["score", *map(str, args)])


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_cli_wmt_json_shape(wmt21):
    result = run("--wmt", WMT, "--system", "Online-G", "--system", "AFRL", "--format", "json")
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.stdout)
    assert set(data) == {"corpus", "items"}
    assert [i["name"] for i in data["items"]] == ["Online-G", "AFRL"]
    for item in data["items"]:
        assert set(item["scores"]) == {"BLEU", "chrF2", "TER"}
        for score in item["scores"].values():
            assert set(score) == {"score", "signature"}
        assert len(item["documents"]) == len(set(wmt21["docid"]))


def test_cli_plain_files_table_and_signatures(tmp_path, subset):
    ref = write_lines(tmp_path / "ref.en", subset["ref:A"])
    a = write_lines(tmp_path / "a.en", subset["Online-W"])
    result = run("-r", ref, a, "-w", "4", "-m", "bleu")
    assert result.exit_code == 0, result.output
    want = BLEU().corpus_score(subset["Online-W"], [subset["ref:A"]])
    assert f"{want.score:.4f}" in result.stdout
    assert "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0" in result.stdout


def test_cli_bad_system_file_is_named_and_the_others_are_scored(tmp_path, subset):
    ref = write_lines(tmp_path / "ref.en", subset["ref:A"])
    good = write_lines(tmp_path / "good.en", subset["Online-W"])
    short = write_lines(tmp_path / "short.en", subset["Online-W"][:150])
    binary = tmp_path / "latin1.en"
    binary.write_bytes(b"ok\nna\xefve\n")
    result = run("-r", ref, short, good, binary, "--format", "json")
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(f"sverka: error: {short}:151: has 150 lines")
    assert errors[1].startswith(f"sverka: error: {binary}:2: is not UTF-8")
    import json

    assert [i["name"] for i in json.loads(result.stdout)["items"]] == [str(good)]


def test_cli_empty_or_unequal_reference_is_one_line_and_exit_2(tmp_path):
    empty = tmp_path / "empty.en"
    empty.write_text("", encoding="utf-8")
    hyp = write_lines(tmp_path / "hyp.en", ["a b"])
    result = run("-r", empty, hyp)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"sverka: error: {empty}: is empty: no reference segments"
    two = write_lines(tmp_path / "two.en", ["a", "b"])
    one = write_lines(tmp_path / "one.en", ["a"])
    result = run("-r", two, "-r", one, hyp)
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert f"{one}: has 1 lines but {two} has 2" in result.stderr


def test_cli_refuses_a_wmt_file_with_a_dtd(tmp_path):
    xml = tmp_path / "x.xml"
    xml.write_text(
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        '<dataset><doc id="d" origlang="ru"><src lang="ru"><p><seg id="1">&e;</seg></p></src>'
        '<ref lang="en" translator="A"><p><seg id="1">x</seg></p></ref></doc></dataset>',
        encoding="utf-8",
    )
    result = run("--wmt", xml)
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"sverka: error: {xml}:1: declares a DTD")
    assert "root:" not in result.output


def test_ctrl_c_mid_score_is_one_line_and_130_from_the_workers_too():
    """Ctrl+C reaches the worker processes too: each printed a KeyboardInterrupt traceback
    (up to 53 lines under --wmt -j 4, exploratory test). Workers now leave it to sverka."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from scoredata import WMT

    sverka = Path(sys.executable).parent / "sverka"
    proc = subprocess.Popen(
        [sverka, "score", "--wmt", WMT, "--system", "Online-B", "--system", "Online-A",
         "--system", "Online-G", "--system", "NiuTrans", "--confidence", "-j", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    deadline = time.monotonic() + 60
    while proc.poll() is None and len(children.read_text().split()) < 2:
        assert time.monotonic() < deadline, "the workers never started"
        time.sleep(0.01)
    time.sleep(0.2)  # the workers are scoring
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == ["sverka: interrupted"], err
