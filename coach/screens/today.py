"""Today: the screen coach opens on each morning.

The date, today's session (or a rest day), the week so far, the level and the next step, the
morning check-in, the before/after insight and any buddy suggestion. On a low-mood morning it
offers a 10-minute session instead; when the safety net is on it leads with people to talk to.
"""

from __future__ import annotations

from datetime import date, datetime

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Label, Static

from coach import mood
from coach.cues import short_line
from coach.models import Checkin
from coach.plan import EXTRA_NOTE, BuddySuggestion, PlanError, WeekPlan
from coach.report import moved_words, next_step_words, progress_words
from coach.screens.base import CoachHost, CoachScreen, saving
from coach.service import SHORT_MINUTES
from coach.text import one_line
from coach.widgets.footer import CoachFooter
from coach.words import (
    REST_LINE,
    SETTINGS_KEPT,
    gentler_line,
    long_day,
    minutes_words,
    next_session,
    plural,
    resumed_note,
    style_name,
)

WELCOME_BACK = "Welcome back. The plan starts gently from here, one day at a time."
PAUSED_LINE = "The plan is paused. Rest and recover: it will be here when you're ready."
SHORT_IN_PLACE = "It took today's place in the plan: the rest of the week stays as it was."
CHECKIN_PROMPT = "How are you feeling today? Press m to check in."


# --------------------------------------------------------------------------- helpers


def morning_checkin(checkins: list[Checkin], day: date) -> Checkin | None:
    """Today's latest morning check-in with a mood."""
    found = [
        (c.at or datetime.min, c.id if c.id is not None else -1, i, c)
        for i, c in enumerate(checkins)
        if c.kind == "morning" and c.day == day and c.mood is not None
    ]
    return max(found, key=lambda item: item[:3])[3] if found else None


# --------------------------------------------------------------------------- the screen


