"""The document as a list of beads: Russian left, English right, wrapped, one mark per state.

Drawn with Textual's line API (toolong's pattern): the list knows each bead's height and
where it starts, ``render_line`` finds the bead under a screen row and takes its lines from a
cache keyed by everything that changes how they look, so 100,000 beads scroll like ten.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.events import Click, Resize
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from sverka.model import Entry
from sverka.session import ReviewSession
from sverka.termsafe import visible_narrow
from sverka.tui import keys
from sverka.tui.wrap import height, wrap

GUTTER = 7  # state, changed, note, worst finding, alignment mark, risk digit, a space
SEPARATOR = " │ "
LOW_CONFIDENCE = 0.5  # as the alignment check's threshold


class BeadList(ScrollView, can_focus=True):
    """Scrolls over ``order``: the indices of the entries shown (all, or a filter's)."""

    BINDINGS = keys.bindings("list")

    COMPONENT_CLASSES = {
        "beadlist--cursor",
        "beadlist--odd",
        "beadlist--reviewed",
        "beadlist--pending",
        "beadlist--changed",
        "beadlist--note",
        "beadlist--error",
        "beadlist--warning",
        "beadlist--info",
        "beadlist--align",
        "beadlist--empty",
        "beadlist--risk-low",
        "beadlist--risk-mid",
        "beadlist--risk-high",
    }

    DEFAULT_CSS = """
    BeadList { background: $surface; overflow-x: hidden; }
    BeadList > .beadlist--cursor { background: $accent 30%; }
    BeadList:focus > .beadlist--cursor { background: $accent 50%; }
    BeadList > .beadlist--odd { background: $boost; }
    BeadList > .beadlist--reviewed { color: $success; text-style: bold; }
    BeadList > .beadlist--pending { color: $text-muted; }
    BeadList > .beadlist--changed { color: $secondary; text-style: bold; }
    BeadList > .beadlist--note { color: $primary; text-style: bold; }
    BeadList > .beadlist--error { color: $error; text-style: bold; }
    BeadList > .beadlist--warning { color: $warning; text-style: bold; }
    BeadList > .beadlist--info { color: $primary; }
    BeadList > .beadlist--align { color: $warning; text-style: bold reverse; }
    BeadList > .beadlist--empty { color: $text-muted; text-style: italic; }
    BeadList > .beadlist--risk-low { color: $text-muted; }
    BeadList > .beadlist--risk-mid { color: $warning; text-style: bold; }
    BeadList > .beadlist--risk-high { color: $error; text-style: bold; }
    """

    class Clicked(Message):
        """The reviewer clicked a bead."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, session: ReviewSession, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.order: list[int] = list(range(len(session.doc.entries)))
        self.position: dict[int, int] | None = None  # entry index -> row of order; None: same
        self.cursor = 0  # a position in order
        self._ids: frozenset[str] = frozenset()  # every entry's id when order was set
        self._shown: frozenset[str] = frozenset()  # the shown entries' ids (a filter)
        self._heights: list[int] = []
        self._starts: list[int] = [0]
        self._width = 0
        self._cache: LRUCache[tuple, list[Strip]] = LRUCache(2048)
        # the order's key (riskiest first), kept through merges and splits; None: document
        self.sort_key: Callable[[int], float] | None = None

    # -- layout ---------------------------------------------------------------------------

    @property
    def column(self) -> int:
        """Cells for each side's text."""
        return max((self._width - GUTTER - len(SEPARATOR)) // 2, 8)

    def on_resize(self, event: Resize) -> None:
        # The rows are drawn beside the scrollbar, not under it: counted in, it cut the
        # last letters of a full English line ("will go bac").
        width = event.size.width - self.styles.scrollbar_size_vertical
        if width != self._width:
            self._width = width
            self.relayout()

    def relayout(self) -> None:
        """Measure every shown bead at the current width (a few ms per 10,000 beads)."""
        col, entries = self.column, self.session.doc.entries
        self._heights = [
            max(height(entries[i].ru, col), height(entries[i].en, col)) for i in self.order
        ]
        self._restart()

    def _restart(self) -> None:
        self._starts = [0, *accumulate(self._heights)]
        self.virtual_size = Size(self._width, self._starts[-1])
        self._cache.clear()
        self.refresh()

    def set_order(self, order: Sequence[int], cursor_index: int | None = None) -> None:
        """Show these entries (a filter), keeping the cursor on ``cursor_index`` if shown."""
        self.order = list(order)
        entries = self.session.doc.entries
        identity = self.order == list(range(len(entries)))  # not a sorted order of all
        self.position = None if identity else {i: k for k, i in enumerate(self.order)}
        if not identity:  # to follow merges and splits (see entries_moved)
            self._ids = frozenset(e.id for e in entries)
            self._shown = frozenset(entries[i].id for i in self.order)
        self.relayout()
        pos = self.position_of(cursor_index) if cursor_index is not None else None
        self.cursor = pos if pos is not None else 0
        self.scroll_to_cursor()

    def entries_changed(self, index: int) -> None:
        """An entry's text changed (see entries_moved for merges and splits)."""
        entries = self.session.doc.entries
        if self.position is None and len(entries) != len(self._heights):
            self.order = list(range(len(entries)))
            self.relayout()
            return
        pos = self.position_of(index)
        if pos is None:
            return
        e = self.session.doc.entries[index]
        h = max(height(e.ru, self.column), height(e.en, self.column))
        if h != self._heights[pos]:
            self._heights[pos] = h
            self._restart()
        else:
            self.refresh()

    def entries_moved(self, index: int) -> None:
        """Entries were merged or split at ``index`` (or that was undone): every index after
        it may have moved. Under a filter the same beads stay shown, by id, and so do the
        beads the change made (a split's second part, a merge undone): the reviewer is
        working on them."""
        entries = self.session.doc.entries
        if self.position is None:
            self.order = list(range(len(entries)))
            self.relayout()
            return
        made = {e.id for e in entries} - self._ids
        order = [i for i, e in enumerate(entries) if e.id in self._shown or e.id in made]
        if self.sort_key is not None:
            order.sort(key=self.sort_key)
        self.set_order(order, min(index, len(entries) - 1))

    def position_of(self, index: int) -> int | None:
        if self.position is None:
            return index if 0 <= index < len(self.order) else None
        return self.position.get(index)

    @property
    def current(self) -> int | None:
        """The entry index under the cursor, None when nothing is shown."""
        return self.order[self.cursor] if self.order else None

    def move_cursor(self, pos: int) -> None:
        if not self.order:
            return
        self.cursor = min(max(pos, 0), len(self.order) - 1)
        self.scroll_to_cursor()
        self.refresh()

    def scroll_to_cursor(self) -> None:
        if not self.order:
            return
        top, bottom = self._starts[self.cursor], self._starts[self.cursor + 1]
        view = self.scrollable_content_region.height or self.size.height
        y = self.scroll_offset.y
        if top < y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif bottom > y + view:
            self.scroll_to(y=max(bottom - view, 0) if bottom - top <= view else top,
                           animate=False, immediate=True)  # fmt: skip

    def on_click(self, event: Click) -> None:
        row = event.y + self.scroll_offset.y
        if 0 <= row < self._starts[-1]:
            self.post_message(self.Clicked(self.order[bisect_right(self._starts, row) - 1]))

    # -- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        row = y + self.scroll_offset.y
        width = self.size.width
        if row >= self._starts[-1] or not self.order:
            return Strip.blank(width, self.rich_style)
        pos = bisect_right(self._starts, row) - 1
        return self._bead(pos)[row - self._starts[pos]]

    def _bead(self, pos: int) -> list[Strip]:
        index = self.order[pos]
        entry = self.session.doc.entries[index]
        worst = self.session.worst(entry)
        risk = self.session.known_risk(entry)
        digit = None if risk is None else min(int(risk * 10), 9)
        key = (entry, pos == self.cursor, pos % 2, worst, digit, self._width, self.app.theme)
        strips = self._cache.get(key)
        if strips is None:
            strips = self._draw(entry, pos, worst, digit)
            self._cache[key] = strips
        return strips

    def _draw(self, e: Entry, pos: int, worst: str | None, digit: int | None) -> list[Strip]:
        col, width = self.column, self._width
        style = self.get_component_rich_style
        if pos == self.cursor:
            base = self.rich_style + style("beadlist--cursor")
        elif pos % 2:
            base = self.rich_style + style("beadlist--odd")
        else:
            base = self.rich_style
        empty = base + style("beadlist--empty")
        # Controls and bidi marks shown one glyph for one character (termsafe): the text
        # wraps to the lines relayout measured on the text itself.
        ru = wrap(visible_narrow(e.ru), col) if e.ru else ["—"]
        en = wrap(visible_narrow(e.en), col) if e.en else ["—"]
        rows = max(len(ru), len(en))
        gutter = self._gutter(e, worst, digit, base)
        strips = []
        for k in range(rows):
            left = set_cell_size(ru[k] if k < len(ru) else "", col)
            right = set_cell_size(en[k] if k < len(en) else "", col)
            segments = [*(gutter if k == 0 else [Segment(" " * GUTTER, base)])]
            segments.append(Segment(left, empty if not e.ru else base))
            segments.append(Segment(SEPARATOR, base + Style(dim=True)))
            segments.append(Segment(right, empty if not e.en else base))
            strips.append(Strip(segments).crop_extend(0, width, base))
        return strips

    def _gutter(self, e: Entry, worst: str | None, digit: int | None, base: Style) -> list[Segment]:
        style = self.get_component_rich_style
        marks = [
            ("✓", "beadlist--reviewed") if e.reviewed else ("·", "beadlist--pending"),
            ("✎", "beadlist--changed") if e.en != e.mt else (" ", ""),
            ("#", "beadlist--note") if e.note else (" ", ""),
            ({"error": "E", "warning": "W", "info": "i"}[worst], f"beadlist--{worst}")
            if worst
            else (" ", ""),
            ("≠", "beadlist--align") if not_one_to_one(e) else (" ", ""),
            (" ", "") if digit is None else (str(digit), _risk_class(digit)),
            (" ", ""),
        ]
        return [Segment(ch, base + style(cls) if cls else base) for ch, cls in marks]


def not_one_to_one(e: Entry) -> bool:
    """A bead the reviewer should check the alignment of: a side missing (1-0, 0-1), two
    sentences on a side (2-1, 1-2, 2-2), or a low-confidence alignment."""
    return (
        not (e.ru and e.en)
        or len(e.ru_lines) > 1
        or len(e.en_lines) > 1
        or e.confidence < LOW_CONFIDENCE
    )


def _risk_class(digit: int) -> str:
    """The risk digit's colour: muted below an even chance, then warning, then error."""
    return (
        "beadlist--risk-low"
        if digit < 5
        else "beadlist--risk-mid"
        if digit < 7
        else "beadlist--risk-high"
    )
