"""What the action mixins (moving.py, reviewing.py) use of the review app, declared once.

ReviewApp (app.py) inherits the mixins; they in turn call the app's state and methods. For
the type checker each mixin derives from ``AppHost``; at run time from ``object``, so the
app's method order is the one app.py gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from sverka.review import ReviewDoc
    from sverka.session import ReviewSession
    from sverka.tui.beadlist import BeadList
    from sverka.tui.panel import EnglishEditor

    class AppHost(App[None]):
        """The review app as its action mixins see it."""

        session: ReviewSession
        index: int
        _amend: bool
        _checking: bool
        _filter: str
        _risk_order: bool
        _status_note: str
        _note_timer: Timer | None

        @property
        def doc(self) -> ReviewDoc: ...
        @property
        def beads(self) -> BeadList: ...
        @property
        def editor(self) -> EnglishEditor: ...
        def select(self, index: int) -> None: ...
        def show_bead(self) -> None: ...
        def commit(self) -> None: ...
        def update_status(self) -> None: ...
        def _load_editor(self) -> None: ...
        def _changed(self, index: int) -> None: ...
        def action_move(self, delta: int) -> None: ...

else:
    AppHost = object
