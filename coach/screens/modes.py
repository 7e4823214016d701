"""The app's places other than Today, each imported only when first shown (so they cost
nothing at start-up); Today is the default screen and comes with the app.

Week, Buddy and Help are modes of the app. What helps me opens over the current mode's
screen instead: the first time a mode opens, Textual parses the whole stylesheet again,
twice over (every rule of every screen), before it draws, and that was most of what opening
What helps me cost. A screen pushed over the current one is styled with the rules parsed
already."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from textual.app import App
from textual.screen import Screen

STYLESHEETS: list[str | PurePath] = [
    "app.tcss",
    "screens/today.tcss",
    "screens/week.tcss",
    "screens/buddy.tcss",
    "screens/help.tcss",
    "screens/checkin.tcss",
    "screens/screener.tcss",
    "screens/timer.tcss",
    "screens/welcome.tcss",
    "screens/insights.tcss",
]
"""Every screen's stylesheet, for the app's CSS_PATH (relative to coach/): read with the app's,
as a screen that brings a stylesheet of its own has Textual parse every rule again as it opens.
(The screens name theirs too, so that each can be shown on its own; a file already read is not
read again.)"""


def week_screen() -> Screen[Any]:
    from coach.screens.week import WeekScreen

    return WeekScreen()


def buddy_screen() -> Screen[Any]:
    from coach.screens.buddy import BuddyScreen

    return BuddyScreen()


def insights_screen() -> Screen[Any]:
    from coach.screens.insights import InsightsScreen

    return InsightsScreen()


def help_screen() -> Screen[Any]:
    from coach.screens.help import HelpScreen

    return HelpScreen()


MODE_SCREENS: dict[str, str | Callable[[], Screen[Any]]] = {
    "week": week_screen,
    "buddy": buddy_screen,
    "help": help_screen,
}
"""The app's MODES: Week, Buddy and Help, by name."""

OVER_SCREENS: dict[str, Callable[[], Screen[Any]]] = {
    "insights": insights_screen,
}
"""Places opened over the current mode's screen, by name: What helps me. The app makes each
once, when first shown, and keeps it for the next time."""


def opened_over(app: App[Any]) -> str | None:
    """The place opened over the current mode's screen (What helps me), if one is."""
    stack = app.screen_stack
    if len(stack) >= 2:
        for name in OVER_SCREENS:
            if app.is_screen_installed(name) and stack[1] is app.get_screen(name):
                return name
    return None


def go_to(app: App[Any], place: str, mode: str) -> None:
    """From ``place`` (where the person is) to ``mode``: a mode is switched to, a place
    opened over the mode's screen is pushed (made once, then kept)."""
    if place in OVER_SCREENS:
        app.pop_screen()  # back on the mode's screen at once (the stack is changed now)
    if mode in OVER_SCREENS:
        if not app.is_screen_installed(mode):
            app.install_screen(OVER_SCREENS[mode](), mode)
        app.push_screen(mode)
    elif mode != app.current_mode:
        app.switch_mode(mode)


async def make_ahead(app: App[Any], name: str) -> None:
    """Build a place opened over the mode's screen (What helps me) before it is asked for:
    shown and taken off again in one batch of updates, so nothing of it is drawn. Textual
    composes and styles it meanwhile (on top, so its footer's keys are the ones it will show),
    and the key later only shows it. Keys typed meanwhile wait in the app's queue until it is
    done. Nothing is built when something is over the mode's screen (the welcome, the timer,
    or the place itself)."""
    if app.is_screen_installed(name) or len(app.screen_stack) > 1:
        return
    app.install_screen(OVER_SCREENS[name](), name)
    screen = app.get_screen(name)
    with app.batch_update():
        await app.push_screen(name)
        if app.screen is screen and len(app.screen_stack) > 1:  # (not closing meanwhile)
            app.pop_screen()
