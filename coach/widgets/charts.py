"""Two small charts for "What helps me", drawn as Textual ``Content`` on a fixed scale.

- :func:`lift_bar`: a mood lift as a bar either side of a zero line, on the same scale for
  every row, so that rows can be compared by eye;
- :func:`week_columns`: the morning mood and anxiety of each week as a pair of columns on
  the fixed 1-5 scale of the answers, with the weeks named below.

Why not a charting library or Textual's ``Sparkline``: a ``Sparkline`` stretches each series
between its own lowest and highest value, so two weeks at 3.0 and 3.2 would look like a
swing from the bottom to the top — just what this screen must not suggest. textual-plotext
draws proper axes, but importing plotext takes 25-120 ms on this kind of machine, most of
the 150 ms the screen has to open in, for a dozen columns. A fixed scale in a few cells of
block characters says the same honestly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.content import Content

from coach.words import MONTH_SHORT

EIGHTHS = " ▁▂▃▄▅▆▇█"  # a column's top cell, by eighths filled
LEFT_EIGHTHS = " ▏▎▍▌▋▊▉█"  # a bar's end cell, by eighths filled from the left


def lift_scale(lifts: Sequence[float]) -> float:
    """The lift one side of the bars stands for: at least 2 points, enough for the largest."""
    return max([2.0, *(abs(v) for v in lifts)])


def lift_bar(lift: float, scale: float, half: int, style: str = "", low_style: str = ""
             ) -> Content:
    """``lift`` as a bar ``2 * half + 1`` cells wide: a zero line in the middle, a rise to
    the right (eighths of a cell), a fall to the left (whole cells)."""
    cells = max(0.0, min(1.0, abs(lift) / scale)) * half
    if lift >= 0:
        whole, part = int(cells), round((cells - int(cells)) * 8)
        if part == 8:
            whole, part = whole + 1, 0
        right = "█" * whole + (LEFT_EIGHTHS[part] if part else "")
        return Content.assemble(
            " " * half, ("│", "dim"), (right, style), " " * (half - len(right)))
    left = "█" * max(1, round(cells))
    return Content.assemble(
        " " * (half - len(left)), (left, low_style or style), ("│", "dim"), " " * half)


def week_columns(
    weeks: Sequence[tuple[date, float | None, float | None]],
    *,
    rows: int = 5,
    mood_style: str = "",
    anxiety_style: str = "",
) -> Content:
    """Columns for ``(week_start, mood, anxiety)``, oldest first: each week a mood column
    and an anxiety column (0 at the bottom, 5 at the top of ``rows`` lines), a gap between
    weeks, the scale on the left and the month under the first week of each month. A week
    without a check-in shows a dot on the base line."""
    per_row = 5 / rows
    lines: list[Content] = []
    for row in range(rows - 1, -1, -1):
        label = f"{(row + 1) * per_row:>2.0f} " if row in (rows - 1, 0) else "   "
        parts: list[Content | tuple[str, str] | str] = [(label, "dim")]
        for _, mood, anxiety in weeks:
            parts.append(_cell(mood, row, per_row, mood_style))
            parts.append(_cell(anxiety, row, per_row, anxiety_style))
            parts.append(" ")
        lines.append(Content.assemble(*parts))
    lines.append(Content.styled("   " + _month_labels([w for w, _, _ in weeks]), "dim"))
    return Content("\n").join(lines)


def _cell(value: float | None, row: int, per_row: float, style: str) -> tuple[str, str]:
    if value is None:
        return ("·" if row == 0 else " ", "dim")
    eighths = round(value / per_row * 8) - row * 8
    if eighths <= 0:
        return (" ", style)
    return (EIGHTHS[min(8, eighths)], style)


def _month_labels(starts: Sequence[date]) -> str:
    """Under each week's three cells: the month's name where a new month starts, room
    allowing."""
    out = ""
    last_month = None
    for n, start in enumerate(starts):
        column = n * 3
        if start.month != last_month and len(out) <= column:
            out = out.ljust(column) + MONTH_SHORT[start.month - 1]
            last_month = start.month
    return out