class TodayScreen(CoachScreen):
    CSS_PATH = "today.tcss"
    # Today's own keys are named where they apply (on the panels), keeping the footer short.
    BINDINGS = [
        Binding("d", "move", "Move session", show=False),
        Binding("h", "toggle_short", "Short or full session", show=False),
        Binding("c", "buddy('done')", "Buddy: done", show=False),
        Binding("x", "buddy('dismissed')", "Buddy: not today", show=False),
        Binding("r", "resume", "Resume plan", show=False),
    ]

    # The scrolling panels take the keys (arrows, Page Up/Down) whenever Today shows.
    AUTO_FOCUS = "#today"

    def __init__(self) -> None:
        super().__init__()
        self.week: WeekPlan | None = None
        self.day: date | None = None
        self.suggestion: BuddySuggestion | None = None
        self.move_days: list[date] = []
        self._size_seen = Size(0, 0)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="today"):
            yield Label("Today", id="today-title")
            yield Static("", id="welcome-back", markup=False)
            yield Static("", id="safety", classes="panel", markup=False)
            yield Static("", id="session", classes="panel", markup=False)
            yield Static("", id="progress", markup=False)
            yield Static("", id="morning", markup=False)
            yield Static("", id="insight", markup=False)
            yield Static("", id="buddy", classes="panel", markup=False)
        yield CoachFooter()

    #: How much of the optional detail Today shows: 2 all of it, 1 without the routine's
    #: summary, 0 without its equipment either and with the lines closer together. After
    #: each layout the most that fits without scrolling is kept (``_fit``); every new read
    #: and every resize starts again from all of it. Lines anyone adds to Today are kept,
    #: and the details make room for them.
    MOST_DETAIL = 2
    detail = MOST_DETAIL

    def on_mount(self) -> None:  # CoachScreen.on_mount runs too and reads the data
        self._size_seen = self.app.size
        # Each layout that changes how tall Today's lines are looks again at whether they fit.
        self.watch(self.query_one("#today"), "virtual_size", self._laid_out, init=False)

    def on_resize(self, event: events.Resize) -> None:
        # (A screen is told its size again after many a layout; only a new size matters.)
        if event.size != self._size_seen:
            self._size_seen = event.size
            if self.week is not None and self.detail < self.MOST_DETAIL:
                self.refresh_data()  # maybe there is room for all of it now

    def _laid_out(self) -> None:
        self.call_after_refresh(self._fit)  # once this layout is done and shown

    def _fit(self) -> None:
        """Less detail while Today would need scrolling, down to the least there is."""
        if self.is_mounted and self.detail > 0 and self.query_one("#today").max_scroll_y > 0:
            self._show(self.detail - 1)

    # ------------------------------------------------------------------ reading

    def refresh_data(self) -> None:
        self._show(self.MOST_DETAIL)

    def _show(self, detail: int) -> None:
        self.detail = detail
        self.set_class(detail == 0, "-tight")
        self._read_and_update()

    def _read_and_update(self) -> None:
        coach = self.coach
        day = coach.today()
        self.day = day
        history = coach.recent_history()
        planner = coach.planner()
        week = planner.plan_week(day, day)
        self.week = week
        here = week.today_plan
        self.suggestion = planner.buddy_suggestion(day)
        self.move_days = (
            planner.move_options(day, day) if here is not None and here.status == "planned" else []
        )
        safety = mood.safety_net(history.checkins, day)

        self.query_one("#today-title", Label).update(f"Today · {long_day(day)}")

        welcome = self.query_one("#welcome-back", Static)
        # The safety net leads, alone. On the launch that found a history without the
        # welcome, Today says once where the settings it kept are changed.
        kept = coach.history_adopted and not safety
        welcome.display = (week.welcome_back or kept) and not safety
        lines = [WELCOME_BACK] if week.welcome_back else []
        if kept:
            lines.append(SETTINGS_KEPT)
        welcome.update("\n".join(lines))

        safety_box = self.query_one("#safety", Static)
        safety_box.display = safety
        if safety:
            safety_box.border_title = "You don't have to do this alone"
            safety_box.update("\n".join(mood.safety_net_lines(history.buddy)))

        session = self.query_one("#session", Static)
        title, lines, keys = self._session_lines(week, day, safety)
        session.border_title = title
        session.border_subtitle = keys
        session.update("\n".join(lines))
        session.set_class(safety, "quiet")

        self.query_one("#progress", Static).update(
            "\n".join(self._progress_lines(week, planner.week_streak(day), self.detail))
        )
        self.query_one("#morning", Static).update(self._morning_text(history.checkins, day))

        found = mood.insight(history.sessions)
        insight = self.query_one("#insight", Static)
        insight.display = found is not None
        if found is not None:
            insight.update(found.text)

        buddy = self.query_one("#buddy", Static)
        buddy.display = self.suggestion is not None and not safety
        if self.suggestion is not None:
            buddy.border_title = "Buddy"
            buddy.border_subtitle = (
                "b name a buddy · x not this week"
                if self.suggestion.reason == "find_buddy"
                else "c done · x not today"
            )
            buddy.update(self.suggestion.text)
        # Today's own keys are not in the footer (check_action still gates them), so the
        # footer need not be rebuilt here.

    def _session_lines(
        self, week: WeekPlan, day: date, safety: bool
    ) -> tuple[str, list[str], str]:
        """The session panel: its title, its lines and the keys named on its lower border."""
        coach = self.coach
        history = coach.recent_history()
        here = week.today_plan
        style = style_name(week.style)
        status = here.status if here is not None else "rest"
        if status == "planned" and here is not None:
            minutes = coach.session_minutes(week)
            short = minutes == SHORT_MINUTES and minutes != here.planned_minutes
            low = not safety and mood.low_mood_today(history.checkins, day)
            routine = coach.todays_routine(week.level)
            name = f": {routine.name}" if routine is not None else ""
            lines = []
            if low and short:  # once they chose the full session, the offer has been heard
                lines.append(mood.LOW_MOOD_OFFER)
            what = f"{minutes} minutes of {style.lower()}{name}"
            if short:
                what += ", the short version"
            lines.append(what)
            cue = coach.session_cue(day, week)
            if cue is not None:  # one short line; the if-it-feels-hard plan first on a low day
                lines.append(short_line(cue, low_mood=mood.low_mood_today(history.checkins, day)))
            if routine is not None and coach.gentler_next():
                lines.append(gentler_line(routine.name, style, today=True))
            elif routine is not None and routine.summary and self.detail >= 2:
                lines.append(routine.summary)
            if routine is not None and routine.equipment and self.detail >= 1:
                lines.append(f"You'll need: {routine.equipment[0].lower()}{routine.equipment[1:]}.")
            keys = ["s start"]
            if short:
                keys.append(f"h the full {here.planned_minutes}")
            else:
                keys.append(f"h {SHORT_MINUTES} minutes instead")
            if self.move_days:
                keys.append("d move to another day")
            title = "If and when you feel up to it" if safety else "Today's session"
            return title, lines, " · ".join(keys)
        if status in ("done", "short", "extra") and here is not None:
            done = minutes_words(here.minutes_done)
            if status == "done":
                lines = [f"Done today: {done}. Nice work."]
                if len(here.sessions) > 1:
                    lines.append(EXTRA_NOTE)
            elif status == "short":
                lines = [f"Done today: {done}. Every minute counts, and showing up matters."]
                if here.in_place:
                    lines.append(SHORT_IN_PLACE)
            else:
                lines = [f"Done today: {done}, more than the plan asks. Nice work."]
                lines.append(week.extra_note or REST_LINE)
            if status != "extra":
                nxt = next_session(week, day)
                if nxt:
                    lines.append(nxt)
            lines += self._gentler_lines(style)
            return "Today's session", lines, ""
        if status == "paused":
            return "Paused", [PAUSED_LINE], "r resume the plan from today"
        lines = [REST_LINE]
        nxt = next_session(week, day)
        if nxt:
            lines.append(nxt)
        elif week.complete:
            lines.append("This week's sessions are done. Enjoy the rest.")
        lines.append("A walk or a gentle stretch is plenty, if you feel like moving.")
        lines += self._gentler_lines(style)
        return "Rest day", lines, ""

    def _gentler_lines(self, style: str) -> list[str]:
        """After a session that felt too hard: which gentler routine comes next, and why."""
        coach = self.coach
        if not coach.gentler_next():
            return []
        routine = coach.gentlest_routine()
        return [gentler_line(routine.name, style, today=False)] if routine is not None else []

    @staticmethod
    def _progress_lines(week: WeekPlan, streak: int, detail: int = 2) -> list[str]:
        lvl = week.level
        if week.paused:
            # The session panel already says the plan is paused; add only what was done.
            done = f"You still did {plural(week.minutes_done, 'minute')} this week."
            first = [done] if week.minutes_done else []
        else:
            first = [progress_words(week)]
            moved = moved_words(week)
            if moved:
                first.append(moved)
        lines = [
            *first,
            f"Level {lvl.number}: {plural(lvl.sessions, 'session')} of {lvl.minutes} minutes "
            "a week. " + next_step_words(week),
        ]
        if week.painful:
            lines.append("A session this week was marked painful: go easy, the plan waits for you.")
        if streak >= 2:
            said = f"Weeks in a row with a session: {streak}."
            if detail >= 1:
                lines.append(said)
            else:  # after the week's words: a line less, most of the time
                lines[0] = f"{lines[0]} {said}".lstrip()
        return lines

    @staticmethod
    def _morning_text(checkins: list[Checkin], day: date) -> Content:
        found = morning_checkin(checkins, day)
        if found is None or found.mood is None:
            return Content(CHECKIN_PROMPT)
        text = f"This morning: mood {mood.mood_label(found.mood)}"
        if found.anxiety is not None:
            text += f", anxiety {mood.anxiety_label(found.anxiety)}"
        text += "."
        if found.note:
            text += f" “{one_line(found.note)}”"
        return Content(text)

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        week = self.week
        here = week.today_plan if week is not None else None
        if action == "move":
            return True  # with nothing to move, the action says so
        if action == "toggle_short":
            return bool(here is not None and here.status == "planned")
        if action == "buddy":
            return self.suggestion is not None
        if action == "resume":
            return bool(here is not None and here.status == "paused")
        return True

    def action_move(self) -> None:
        from coach.screens.offer import MoveScreen

        coach = self.coach
        here = coach.week().today_plan
        if here is None or here.status != "planned":
            self.notify("There's no session planned today to move.")
            return

        def moved(to_day: date | None) -> None:
            if to_day is None:
                return
            try:
                with self.saving():
                    coach.move_session(to_day)
                    self.notify(f"Moved to {long_day(to_day)}.")
            except PlanError as exc:
                self.notify(str(exc), severity="warning", markup=False)

        self.app.push_screen(MoveScreen(coach.move_options(), today=coach.today()), moved)

    def action_toggle_short(self) -> None:
        self.coach.toggle_short()
        self.refresh_data()

    def action_buddy(self, status: str) -> None:
        if self.suggestion is None:
            return
        reason = self.suggestion.reason
        with self.saving():
            self.coach.mark_buddy(reason, status)
            if status == "done":
                self.notify("Nice. Staying in touch helps.")
            elif reason == "find_buddy":
                self.notify("Okay, not this week.")
            else:
                self.notify("Okay, not today.")

    def action_resume(self) -> None:
        resume_plan(self.host)


def resume_plan(host: CoachHost) -> None:
    """Run a paused plan again from today, and say so (Today's r, and the palette)."""
    with saving(host):
        if host.coach.resume():
            host.notify(resumed_note(host.coach.planned_pauses(), host.coach.today()))
