"""Words and lemmas: a Russian term in dictionary form stands for every form a sentence can
use, a participle keeps apart from its verb, and English lemmas never merge "Protestants"
with "protesters". Every expected form below is written out by hand from Russian grammar."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


# -- English lemmas from the cached trie --------------------------------------------------------

# Words of the bundled article and of WMT21's references, with the kinds simplemma treats
# apart: capitals, apostrophes, hyphens, plurals it does not know, non-words.
ENGLISH_SAMPLE = [
    "Protestants", "protesters", "Protesters", "were", "was", "looters", "akimats", "akimat",
    "siloviki", "titushki", "don't", "O'Brien", "Kazakhstan's", "KNB", "NATO", "anti-popular",
    "millionth", "bacchanal", "oblast", "dacha", "Tokayev", "Almaty", "running", "ran",
    "better", "best", "mice", "geese", "children", "analyses", "criteria", "the", "The",
    "it's", "they've", "we'd", "rock'n'roll", "e-mail", "well-known", "COVID-19", "colour",
    "color", "Ukraine's",
]  # fmt: skip


def test_english_lemmas_and_known_words_are_simplemmas_own():
    """sverka reads simplemma's English table through a cached trie: every answer must be
    the one simplemma's own lemmatize and is_known give."""
    import simplemma

    from sverka.morph import en_is_known, en_lemma

    for word in ENGLISH_SAMPLE + [w.lower() for w in ENGLISH_SAMPLE]:
        assert en_lemma(word) == simplemma.lemmatize(word, lang="en"), word
        assert en_is_known(word) == simplemma.is_known(word, lang="en"), word


@pytest.fixture
def fresh_english(monkeypatch, tmp_path):
    """morph's English lexicon made anew with the user's cache in tmp_path/cache."""
    from sverka import morph

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    morph._english.cache_clear()
    yield tmp_path / "cache"
    morph._english.cache_clear()  # the next user gets the real cache again


def _trie_files(cache):
    return sorted(cache.glob("sverka/simplemma-*-en.trie"))


def test_the_english_trie_is_built_once_in_the_users_cache_and_then_read(fresh_english):
    from sverka import morph

    assert morph._english().lemmatize("Protestants") == "Protestant"
    [trie] = _trie_files(fresh_english)
    made = trie.stat().st_mtime_ns
    morph._english.cache_clear()
    assert morph._english().lemmatize("looters") == "looter"
    assert trie.stat().st_mtime_ns == made, "a second start rebuilt the trie"


def _lemmas_in_a_process(cache: Path) -> subprocess.CompletedProcess[str]:
    """A fresh Python (no pytest log capture) asking morph for lemmas with this cache."""
    code = (
        "from sverka.morph import en_is_known, en_lemma; "
        "print(en_lemma('Protestants'), en_is_known('oblast'), en_is_known('titushki'))"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )


@pytest.mark.parametrize(
    "spoil",
    [
        # a write cut short by a crash: the right length, zeros at the end (marisa loads
        # such a trie and then crashes the process on a lookup: the checksum must catch it)
        lambda good: good[: len(good) // 2] + bytes(len(good) - len(good) // 2),
        lambda good: good[: len(good) // 3],  # truncated
        lambda good: b"not a trie at all" * 10,
        lambda good: b"",
    ],
    ids=["zeros-at-the-end", "truncated", "garbage", "empty"],
)
def test_a_spoilt_trie_is_rebuilt_silently(fresh_english, spoil):
    from sverka import morph

    morph._english().is_known("the")
    [trie] = _trie_files(fresh_english)
    good = trie.read_bytes()
    trie.write_bytes(spoil(good))
    run = _lemmas_in_a_process(fresh_english)
    assert (run.returncode, run.stdout, run.stderr) == (0, "Protestant True False\n", "")
    assert trie.read_bytes() == good


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("the cache folder would go under this file")
    run = _lemmas_in_a_process(blocked)
    assert (run.returncode, run.stdout, run.stderr) == (0, "Protestant True False\n", "")
