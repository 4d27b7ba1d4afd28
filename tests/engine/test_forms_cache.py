"""The Russian word forms of glossary terms, kept in a file in the user's cache
(morph.ru_forms_all): the same forms as made afresh, and a damaged file never changes them."""

from __future__ import annotations

from sverka import morph

PAIRS = [("протестующий", "participle"), ("лапшу", ""), ("техникум", "noun")]


def test_forms_from_the_cache_file_are_the_forms_made_afresh(tmp_path):
    fresh = {p: morph.ru_forms(*p) for p in PAIRS}
    assert morph.ru_forms_all(PAIRS, tmp_path) == fresh  # made, and the file written
    (written,) = tmp_path.glob("ru-forms-*.json")
    assert morph.ru_forms_all(PAIRS, tmp_path) == fresh  # read back
    # A participle keeps to its own forms through the file too.
    assert "протестуют" not in morph.ru_forms_all(PAIRS, tmp_path)[PAIRS[0]]
    written.write_bytes(written.read_bytes()[:-40] + b"x" * 40)  # damaged: checksum fails
    assert morph.ru_forms_all(PAIRS, tmp_path) == fresh
    assert morph.ru_forms_all([("комендантский", "adj")], tmp_path)[("комендантский", "adj")]
