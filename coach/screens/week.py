"""Week: seven days side by side, a summary line, the last twelve weeks and the mood trend.

Everything the screen needs is computed once per load of the history (levels, week summaries,
morning moods); Left and Right only re-plan one week from that, so moving between weeks stays
quick with years of data.

A day is picked to see its records: 1-7 (or a click) open the day in that column at once;
Up and Down (or Tab and Shift+Tab) move a day cursor, on to the next or previous week past
either end, and Enter opens the day under it. The cursor shows from the first such key, on
today; Left and Right keep it on its weekday.
"""

from __future__ import annotations

from datetime import date, timedelta
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label, Static

from coach import mood
from coach.plan import DayPlan, WeekPlan, WeekSummary
from coach.report import extra_words, week_note, week_sessions_words
from coach.screens.base import CoachScreen
from coach.widgets.week_strip import StripWeek, WeekStrip
from coach.widgets.footer import CoachFooter
from coach.words import WEEK_DAY_LEGEND, WEEKDAY_SHORT, day_span, minutes_words

STRIP_WEEKS = 12
STATUS_SYMBOLS = {
    "planned": "○",
    "done": "●",
    "short": "◐",
    "extra": "+",
    "rest": "·",
    "paused": "‖",
}


def week_heading(start: date, today_start: date) -> str:
    span = day_span(start, start + timedelta(days=6))
    if start == today_start:
        return f"This week · {span}"
    if start == today_start - timedelta(days=7):
        return f"Last week · {span}"
    if start == today_start + timedelta(days=7):
        return f"Next week · {span}"
    return f"Week of {span}"


#: How hard a session felt, in the few letters a day's column has room for.
EFFORT_SHORT: dict[str, str] = {"easy": "easy", "right": "ok", "hard": "hard"}


def day_cell(d: DayPlan, morning: int | None) -> Content:
    """One day's column: date, status (symbol and word), minutes, morning mood, before→after."""
    header = f"{WEEKDAY_SHORT[d.day.weekday()]} {d.day.day}"
    status = f"{STATUS_SYMBOLS.get(d.status, ' ')} {d.status}"
    if d.sessions:
        minutes = Content(f"{d.minutes_done} min" if d.minutes_done else "<1 min")
    elif d.status == "planned":
        minutes = Content.styled(f"{d.planned_minutes} min", "dim")
    else:
        minutes = Content("")
    am = Content.styled(f"mood {morning}", "dim") if morning is not None else Content("")
    rated = [s for s in d.sessions if s.mood_before is not None or s.mood_after is not None
             or s.effort is not None]
    if rated:
        last = rated[-1]
        parts = []
        if last.mood_before is not None or last.mood_after is not None:
            before = "·" if last.mood_before is None else str(last.mood_before)
            after = "·" if last.mood_after is None else str(last.mood_after)
            parts.append(f"{before}→{after}")
        if last.effort is not None:
            parts.append(EFFORT_SHORT.get(last.effort, last.effort))
        moods = Content(" ".join(parts))
    else:
        moods = Content("")
    return Content("\n").join(
        [Content.styled(header, "bold"), Content(status), minutes, am, moods]
    )


