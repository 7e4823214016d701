"""The coach app: a thin shell of modes, global keys and the morning launch flow.

Screens read and write through the application layer, a :class:`coach.service.Coach` (the
app's ``coach``; see coach.screens.base); the app only routes between them, and turns a write
the store refused into one notification.

Start it with ``CoachApp(db_path)`` (or ``CoachApp(path, store=open_store)``) and ``.run()``;
``start="timer"`` opens straight on the timer, with ``timer_spec`` a routine name or
``WORK/REST[xROUNDS]`` (None: today's planned session).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import partial
from inspect import isawaitable
from typing import Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.actions import ActionParseResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from coach.service import Coach
from coach.store import Store, StoreError
from coach.widgets.theme import remember_theme, use_themes
from coach.screens.background import Background
from coach.screens.base import CoachScreen
from coach.screens.keys import KeysAhead
from coach.screens.modes import (MODE_SCREENS, STYLESHEETS, go_to, make_ahead,
                                 opened_over)
from coach.screens.notices import first_frame_notices, opening_notices
from coach.screens.palette import palette_commands
from coach.screens.questions import (checkin_screen, open_checkin,
                                     offer_unfinished, save_morning, weekly_screener)
from coach.screens.session_flow import start_session, start_timer
from coach.screens.today import TodayScreen
from coach.widgets.too_small import MIN_HEIGHT, MIN_WIDTH, add_size_notice, focus_again

DAY_CHECK_SECONDS = 30
WARM_UP_SECONDS = 1.5
SYNC_DELAY_SECONDS = 2.0
"""How long after a write the app syncs (writes close together sync once)."""


class CoachApp(App[None]):
    """Today, Week, Buddy and Help as modes; Welcome, check-ins and the timer pushed on top."""

    CSS_PATH = STYLESHEETS  # (coach.screens.modes)
    TITLE = "coach"
    # Today is the screen the app opens on (get_default_screen), imported with the app, and
    # joins the modes once it is up; the others are imported when first shown, so they cost
    # nothing at start-up. (As the default screen, Today is styled once as it comes in;
    # opened as a mode, Textual would parse every rule a second time for it.)
    MODES = MODE_SCREENS  # (coach.screens.modes)
    DEFAULT_MODE = "today"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (MIN_WIDTH, "-roomy"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (MIN_HEIGHT, "-tall")]

    BINDINGS = [
        Binding("t", "show('today')", "Today"),
        Binding("w", "show('week')", "Week"),
        Binding("m", "checkin", "Mood"),
        Binding("s", "start_session", "Start"),
        Binding("b", "show('buddy')", "Buddy"),
        Binding("i", "show('insights')", "Helps"),
        Binding("question_mark", "show('help')", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    current_day: reactive[date] = reactive(date.min, init=False)
    """Today's date as the app last saw it; changes at midnight while the app is open."""
    data_version: reactive[int] = reactive(0, init=False)
    """Goes up whenever coach wrote to the store; screens watch it to redraw."""
    sync_delay: float = SYNC_DELAY_SECONDS

    def __init__(
        self,
        db_path: str | os.PathLike[str] | None = None,
        *,
        store: Store | None = None,
        today: Callable[[], date] | None = None,
        clock: Callable[[], float] | None = None,
        start: str = "today",
        timer_spec: str | None = None,
    ) -> None:
        if store is None:
            if db_path is None:
                raise ValueError("CoachApp needs a database path or an open store")
            store = Store.open(db_path)  # StoreError: one line, for the caller to show
            self._owns_store = True
        else:
            self._owns_store = False
        if start not in ("today", "week", "timer"):
            raise ValueError(f"start is 'today', 'week' or 'timer', not {start!r}")
        self.coach = Coach(store, today=today, clock=clock)
        self.coach.on_change(self._data_changed)
        self.background = Background(self, self.coach, closing=lambda: self.closing_down,
                                     delay=lambda: self.sync_delay)
        self.start = start
        self.timer_spec = timer_spec
        self.closing_down = False
        self.store_problem: str | None = None
        """Why the app closed when the database failed it after it opened (a read that
        failed): one line for whoever ran it to show."""
        self._previous_mode = "today"
        self.keys_ahead = KeysAhead(self)
        super().__init__()
        use_themes(self, store.settings().theme)
        self.set_reactive(CoachApp.current_day, self.coach.today())

    def get_default_screen(self) -> Screen[Any]:
        return TodayScreen()

    # ------------------------------------------------------------------ data

    @property
    def store(self) -> Store:
        return self.coach.store

    def _data_changed(self) -> None:
        self.data_version += 1

    def store_failed(self, error: StoreError) -> None:
        """A write the store refused: one calm line on screen."""
        self.notify(str(error), title="Could not save", severity="error", markup=False)

    async def _warm_up(self) -> None:
        """A moment after Today shows, make Week and What helps me quick to open (see
        ``Coach.warm_up``), and build What helps me ahead."""
        if self.closing_down:
            return
        self.coach.warm_up()
        await make_ahead(self, "insights")

    # ------------------------------------------------------------------ lifecycle

    def on_mount(self) -> None:
        self.add_mode("today", TodayScreen)  # its screen is up already: t comes back to it
        self.theme_changed_signal.subscribe(self, partial(remember_theme, self, self.coach))
        self.screen_change_signal.subscribe(self, add_size_notice)
        add_size_notice(self.screen)
        self.set_interval(DAY_CHECK_SECONDS, self.check_day)
        opening_notices(self)
        # Today needs only recent check-ins; Week wants them all. Read them while the person
        # is looking at Today, so w opens Week without waiting for years of data.
        self.set_timer(WARM_UP_SECONDS, self._warm_up)
        self.call_after_refresh(self._first_frame_shown)
        if self.start == "week":
            self.switch_mode("week")
        if self.start != "timer" and not self.store.settings().onboarded:
            self.launch_flow()  # a first launch opens on Welcome, without Today flashing by
        else:
            # After the first frame: Today is on screen first, the questions come over it.
            self.call_after_refresh(self.launch_flow)

    def _first_frame_shown(self) -> None:
        if not gc.isenabled():  # start-up turned it off (coach.entry.run_app)
            # Not at once: the first collection walks everything start-up built, which could
            # hold up the frame still being written out. A moment later nobody notices it.
            self.set_timer(WARM_UP_SECONDS, gc.enable)
        try:
            self.background.at_launch()  # beside Today, which is on screen already
            first_frame_notices(self)
        except StoreError as error:
            self.store_unreadable(error)

    def store_unreadable(self, error: StoreError) -> None:
        """The database failed a read after it opened (damaged, locked, gone from under the
        app): close with its one line, as when it cannot be opened, not a traceback."""
        if self.store_problem is None:
            self.store_problem = str(error)
            self.closing_down = True  # nothing new starts (no key, no warm-up, no sync)
            # Once what is under way is done (a screen half made still finishes mounting).
            self.call_after_refresh(self.exit, None, 1)

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        # Every key runs its action through here: a read failing in one closes the app the
        # same way.
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except StoreError as error:
            self.store_unreadable(error)
            return True

    async def on_event(self, event: events.Event) -> None:
        self.keys_ahead.read(event)
        try:
            await super().on_event(event)
        except StoreError as error:
            # A callback (a command from the palette, a timer) that met a failing database:
            # the app closes with its one line, as when a key's action does.
            self.store_unreadable(error)

    def on_key(self, event: events.Key) -> None:
        self.keys_ahead.came_back(event)  # typed in one go with the key that opened a screen

    def push_screen(self, screen: Any, callback: Any = None, *args: Any, **kwargs: Any) -> Any:
        # What a screen gives back is handled in a callback: a StoreError there too ends in
        # the app's one line.
        return super().push_screen(screen, self.guarded(callback), *args, **kwargs)

    def guarded(self, callback: Callable[..., Any] | None) -> Callable[..., Any] | None:
        """``callback`` with a ``StoreError`` in it turned into the app's one line."""
        if callback is None:
            return None
        chosen = callback

        async def run(result: Any = None) -> None:
            try:
                outcome = chosen(result)
                if isawaitable(outcome):
                    await outcome
            except StoreError as error:
                self.store_unreadable(error)

        return run

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # The launch flow's questions run in a worker: a read failing there closes the app
        # the same way.
        error = event.worker.error
        if event.worker.group != "launch" or event.state != WorkerState.ERROR or error is None:
            return
        if not isinstance(error, StoreError):
            raise error  # any other error ends the app as Textual ends it, with its traceback
        self.store_unreadable(error)

    def on_unmount(self) -> None:
        if self.store_problem is None:
            self.background.sync_at_quit()
        if self._owns_store:
            self.store.close()

    def check_day(self) -> None:
        """Follow the calendar: after midnight, Today shows the new day."""
        day = self.coach.today()
        if day != self.current_day:
            self.current_day = day
            self.coach.changed()

    def on_resize(self) -> None:
        # Focus comes back once a window made too small is big enough again (see too_small).
        self.call_after_refresh(focus_again, self)

    # ------------------------------------------------------------------ launch flow

    @work(exclusive=True, group="launch", exit_on_error=False)
    async def launch_flow(self) -> None:
        """First launch: Welcome; then an unfinished session; then the morning check-in."""
        coach = self.coach
        timer_first = self.start == "timer"
        if not timer_first and not coach.settings().onboarded:
            if not self._adopt_history():  # (with a history, Today says where they change)
                from coach.screens.welcome import WelcomeScreen

                # Anything already set (a buddy named at the command line) is the default.
                await self.push_screen_wait(WelcomeScreen(coach.settings()))
                coach.changed()
        await offer_unfinished(self)
        if timer_first:
            start_timer(self, self.timer_spec)
            return
        try:  # written once a day, so an ordinary launch changes nothing
            first_launch_today = coach.launched()
        except StoreError:
            first_launch_today = True  # at worst the check-in is offered again next time
        if not first_launch_today:
            return
        if coach.morning_due():
            day = coach.today()
            save_morning(self, await self.push_screen_wait(checkin_screen("morning")), day)
        if coach.screener_due():  # the optional weekly PHQ-2 / GAD-2 questions
            await weekly_screener(self)

    def _adopt_history(self) -> bool:
        try:
            return self.coach.adopt_history()
        except StoreError:
            return False  # the welcome then, as on any first launch

    # ------------------------------------------------------------------ actions

    @property
    def place(self) -> str:
        """Where the person is: the current mode, or What helps me opened over it."""
        return opened_over(self) or self.current_mode

    def at_home(self) -> bool:
        """True when nothing is pushed over the current place (no timer, no welcome)."""
        return len(self.screen_stack) <= (2 if opened_over(self) else 1)

    async def action_quit(self) -> None:
        self.closing_down = True  # keys typed after q open nothing on the way out
        self.exit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.closing_down:
            return False
        if action in ("show", "checkin", "start_session"):
            if not self.at_home():
                return False
            if action == "show" and parameters and parameters[0] == self.place:
                return False  # the screen on show: its key leaves the footer
        return True

    def action_show(self, mode: str) -> None:
        place = self.place
        if mode == place or not self.at_home():
            return
        if mode in ("today", "week"):
            self._previous_mode = mode
        elif place in ("today", "week"):
            self._previous_mode = place
        go_to(self, place, mode)

    def action_go_back(self) -> None:
        """Leave Help or Buddy for the screen the user came from."""
        self.action_show(self._previous_mode)

    async def action_checkin(self) -> None:
        if self.at_home():
            await open_checkin(self)  # on screen before the next key is read (see on_key)

    def action_start_session(self) -> None:
        start_session(self)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        # ``screen`` is the one the palette was opened over (the palette itself is on top now).
        if isinstance(screen, CoachScreen):
            yield from palette_commands(self)
