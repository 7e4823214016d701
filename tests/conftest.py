"""Shared fixtures: a frozen day, a real SQLite file in tmp_path, a history builder, an app factory.

    def test_something(history, make_app):
        history.onboard().trained(weeks=3)          # three complete weeks before today
        history.morning(mood=4, anxiety=2)          # today's morning check-in
        app = make_app()                            # CoachApp on that database, on TODAY

Everything is written through the real Store; nothing is mocked. ``TODAY`` is Thursday
12 March 2026 (with the default days, Monday and Thursday, a session day); ``WEEK_START`` is the
Monday of its week.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from coach.models import Checkin, Move, Session
from coach.store import Store

TODAY = date(2026, 3, 12)  # a Thursday
WEEK_START = date(2026, 3, 9)  # the Monday of TODAY's week


@dataclass
class Day:
    """A mutable "today" for the app: ``day.value`` can move on (midnight in a test)."""

    value: date = TODAY

    def __call__(self) -> date:
        return self.value


class FakeClock:
    """A monotonic clock that only moves when told to."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class HistoryBuilder:
    """Writes a history through the Store, in the words of a test.

    Days are dates or offsets in days from ``today`` (0 today, -1 yesterday). Every method
    returns the builder, so calls chain.
    """

    store: Store
    today: date = TODAY
    written: list[Any] = field(default_factory=list)

    def day(self, when: date | int) -> date:
        return when if isinstance(when, date) else self.today + timedelta(days=when)

    def onboard(self, **settings: Any) -> HistoryBuilder:
        """A user who went through the welcome (the defaults unless given)."""
        self.store.save_settings(onboarded=True, **settings)
        return self

    def launched_today(self) -> HistoryBuilder:
        """The app was already opened today, so the morning check-in will not open by itself."""
        self.store.set_value("last_launch_day", self.today.isoformat())
        return self

    def session(
        self,
        when: date | int = 0,
        minutes: float = 20,
        *,
        before: int | None = None,
        after: int | None = None,
        pain: bool = False,
        style: str = "bodyweight",
        finished: bool = True,
        hour: int = 8,
    ) -> HistoryBuilder:
        day = self.day(when)
        self.written.append(
            self.store.add_session(
                Session(
                    day=day,
                    seconds=round(minutes * 60),
                    started_at=datetime.combine(day, time(hour, 0)),
                    style=style,
                    routine="bodyweight-gentle-start",
                    mood_before=before,
                    mood_after=after,
                    pain=pain,
                    finished=finished,
                )
            )
        )
        return self

    def morning(
        self, when: date | int = 0, mood: int = 4, anxiety: int | None = 2, note: str | None = None
    ) -> HistoryBuilder:
        day = self.day(when)
        self.written.append(
            self.store.add_checkin(
                Checkin(day=day, kind="morning", mood=mood, anxiety=anxiety, note=note,
                        at=datetime.combine(day, time(7, 30)))
            )
        )
        return self

    def pause(self, start: date | int, end: date | int | None = None) -> HistoryBuilder:
        self.store.add_pause(self.day(start), None if end is None else self.day(end))
        return self

    def buddy(self, name: str = "Sam", contact: str = "text Sam") -> HistoryBuilder:
        self.store.set_buddy(name, contact)
        return self

    def move(self, from_day: date | int, to_day: date | int) -> HistoryBuilder:
        self.store.add_move(Move(from_day=self.day(from_day), to_day=self.day(to_day)))
        return self

    def trained(
        self,
        weeks: int,
        *,
        ending: date | int | None = None,
        days: tuple[int, ...] = (0, 3),
        minutes: float = 20,
        before: int | None = 3,
        after: int | None = 4,
    ) -> HistoryBuilder:
        """``weeks`` whole weeks of sessions on ``days`` (weekdays), the last week being the one
        before ``ending``'s week (default: the week before today's)."""
        end = self.day(ending) if ending is not None else self.today
        monday = end - timedelta(days=end.weekday())
        for w in range(weeks, 0, -1):
            start = monday - timedelta(weeks=w)
            for weekday in days:
                self.session(start + timedelta(days=weekday), minutes, before=before, after=after)
        return self


