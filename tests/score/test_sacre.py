"""sverka.score.sacre, the one module that reaches into sacrebleu: what it relies on.

A sacrebleu upgrade that renames or reshapes a private name fails here first, by name; one
that changes a number fails against sacrebleu's own command line, run as a process on a tiny
corpus (the expected numbers are never sverka's).
"""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sverka.score import Options, sacre, score_review_files, score_systems

REF = [
    "The cat sat on the mat.",
    "A quick brown fox jumps over the lazy dog!",
    "It was raining, so we stayed home.",
    "Prices rose by 3.5 percent in March, the agency said.",
]
REF_B = [
    "A cat was sitting on the mat.",
    "The quick brown fox jumped over the lazy dog.",
    "We stayed at home because it rained.",
    "The agency said prices went up 3.5% in March.",
]
HYP = [
    "The cat is sitting on the mat.",
    "A fast brown fox jumped over a lazy dog.",
    "Because of rain we stayed at home.",
    "According to the agency, prices increased by 3.5 percent in March.",
]
HYP_2 = [
    "Cat sat on mat.",
    "The quick brown fox jumps over the lazy dog!",
    "It rained, and we stayed home.",
    "The agency said that prices rose 3.5 per cent in March.",
]


def _params(fn: object) -> list[str]:
    return list(inspect.signature(fn).parameters)  # type: ignore[arg-type]


def test_the_private_names_the_adapter_uses_exist_with_the_parameters_it_passes():
    from sacrebleu import significance
    from sacrebleu.metrics import TER
    from sacrebleu.metrics.base import Metric, Score

    assert _params(Metric._extract_corpus_statistics) == ["self", "hypotheses", "references"]
    assert _params(Metric._aggregate_and_compute) == ["self", "stats"]
    assert _params(Metric._compute_score_from_stats) == ["self", "stats"]
    assert _params(Metric._cache_references) == ["self", "references"]
    assert _params(TER._preprocess_segment) == ["self", "sent"]
    assert _params(significance._bootstrap_resample)[:3] == ["stats", "metric", "n_samples"]
    assert _params(Score.estimate_ci) == ["self", "scores"]
    init = _params(significance.PairedTest.__init__)
    assert init[:3] == ["self", "named_systems", "metrics"]
    assert {"references", "test_type", "n_samples"} <= set(init)
    # TER's cached references: what FastTER reads the reference words from.
    cache = TER()._cache_references([["The cat sat."], ["A cat sat."]])
    ter = TER()
    words = [ter._preprocess_segment(r).split() for r in ("The cat sat.", "A cat sat.")]
    assert cache[0]["ref_words"] == words and words[0][0] == "the"
    # estimate_ci leaves the bootstrap's mean and half-interval in _mean and _ci.
    bleu = sacre.build_metrics(Options(metrics=("bleu",)))["bleu"]
    score = bleu.corpus_score(HYP, [REF], n_bootstrap=20)
    assert isinstance(score._mean, float) and isinstance(score._ci, float)


def test_paired_test_asks_each_metric_for_a_system_by_its_own_hypothesis_list():
    """The monkey-patch answers PairedTest's ``_extract_corpus_statistics(hyps, refs)`` by the
    identity of ``hyps``: PairedTest must pass each system's list as it was given."""
    from sacrebleu.significance import PairedTest

    metric = sacre.build_metrics(Options(metrics=("bleu",)))["bleu"]
    sacre.set_references(metric, [REF])
    seen: list[int] = []
    real = metric._extract_corpus_statistics

    def spy(hyps, refs):  # type: ignore[no-untyped-def]
        seen.append(id(hyps))
        return real(hyps, refs)

    metric._extract_corpus_statistics = spy  # type: ignore[method-assign]
    systems = [("a", list(HYP)), ("b", list(HYP_2))]
    PairedTest(systems, {"BLEU": metric}, references=None, test_type="bs", n_samples=10)()
    assert {id(h) for _, h in systems} <= set(seen)


