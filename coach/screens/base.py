"""The base of coach's main screens: redraw when the data or the calendar day changes."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen


class CoachScreen(Screen[Any]):
    """A mode screen (Today, Week, Buddy, Help).

    Subclasses implement ``refresh_data``; it runs on mount, after every write coach makes
    (``app.data_version``) and when the day rolls over (``app.current_day``). A screen that is
    not showing redraws when it shows again.
    """

    _stale = False

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self._data_changed, init=False)
        self.watch(self.app, "current_day", self._data_changed, init=False)
        self.refresh_data()

    def _data_changed(self) -> None:
        # Only the screen on top redraws now; one under a modal or the timer waits.
        if self.app.screen is self:
            self._stale = False
            self.refresh_data()
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh_data()

    def refresh_data(self) -> None:
        """Read from ``self.app`` and update the widgets."""
