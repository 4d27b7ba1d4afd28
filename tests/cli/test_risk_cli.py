"""Issue 18: every bead's risk (how likely it needs a correction) in `sverka check --format
json`, run as a real process on a review file made by `sverka init`; and the risk model's
promises that an order built on it relies on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sverka import risk
from sverka.checks import CHECKS
from sverka.io.po import read_po
from sverka.model import Entry, Finding

SVERKA = Path(sys.executable).parent / "sverka"

RU = """Протесты в Казахстане

В январе 2022 года в Казахстане начались массовые протесты. Протестующие требовали снизить цены на газ.

В Алматы протестующие захватили здание акимата. По данным МВД, задержаны 164 человека.
"""

# The last bead has Cyrillic left in it and 146 for 164: two errors.
EN = """Protests in Kazakhstan

In January 2022, mass protests began in Kazakhstan. The protesters demanded lower gas prices.

In Almaty, the protesters seized the акимат building. According to the Interior Ministry, 146 people were detained.
"""


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SVERKA), *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def review(tmp_path: Path) -> Path:
    (tmp_path / "ru.txt").write_text(RU, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    made = run("init", "ru.txt", "en.txt", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    return tmp_path / "en.review.po"


def test_json_gives_every_entry_a_risk_in_order_and_keeps_the_findings(review: Path) -> None:
    result = run("check", review.name, "--format", "json", "--fail-on", "never", cwd=review.parent)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    ids = [e.id for e in read_po(review).entries]
    assert len(ids) == 5
    assert [r["id"] for r in data["risk"]] == ids  # every entry, flagged or not, in order
    assert all(set(r) == {"id", "score"} for r in data["risk"])
    assert all(0.0 <= r["score"] <= 1.0 for r in data["risk"])
    codes = {(f["id"], f["code"]) for f in data["findings"]}
    assert ("p003.s01", "cyrillic") in codes and ("p003.s02", "number") in codes


def test_the_beads_with_errors_are_the_riskiest(review: Path) -> None:
    result = run("check", review.name, "--format", "json", "--fail-on", "never", cwd=review.parent)
    score = {r["id"]: r["score"] for r in json.loads(result.stdout)["risk"]}
    flagged = {"p003.s01", "p003.s02"}
    assert min(score[i] for i in flagged) > max(s for i, s in score.items() if i not in flagged)


def test_text_and_csv_output_are_unchanged_by_risk(review: Path) -> None:
    result = run("check", review.name, "--format", "csv", "--fail-on", "never", cwd=review.parent)
    assert "risk" not in result.stdout
    assert result.stdout.splitlines()[0].startswith("file,line,id,")


def test_risk_of_texts_checked_in_memory(review: Path) -> None:
    result = run("check", "ru.txt", "en.txt", "--format", "json", "--fail-on", "never",
                 cwd=review.parent)  # fmt: skip
    data = json.loads(result.stdout)
    assert len(data["risk"]) == 5


# -- the model's promises ---------------------------------------------------------------------

ENTRY = Entry(
    "p001.s01", "Он сказал, что приедет завтра.", "He said he would come.", "He said he would come."
)


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_a_finding_never_lowers_the_risk(code: str) -> None:
    severity = CHECKS[code].severity
    bare = risk.score(ENTRY, [])
    flagged = risk.score(ENTRY, [Finding(code, severity, "x")])
    assert 0.0 < bare < 1.0 and 0.0 < flagged < 1.0
    assert flagged >= bare


def test_a_code_the_model_does_not_know_weighs_nothing_until_fitted() -> None:
    found = [Finding("shouting", "warning", "x")]  # a check added after the model was fitted
    weights = {k: v for k, v in risk.WEIGHTS.items() if k != "severity:warning"}
    assert risk.score(ENTRY, found, weights=weights) == risk.score(ENTRY, [], weights=weights)
    refitted = {**weights, "code:shouting": 1.0}
    assert risk.score(ENTRY, found, weights=refitted) > risk.score(ENTRY, [], weights=refitted)


def test_a_doubtful_alignment_and_a_length_far_from_the_documents_raise_the_risk() -> None:
    unsure = Entry(ENTRY.id, ENTRY.ru, ENTRY.mt, ENTRY.en, confidence=0.3)
    assert risk.score(unsure, []) > risk.score(ENTRY, [])
    # the document's English runs about as long as its Russian (median log ratio 0, sigma
    # 0.1); this English is far longer than the Russian
    long_en = Entry(ENTRY.id, "Он пришёл.", "He came.", "He came back home late in the evening.")
    assert risk.score(long_en, [], 0.0, 0.1) > risk.score(long_en, [], 0.0, 0.0)
