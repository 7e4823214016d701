"""The session timer: what to do now, how long is left, and the session saved as it goes.

The screen runs an ``IntervalTimer`` against the app's clock and looks at it four times a
second, redrawing only what changed. The session is written to the store as unfinished when the
timer starts and its seconds are brought up to date every few seconds, so closing the terminal
never loses it. At the end (or after ending early) the screen hands the session back to the app
as a ``TimerDone``, and the app asks how they feel now and records it finished with its moods.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Label, Static

from coach.record import record
from coach.screens.base import CoachAccess
from coach.store import StoreError
from coach.timer import Interval, IntervalTimer, TimerState, clock_text, whole_seconds
from coach.widgets.big_clock import BigClock
from coach.widgets.session_bar import SessionBar
from coach.widgets.footer import CoachFooter

LOOK_AGAIN_AFTER = 1.0  # at most, while running: the next change is never further away
SAVE_EVERY_SECONDS = 5.0
PHASE_CLASSES = ("-warmup", "-work", "-rest", "-cooldown", "-done")


EASIER_CHOSEN = "Easier version, as you chose: it counts just the same."


def move_text(interval: Interval | None, easier: bool = False) -> Text:
    """The exercise now (bold), its cue and its easier variant, one per line.

    With ``easier`` (the easier variant was chosen with e), the easier one is the exercise:
    its name, the easier variant's words as its cue, and a line saying it was chosen.
    """
    text = Text(justify="center")
    if interval is None:
        return text
    lines: list[tuple[str, str]] = []
    named = bool(interval.exercise) and interval.exercise.upper() != interval.word
    if easier and interval.easier:
        lines.append((f"{interval.exercise}, the easier way" if named else "The easier way",
                      "bold"))
        lines.append((interval.easier, ""))
        lines.append((EASIER_CHOSEN, "dim"))
    else:
        if named:
            lines.append((interval.exercise, "bold"))
        if interval.cue:
            lines.append((interval.cue, ""))
        if interval.easier:
            lines.append((f"Easier (e): {interval.easier}", "dim"))
    for n, (line, style) in enumerate(lines):
        text.append(("\n" if n else "") + line, style)
    return text


def next_text(interval: Interval | None, easier: bool = False) -> str:
    if interval is None:
        return "Next: the end. Nearly there."
    what = interval.word.lower()
    if interval.exercise and interval.exercise.upper() != interval.word:
        what = f"{what}, {interval.exercise}"
        if easier and interval.easier:
            what += ", the easier way"
    return f"Next: {what} ({clock_text(interval.seconds)})"


def clock_template(intervals: Sequence[Interval]) -> str:
    """The widest time left the session will show, with every digit as wide as any: the
    big clock is sized for it once, so its digits keep their size from start to end."""
    longest = max((i.seconds for i in intervals), default=0)
    return "".join("0" if ch.isdigit() else ch for ch in clock_text(longest))


def round_text(state: TimerState) -> str:
    """Where the session is in its rounds, in every phase: the corner is never empty."""
    if not state.rounds:
        return ""
    if state.round:
        return f"Round {state.round} of {state.rounds}"
    rounds = "1 round" if state.rounds == 1 else f"{state.rounds} rounds"
    return f"{rounds} done" if state.phase in ("cooldown", "done") else f"{rounds} to come"


@record
class TimerDone:
    """What the timer hands back when a session ends with some time trained."""

    session_id: int | None  # the unfinished row saved as it went (None if it could not be)
    seconds: int
    style: str | None
    routine: str | None
    mood_before: int | None
    easier: tuple[str, ...] = ()  # the exercises switched to their easier variant, in order


class TimerScreen(CoachAccess, Screen["TimerDone | None"]):
    """Runs a session's intervals; dismisses with a TimerDone, or None if nothing was timed."""

    CSS_PATH = "timer.tcss"
    BINDINGS = [
        Binding("space", "pause_resume", "Pause/resume"),
        Binding("n", "skip", "Skip"),
        Binding("e", "easier", "Easier"),
        Binding("escape", "end_early", "End early"),
        # Quitting mid-session asks first too: the same question as Escape.
        Binding("q", "end_early", "End early", show=False),
    ]

    def __init__(
        self,
        intervals: Sequence[Interval],
        *,
        routine: str | None = None,
        style: str | None = None,
        planned_minutes: int | None = None,
    ) -> None:
        super().__init__()
        self.intervals = list(intervals)
        self.routine = routine
        self.style = style
        self.planned_minutes = planned_minutes
        self.timer: IntervalTimer | None = None
        self.session_id: int | None = None
        self.mood_before: int | None = None
        self.easier: list[str] = []
        """The exercises switched to their easier variant (e), for the rest of the session."""
        self._shown: dict[str, Any] = {}
        # The widgets redrawn every second, found once (a query walks the screen each time).
        self._parts: dict[str, Widget] = {}
        self._wake: Any = None  # the one-shot Textual timer for the next look
        self._last_save: float = 0.0
        self._saved_seconds: int = -1
        self._ending = False
        self._finish_when_back = False  # it ended while another screen was on top
        self._save_failed = False
        self._bell = True
        self._count_in = True

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Vertical(id="timer"):
            with Horizontal(id="timer-top"):
                yield Label("", id="phase")
                yield Label("", id="paused")
                yield Label("", id="round")
            # Every part keeps its height whatever the phase, so nothing moves between
            # WORK and REST: the clock takes what the others leave.
            yield BigClock("0:00", template=clock_template(self.intervals), id="left")
            yield Static("", id="now")
            yield Static("", id="next", markup=False)
            with Horizontal(id="timer-bar"):
                yield SessionBar(id="bar")
                yield Label("", id="session-left")
        yield CoachFooter()

    # ------------------------------------------------------------------ lifecycle

    def on_mount(self) -> None:
        coach = self.coach
        self._parts = {w.id: w for w in self.query("#phase, #paused, #round, #left, #now, #next, "
                                                    "#bar, #session-left") if w.id}
        self.timer = IntervalTimer(self.intervals, coach.clock, name=self.routine or "")
        try:
            settings = coach.settings()
            self._bell, self._count_in = settings.bell, settings.count_in
        except Exception:  # settings that cannot be read: keep the defaults
            pass
        self.show_state()
        from coach.screens.checkin import CheckinScreen

        self.app.push_screen(CheckinScreen("before"), self.begin)

    def on_screen_resume(self) -> None:
        if self._finish_when_back:
            self._finish_when_back = False
            self.finish()

    def on_unmount(self) -> None:
        self._parts = {}
        # Leaving mid-session (the app closed): keep the latest seconds for next time.
        if not self._ending:
            try:
                self.save_progress(force=True)
            except Exception:
                pass

    # ------------------------------------------------------------------ the run

    def begin(self, result: Any = None) -> None:
        """After the before check-in (or its skip): record the session and start the clock."""
        if self.timer is None or self.timer.finished:
            return
        coach = self.coach
        self.mood_before = getattr(result, "mood", None)
        with self.saving():
            self.session_id = coach.start_session(
                style=self.style, routine=self.routine, mood_before=self.mood_before
            ).id
        self._saved_seconds = 0
        self.timer.start()
        self._last_save = coach.clock()
        self.refresh_timer()

    def refresh_timer(self) -> None:
        """Look at the clock: ring for what happened, save now and then, redraw if changed.

        Then sleep until what the screen shows next changes (about once a second, right on
        the change), or, while paused, until a key is pressed.
        """
        timer = self.timer
        if timer is None or self._ending:
            return
        for event in timer.poll():
            if event.kind in ("change", "skip"):
                self._ring()
            elif event.kind == "count_in" and self._count_in:
                self._ring()
            elif event.kind == "suspended":
                self.notify("Paused while the computer was asleep. Space carries on.",
                            title="Paused")
            elif event.kind == "finished":
                self.show_state()
                self.finish()
                return
        self.save_progress()
        self.show_state()
        self._look_again()

    def _look_again(self) -> None:
        if self._wake is not None:
            self._wake.stop()
            self._wake = None
        delay = None if self.timer is None or self._ending else self.timer.until_next_change()
        if delay is not None:
            self._wake = self.set_timer(min(LOOK_AGAIN_AFTER, delay + 0.005), self._woken)

    def _woken(self) -> None:
        self._wake = None  # this one has fired: nothing to stop
        self.refresh_timer()

    def _ring(self) -> None:
        if self._bell:
            self.app.bell()

    def show_state(self) -> None:
        """Update the widgets, but only those whose text changed since the last look."""
        parts = self._parts
        if self.timer is None or not parts:
            return  # not composed, or being taken down as the app closes
        s = self.timer.state()
        phase = (s.index, s.phase, len(self.easier))
        if self._shown.get("phase") != phase:
            self._shown["phase"] = phase
            for name in PHASE_CLASSES:
                self.remove_class(name)
            self.add_class(f"-{s.phase}")
            cast(Label, parts["phase"]).update(s.word)
            cast(Label, parts["round"]).update(round_text(s))
            cast(Static, parts["now"]).update(move_text(s.interval, self.made_easier(s.interval)))
            cast(Static, parts["next"]).update(
                "" if s.finished else next_text(s.next_interval, self.made_easier(s.next_interval))
            )
        self._show("left", clock_text(s.time_left))
        self._show("paused",
                   "PAUSED · space to carry on" if s.paused else ("" if s.started else "Ready"))
        self.set_class(s.paused, "-paused")
        cast(SessionBar, parts["bar"]).update(s.elapsed, s.total)
        self._show("session-left", f"{clock_text(s.session_time_left)} left")

    def _show(self, name: str, text: str) -> None:
        if self._shown.get(name) == text:
            return
        self._shown[name] = text
        widget = self._parts[name]
        if isinstance(widget, BigClock):
            widget.update(text)
        else:  # their width is fixed by the stylesheet: no new layout needed
            cast(Label, widget).update(text, layout=False)

    # ------------------------------------------------------------------ keys

    def action_pause_resume(self) -> None:
        if self.timer is None or self.timer.finished or self._ending:
            return
        self.timer.toggle()
        if self.timer.state().paused:
            self.save_progress(force=True)
        self.refresh_timer()

    def action_skip(self) -> None:
        if self.timer is None or self.timer.finished or self._ending:
            return
        self.timer.skip()
        self.refresh_timer()

    def made_easier(self, interval: Interval | None) -> bool:
        """Whether ``interval``'s exercise was switched to its easier variant."""
        return interval is not None and bool(interval.easier) and interval.exercise in self.easier

    def action_easier(self) -> None:
        """Switch the exercise now (during a rest: the one coming next) to its easier
        variant for the rest of the session; the choice is kept with the session."""
        timer = self.timer
        if timer is None or timer.finished or self._ending:
            return
        s = timer.state()
        target = s.interval
        if target is not None and not target.easier and s.phase == "rest":
            target = s.next_interval
        if target is None or not target.easier or not target.exercise:
            self.notify("This part has no easier version: go at your own pace.",
                        title="Easier")
            return
        if target.exercise in self.easier:
            self.notify(f"{target.exercise}: the easier way is on for the rest of the session.",
                        title="Easier")
            return
        self.easier.append(target.exercise)
        if self.session_id is not None:
            with self.saving():
                self.coach.choose_easier(self.session_id, tuple(self.easier))
        self.show_state()

    def action_end_early(self) -> None:
        timer = self.timer
        if timer is None or timer.finished or self._ending:
            return
        from coach.screens.offer import OfferScreen

        was_paused = timer.state().paused
        if not was_paused:
            timer.pause()
        if timer.finished:  # the last interval ran out a moment before the key
            self.refresh_timer()
            return
        self.save_progress(force=True)
        self.show_state()
        done = whole_seconds(timer.state().seconds_trained)
        if done >= 60:
            kept = f"The {done // 60} min you did will be kept."
        elif done > 0:
            kept = "What you did will be kept."
        else:
            kept = "Nothing has been timed yet, so there is nothing to record."
        text = f"End the session here? {kept}"

        def answered(end: bool | None) -> None:
            if self.timer is None or self.timer.finished:
                return
            if end:
                self.timer.end_early()
                self.refresh_timer()
            elif not was_paused:
                self.timer.resume()
                self.refresh_timer()

        self.app.push_screen(
            OfferScreen(text, yes="End here", no="Keep going", title="End early?"), answered
        )

    # ------------------------------------------------------------------ saving

    def save_progress(self, *, force: bool = False) -> None:
        """Bring the unfinished session's seconds up to date (every few seconds, or now).

        A quiet write: nothing else on screen depends on it, so no screen is told to read
        afresh (that would cost a redraw of Today under the timer every few seconds).
        """
        if self.timer is None or self.session_id is None:
            return
        coach = self.coach
        now = coach.clock()
        if not force and now - self._last_save < SAVE_EVERY_SECONDS:
            return
        self._last_save = now
        seconds = whole_seconds(self.timer.state().seconds_trained)
        if seconds == self._saved_seconds:
            return
        try:
            coach.save_progress(self.session_id, seconds, quiet=True)
        except StoreError as exc:
            if not self._save_failed:  # say it once, not every five seconds
                self._save_failed = True
                self.notify(f"{exc}. The timer carries on.", title="Could not save",
                            severity="error", markup=False)
            return
        self._saved_seconds = seconds

    def finish(self) -> None:
        """The plan is over (or ended early): keep the seconds, then hand the session back.

        The screen dismisses with a :class:`TimerDone`; the app asks how they feel now and
        records the session finished with its moods.
        """
        if self._ending or self.timer is None:
            return
        if self.app.screen is not self:
            # The command palette (or a question) is on top: dismissing now would close
            # that screen instead. Hand the session back as soon as this screen is seen again.
            self._finish_when_back = True
            return
        self._ending = True
        seconds = whole_seconds(self.timer.state().seconds_trained)
        if seconds <= 0:
            if self.session_id is not None:
                with self.saving():
                    self.coach.drop_session(self.session_id)
                self.session_id = None
            self.dismiss(None)
            return
        # Keep the seconds even if the after check-in is never answered.
        if self.session_id is not None and seconds != self._saved_seconds:
            with self.saving():
                self.coach.save_progress(self.session_id, seconds)
                self._saved_seconds = seconds
        self._ring()
        self.dismiss(
            TimerDone(
                session_id=self.session_id,
                seconds=seconds,
                style=self.style,
                routine=self.routine,
                mood_before=self.mood_before,
                easier=tuple(self.easier),
            )
        )
