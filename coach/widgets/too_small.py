"""A polite notice shown instead of a squeezed layout when the terminal is too small."""

from __future__ import annotations

from textual.content import Content
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
