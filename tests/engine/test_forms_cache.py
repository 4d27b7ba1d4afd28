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


def test_a_fifo_or_a_link_under_the_cache_name_is_replaced_never_read_or_written_through(
    tmp_path,
):
    """As the English trie's cache (issue 15 item 2): a FIFO planted under the name hung every
    check (read_bytes waits for a writer), and a link there had its target written."""
    import os
    import threading

    pairs = [("договор", "NOUN")]
    morph.ru_forms_all(pairs, cache_dir=tmp_path)
    (cache,) = tmp_path.glob("ru-forms-*.json")
    cache.unlink()
    os.mkfifo(cache)
    got: dict = {}
    worker = threading.Thread(
        target=lambda: got.update(morph.ru_forms_all(pairs, tmp_path)), daemon=True
    )
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "waited on the FIFO"
    assert got[pairs[0]] == morph.ru_forms(*pairs[0])
    assert cache.is_file() and not cache.is_symlink()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    cache.unlink()
    cache.symlink_to(victim)
    morph.ru_forms_all([("закон", "NOUN")], cache_dir=tmp_path)
    assert victim.read_text() == "keep me"
    assert not cache.is_symlink()