class DayRow(Horizontal):
    """The seven days side by side, all the same width (the odd columns left over are shared
    out on either side, not given to Sunday)."""

    def on_resize(self, event: events.Resize) -> None:
        each = max(1, event.size.width // 7)
        for box in self.children:
            if box.styles.width is None or box.styles.width.value != each:
                box.styles.width = each


class WeekScreen(CoachScreen):
    CSS_PATH = "week.tcss"
    # Priority: the scrolling container would otherwise take these keys (and hide them).
    # (The footer lists ↑↓ first all the same: it keeps the order the container's keys have.)
    BINDINGS = [
        Binding("left", "shift(-1)", "Week", key_display="←→", priority=True),
        Binding("right", "shift(1)", "Next week", show=False, priority=True),
        Binding("home", "this_week", "This week", show=False, priority=True),
        Binding("down", "move_day(1)", "Records", key_display="↑↓ 1-7", priority=True),
        Binding("up", "move_day(-1)", "Day before", show=False, priority=True),
        Binding("tab", "move_day(1)", "Next day", show=False, priority=True),
        Binding("shift+tab", "move_day(-1)", "Day before", show=False, priority=True),
        Binding("enter", "open_day", "Open the day", show=False, priority=True),
        Binding("1", "records(0)", "Records", show=False),
        *(Binding(str(n + 1), f"records({n})", show=False) for n in range(1, 7)),
        # Kept out of the footer so every key shown fits at 80 columns (Help lists them all).
        Binding("m", "app.checkin", "Mood", show=False),
        Binding("b", "app.show('buddy')", "Buddy", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown_day: date | None = None  # a day in the week on show; None: this week
        self._today: date | None = None
        self._summaries: dict[date, WeekSummary] = {}
        self._mornings: dict[date, int] = {}
        self._days: list[date] = []  # the days on show, left to right
        self.cursor: int | None = None
        """The column of the day cursor (0 the week's first day); None until Up, Down, Tab or
        Shift+Tab first shows it."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="week"):
            yield Label("", id="week-title")
            with DayRow(id="days"):
                for i in range(7):
                    yield Static("", id=f"day-{i}", classes="day")
            yield Static("", id="week-summary", markup=False)
            yield Static("", id="week-words", markup=False)
            yield Static(WEEK_DAY_LEGEND, id="week-legend", markup=False)
            yield Label("The last twelve weeks", id="strip-title", classes="week-heading")
            yield WeekStrip(id="strip")
            yield Static("", id="week-insight", markup=False)
        yield CoachFooter()

    # ------------------------------------------------------------------ data

    def refresh_data(self) -> None:
        """Read the history once: summaries of every week and each day's morning mood."""
        coach = self.coach
        today = coach.today()
        if self._today is not None and today != self._today and self.shown_day is not None:
            if self.shown_day == self._today:
                self.shown_day = None
        self._today = today
        planner = coach.planner()
        history = coach.history()
        self._summaries = {w.week_start: w for w in planner.week_summaries(today=today)}
        self._mornings = mood.mornings_by_day(history.checkins, today)
        found = mood.insight(history.sessions)
        insight = self.query_one("#week-insight", Static)
        insight.display = found is not None
        if found is not None:
            insight.update(f"{found.headline} (mood {found.short_lift} on average).")
        self.show_week()

    def show_week(self) -> None:
        coach = self.coach
        today = self._today or coach.today()
        day = self.shown_day or today
        planner = coach.planner()
        week = planner.plan_week(day, today)
        this_start = planner.week_start(today)
        heading: str | Content = week_heading(week.week_start, this_start)
        if week.week_start != this_start:
            heading = Content.assemble(heading, ("   Home: back to this week", "dim not bold"))
        self.query_one("#week-title", Label).update(heading)
        self._days = [d.day for d in week.days]
        for i, d in enumerate(week.days):
            cell = self.query_one(f"#day-{i}", Static)
            cell.update(day_cell(d, self._mornings.get(d.day)))
            # One class change per cell (each change restyles it): keeps Left/Right quick.
            cell.set_classes(f"day -{d.status}" + (" today" if d.is_today else "")
                             + (" -cursor" if i == self.cursor else ""))
            cell.border_title = "today" if d.is_today else ""
        first = min(self._summaries) if self._summaries else this_start
        if week.week_start < first:
            self.query_one("#week-summary", Static).update(f"level {week.level.number}")
            words = "This was before your first week with coach."
        else:
            self.query_one("#week-summary", Static).update(self._summary_line(week))
            # The summary line says the numbers; the words only what they do not.
            words = week_note(week)
        if week.welcome_back and week.week_start == this_start:
            words = "Welcome back. " + words
        extra = extra_words(week)
        if extra:
            words += " " + extra
        words_box = self.query_one("#week-words", Static)
        words_box.display = bool(words.strip())
        words_box.update(words.strip())
        self._show_strip(week.week_start, this_start)
        self.query_one("#strip-title", Label).update(
            "The last twelve weeks"
            if week.week_start == this_start
            else "Twelve weeks up to this one"
        )

    def _summary_line(self, week: WeekPlan) -> str:
        coach = self.coach
        lvl = week.level
        parts = [
            week_sessions_words(week),
            minutes_words(week.minutes_done, week.sessions_done),
            f"level {lvl.number}",
        ]
        lift = mood.week_insight(
            coach.history().sessions, week.week_start, coach.history().settings.first_weekday
        )
        if lift is not None:
            parts.append(f"mood lift {lift.short_lift}")
        if week.paused:
            parts.append("paused")
        return " · ".join(parts)

    def _show_strip(self, shown_start: date, this_start: date) -> None:
        trend_end = min(shown_start + timedelta(days=6), self._today or shown_start)
        trend = mood.morning_trend(self._mornings, shown_start, trend_end, STRIP_WEEKS)
        weeks: list[StripWeek] = []
        for n, average in zip(range(STRIP_WEEKS - 1, -1, -1), trend):
            start = shown_start - timedelta(weeks=n)
            summary = self._summaries.get(start)
            if start > this_start:
                kind, sessions = "ahead", 0
            elif summary is None:
                # Before the first week with coach: nothing to show, not "no session".
                kind, sessions = ("under_way" if start == this_start else "before"), 0
            elif summary.complete:
                kind, sessions = "complete", summary.sessions
            elif summary.paused:
                kind, sessions = "paused", summary.sessions
            elif start == this_start:
                kind, sessions = "under_way", summary.sessions
            elif summary.sessions:
                kind, sessions = "lighter", summary.sessions
            else:
                kind, sessions = "none", 0
            weeks.append(StripWeek(start=start, kind=kind, sessions=sessions, mood=average))
        self.query_one(WeekStrip).show(weeks, shown_start)

    # ------------------------------------------------------------------ keys

    def action_shift(self, weeks: int) -> None:
        today = self._today or self.coach.today()
        self.shown_day = (self.shown_day or today) + timedelta(weeks=weeks)
        self.show_week()

    def action_this_week(self) -> None:
        self.shown_day = None
        if self.cursor is not None:  # on today, in this week
            today = self._today or self.coach.today()
            self.cursor = (today - self.coach.planner().week_start(today)).days
        self.show_week()

    def _today_column(self) -> int:
        """Today's column in the week on show; else the week's first day."""
        today = self._today or self.coach.today()
        return self._days.index(today) if today in self._days else 0

    def action_move_day(self, step: int) -> None:
        """Move the day cursor a day on (``step`` 1) or back (-1), into the next or previous
        week past either end; the first press shows it, on today."""
        if self.cursor is None:
            self.cursor = self._today_column()
        else:
            column = self.cursor + step
            if not 0 <= column < 7:
                today = self._today or self.coach.today()
                self.shown_day = (self.shown_day or today) + timedelta(weeks=step)
            self.cursor = column % 7
        self.show_week()

    def action_open_day(self) -> None:
        """Open the records of the day under the cursor (today's, before the cursor shows)."""
        self.action_records(self._today_column() if self.cursor is None else self.cursor)

    def action_records(self, index: int) -> None:
        """Open the records of the day in column ``index`` (1-7 pick it), to correct one."""
        from coach.screens.records import DayRecordsScreen

        if 0 <= index < len(self._days):
            self.app.push_screen(DayRecordsScreen(self._days[index]))

    def on_click(self, event: events.Click) -> None:
        widget = event.widget
        while widget is not None and not (widget.id or "").startswith("day-"):
            widget = widget.parent if isinstance(widget.parent, Widget) else None
        if widget is not None and widget.id is not None:
            self.action_records(int(widget.id.removeprefix("day-")))
