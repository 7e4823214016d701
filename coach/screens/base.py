"""How coach's screens reach the application layer, and the base of its main screens.

Every screen reads and writes through one attribute, ``self.coach`` (a
:class:`coach.service.Coach`); the app that hosts the screens is seen only as a
:class:`CoachHost`, so no screen imports the app. A write that fails raises ``StoreError``;
``with self.saving():`` around it turns that into the app's one notification and skips the
rest of the block (the words that would say it was saved).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen

from coach.store import StoreError

if TYPE_CHECKING:
    from coach.service import Coach

T = TypeVar("T")


class CoachHost(Protocol):
    """What the screens may ask of the app that hosts them."""

    coach: Coach

    def notify(self, message: str) -> None:
        """One line on screen, for a moment."""

    def store_failed(self, error: StoreError) -> None:
        """Say, once, that something could not be saved."""

    def store_unreadable(self, error: StoreError) -> None:
        """The database failed a read: close the app with its one line."""

    def action_go_back(self) -> None:
        """Leave Help or Buddy for the screen the user came from."""


class FlowHost(CoachHost, Protocol):
    """The app, as the flows over its screens see it (the questions, the way to the timer,
    the palette's actions): it pushes screens, waits for their answers and says things."""

    def at_home(self) -> bool:
        """True when nothing is pushed over the current mode's screen."""

    @property
    def screen_stack(self) -> list[Screen[Any]]: ...
    @property
    def screen_change_signal(self) -> Any: ...
    def clear_notifications(self) -> None: ...

    def notify(self, message: str, *, title: str = ..., severity: SeverityLevel = ...,
               timeout: float | None = ..., markup: bool = ...) -> None: ...
    def push_screen(self, screen: Any, callback: Any = None) -> Any: ...
    async def push_screen_wait(self, screen: Screen[T]) -> T: ...
    def run_worker(self, work: Any, *, exclusive: bool = ..., group: str = ...) -> Any: ...


class CoachAccess:
    """For a screen: ``self.coach``, ``self.host`` and ``self.saving()``."""

    @property
    def host(self) -> CoachHost:
        return cast(CoachHost, cast(DOMNode, self).app)

    @property
    def coach(self) -> Coach:
        return self.host.coach

    def saving(self) -> AbstractContextManager[None]:
        """Run a write; if the store refuses it, the app says so and the block ends there."""
        return saving(self.host)


@contextmanager
def saving(host: CoachHost) -> Iterator[None]:
    """``with saving(host):`` around writes: a ``StoreError`` becomes ``host.store_failed``, and
    the rest of the block is skipped."""
    try:
        yield
    except StoreError as error:
        host.store_failed(error)


class CoachScreen(CoachAccess, Screen[Any]):
    """A mode screen (Today, Week, Buddy, Help).

    Subclasses implement ``refresh_data``; it runs on mount, after every write coach makes
    (``app.data_version``) and when the day rolls over (``app.current_day``). A screen that is
    not showing redraws when it shows again.
    """

    _stale = False

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self._data_changed, init=False)
        self.watch(self.app, "current_day", self._data_changed, init=False)
        self._refresh()

    def _data_changed(self) -> None:
        # Only the screen on top redraws now; one under a modal or the timer waits.
        if self.app.screen is self:
            self._stale = False
            self._refresh()
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self._refresh()

    def _refresh(self) -> None:
        try:
            self.refresh_data()
        except StoreError as error:  # the database cannot be read: the app closes, in one line
            self.host.store_unreadable(error)

    def refresh_data(self) -> None:
        """Read from ``self.coach`` and update the widgets."""
