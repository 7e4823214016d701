"""What helps me: the mood lift by style, time of day and length, and the last twelve weeks.

Everything shown comes from ``self.coach.insights()`` (coach.insights); the words are the
ones ``coach insights`` prints.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Static

from coach.insights import (
    BREAKDOWN_TITLES,
    CHANCE_NOTE,
    LIFT_EXPLAINED,
    NOT_ENOUGH,
    NOTHING_YET,
    TITLE,
    WEEKS_TITLE,
    Insights,
    LiftRow,
    rated_words,
    row_name,
)
from coach.mood import format_lift
from coach.screens.base import CoachScreen
from coach.widgets.charts import lift_bar, lift_scale, week_columns
from coach.widgets.footer import CoachFooter
from coach.widgets.too_small import TooSmall
from coach.words import plural

BAR_HALF = 6  # cells each side of the zero line
MOOD_STYLE = "$success"
ANXIETY_STYLE = "$warning"
LIFT_STYLE = "$success"
FALL_STYLE = "$text-muted"
NO_MORNINGS = "No morning check-ins in these weeks yet."


def breakdown_lines(name: str, rows: tuple[LiftRow, ...], scale: float, width: int) -> Content:
    """One breakdown's rows: the name, a bar for the average lift, the numbers behind it (or
    "not enough yet")."""
    lines: list[Content] = []
    for r in rows:
        label = row_name(name, r.key).ljust(width)
        if not r.sessions:
            lines.append(Content.assemble(label, "  ", (f"no sessions · {NOT_ENOUGH}", "dim")))
        elif not r.enough or r.mean_lift is None:
            lines.append(Content.assemble(
                label, "  ", (f"{plural(r.sessions, 'session')} · {NOT_ENOUGH}", "dim")))
        else:
            lines.append(Content.assemble(
                label, " ",
                lift_bar(r.mean_lift, scale, BAR_HALF, LIFT_STYLE, FALL_STYLE),
                f" {format_lift(r.mean_lift):>4}  ",
                (f"{plural(r.sessions, 'session')} · better after {r.better_after}", "dim"),
            ))
    return Content("\n").join(lines)


def weeks_content(found: Insights) -> Content:
    weeks = [(w.week_start, w.morning_mood, w.morning_anxiety) for w in found.weeks]
    chart = week_columns(weeks, mood_style=MOOD_STYLE, anxiety_style=ANXIETY_STYLE)
    legend = Content("\n").join([
        Content.assemble(("█", MOOD_STYLE), " morning mood (1 very low, 5 great)"),
        Content.assemble(("█", ANXIETY_STYLE), " anxiety (1 calm, 5 very anxious)"),
    ])
    parts = [chart, legend]
    if not any(w.morning_mood is not None for w in found.weeks):
        parts.append(Content.styled(NO_MORNINGS, "dim"))
    return Content("\n").join(parts)


class InsightsScreen(CoachScreen):
    """What helps me (key i)."""

    CSS_PATH = "insights.tcss"
    BINDINGS = [Binding("escape", "app.go_back", "Back")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="insights"):
            yield Label(TITLE, id="insights-title")
            yield Static("", id="insights-lead", markup=False)
            # Said before the numbers, where it is read first, at any size.
            yield Static(CHANCE_NOTE, id="chance", markup=False)
            with Horizontal(id="insights-body"):
                with Vertical(id="lifts"):
                    for name in BREAKDOWN_TITLES:
                        yield Static("", id=f"by-{name}", classes="breakdown")
                yield Static("", id="weeks")
        yield CoachFooter(keys_at_once=True)
        # Composed with the screen, not added once it shows (add_size_notice), which would
        # lay the screen out and draw it a second time.
        yield TooSmall()

    def refresh_data(self) -> None:
        leads = self.query("#insights-lead").results(Static)
        lead = next(leads, None)
        if lead is None:  # built ahead and not composed yet, or taken down: fill it as it shows
            self._stale = True
            return
        found = self.coach.insights()
        if found.sessions:
            lead.update(f"{LIFT_EXPLAINED} {rated_words(found.sessions)}")
        else:
            lead.update(NOTHING_YET)
        breakdowns = found.breakdowns()
        lifts = [r.mean_lift for _, rows in breakdowns for r in rows
                 if r.enough and r.mean_lift is not None]
        scale = lift_scale(lifts)
        width = max(len(row_name(name, r.key)) for name, rows in breakdowns for r in rows)
        for name, rows in breakdowns:
            panel = self.query_one(f"#by-{name}", Static)
            panel.border_title = BREAKDOWN_TITLES[name]
            panel.display = bool(found.sessions)
            panel.update(breakdown_lines(name, rows, scale, width))
        weeks = self.query_one("#weeks", Static)
        weeks.border_title = WEEKS_TITLE
        weeks.update(weeks_content(found))
        self.query_one("#chance", Static).display = bool(found.sessions)
