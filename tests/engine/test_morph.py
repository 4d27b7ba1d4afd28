"""Words and lemmas: a Russian term in dictionary form stands for every form a sentence can
use, a participle keeps apart from its verb, and English lemmas never merge "Protestants"
with "protesters". Every expected form below is written out by hand from Russian grammar."""

from __future__ import annotations

import pytest

from sverka.morph import en_keys, fold, ru_forms, ru_lemmas, words

# -- Russian: every form of a term -------------------------------------------------------------


def test_a_noun_stands_for_all_its_cases_and_numbers():
    forms = ru_forms("власть")
    # nominative .. prepositional, singular and plural
    for form in ("власть", "власти", "властью", "властей", "властям", "властями", "властях"):
        assert form in forms, form


def test_an_adjective_stands_for_all_its_genders_cases_and_numbers():
    forms = ru_forms("прямая")
    for form in ("прямая", "прямой", "прямую", "прямое", "прямые", "прямых", "прямыми", "прямым"):
        assert form in forms, form


def test_a_participle_keeps_its_own_forms_not_its_verbs():
    forms = ru_forms("протестующий", "participle")
    for form in ("протестующий", "протестующие", "протестующих", "протестующим", "протестующая",
                 "протестующими", "протестующего"):  # fmt: skip
        assert form in forms, form
    for verb in ("протестовать", "протестуют", "протестует", "протестовали", "протестовал",
                 "протестуя"):  # fmt: skip
        assert verb not in forms, verb


def test_a_participle_in_the_sentence_has_the_participle_as_its_lemma():
    assert "протестующий" in ru_lemmas("протестующих")
    assert "протестующий" not in ru_lemmas("протестуют")


def test_yo_and_ye_are_one_letter():
    assert fold("объём") == fold("объем") == "объем"
    assert "объема" in ru_forms("объём")
    assert "объемом" in ru_forms("объем")


def test_a_hyphenated_word_inflects_as_a_whole():
    forms = ru_forms("город-миллионник")
    for form in ("город-миллионник", "города-миллионника", "городе-миллионнике",
                 "городов-миллионников", "городами-миллионниками"):  # fmt: skip
        assert form in forms, form


def test_an_abbreviation_stands_for_itself():
    assert "кнб" in ru_forms("КНБ")


def test_russian_hyphenated_words_are_one_token_with_offsets():
    text = "Он живёт в городе-миллионнике."
    toks = words(text, "ru")
    assert [t.text for t in toks] == ["Он", "живёт", "в", "городе-миллионнике"]
    assert all(text[t.start : t.end] == t.text for t in toks)


# -- English: lemmas, never a stemmer ----------------------------------------------------------


def test_protestants_is_protestant_and_never_protester():
    keys = en_keys("Protestants")
    assert "protestant" in keys
    assert "protester" not in keys


def test_protesters_is_protester_and_never_protestant():
    keys = en_keys("protesters")
    assert "protester" in keys
    assert "protestant" not in keys


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("authorities", "authority"),
        ("elections", "election"),
        ("seized", "seize"),
        ("cities", "city"),
    ],
)
def test_english_words_stand_for_their_lemma(word, lemma):
    assert lemma in en_keys(word)


def test_english_words_are_found_with_their_offsets():
    text = "Protesters seized the akimat's building."
    toks = words(text, "en")
    assert [t.text for t in toks][:3] == ["Protesters", "seized", "the"]
    assert all(text[t.start : t.end] == t.text for t in toks)
