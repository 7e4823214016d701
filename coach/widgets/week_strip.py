"""The last twelve weeks in a strip, with the morning-mood trend under it."""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from coach.record import record
from coach.words import MONTH_SHORT, STRIP_LEGEND

CELL = 5
LABEL = 9
# Morning mood 1 (very low) .. 5 (great) as bar heights: an absolute scale, so a steady 3 looks
# steady rather than stretched to fill the height.
MOOD_BARS = {1: "▁", 2: "▃", 3: "▄", 4: "▆", 5: "█"}
SYMBOLS = {
    "complete": "●",
    "lighter": "◔",  # not ◐, which is a short session in a day's box
    "paused": "‖",
    "none": "·",
    "under_way": "○",
    "before": " ",
    "ahead": " ",
}


@record
class StripWeek:
    start: date
    kind: str  # complete / lighter / under_way / paused / none / before (coach) / ahead
    sessions: int = 0
    mood: float | None = None  # average morning mood that week


def mood_bar(value: float | None) -> str:
    if value is None:
        return "·"
    return MOOD_BARS[min(5, max(1, round(value)))]


class WeekStrip(Widget):
    """Three rows: months, sessions per week (a symbol and a number), morning mood; then
    the legend."""

    DEFAULT_CSS = """
    WeekStrip {
        height: auto;
        width: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.weeks: list[StripWeek] = []
        self.current: date | None = None

    def show(self, weeks: list[StripWeek], current: date | None) -> None:
        self.weeks = weeks
        self.current = current
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 3 + len(STRIP_LEGEND)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max(*(len(line) for line in STRIP_LEGEND), LABEL + CELL * max(1, len(self.weeks)))

    def render(self) -> Content:
        months = [Content("".ljust(LABEL))]
        sessions = [Content.styled("sessions".ljust(LABEL), "dim")]
        moods = [Content.styled("morning".ljust(LABEL), "dim")]
        last_month = None
        for week in self.weeks:
            month = week.start.month
            label = MONTH_SHORT[month - 1] if month != last_month else ""
            last_month = month
            months.append(Content.styled(label.ljust(CELL), "dim"))
            symbol = SYMBOLS.get(week.kind, " ")
            shows_count = week.kind in ("complete", "lighter", "under_way") and week.sessions
            count = str(week.sessions) if shows_count else ""
            # The week on show is underlined (the mood bar is left as it is: a block glyph
            # under reverse video would read as a different height).
            style = "bold underline" if week.start == self.current else ""
            cell = f"{symbol}{count}"
            sessions.append(Content.styled(cell, style) + Content(" " * (CELL - len(cell))))
            bar = mood_bar(week.mood) if week.kind not in ("ahead", "before") else " "
            moods.append(Content(bar.ljust(CELL)))
        legend = [Content.styled(line, "dim") for line in STRIP_LEGEND]
        return Content("\n").join(
            [Content("").join(months), Content("").join(sessions), Content("").join(moods),
             *legend]
        )
