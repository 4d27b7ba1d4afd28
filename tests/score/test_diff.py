"""The word diff the report and the review app show: words compared lowercased, shown as
written, with offsets into the text."""

from __future__ import annotations

from sverka.diff import EditCounts, edit_counts, tokenize, word_diff


def test_tokens_keep_numbers_and_contractions_whole_with_offsets():
    text = "Don't pay 1,000.5 rubles, ex-head said."
    tokens = tokenize(text)
    assert [t.text for t in tokens] == [
        "Don't", "pay", "1,000.5", "rubles", ",", "ex-head", "said", ".",
    ]  # fmt: skip
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_a_capital_alone_is_not_an_edit_and_the_original_words_are_shown():
    d = word_diff("the Protestants gathered", "The protesters gathered")
    assert [(op.tag, op.i1, op.i2, op.j1, op.j2) for op in d.ops] == [
        ("equal", 0, 1, 0, 1),
        ("replace", 1, 2, 1, 2),
        ("equal", 2, 3, 2, 3),
    ]
    assert list(d.chunks()) == [
        ("equal", "the", "The"),
        ("replace", "Protestants", "protesters"),
        ("equal", "gathered", "gathered"),
    ]
    assert d.changed


def test_edit_counts():
    assert edit_counts("a b c d", "a x c d e") == EditCounts(kept=3, replaced=1, inserted=1)
    assert edit_counts("a b c", "c") == EditCounts(kept=1, deleted=2)
    assert edit_counts("same words.", "same words.") == EditCounts(kept=3)
    assert edit_counts("", "new text") == EditCounts(inserted=2)
    assert (EditCounts(1, 2, 3, 4) + EditCounts(1, 1, 1, 1)).edits == 12


def test_inner_spacing_is_kept_in_chunks():
    d = word_diff("one  two three", "one  two four")
    assert next(d.chunks()) == ("equal", "one  two", "one  two")
