"""The app's work in worker threads: the sync, and the kept calendar file.

A :class:`Background` belongs to the app: after each write the Coach makes, it syncs a moment
later (writes close together sync once), and it writes the kept calendar file beside the app.
What happens is told on screen in one line; nothing here blocks the screen. It runs Textual
workers and hands their results back with ``call_from_thread``, so it lives with the screens,
not in the Textual-free core.
"""

from __future__ import annotations

from collections.abc import Callable
from threading import Lock
from typing import TYPE_CHECKING, Any

from textual.app import App

from coach.store import StoreError

if TYPE_CHECKING:
    from coach.service import Coach


class Background:
    """The sync and the calendar file for ``app``, whose Coach is ``coach``.

    ``closing`` says the app is on its way out (nothing new starts); ``delay`` is how long
    after a write the sync starts, in seconds.
    """

    def __init__(self, app: App[Any], coach: Coach, *, closing: Callable[[], bool],
                 delay: Callable[[], float]) -> None:
        self.app = app
        self.coach = coach
        self._closing = closing
        self._delay = delay
        self._calendar_jobs = 0  # the kept calendar file: jobs started, and the last written
        self._calendar_written = 0
        self._calendar_lock = Lock()
        self._sync_timer: Any = None
        coach.run_calendar = self.calendar_beside
        coach.on_write(self.sync_soon)

    def calendar_beside(self, job: Callable[[], str | None]) -> None:
        """Write the kept calendar file in a worker thread (loading icalendar takes a moment),
        never an older plan over a newer one; a problem is one line on screen."""
        self._calendar_jobs += 1
        number = self._calendar_jobs
        lock = self._calendar_lock
        app = self.app

        def write() -> None:
            with lock:
                if number < self._calendar_written:
                    return
                problem = job()
                self._calendar_written = number
            if problem:
                try:
                    app.call_from_thread(app.notify, problem, severity="warning",
                                         markup=False)
                except RuntimeError:  # the app has closed meanwhile
                    pass

        app.run_worker(write, thread=True, group="calendar", name="calendar file",
                       exit_on_error=False)

    def sync_soon(self) -> None:
        """After a write, sync a moment later, in a worker (writes close together sync once)."""
        if not self.app.is_running or self._closing():
            return
        if self._sync_timer is not None:
            self._sync_timer.stop()
        self._sync_timer = self.app.set_timer(self._delay(), self.start_sync)

    def at_launch(self) -> None:
        """Sync once as the app opens, when a sync folder is set (StoreError: to the caller)."""
        if self.coach.sync_folder():
            self.start_sync(launch=True)

    def start_sync(self, launch: bool = False) -> None:
        self._sync_timer = None
        if not self._closing():
            self.app.run_worker(lambda: self._sync_worker(launch), thread=True, group="sync",
                                name="sync", exit_on_error=False)

    def _sync_worker(self, launch: bool) -> None:
        """Sync through a connection of the worker's own; the screen hears of it after."""
        from coach.sync import SyncError, SyncReport

        report: SyncReport | None
        try:
            if launch:
                report = self.coach.sync(own_connection=True)
            else:
                report = self.coach.sync_after_write(own_connection=True)
        except (SyncError, StoreError) as exc:
            self._from_worker(self._sync_problem, str(exc))
            return
        if report is not None:
            self._from_worker(self._synced, report)

    def _from_worker(self, callback: Callable[..., Any], *args: Any) -> None:
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:  # the app has closed meanwhile
            pass

    def _synced(self, report: Any) -> None:
        if report.received:
            self.coach.changed()
        for line in [*report.notices, *report.problems]:
            self.app.notify(line, title="Sync", severity="warning", markup=False)

    def _sync_problem(self, text: str) -> None:
        from coach.words import NOT_SYNCED

        self.app.notify(text, title=NOT_SYNCED, severity="warning", markup=False)

    def sync_at_quit(self) -> None:
        """What was written since the last sync goes out as the app closes."""
        from coach.sync import SyncError

        try:
            self.coach.sync_after_write()
        except (SyncError, StoreError):
            pass  # it goes out with the next sync
