"""termsafe and the control check: what a terminal would obey is shown, never sent, and a
reviewer is told which characters an English holds. Expected forms are written from the
Unicode control pictures and ISO 6429's names, not taken from the code's output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from sverka.checks import Checker
from sverka.model import Entry
from sverka.termsafe import csv_cell, json_dumps, visible, visible_narrow

ROOT = Path(__file__).resolve().parents[2]
WMT21 = ROOT.parent / "shared" / "data" / "wmt21" / "newstest2021.ru-en.all.xml"

UNSAFE = (
    [chr(c) for c in range(0x20) if c not in (0x09, 0x0A)]
    + [chr(0x7F)]
    + [chr(c) for c in range(0x80, 0xA0)]
    + list("\u061c\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e")
    + list("\u2066\u2067\u2068\u2069\ufeff")
)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x1b]52;c;QQ==\x1b\\b", "a␛]52;c;QQ==␛\\b"),  # OSC 52
        ("t\x1b]0;x\x07", "t␛]0;x␇"),  # title, BEL-terminated
        ("\x1b[2J", "␛[2J"),
        ("del\x7f", "del␡"),
        ("a\x9b2J", "a⟨CSI⟩2J"),  # 8-bit CSI
        ("\x9d0;x\x9c", "⟨OSC⟩0;x⟨ST⟩"),
        ("abc\u202edef", "abc⟨RLO⟩def"),
        ("\u2066x\u2069", "⟨LRI⟩x⟨PDI⟩"),
        ("zero\u200bwidth", "zero⟨ZWSP⟩width"),
        ("in\ufeffside", "in⟨BOM⟩side"),
        ("line\u2028sep", "line⟨LSEP⟩sep"),
        ("cr\rlf\n", "cr␍lf␤"),
        ("tab\tkept", "tab\tkept"),
        ("Привет, world — «ok» ½", "Привет, world — «ok» ½"),  # nothing to do: the same
    ],
)
def test_visible_shows_each_character(raw: str, shown: str) -> None:
    assert visible(raw) == shown


def test_visible_keeps_line_feeds_when_asked_and_nothing_unsafe_is_left() -> None:
    assert visible("a\nb\x1b", newlines=True) == "a\nb␛"
    for text in (visible("".join(UNSAFE)), visible_narrow("".join(UNSAFE))):
        assert not set(text) & set(UNSAFE)


def test_visible_narrow_is_one_cell_per_character() -> None:
    from rich.cells import cell_len

    raw = "".join(UNSAFE)
    shown = visible_narrow(raw)
    assert len(shown) == len(raw) and cell_len(shown) == len(raw)
    assert visible_narrow("a\x1bb") == "a␛b" and visible_narrow("x\u202ey") == "x◌y"
    assert visible_narrow("a\tb\nc") == "a\tb\nc"


def test_json_dumps_escapes_c1_and_bidi_and_keeps_the_data() -> None:
    data = {"name": "Online\u202eB\x9b2J\x7f\u2028", "ru": "Москва"}
    text = json_dumps(data)
    assert not set(text) & set(UNSAFE)
    assert "Москва" in text  # letters stay letters
    assert "\\u202e" in text and "\\u009b" in text and "\\u007f" in text
    assert json.loads(text) == data
    assert json_dumps(data, indent=1).count("\n") == 3


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cell_guards_a_formula(cell: str) -> None:
    assert csv_cell(cell) == "'" + cell
    row = next(csv.reader(io.StringIO(_csv_row([csv_cell(cell)]))))
    assert row[0].startswith("'")


def test_csv_cell_leaves_plain_text_and_numbers() -> None:
    assert csv_cell("p001.s01") == "p001.s01"
    assert csv_cell(12) == 12 and csv_cell("") == ""


def _csv_row(cells: list) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(cells)
    return out.getvalue()


# -- the control check ----------------------------------------------------------------------------


def control(en: str) -> list:
    e = Entry(id="p001.s01", ru="Победители накажут побеждённых.", mt=en, en=en)
    return Checker((), ["control"]).entry(e)


def test_control_names_esc_as_an_error_and_points_at_it() -> None:
    en = "The winners \x1b]0;x\x07will \x1b[2Jpunish."
    found = control(en)
    by_key = {f.key: f for f in found}
    assert set(by_key) == {"control:u+001b", "control:u+0007"}
    esc = by_key["control:u+001b"]
    assert esc.severity == "error"
    assert esc.message.startswith("ESC (escape sequence) (2 times) in the English: delete it")
    assert en[esc.en_span[0] : esc.en_span[1]] == "\x1b" and esc.en_span[0] == en.index("\x1b")
    assert "U+0007 BEL" in by_key["control:u+0007"].message


def test_control_names_bidi_and_invisible_marks_as_warnings_and_c1_as_an_error() -> None:
    found = {f.key: f for f in control("abc\u202edef\u200b and \x9b2J")}
    assert found["control:u+202e"].severity == "warning"
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in found["control:u+202e"].message
    assert "U+200B ZERO WIDTH SPACE" in found["control:u+200b"].message
    assert found["control:u+009b"].severity == "error"
    assert "U+009B CSI (C1 control)" in found["control:u+009b"].message


def test_control_leaves_tabs_line_breaks_and_ordinary_text_alone() -> None:
    assert control("A tab\there, a line\nbreak, «quotes», a dash — and 1\u00a0000.") == []


def test_control_does_not_fire_on_the_bundled_article_or_wmt21_references() -> None:
    from sverka.io.wmt import read_wmt

    checker = Checker((), ["control"])
    english = (ROOT / "corpora" / "kazakhstan-2022" / "en.txt").read_text("utf-8").splitlines()
    english += (ROOT / "corpora" / "wmt21" / "en.txt").read_text("utf-8").splitlines()
    wmt = read_wmt(WMT21)
    for segments in [*wmt.refs.values(), *wmt.systems.values()]:
        english += segments
    assert len(english) > 10_000
    flagged = [en for en in english if checker.entry(Entry(id="p001.s01", ru="", mt=en, en=en))]
    assert flagged == []
