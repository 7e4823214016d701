"""The app's places other than Today, each imported only when first shown (so they cost
nothing at start-up); Today is the default screen and comes with the app.

Week, Buddy and Help are modes of the app. What helps me opens over the current mode's
screen instead: the first time a mode opens, Textual parses the whole stylesheet again,
twice over (every rule of every screen), before it draws, and that was most of what opening
What helps me cost. A screen pushed over the current one is styled with the rules parsed
already."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen


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
