"""The review app's moving keys: up and down the list, to the next flagged or unreviewed
bead, search and the filter. A part of ReviewApp (tui/app.py), kept in a module of its own."""

from __future__ import annotations

from collections.abc import Callable

from sverka.session import next_wanted
from sverka.tui import filters
from sverka.tui.host import AppHost
from sverka.tui.screens import ChoiceScreen, SearchBar


class MoveActions(AppHost):
    """Actions that move the cursor or change which beads the list shows."""

    def _go(self, pos: int) -> None:
        beads = self.beads
        if not beads.order:
            return
        beads.move_cursor(pos)
        current = beads.current
        if current is not None:
            self.select(current)

    def action_move(self, delta: int) -> None:
        self._go(self.beads.cursor + delta)

    def action_go_to(self, pos: int) -> None:
        self._go(pos if pos >= 0 else len(self.beads.order) - 1)

    def _find(self, step: int, wanted: Callable[[int], bool], what: str) -> None:
        """Go to the next shown bead that is wanted (entry index), wrapping round."""
        order = self.beads.order
        pos = next_wanted(self.beads.cursor, step, len(order), lambda p: wanted(order[p]))
        if pos is None:
            self.notify(f"no {what}", timeout=3)
        else:
            self._go(pos)

    def action_next_flagged(self, step: int = 1) -> None:
        if self._checking:
            self.notify("the checks are still running; try again in a moment", timeout=3)
            return
        self.commit()
        self._find(step, self.session.flagged, "flagged bead")

    def action_next_unreviewed(self) -> None:
        self.commit()
        self._find(1, lambda i: not self.doc.entries[i].reviewed, "bead left to review")

    def action_search(self) -> None:
        self.commit()
        self.query_one(SearchBar).open()

    def find(self, query: str) -> None:
        needle = query.strip().casefold().replace("ё", "е")
        if not needle:
            return

        def wanted(i: int) -> bool:
            e = self.doc.entries[i]
            return needle in e.ru.casefold().replace("ё", "е") or needle in e.en.casefold()

        # Every bead is searched, in document order from this one: a filter hides beads
        # from the list, never from a search.
        self.commit()
        found = next_wanted(max(self.index, 0), 1, len(self.doc.entries), wanted)
        if found is None:
            self.notify(f"no bead with {query.strip()!r}", timeout=3)
            return
        if self.beads.position_of(found) is None:
            left = filters.label(self._filter)
            self.apply_filter("all")
            self.notify(f"found outside the filter ({left}): showing every bead", timeout=5)
        pos = self.beads.position_of(found)
        if pos is not None:
            self._go(pos)

    # -- issue 18: riskiest first ------------------------------------------------------------

    def _riskiest_key(self) -> Callable[[int], float]:
        session = self.session
        return lambda i: -(session.risk(i) or 0.0)

    def action_risk_order(self) -> None:
        """Riskiest beads first, or back to document order; the cursor stays on its bead."""
        if self._checking:
            self.notify("the checks are still running; try again in a moment", timeout=3)
            return
        self._risk_order = not self._risk_order
        self.apply_filter(self._filter)
        self.notify("riskiest beads first" if self._risk_order else "document order", timeout=3)

    # -- end issue 18 ---------------------------------------------------------------------------

    def action_filter(self) -> None:
        choices = filters.choices(self.session, self._filter, checked=not self._checking)
        self.push_screen(ChoiceScreen("Show", choices, "all"), self.apply_filter)

    def apply_filter(self, choice: str | None) -> None:
        if choice is None:
            return
        self.commit()
        order = filters.order(self.session, choice)
        self._filter = choice
        # issue 18: the riskiest first, when asked; ties in document order
        self.beads.sort_key = self._riskiest_key() if self._risk_order else None
        if self.beads.sort_key is not None:
            order.sort(key=self.beads.sort_key)
        self.beads.set_order(order, self.index)
        if self.beads.current is not None:
            self.select(self.beads.current)
        else:
            self.notify("no bead matches this filter", timeout=3)
        self.update_status()
