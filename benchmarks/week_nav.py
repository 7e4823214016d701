"""Week navigation latency through Textual's Pilot, against a bare app's key press and redraw.

For each Left/Right press: the time from the press until a frame holding the new week's
heading is drawn. "Drawn" means the screen's update was turned into the bytes a terminal would
get (the headless test driver skips that step, so it is done here, as a real terminal run would
do it), and the heading is in those bytes. The baseline is the same measure on a bare Textual
app whose Left/Right change one line of text.

Prints one JSON line: {"week": [seconds...], "bare": [seconds...], "opened": seconds (w on
Today until the Week is drawn, a moment after Today showed), "opened_at_once": seconds (w
pressed as soon as Today showed, before it read ahead for Week), "problem": str}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Footer, Header, Static  # noqa: E402

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
SIZE = (100, 30)
TIMEOUT = 5.0


class FrameWatch:
    """Wraps an app's display step: notes when a drawn frame first holds ``marker``."""

    def __init__(self, app: App[Any]) -> None:
        from textual._compositor import CompositorUpdate

        self.app = app
        self.marker: str | None = None
        self.seen: float | None = None
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if self.marker is None or self.seen is not None:
                return
            if isinstance(renderable, CompositorUpdate):
                text = ESCAPES.sub("", renderable.render_segments(app.console))
                if self.marker in text:
                    self.seen = time.perf_counter()

        app._display = display  # type: ignore[method-assign]

    async def press(self, pilot: Any, key: str, marker: str) -> float | None:
        self.marker, self.seen = marker, None
        start = time.perf_counter()
        await pilot.press(key)
        deadline = start + TIMEOUT
        while self.seen is None and time.perf_counter() < deadline:
            await asyncio.sleep(0.0005)
        seen = self.seen
        self.marker = None
        await pilot.pause()
        return None if seen is None else seen - start


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
        watch = FrameWatch(app)
        today = app.today()
        this_start = app.planner().week_start(today)
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
        watch = FrameWatch(app)
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
