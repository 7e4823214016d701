"""Week navigation latency through Textual's Pilot, against a bare app's key press and redraw.

For each Left/Right press: the time from the press until the new week's heading is on screen,
through Textual's public API only. The heading widget's content is watched until it holds the
new week's heading; then ``App.call_after_refresh`` waits for the screen to be refreshed with it
(Textual runs those callbacks once nothing is left to repaint, so the frame has been composed
and handed to the driver, and whatever the change set off is drawn too). This reads higher
than timing the first frame that holds the heading (which needed Textual's private display
step): Week draws a second frame a moment later (the heading again, after a layout pass),
about 30 ms on a loaded two-core machine, and the screen has settled only then. The headless
test driver writes no bytes to a terminal, so neither figure includes the terminal's share of
the work. The baseline is the same measure on
a bare Textual app whose Left/Right change one line of text.

Prints one JSON line: {"week": [seconds...], "bare": [seconds...], "opened": seconds (w on
Today until the Week is drawn, a moment after Today showed), "opened_at_once": seconds (w
pressed as soon as Today showed, before it read ahead for Week), "problem": str}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textual.app import App, ComposeResult  # noqa: E402
from textual.css.query import NoMatches  # noqa: E402
from textual.widgets import Footer, Header, Static  # noqa: E402

SIZE = (100, 30)
TIMEOUT = 5.0


class FrameWatch:
    """Times a key press until the widget ``selector`` on the screen on top holds a marker and
    the frame with it has been drawn."""

    def __init__(self, app: App[Any], selector: str) -> None:
        self.app = app
        self.selector = selector
        self.screen: Any = None
        self.widget: Static | None = None

    def shows(self, marker: str) -> bool:
        screen = self.app.screen
        if screen is not self.screen or self.widget is None:
            # Looked up once the screen has it, then kept: the watch stays light.
            self.screen = screen
            try:
                self.widget = screen.query_one(self.selector, Static)
            except NoMatches:  # the screen with it is not up yet
                self.widget = None
        return self.widget is not None and marker in str(self.widget.content)

    async def press(self, pilot: Any, key: str, marker: str) -> float | None:
        """The seconds from pressing ``key`` until a frame shows ``marker``; None if it is not
        shown within TIMEOUT. The press runs beside the watch: Pilot's press also waits for
        the app to be idle, which is no part of what a person waits for."""
        start = time.perf_counter()
        deadline = start + TIMEOUT
        pressing = asyncio.ensure_future(pilot.press(key))
        try:
            while not self.shows(marker):
                if time.perf_counter() > deadline:
                    return None
                await asyncio.sleep(0.0005)
            drawn = asyncio.Event()
            seen: list[float] = []

            def refreshed() -> None:
                seen.append(time.perf_counter())
                drawn.set()

            self.app.call_after_refresh(refreshed)
            try:
                await asyncio.wait_for(drawn.wait(), max(0.0, deadline - time.perf_counter()))
            except asyncio.TimeoutError:
                return None
            return seen[0] - start
        finally:
            await pressing
            await pilot.pause()


def directions(presses: int) -> list[str]:
    """Back through the years, then forward again: left x n/2, right x n/2."""
    half = max(1, presses // 2)
    return ["left"] * half + ["right"] * half


# --------------------------------------------------------------------------- the coach app


async def coach_weeks(db: str, presses: int, settle: bool = True
                      ) -> tuple[list[float], float | None, str]:
    """Week's Left/Right on ``db``, and w on Today until Week is drawn: after the moment
    Today takes to read ahead for Week (``settle``, as a person pressing w finds it), or at
    once (then only w is measured)."""
    from coach.app import WARM_UP_SECONDS, CoachApp
    from coach.screens.week import WeekScreen, week_heading

    app = CoachApp(db)
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if settle:  # Today reads the whole history for Week a moment after it shows
            await pilot.pause(WARM_UP_SECONDS + 1.0)
        watch = FrameWatch(app, "#week-title")
        today = app.coach.today()
        this_start = app.coach.planner().week_start(today)
        shown = await watch.press(pilot, "w", week_heading(this_start, this_start))
        if not isinstance(app.screen, WeekScreen) or shown is None:
            return times, None, (
                f"the Week screen did not show (screen: {type(app.screen).__name__})")
        if not settle:
            return times, shown, ""
        start = this_start
        for key in directions(presses):
            start += timedelta(weeks=-1 if key == "left" else 1)
            took = await watch.press(pilot, key, week_heading(start, this_start))
            if took is None:
                return times, shown, (
                    f"{key}: the week of {start} was not drawn within {TIMEOUT:.0f} s")
            times.append(took)
    return times, shown, ""


# --------------------------------------------------------------------------- the baseline


class BareWeeks(App[None]):
    """Header, one line that Left/Right change, Footer."""

    BINDINGS = [("left", "shift(-1)", "Previous"), ("right", "shift(1)", "Next")]

    def __init__(self) -> None:
        super().__init__()
        self.start = date(2026, 1, 5)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(bare_line(self.start), id="line")
        yield Footer()

    def action_shift(self, weeks: int) -> None:
        self.start += timedelta(weeks=weeks)
        self.query_one("#line", Static).update(bare_line(self.start))


def bare_line(start: date) -> str:
    return f"Week of {start.isoformat()}"


async def bare_weeks(presses: int) -> tuple[list[float], str]:
    app = BareWeeks()
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        watch = FrameWatch(app, "#line")
        start = app.start
        for key in directions(presses):
            start += timedelta(weeks=-1 if key == "left" else 1)
            took = await watch.press(pilot, key, bare_line(start))
            if took is None:
                return times, f"bare app: {key} was not drawn within {TIMEOUT:.0f} s"
            times.append(took)
    return times, ""


async def main_async(db: str, presses: int) -> dict[str, Any]:
    bare, bare_problem = await bare_weeks(presses)
    week, opened, problem = await coach_weeks(db, presses)
    _, at_once, at_once_problem = await coach_weeks(db, 0, settle=False)
    return {"week": week, "bare": bare, "opened": opened, "opened_at_once": at_once,
            "problem": problem or at_once_problem or bare_problem}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--presses", type=int, default=20)
    args = parser.parse_args(argv)
    print(json.dumps(asyncio.run(main_async(args.db, args.presses))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
