"""`sverka align` as a user runs it: real processes, real files, exit codes and stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTICLE = REPO / "corpora" / "kazakhstan-2022"
RU = "Мы увидели, как вдруг одновременно в разных городах Казахстана появились протестующие.\n\nОни начали поджигать машины.\n"
EN = "We saw how suddenly protesters appeared in various cities of Kazakhstan.\n\nThey began to set fire to cars.\n"


def sverka(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sverka.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    ru, en = tmp_path / "ru.txt", tmp_path / "en.txt"
    ru.write_text(RU, encoding="utf-8")
    en.write_text(EN, encoding="utf-8")
    return ru, en


def test_json_is_a_cover_of_both_sides_with_confidences():
    result = sverka("align", ARTICLE / "ru.txt", ARTICLE / "en.txt", "--format", "json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["ru"][0] == "Опубликовано 12 января 2022, 09:11"
    assert out["en"][-1] == "Original is here."
    assert [i for b in out["beads"] for i in b["ru"]] == list(range(len(out["ru"])))
    assert [j for b in out["beads"] for j in b["en"]] == list(range(len(out["en"])))
    assert all(0 <= b["confidence"] <= 1 for b in out["beads"])


def test_tsv_has_a_header_and_a_row_per_bead(pair):
    result = sverka("align", *pair, "--format", "tsv")
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0] == ["ru", "en", "confidence", "ru_text", "en_text"]
    assert [r[:2] for r in rows[1:]] == [["0", "0"], ["1", "1"]]
    assert rows[2][3:] == ["Они начали поджигать машины.", "They began to set fire to cars."]


def test_table_shows_both_sides_and_counts(pair):
    result = sverka("align", *pair)
    assert result.returncode == 0, result.stderr
    assert "Они начали поджигать машины." in result.stdout
    assert "They began to set fire to cars." in result.stdout
    assert "2 beads" in result.stdout


def test_one_per_line_takes_lines_as_sentences(tmp_path):
    ru, en = tmp_path / "ru.txt", tmp_path / "en.txt"
    # Two sentences on one line stay one unit; a blank line is a paragraph break.
    ru.write_text("Первое. Второе.\nТретье предложение\n\nЧетвёртое.\n", encoding="utf-8")
    en.write_text("First. Second.\nThird sentence\n\nFourth.\n", encoding="utf-8")
    result = sverka("align", ru, en, "--one-per-line", "--format", "json")
    out = json.loads(result.stdout)
    assert out["ru"] == ["Первое. Второе.", "Третье предложение", "Четвёртое."]
    assert out["en"] == ["First. Second.", "Third sentence", "Fourth."]


def test_verbose_names_the_detected_encoding(tmp_path, pair):
    ru = tmp_path / "ru1251.txt"
    ru.write_bytes(RU.encode("cp1251"))
    result = sverka("align", ru, pair[1], "-v", "--format", "tsv")
    assert result.returncode == 0, result.stderr
    assert f"{ru}: cp1251" in result.stderr


def test_missing_file(pair, tmp_path):
    assert_one_line_error(sverka("align", tmp_path / "nope.txt", pair[1]), "nope.txt")


def test_directory_instead_of_a_file(pair, tmp_path):
    assert_one_line_error(sverka("align", tmp_path, pair[1]), str(tmp_path))


def test_empty_file(pair, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert_one_line_error(sverka("align", pair[0], empty), "empty.txt", "empty")


def test_binary_file(pair, tmp_path):
    blob = tmp_path / "photo.jpg"
    blob.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4)
    assert_one_line_error(sverka("align", blob, pair[1]), "photo.jpg", "binary")


def test_forced_encoding_that_does_not_fit_names_the_line(pair, tmp_path):
    ru = tmp_path / "ru1251.txt"
    ru.write_bytes(("Первая строка по-русски\n" * 1 + RU).encode("cp1251"))
    result = sverka("align", ru, pair[1], "--ru-encoding", "utf-8")
    assert_one_line_error(result, "ru1251.txt:1:")


def test_unknown_encoding_name(pair):
    assert_one_line_error(sverka("align", *pair, "--encoding", "klingon"), "klingon")


def test_two_english_files_are_refused(pair):
    assert_one_line_error(sverka("align", pair[1], pair[1]), "en.txt", "Russian")


def test_swapped_files_are_named_as_swapped(pair):
    assert_one_line_error(sverka("align", pair[1], pair[0]), "en.txt", "first")


def test_debug_shows_the_traceback(pair, tmp_path):
    result = sverka("align", tmp_path / "nope.txt", pair[1], "--debug")
    assert result.returncode == 2
    assert "Traceback" in result.stderr


def test_help_explains_the_command():
    result = sverka("align", "--help")
    assert result.returncode == 0
    for words in ("RU", "EN", "--one-per-line", "--format", "--encoding", "confidence"):
        assert words in result.stdout


def test_embeddings_flag_aligns_with_the_optional_model(pair):
    result = sverka("align", *pair, "--embeddings", "--format", "json")
    assert result.returncode == 0, result.stderr
    beads = json.loads(result.stdout)["beads"]
    assert [(b["ru"], b["en"]) for b in beads] == [([0], [0]), ([1], [1])]
