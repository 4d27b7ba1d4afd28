"""Waiting on the review app in Pilot tests: on the messages it applies, never on the clock.

The app's workers post what happened (sverka.tui.messages) and ``app.applied(kind)`` is set
once the app has applied one. A wait here ends when that happened, however slow the machine;
the timeout only turns a hang into a failure.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sverka.tui.messages import BeadRechecked, ChecksFinished, Saved, SaveDue

TIMEOUT = 60.0


async def applied(app, kind, timeout: float = TIMEOUT) -> None:
    """Until a message of ``kind`` has been applied (one applied already counts)."""
    await asyncio.wait_for(app.applied(kind).wait(), timeout)


async def next_applied(app, pilot, kind, action: Callable[[], object] | None = None) -> None:
    """Run ``action`` (if any), then wait for the next message of ``kind`` applied after it."""
    app.applied(kind).clear()
    if action is not None:
        action()
    await applied(app, kind)
    await pilot.pause()


async def saves_back(app) -> None:
    """Until every save handed to a worker has come back and been applied."""
    while app.autosave.saving:
        app.applied(Saved).clear()
        await applied(app, Saved)


async def settled(app, pilot, checks: bool = True) -> None:
    """The checks done (when the app has them), the saves back, the screen caught up."""
    if checks and app.make_checker is not None:
        await applied(app, ChecksFinished)
    await app.workers.wait_for_complete()
    await saves_back(app)
    await pilot.pause()


async def rechecked(app, pilot, text: str) -> None:
    """Type ``text`` over the editor's and wait until the bead's findings are of that text."""

    def set_text() -> None:
        app.editor.text = text

    await next_applied(app, pilot, BeadRechecked, set_text)


async def autosaved(app, pilot) -> None:
    """As a reviewer who stops typing: until the autosave's timer has written what waited, or
    tried again and said why it could not (a failure already known: one more try first)."""
    auto = app.autosave
    await settled(app, pilot)
    if auto.error is not None:
        await next_applied(app, pilot, SaveDue)
        await settled(app, pilot)
    while (auto.pending_since is not None and auto.error is None) or auto.message_due:
        await next_applied(app, pilot, SaveDue)
        await settled(app, pilot)
