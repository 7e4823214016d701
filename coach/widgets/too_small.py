"""A polite notice shown instead of a squeezed layout when the terminal is too small."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

MIN_WIDTH = 80
MIN_HEIGHT = 22


class TooSmall(Widget):
    """Hidden unless the screen carries the ``-narrow`` or ``-short`` class (see app.tcss)."""

    DEFAULT_CSS = """
    TooSmall {
        display: none;
        width: 100%;
        height: 100%;
        content-align: center middle;
        text-align: center;
        padding: 1 2;
        background: $background;
    }
    """

    def render(self) -> Content:
        width, height = self.app.size
        return Content.assemble(
            ("This window is a little small for coach.\n\n", "bold"),
            "Please make it a little bigger, ",
            f"about {MIN_WIDTH} by {MIN_HEIGHT} or more",
            f" (it is {width} by {height} now).\n\n",
            ("Everything is kept as it was. Press q to quit.", "dim"),
        )


def add_size_notice(screen: Screen[Any]) -> None:
    """Every screen carries the polite too-small notice; CSS shows it only when needed."""
    if screen.is_attached and not screen.query_children(TooSmall):
        screen.mount(TooSmall())


def focus_again(app: App[Any]) -> None:
    """After a resize: a window made too small hides everything that can take focus, and the
    screen loses its focus; once the window is big enough again, focus comes back to where it
    goes when the screen first shows."""
    screen = app.screen
    if screen.focused is not None:
        return
    where = screen.AUTO_FOCUS if screen.AUTO_FOCUS is not None else app.AUTO_FOCUS
    for widget in screen.query(where) if where else ():
        if widget.focusable:
            widget.focus(scroll_visible=False)
            return
