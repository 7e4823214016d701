"""coach's own colour themes: calm, low-contrast greens and warm neutrals.

Registered by the app (:func:`use_themes`); the user can pick any Textual theme from the command
palette and the choice is remembered in the settings (:func:`remember_theme`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.theme import Theme

from coach.store import StoreError

if TYPE_CHECKING:
    from coach.service import Coach

DEFAULT_THEME = "coach"

COACH_DARK = Theme(
    name="coach",
    primary="#7FB5A0",  # sage
    secondary="#8FA9C2",  # soft blue
    accent="#D9B38C",  # warm sand
    warning="#D9B38C",
    error="#D4918B",
    success="#8CC084",
    foreground="#E4E6E1",
    background="#1C2124",
    surface="#232A2E",
    panel="#2C3539",
    dark=True,
    variables={
        "footer-key-foreground": "#7FB5A0",
        "block-cursor-text-style": "none",
    },
)

COACH_LIGHT = Theme(
    name="coach-light",
    primary="#3F7D68",
    secondary="#4F6E8C",
    accent="#9C6B3A",
    warning="#9C6B3A",
    error="#A4544D",
    success="#4C7F45",
    foreground="#2A2F2C",
    background="#F4F2EC",
    surface="#ECE9E1",
    panel="#E1DDD2",
    dark=False,
    variables={
        "footer-key-foreground": "#3F7D68",
        "block-cursor-text-style": "none",
    },
)

THEMES: tuple[Theme, ...] = (COACH_DARK, COACH_LIGHT)


def use_themes(app: App[Any], chosen: str | None) -> None:
    """Register coach's themes with ``app`` and show ``chosen`` (the one remembered) when it is
    a theme the app knows, else coach's own."""
    for known in THEMES:
        app.register_theme(known)
    app.theme = chosen if chosen in app.available_themes else DEFAULT_THEME


def remember_theme(app: App[Any], coach: Coach, theme: Theme | None = None) -> None:
    """Keep the theme just chosen in ``app`` for next time."""
    try:
        coach.remember_theme(getattr(theme, "name", None) or app.theme)
    except StoreError:
        pass  # a theme that is not remembered is not worth an error message
