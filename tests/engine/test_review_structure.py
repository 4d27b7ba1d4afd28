"""Fixing the alignment by hand and the undo history: merge, split, amended edits, revisions.

What the review app relies on when a reviewer joins two beads, cuts one in two, types into a
bead (one undo step per visit) and saves: the document changes exactly as described, undo
gives back the very entries there were, and the result is a PO file gettext accepts.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from sverka import reviewfile
from sverka.io.po import read_po, render_po
from sverka.model import Entry
from sverka.review import ReviewDoc, ReviewError

ARTICLE = Path(__file__).resolve().parents[2] / "corpora" / "kazakhstan-2022"


def riot() -> ReviewDoc:
    """Two beads of one paragraph, then a bead of the next paragraph."""
    return ReviewDoc(
        [
            Entry(
                "p013.s01",
                "Сначала подожгли полицейские машины.",
                "They started by setting fire to police cars.",
                "First they set fire to police cars.",
                reviewed=True,
                note="машины = cars",
                ru_lines=(27,),
                en_lines=(27,),
                para=12,
                ignored=("number", "punctuation"),
            ),
            Entry(
                "p013.s02",
                "Потом стали поджигать здания.",
                "Then they began to set fire to buildings.",
                "Then they began to set fire to buildings.",
                reviewed=True,
                note="здания = buildings",
                ru_lines=(28,),
                en_lines=(28, 29),
                para=12,
                ignored=("length", "number"),
            ),
            Entry(
                "p014.s01",
                "Потом магазины.",
                "Then the shops.",
                "Then the shops.",
                ru_lines=(30,),
                en_lines=(31,),
                para=13,
            ),
        ]
    )


RU = "Протестующие вышли на улицы. Они подожгли машины."
EN = "The protesters took to the streets. They set fire to cars."


def streets(*more: Entry) -> ReviewDoc:
    """One bead the aligner should have made two of (English as the MT has it)."""
    return ReviewDoc(
        [
            Entry("p009.s01", RU, EN, EN, note="улицы = streets", ru_lines=(19,), en_lines=(19,)),
            *more,
        ]
    )


# -- merge ------------------------------------------------------------------------------------


def test_merge_joins_a_bead_with_the_next_and_keeps_everything_the_reviewer_added():
    doc = riot()
    merged = doc.merge(0)
    assert len(doc.entries) == 2 and doc.entries[0] == merged
    assert merged.id == "p013.s01"
    assert merged.ru == "Сначала подожгли полицейские машины. Потом стали поджигать здания."
    assert merged.mt == (
        "They started by setting fire to police cars. Then they began to set fire to buildings."
    )
    assert (
        merged.en == "First they set fire to police cars. Then they began to set fire to buildings."
    )
    assert not merged.reviewed, "a bead made by hand needs review again, though both parts had it"
    assert merged.note == "машины = cars\nздания = buildings"
    assert merged.ru_lines == (27, 28) and merged.en_lines == (27, 28, 29)
    assert sorted(merged.ignored) == ["length", "number", "punctuation"], "the union, once each"
    assert doc.entries[1].id == "p014.s01", "the bead after is untouched"


def test_merge_with_an_empty_side_adds_no_stray_space():
    doc = ReviewDoc(
        [
            Entry("p002.s01", "Заголовок.", "Headline.", "Headline."),
            Entry("p002.s02", "", "Photo: Reuters.", "Photo: Reuters."),
        ]
    )
    merged = doc.merge(0)
    assert (merged.ru, merged.en, merged.note) == ("Заголовок.", "Headline. Photo: Reuters.", "")


def test_merge_refuses_the_last_bead_and_a_bead_in_another_paragraph():
    doc = riot()
    before, revision = list(doc.entries), doc.revision
    with pytest.raises(ReviewError, match="no next bead"):
        doc.merge(2)
    with pytest.raises(ReviewError, match="another paragraph"):
        doc.merge(1)
    assert doc.entries == before and doc.revision == revision
    assert doc.undo() is None, "a refused merge leaves nothing to undo"


# -- split ------------------------------------------------------------------------------------


def test_split_cuts_both_sides_at_the_offsets_and_strips_the_parts():
    doc = streets()
    # Cut on the space before the second Russian sentence and at the second English one.
    first, second = doc.split(0, RU.index(" Они"), EN.index("They"))
    assert doc.entries == [first, second]
    assert (first.ru, first.en) == (
        "Протестующие вышли на улицы.",
        "The protesters took to the streets.",
    )
    assert (second.ru, second.en) == ("Они подожгли машины.", "They set fire to cars.")
    assert (first.mt, second.mt) == (first.en, second.en), (
        "unedited: the MT is cut where the English is"
    )
    assert first.id == "p009.s01" and second.id == "p009.s01-2"
    assert not first.reviewed and not second.reviewed
    assert (first.note, second.note) == ("улицы = streets", ""), "the note stays once, on the first"


def test_split_gives_the_second_part_an_id_no_other_bead_has():
    taken = Entry("p009.s01-2", "Ещё.", "More.", "More.")
    doc = streets(taken)
    _, second = doc.split(0, RU.index("Они"), EN.index("They"))
    assert second.id == "p009.s01-3"
    first = doc.entries[0].ru
    _, third = doc.split(0, first.index(" вышли"), len(doc.entries[0].en))  # -2, -3 taken
    assert third.id == "p009.s01-4"
    ids = [e.id for e in doc.entries]
    assert len(ids) == len(set(ids)) == 4


def test_split_may_leave_one_side_wholly_in_one_part():
    doc = streets()
    first, second = doc.split(0, len(RU), EN.index("They"))
    assert (first.ru, first.en) == (RU, "The protesters took to the streets.")
    assert (second.ru, second.en) == ("", "They set fire to cars."), "English with no Russian"


@pytest.mark.parametrize(
    ("ru_at", "en_at", "message"),
    [
        (0, 0, "needs some Russian or English"),
        (len(RU), len(EN), "needs some Russian or English"),
        (-1, 3, "outside the bead"),
        (3, len(EN) + 1, "outside the bead"),
    ],
)
def test_split_refuses_a_part_with_no_text_or_a_point_outside_the_bead(ru_at, en_at, message):
    doc = streets()
    before, revision = list(doc.entries), doc.revision
    with pytest.raises(ReviewError, match=message):
        doc.split(0, ru_at, en_at)
    assert doc.entries == before and doc.revision == revision
    assert doc.undo() is None


MT = "The city burned. Shops were looted. People hid at home."


@pytest.mark.parametrize(
    "edited",
    [
        "The city was burning, and shops were being looted. People hid in their homes.",
        "The city burned and shops were looted by the crowd. People hid.",
    ],
)
def test_split_of_edited_english_cuts_the_mt_at_its_sentence_break_nearest_the_same_share(
    edited,
):
    # The reviewer's English has two sentences where the MT had three; the cut before
    # "People" falls 66% and 83% of the way in: the MT's second sentence break (65%) is
    # nearer than its first (31%).
    doc = ReviewDoc(
        [Entry("p013.s01", "Город горел, магазины грабили. Люди прятались.", MT, edited)]
    )
    first, second = doc.split(0, len("Город горел, магазины грабили."), edited.index("People"))
    assert first.en == edited[: edited.index("People")].strip()
    assert second.en == edited[edited.index("People") :]
    assert (first.mt, second.mt) == ("The city burned. Shops were looted.", "People hid at home.")
    assert first.mt + " " + second.mt == MT, "no MT word is lost or repeated"


def test_split_of_edited_english_early_on_cuts_the_mt_early_too():
    edited = "The city burned; shops were looted. People hid, afraid for their lives, for days."
    doc = ReviewDoc([Entry("p013.s01", "Город горел. Люди прятались.", MT, edited)])
    first, second = doc.split(0, len("Город горел."), edited.index("People"))
    # The cut is 44% of the way in: the MT's first break (31%) is nearer than its second (65%).
    assert (first.mt, second.mt) == ("The city burned.", "Shops were looted. People hid at home.")


# -- undo and redo of merge and split ---------------------------------------------------------


def test_undo_and_redo_of_a_merge_restore_the_entries_exactly():
    doc = riot()
    before = list(doc.entries)
    doc.merge(0)
    after = list(doc.entries)
    assert doc.undo() == 0
    assert doc.entries == before
    assert doc.redo() == 0
    assert doc.entries == after
    assert doc.undo() == 0 and doc.entries == before


def test_undo_and_redo_of_a_split_restore_the_entries_exactly():
    doc = streets(Entry("p010.s01", "Дальше.", "Further.", "Further.", para=9))
    before = list(doc.entries)
    doc.split(0, RU.index("Они"), EN.index("They"))
    after = list(doc.entries)
    assert len(after) == 3
    assert doc.undo() == 0
    assert doc.entries == before
    assert doc.redo() == 0
    assert doc.entries == after


def test_a_split_then_a_merge_then_two_undos_give_back_the_original():
    doc = riot()
    original = list(doc.entries)
    doc.edit(1, "Then the buildings.")
    edited = list(doc.entries)
    doc.split(1, len("Потом стали"), len("Then the"))
    doc.merge(1)  # join the two halves again (the merged bead is not reviewed)
    assert len(doc.entries) == 3
    assert doc.undo() == 1
    assert len(doc.entries) == 4
    assert doc.undo() == 1
    assert doc.entries == edited
    assert doc.undo() == 1
    assert doc.entries == original
    assert doc.undo() is None


# -- edits that amend -------------------------------------------------------------------------


def test_consecutive_edits_of_one_bead_with_amend_are_one_undo_step():
    doc = riot()
    mt = doc.entries[2].en
    doc.edit(2, "Then")
    doc.edit(2, "Then the sh", amend=True)
    doc.edit(2, "Then the shops were looted.", amend=True)
    assert doc.entries[2].en == "Then the shops were looted."
    assert doc.undo() == 2
    assert doc.entries[2].en == mt
    assert doc.undo() is None
    assert doc.redo() == 2
    assert doc.entries[2].en == "Then the shops were looted.", "redo gives the last text"


def test_amend_does_not_fold_into_an_edit_of_another_bead():
    doc = riot()
    doc.edit(0, "First, police cars were set on fire.")
    doc.edit(2, "After that, the shops.", amend=True)
    assert doc.undo() == 2
    assert doc.entries[2].en == "Then the shops."
    assert doc.entries[0].en == "First, police cars were set on fire.", (
        "the other bead keeps its edit"
    )
    assert doc.undo() == 0
    assert doc.entries[0].en == "First they set fire to police cars."


def test_amend_does_not_fold_into_an_accept_or_a_note():
    doc = riot()
    doc.edit(2, "Then shops.")
    doc.accept(2)
    doc.edit(2, "Then the shops were looted.", amend=True)
    assert doc.undo() == 2
    assert (doc.entries[2].en, doc.entries[2].reviewed) == ("Then shops.", True)
    assert doc.undo() == 2
    assert (doc.entries[2].en, doc.entries[2].reviewed) == ("Then shops.", False)
    doc.set_note(2, "магазины = shops")
    doc.edit(2, "Shops next.", amend=True)
    assert doc.undo() == 2
    assert (doc.entries[2].en, doc.entries[2].note) == ("Then shops.", "магазины = shops")


def test_amend_does_not_fold_into_a_merge():
    doc = riot()
    doc.merge(0)
    doc.edit(0, "Police cars burned first, then buildings.", amend=True)
    assert doc.undo() == 0
    assert len(doc.entries) == 2, "the merge is still there; only the edit was undone"
    assert doc.undo() == 0
    assert len(doc.entries) == 3


# -- revision and copy ------------------------------------------------------------------------


def test_revision_moves_on_every_change_undo_and_redo_and_not_on_a_no_op():
    doc = riot()
    seen = [doc.revision]

    def moved() -> bool:
        seen.append(doc.revision)
        return seen[-1] > seen[-2]

    doc.edit(2, "Then shops.")
    assert moved()
    doc.edit(2, "Then shops were looted.", amend=True)
    assert moved(), "an amended edit is a change to save too"
    doc.accept(2)
    assert moved()
    doc.merge(0)
    assert moved()
    doc.split(
        0, len("Сначала подожгли полицейские машины."), len("First they set fire to police cars.")
    )
    assert moved()
    doc.undo()
    assert moved()
    doc.redo()
    assert moved()
    doc.edit(2, doc.entries[2].en)
    doc.accept(2)  # already reviewed
    doc.set_note(2, "")
    doc.redo()  # nothing to redo
    assert not moved(), "changes that change nothing leave the revision alone"
    with pytest.raises(ReviewError):
        doc.merge(len(doc.entries) - 1)
    assert not moved()
    while doc.undo() is not None:
        assert moved()
    assert doc.undo() is None
    assert not moved()


def test_a_copy_does_not_follow_later_edits():
    doc = riot()
    doc.edit(0, "Police cars were burned first.")
    snap = doc.copy()
    entries, revision = list(snap.entries), snap.revision
    assert entries == doc.entries and revision == doc.revision
    doc.edit(1, "Buildings next.")
    doc.merge(0)
    doc.undo()
    doc.undo()
    doc.undo()
    assert snap.entries == entries and snap.revision == revision
    assert snap.entries[0].en == "Police cars were burned first."
    snap.edit(2, "Shops after.")
    assert doc.entries[2].en == "Then the shops.", "nor does the document follow the copy"


# -- stats ------------------------------------------------------------------------------------


def test_counts_read_like_po_mode_reviewed_edited_untouched():
    doc = ReviewDoc(
        [
            Entry("a", "А.", "A.", "A.", reviewed=True),  # reviewed as it was
            Entry("b", "Б.", "B.", "Be.", reviewed=True),  # corrected and reviewed
            Entry("c", "В.", "C.", "See."),  # corrected, not yet reviewed
            Entry("d", "Г.", "D.", ""),  # cleared, not yet reviewed
            Entry("e", "Д.", "E.", "E."),  # untouched
            Entry("f", "Е.", "F.", "F."),  # untouched
        ]
    )
    assert doc.stats().counts == "2t+2f+2u"
    doc.revert(2)  # back to the MT: untouched again
    doc.accept(4)
    assert doc.stats().counts == "3t+1f+2u"
    doc.toggle_reviewed(0)  # reviewed no more, and the English is the MT: untouched
    assert doc.stats().counts == "2t+1f+3u"


def test_counts_of_an_empty_document():
    assert ReviewDoc([]).stats().counts == "0t+0f+0u"


# -- round trip -------------------------------------------------------------------------------


def test_a_merged_and_split_review_is_a_valid_po_file_that_reads_back_the_same(tmp_path):
    for name in ("ru.txt", "en.txt"):
        shutil.copy(ARTICLE / name, tmp_path / name)
    po = tmp_path / "en.review.po"
    doc = reviewfile.create(tmp_path / "ru.txt", tmp_path / "en.txt", po)
    n = len(doc.entries)

    k = doc.index_of("p013.s01")
    doc.set_note(k, "машины = cars")
    doc.set_note(k + 1, "здания = buildings")
    doc.ignore(k + 1, "length")
    doc.merge(k)

    # The MT made two English sentences of one Russian one: cut the bead in two.
    s = doc.index_of("p025.s01")
    ru, en = doc.entries[s].ru, doc.entries[s].en
    doc.split(s, ru.index("теперь"), en.index("Now people"))
    doc.edit(s + 1, "Now people will associate rallies with burning buildings and looted shops.")
    doc.accept(s + 1)
    assert len(doc.entries) == n

    po.write_text(render_po(doc), encoding="utf-8")
    for check in ("--check-format", "--check"):  # --check adds the header and domain checks
        out = subprocess.run(
            ["msgfmt", check, "-o", "/dev/null", str(po)], capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr

    again = read_po(po)

    def fields(d: ReviewDoc) -> list[tuple]:
        return [
            (e.id, e.ru, e.mt, e.en, e.reviewed, e.note, e.ru_lines, e.en_lines, e.ignored)
            for e in d.entries
        ]

    assert fields(again) == fields(doc)
    merged = again.entries[again.index_of("p013.s01")]
    assert merged.note == "машины = cars\nздания = buildings"
    second = again.entries[again.index_of("p025.s01-2")]
    assert second.reviewed and second.mt.startswith("Now people")


def test_typing_back_to_the_old_text_leaves_no_empty_undo_step():
    from sverka.model import Entry
    from sverka.review import ReviewDoc

    doc = ReviewDoc([Entry("a", "А.", "A.", "A."), Entry("b", "Б.", "B.", "B.")])
    doc.accept(1)
    doc.edit(0, "AB")
    doc.edit(0, "A.", amend=True)
    assert doc.undo() == 1  # the accept, not an edit that changes nothing
    assert not doc.entries[1].reviewed


def test_an_edit_keeps_only_what_gettext_accepts_and_a_no_op_is_not_a_step(tmp_path):
    """Enter at the end of the English, or a pasted NUL, must not make a file msgfmt refuses
    (or, for NUL, one that cannot be read back)."""
    doc = riot()
    steps = len(doc._undo)
    doc.edit(0, "\nThe winners will judge.\n\x00\x04")
    assert doc.entries[0].en == "The winners will judge."
    doc.edit(0, "The winners will judge.\n")  # what the editor holds after Enter
    assert len(doc._undo) == steps + 1
    doc.set_note(0, "a note\x00")
    path = tmp_path / "x.po"
    path.write_text(render_po(doc), encoding="utf-8")
    out = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert read_po(path).entries[0].note == "a note"
