"""The time left in digits as large as the space allows: readable from a mat two metres away.

Each character of the clock is a 5×7 grid of pixels (the colon is one pixel wide), drawn with
full and half block characters so that one pixel can be any whole number of columns wide and
of half rows tall. The widget picks the largest square pixel (as wide in columns as it is
tall in half rows: a terminal cell is about twice as tall as it is wide) at which its
*template* fits, and keeps that size for as long as its region does not change. The template
is the longest text the clock will show (``"00:00"`` for a session of intervals under an
hour), so the digits neither grow nor jump as the seconds go by or the phase changes.

Textual's ``Digits`` are three rows tall at any size, and FIGlet fonts (pyfiglet) come in a
few fixed sizes and mostly in line art; a bitmap scaled to the window is both as large as the
window allows and solid enough to read from across a room, in some sixty lines.
"""

from __future__ import annotations

from functools import lru_cache

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

GLYPH_ROWS = 7
GAP = 1  # pixels between two characters

_FONT_ROWS: dict[str, tuple[str, ...]] = {
    "0": (".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": (".###.", "#...#", "....#", "..##.", "....#", "#...#", ".###."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": ("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."),
    ":": (".", ".", "#", ".", "#", ".", "."),
    " ": (".....",) * GLYPH_ROWS,
}


def pixels(text: str) -> list[str]:
    """The text as rows of pixels ('#' lit, '.' not); unknown characters are blank."""
    glyphs = [_FONT_ROWS.get(ch, _FONT_ROWS[" "]) for ch in text]
    gap = "." * GAP
    return [gap.join(glyph[row] for glyph in glyphs) for row in range(GLYPH_ROWS)]


def pixel_width(text: str) -> int:
    return len(pixels(text)[0]) if text else 0


def fitting_scale(template: str, size: Size) -> int:
    """The largest pixel (columns wide = half rows tall) at which ``template`` fits in ``size``;
    0 when not even one column per pixel fits."""
    wide = pixel_width(template)
    if not wide:
        return 0
    return max(0, min(size.width // wide, (2 * size.height) // GLYPH_ROWS))


@lru_cache(maxsize=64)
def big_lines(text: str, scale: int) -> tuple[str, ...]:
    """``text`` drawn with pixels ``scale`` columns wide and ``scale`` half rows tall."""
    grid = pixels(text)
    if scale < 1 or not grid[0]:
        return (text,)
    half_rows = GLYPH_ROWS * scale
    lines = []
    for row in range((half_rows + 1) // 2):
        top = grid[(2 * row) // scale]
        bottom = grid[(2 * row + 1) // scale] if 2 * row + 1 < half_rows else "." * len(top)
        cells = []
        for t, b in zip(top, bottom):
            cells.append(("█" if b == "#" else "▀") if t == "#" else ("▄" if b == "#" else " "))
        lines.append("".join(ch * scale for ch in cells))
    return tuple(lines)


class BigClock(Widget):
    """``BigClock(template)``, then ``update("4:37")``: the clock as large as its region allows.

    Give it a size from the stylesheet (``1fr``, say): it fills what it is given and centres
    the digits in it. When even one column per pixel does not fit, it shows the plain text.
    """

    DEFAULT_CSS = """
    BigClock {
        width: 1fr;
        height: 1fr;
        content-align: center middle;
    }
    """

    def __init__(self, value: str = "", *, template: str = "00:00", id: str | None = None) -> None:
        super().__init__(id=id)
        self._value = value
        self.template = template

    @property
    def value(self) -> str:
        return self._value

    @property
    def scale(self) -> int:
        """The pixel size in use at the widget's present size."""
        return fitting_scale(self.template, self.content_size)

    def update(self, value: str) -> None:
        if value != self._value:
            self._value = value
            self.refresh()

    def render(self) -> Content:
        lines = big_lines(self._value, self.scale)
        return Content("\n".join(lines))
