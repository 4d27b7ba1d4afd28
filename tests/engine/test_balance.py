"""Omission and addition (issue 18 item 4): content of one side with no counterpart on the
other, as a reviewer relies on it. The sentences and what each must (or must not) raise are
written from Russian and English usage, not from the code's output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sverka.checks import CHECKS, Checker
from sverka.checks.balance import Signals, document_signals, embedding_z, signals
from sverka.checks.figures import DocumentStats
from sverka.model import Entry, Finding


def entry(ru: str, en: str, id: str = "p001.s01") -> Entry:
    return Entry(id=id, ru=ru, mt=en, en=en)


def found(ru: str, en: str) -> list[Finding]:
    return Checker(codes=("omission", "addition")).entry(entry(ru, en))


def test_the_rows_are_registered_with_a_severity_and_a_summary() -> None:
    for code in ("omission", "addition"):
        assert CHECKS[code].severity in ("warning", "info")
        assert CHECKS[code].summary


def test_a_dropped_negation_is_named_and_pointed_at() -> None:
    ru = "Правительство не одобрило новый закон о выборах."
    out = found(ru, "The government approved the new election law.")
    assert [f.code for f in out] == ["omission"]
    assert "«не»" in out[0].message and "negation" in out[0].message
    assert out[0].ru_span is not None and ru[slice(*out[0].ru_span)] == "не"


@pytest.mark.parametrize(
    ("ru", "en"),
    [
        ("Он никогда не был в Москве.", "He has never been to Moscow."),
        ("Он больше не работает в банке.", "He no longer works at the bank."),
        ("Он уехал из города, не попрощавшись.", "He left the city without saying goodbye."),
        ("Министр не смог приехать на совещание.", "The minister was unable to attend."),
        ("Ничего подобного здесь нет.", "There is nothing like it here."),
        ("Мы не знаем, что произошло.", "We don't know what happened."),
        # "не только ... но и" negates nothing
        ("Это важно не только для нас, но и для всех.", "This matters to us and to everyone."),
    ],
)
def test_a_negation_rendered_another_way_is_no_finding(ru: str, en: str) -> None:
    assert found(ru, en) == []


def test_an_added_negation_is_underlined_in_the_english() -> None:
    en = "The law was not passed by parliament."
    out = found("Закон был принят парламентом.", en)
    assert [f.code for f in out] == ["addition"]
    assert en[slice(*out[0].en_span)] == "not"


def test_a_dropped_name_is_named() -> None:
    ru = "Губернатор Михаил Дегтярев провёл совещание в Хабаровске."
    out = found(ru, "The governor held a meeting in Khabarovsk.")
    names = [ru[slice(*f.ru_span)] for f in out if f.code == "omission"]
    assert names == ["Михаил", "Дегтярев"]
    assert all("no counterpart in the English" in f.message for f in out)


def test_an_added_name_is_underlined_in_the_english() -> None:
    en = "The meeting was chaired by Governor Degtyarev."
    out = found("Совещание провёл губернатор.", en)
    assert [(f.code, en[slice(*f.en_span)]) for f in out] == [("addition", "Degtyarev")]
    assert "not in the Russian" in out[0].message


@pytest.mark.parametrize(
    ("ru", "en"),
    [
        # transliterated names, however spelt
        ("Встреча Дегтярева и Лаврова прошла в Хабаровске.",
         "Degtyarev and Lavrov met in Khabarovsk."),
        ("В Женеве выступил Юрский.", "Jursky spoke in Geneva."),
        # exonyms and demonyms a skeleton does not join
        ("Делегация Китая прибыла в Швецию.", "The Chinese delegation arrived in Sweden."),
        ("Власти Великобритании ответили.", "The UK authorities responded."),
        # a name in the Russian rendered by another name: one name two ways, no finding
        ("Он приехал из Гуанчжоу.", "He came from Canton."),
    ],
)  # fmt: skip
def test_a_name_with_its_counterpart_is_no_finding(ru: str, en: str) -> None:
    assert found(ru, en) == []


@pytest.mark.parametrize(
    ("ru", "en"),
    [
        ("Два министра подали в отставку.", "2 ministers resigned."),
        ("Погибли 2 человека.", "Two people died."),
        ("В 2020 году погибли пять человек.", "In 2020, 5 people died."),
    ],
)
def test_numbers_as_words_on_one_side_are_no_finding_and_no_signal(ru: str, en: str) -> None:
    assert found(ru, en) == []
    s = signals(entry(ru, en))
    assert (s.numbers_ru, s.numbers_en) == (0, 0)


def test_a_latin_word_of_the_russian_missing_from_the_english() -> None:
    ru = "Статья о нём вышла на обложке Time."
    out = found(ru, "An article about him appeared on the cover.")
    assert [ru[slice(*f.ru_span)] for f in out] == ["Time"]


def test_signals_count_what_has_no_counterpart() -> None:
    s = signals(
        entry(
            "Губернатор Дегтярев не приедет 17 марта, пишет Time.",
            "The governor will come on March 18, the paper writes.",
        )
    )
    assert isinstance(s, Signals)
    assert s.numbers_ru == 1 and s.numbers_en == 1  # 17 and 18
    assert s.names_ru == 1 and s.names_en == 0  # Дегтярев
    assert s.negations_ru == 1 and s.negations_en == 0
    assert s.latin_ru == 1  # Time
    assert s.omissions == 4 and s.additions == 1
    assert s.length_z is None  # no document figures given


def test_signals_measure_length_against_the_document() -> None:
    # 30 beads whose English is as long as the Russian, and one far shorter
    pairs = [
        ("Это обычное предложение о погоде на завтра" + " и о море" * (i % 5) + ".",
         "This is an ordinary sentence about tomorrow's weather" + " and the sea" * (i % 5)
         + (" today." if i % 3 else "."))
        for i in range(30)
    ]  # fmt: skip
    entries = [entry(ru, en, f"p{i:03d}.s01") for i, (ru, en) in enumerate(pairs)]
    short = entry(
        "Это очень длинное предложение о погоде, в котором переводчик пропустил почти всё.",
        "This is a sentence.",
        "p999.s01",
    )
    stats = DocumentStats.of([*entries, short])
    usual = [signals(e, stats).length_z for e in entries]
    dropped = signals(short, stats).length_z
    assert sum(z is not None and abs(z) < 2 for z in usual) > len(usual) / 2
    assert dropped is not None and dropped < -3
    assert document_signals([*entries, short])[-1].length_z == dropped


def test_check_json_reports_an_omission_from_a_real_process(tmp_path: Path) -> None:
    ru = tmp_path / "ru.txt"
    en = tmp_path / "en.txt"
    ru.write_text("Правительство не одобрило новый закон о выборах.\n", encoding="utf-8")
    en.write_text("The government approved the new election law.\n", encoding="utf-8")
    sverka = Path(sys.executable).parent / "sverka"
    result = subprocess.run(
        [
            sverka,
            "check",
            ru,
            en,
            "--format",
            "json",
            "--fail-on",
            "never",
            "--checks",
            "+omission",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    omissions = [f for f in findings if f["code"] == "omission"]
    assert len(omissions) == 1
    assert "«не»" in omissions[0]["message"]
    # opt-in: a check run without naming it does not report it
    plain = subprocess.run(
        [sverka, "check", ru, en, "--format", "json", "--fail-on", "never"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert plain.returncode == 0, plain.stderr
    assert not [f for f in json.loads(plain.stdout)["findings"] if f["code"] == "omission"]


_CONCEPTS = {"кот": 0, "cat": 0, "спит": 1, "sleeps": 1, "собака": 2, "dog": 2, "лает": 3,
             "barks": 3, "дом": 4, "house": 4, "горит": 5, "burns": 5}  # fmt: skip


class _Concepts:
    """A stand-in encoder: each text a bag of concepts its words name, in either language
    (кот and cat are one), plus a little of its length so no two beads are exactly alike."""

    def encode(self, texts: list[str]):
        import numpy as np

        out = np.zeros((len(texts), 7))
        for k, text in enumerate(texts):
            for w in text.lower().strip(".").split():
                if w in _CONCEPTS:
                    out[k, _CONCEPTS[w]] += 1
            out[k, 6] = 0.05 * len(text) % 0.5
        return out


def test_embedding_z_finds_the_bead_whose_english_says_something_else() -> None:
    pairs = [("Кот спит.", "The cat sleeps."), ("Собака лает.", "The dog barks."),
             ("Дом горит.", "The house burns.")] * 8  # fmt: skip
    entries = [entry(ru, en, f"p{i:03d}.s01") for i, (ru, en) in enumerate(pairs)]
    entries.append(entry("Кот спит.", "The house burns.", "p999.s01"))
    z = embedding_z(entries, _Concepts())
    assert z[-1] is not None and z[-1] < -3
    assert all(v is not None and abs(v) < 3 for v in z[:-1])
    assert embedding_z(entries[:5], _Concepts()) == [None] * 5  # too few to have a usual
