"""The app's modes other than Today, each imported only when first shown (so they cost
nothing at start-up); Today is the default screen and comes with the app."""

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
    "insights": insights_screen,
    "help": help_screen,
}
"""The app's MODES: Week, Buddy, What helps me and Help, by name."""
