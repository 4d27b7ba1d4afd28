"""When the review app writes the reviewer's work (sverka.autosave), on a fake clock: each state
the app goes through, and what the reviewer is told, without the app and without sleeping."""

from __future__ import annotations

from pathlib import Path

from sverka.autosave import SAVE_AFTER, Autosave
from sverka.errors import SverkaError
from sverka.io.safe import ExternalChangeError
from sverka.session import SaveOutcome


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds


WRITTEN = SaveOutcome(written=True)


def make() -> tuple[Autosave, Clock]:
    clock = Clock()
    return Autosave(clock=clock), clock


def test_nothing_changed_is_saved_and_no_save_is_due():
    auto, clock = make()
    clock.tick(60)
    assert auto.state == "saved" and not auto.due()


def test_a_change_waits_a_second_then_a_save_is_due():
    auto, clock = make()
    auto.typed()
    assert auto.state == "dirty" and not auto.due()
    clock.tick(SAVE_AFTER / 2)
    auto.typed()  # typing on does not push the save back: the oldest change counts
    clock.tick(SAVE_AFTER / 2)
    assert auto.due() and auto.state == "scheduled"


def test_saving_then_saved_when_the_editor_holds_nothing_more():
    auto, clock = make()
    auto.changed()
    clock.tick(SAVE_AFTER)
    auto.started()
    assert auto.state == "saving"
    auto.finished(WRITTEN, clean=True)
    assert auto.state == "saved" and not auto.due()


def test_a_save_that_left_typing_behind_keeps_the_change_pending():
    auto, clock = make()
    auto.typed()
    auto.started()
    auto.finished(WRITTEN, clean=False)  # the reviewer typed on while it was written
    assert auto.state == "dirty"
    clock.tick(SAVE_AFTER)
    assert auto.due()


def test_a_failed_save_is_said_once_after_typing_stops_and_tried_again():
    auto, clock = make()
    auto.typed()
    clock.tick(SAVE_AFTER)
    auto.started()
    full = SaveOutcome(False, SverkaError("No space left on the disk", path=Path("x.po")))
    auto.finished(full, clean=False)
    assert auto.state == "failed" and auto.error is not None
    auto.typed()  # the reviewer is typing: no dialog over their keys
    assert auto.message_to_show() is None
    clock.tick(SAVE_AFTER)
    message = auto.message_to_show()
    assert message is not None and "No space left" in message
    assert auto.message_to_show() is None, "said once"
    assert auto.due(), "tried again a second after it failed"
    auto.started()
    auto.finished(full, clean=False)  # the same failure again: not said again
    clock.tick(SAVE_AFTER)
    assert auto.message_to_show() is None and auto.state == "failed"
    auto.started()
    auto.finished(WRITTEN, clean=True)  # space freed
    assert auto.state == "saved" and auto.error is None


def test_asking_to_save_shows_a_failure_at_once():
    auto, _ = make()
    auto.typed()
    auto.finished(SaveOutcome(False, SverkaError("read-only folder")), False, from_worker=False)
    assert auto.message_to_show() is None
    assert auto.message_to_show(now=True) == "read-only folder"


def test_a_file_changed_elsewhere_is_a_conflict_that_says_where_the_work_went():
    auto, clock = make()
    auto.typed()
    auto.started()
    mine = Path("en.review.mine.po")
    changed = ExternalChangeError("en.review.po was changed by another program")
    auto.finished(SaveOutcome(False, changed, mine), clean=False)
    assert auto.state == "conflict" and auto.kept_at == mine
    clock.tick(SAVE_AFTER)
    message = auto.message_to_show()
    assert message is not None and "another program" in message and str(mine) in message


def test_quitting_anyway_is_forgotten_once_a_save_works_again():
    auto, _ = make()
    auto.typed()
    auto.finished(SaveOutcome(False, SverkaError("disk full")), False, from_worker=False)
    auto.quit_anyway = True  # Ctrl+Q once: the next Ctrl+Q leaves unsaved
    auto.finished(WRITTEN, clean=True, from_worker=False)
    assert auto.quit_anyway is False and auto.state == "saved"
