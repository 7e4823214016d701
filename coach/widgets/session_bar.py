"""A one-line bar for the whole session: the part done, the part to come.

Textual's ProgressBar looks at its clock every second for its ETA whether shown or not; this
bar draws only when the share of it that is filled changes (in half cells), which for a
twenty-minute session on eighty columns is about every seven seconds.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

DONE = "━"
HALF = "╸"  # the tip of the done part, half a cell into the next
LEFT = "━"


class SessionBar(Widget):
    """``SessionBar().update(done, total)``: ``done`` of ``total`` seconds, as a bar."""

    COMPONENT_CLASSES = {"session-bar--done", "session-bar--left"}

    DEFAULT_CSS = """
    SessionBar {
        height: 1;
        width: 1fr;
    }
    SessionBar > .session-bar--done {
        color: $success;
    }
    SessionBar > .session-bar--left {
        color: $foreground 20%;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._fraction = 0.0
        self._drawn: tuple[int, int] | None = None  # (half cells filled, width) last drawn

    def update(self, done: float, total: float) -> None:
        """Show ``done`` of ``total``; redraws only when the filled length changes."""
        fraction = 0.0 if total <= 0 else min(1.0, max(0.0, done / total))
        self._fraction = fraction
        if self._halves(self.size.width) != self._drawn:
            self.refresh()

    @property
    def fraction(self) -> float:
        return self._fraction

    def _halves(self, width: int) -> tuple[int, int]:
        return int(self._fraction * width * 2), width

    def render(self) -> Content:
        width = self.size.width
        self._drawn = self._halves(width)
        halves = self._drawn[0]
        full, half = divmod(halves, 2)
        done_style = self.get_visual_style("session-bar--done")
        left_style = self.get_visual_style("session-bar--left")
        parts: list[tuple[str, object]] = [(DONE * full, done_style)]
        rest = width - full
        if half and rest > 0:
            parts.append((HALF, done_style))
            rest -= 1
        parts.append((LEFT * max(0, rest), left_style))
        return Content.assemble(*parts)  # type: ignore[arg-type]