@pytest.fixture
def today() -> Day:
    """The app's "today": frozen on TODAY, and movable (``today.value = ...``)."""
    return Day(TODAY)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "coach.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = Store.open(db_path)
    yield opened
    opened.close()


@pytest.fixture
def history(store: Store, today: Day) -> HistoryBuilder:
    return HistoryBuilder(store, today.value)


@pytest.fixture
def make_app(db_path: Path, today: Day, clock: FakeClock) -> Callable[..., Any]:
    """Build a CoachApp on the test database, on the frozen day, with the fake clock."""

    def build(db_path: Path = db_path, **kwargs: Any) -> Any:
        from coach.app import CoachApp

        kwargs.setdefault("today", today)
        kwargs.setdefault("clock", clock)
        return CoachApp(db_path, **kwargs)

    return build


# --------------------------------------------------------------------------- reading a screen


_SVG_LINE = re.compile(r'<clipPath id="[\w-]+-line-0">\s*<rect x="0" y="[\d.]+" width="([\d.]+)"')
_SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>'
)


def screen_lines(app: Any) -> list[str]:
    """The terminal's lines as a person sees them (the active screen, modal or not).

    Read from the screenshot Textual exports (its public way to show what is on screen): each
    run of text sits at its column, and the blank cells between runs are spaces.
    """
    from rich.cells import cell_len

    svg = app.export_screenshot()
    width, height = app.size
    found = _SVG_LINE.search(svg)
    cell = float(found.group(1)) / width if found else 12.2  # Rich's cell: 0.61 of 20 px
    runs: dict[int, list[tuple[float, str]]] = {}
    for x, line, text in _SVG_TEXT.findall(svg):
        runs.setdefault(int(line), []).append((float(x), html.unescape(text)))
    lines = []
    for number in range(height):
        line = ""
        for x, text in sorted(runs.get(number, ())):
            column = round(x / cell)
            if column >= width:
                continue  # the line's end
            line += " " * max(0, column - cell_len(line)) + text
        lines.append(line.replace("\u00a0", " ").rstrip())
    return lines


async def wait_for(pilot: Any, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until ``condition()`` holds (screens are pushed by a worker); fail
    after ``timeout`` seconds, saying what is on the screen."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out; screen is {pilot.app.screen!r}:\n{screen_text(pilot.app)}")
        await pilot.pause(0.02)
    await pilot.pause()


async def open_on_today(app: Any, pilot: Any) -> None:
    """Wait until Today is on screen with nothing over it."""
    from coach.screens.today import TodayScreen

    await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen) and app.at_home())


async def palette_shows(app: Any, pilot: Any, words: str) -> str:
    """Open the command palette, type ``words`` and give its search a moment: the screen's
    words then (Enter runs the command on top)."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*words)
    await pilot.pause(0.3)
    return screen_text(app)


def screen_text(app: Any) -> str:
    """The visible words, box drawing dropped and spaces collapsed (for ``in`` checks)."""
    text = " ".join(screen_lines(app))
    text = re.sub("[\u2500-\u259f]", " ", text)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def all_words(app: Any) -> str:
    """Every word the active screen holds, scrolled out of view or not (for wording checks)."""
    from rich.console import Console
    from textual.content import Content
    from textual.widgets import Static

    console = Console(width=200, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    parts: list[str] = []
    screen = app.screen
    for widget in screen.query("*"):
        if not widget.display or not all(a.display for a in widget.ancestors if a is not app):
            continue
        for title in (widget.border_title, widget.border_subtitle):
            if title:
                parts.append(str(title))
        if isinstance(widget, Static):
            content = widget.content
        elif hasattr(widget, "render") and type(widget).__module__.startswith("coach."):
            content = widget.render()
        else:
            continue
        if isinstance(content, Content):
            parts.append(content.plain)
        elif isinstance(content, str):
            parts.append(content)
        else:
            console.print(content)
            parts.append(console.export_text())
    console.file.close()
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


@pytest.fixture(autouse=True)
def no_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line wraps its prose to COLUMNS; a test runner may set it (to 80, for its
    workers), so each test starts without it and sets it when it is about the width."""
    monkeypatch.delenv("COLUMNS", raising=False)