def _sacrebleu_cli(tmp_path: Path, args: list[str], refs: list[list[str]], hyps: list[str]) -> str:
    files = []
    for n, lines in enumerate([*refs, hyps]):
        f = tmp_path / f"stream{n}.txt"
        f.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(str(f))
    out = subprocess.run(
        [sys.executable, "-m", "sacrebleu", *files[:-1], "-i", files[-1], "-w", "4", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


@pytest.mark.parametrize("refs", [[REF], [REF, REF_B]], ids=["one-ref", "two-refs"])
def test_corpus_scores_and_signatures_are_the_sacrebleu_command_lines(tmp_path, refs):
    metrics = ["bleu", "chrf", "ter"]
    want = json.loads(_sacrebleu_cli(tmp_path, ["-m", *metrics, "-f", "json"], refs, HYP))
    report = score_systems([("hyp", HYP)], refs, Options(metrics=tuple(metrics)))
    got = report.items[0].scores
    for w in want:
        assert round(got[w["name"]].score, 4) == w["score"], w["name"]
        assert got[w["name"]].signature == w["signature"]
    assert [w["name"] for w in want] == list(got)


def test_chrf_plus_plus_is_the_command_lines(tmp_path):
    args = ["-m", "chrf", "--chrf-word-order", "2", "-f", "json"]
    want = json.loads(_sacrebleu_cli(tmp_path, args, [REF], HYP))  # one metric: no list
    got = score_systems([("hyp", HYP)], [REF], Options(metrics=("chrf++",))).items[0]
    assert (round(got.scores["chrF2++"].score, 4), got.scores["chrF2++"].signature) == (
        want["score"],
        want["signature"],
    )


def test_bootstrap_intervals_are_the_command_lines(tmp_path):
    args = ["-m", "bleu", "chrf", "ter", "-f", "json", "--confidence", "--confidence-n", "50"]
    want = json.loads(_sacrebleu_cli(tmp_path, args, [REF], HYP))
    got = score_systems([("hyp", HYP)], [REF], Options(), confidence=50).items[0].scores
    for w in want:
        s = got[w["name"]]
        assert (round(s.score, 4), round(s.mean, 4), round(s.ci, 4)) == (
            w["score"],
            w["confidence_mean"],
            w["confidence_var"],
        ), w["name"]
        assert s.signature == w["signature"]


@pytest.mark.parametrize(("metric", "name"), [("bleu", "BLEU"), ("chrf", "chrF2"), ("ter", "TER")])
def test_segment_scores_are_the_command_lines_sentence_level(tmp_path, metric, name):
    out = _sacrebleu_cli(tmp_path, ["-m", metric, "--sentence-level"], [REF], HYP)
    lines = out.strip().splitlines()
    want = [float(re.search(r" = (\d+\.\d+)", line).group(1)) for line in lines]
    report = score_systems([("hyp", HYP)], [REF], Options(metrics=(metric,)))
    assert [round(s.scores[name], 4) for s in report.items[0].segments] == want
    assert report.segment_signatures[name] == lines[0].split(" = ")[0].split("|", 1)[1]


def test_hter_of_review_files_is_the_command_lines_ter_of_mt_against_the_correction(tmp_path):
    from scoredata import review_file

    po = review_file(
        tmp_path / "a.review.po", [(h, r, True) for h, r in zip(HYP, REF, strict=True)]
    )
    out = _sacrebleu_cli(tmp_path, ["-m", "bleu", "ter", "-f", "json"], [REF], HYP)
    want = {w["name"]: w for w in json.loads(out)}
    got = score_review_files([po], Options(metrics=("ter", "bleu")), jobs=1).items[0].scores
    assert round(got["HTER"].score, 4) == want["TER"]["score"]
    assert got["HTER"].signature == want["TER"]["signature"]
    assert round(got["BLEU"].score, 4) == want["BLEU"]["score"]
