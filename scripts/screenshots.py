"""Make the README's pictures of coach: Today, the timer and Week, saved by Textual as SVG.

Builds a small demo database in a temporary folder (six weeks of use, written through the
Store), opens the app headless on a fixed day with a fixed clock, and saves what it shows::

    python scripts/screenshots.py            # writes assets/today.svg, timer.svg, week.svg
    python scripts/screenshots.py -o /tmp    # somewhere else

The same run always gives the same pictures.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from coach.models import Checkin, Session  # noqa: E402
from coach.store import Store  # noqa: E402

DAY = date(2026, 3, 12)  # a Thursday: a session day with the default days
SIZE = (100, 30)
MOODS = [3, 4, 3, 2, 3, 4, 4, 3, 2, 3, 4, 3, 5, 4, 3, 3, 4, 2, 3, 4, 4]


class Clock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


def build_demo(path: Path) -> None:
    """Six weeks of sessions with moods before and after, mornings, a buddy; today begun."""
    with Store.open(path) as store:
        store.save_settings(onboarded=True, style="bodyweight")
        store.set_buddy("Sam", "text Sam")
        monday = DAY - timedelta(days=DAY.weekday())
        befores = iter([2, 3, 3, 2, 3, 3, 2, 3, 4, 3, 2, 3])
        for week in range(6, 0, -1):
            start = monday - timedelta(weeks=week)
            minutes = 20 if week > 4 else 25
            for weekday in (0, 3):
                day = start + timedelta(days=weekday)
                if week == 3 and weekday == 3:
                    continue  # a lighter week
                before = next(befores)
                store.add_session(Session(
                    day=day, seconds=minutes * 60 + 40, style="bodyweight",
                    routine="bodyweight-gentle-start", mood_before=before,
                    mood_after=min(5, before + (1 if weekday == 0 else 2)),
                    started_at=datetime.combine(day, time(7, 45)),
                ))
        store.add_session(Session(
            day=monday, seconds=25 * 60 + 15, style="bodyweight",
            routine="bodyweight-steady-strength", mood_before=3, mood_after=4,
            started_at=datetime.combine(monday, time(7, 40)),
        ))
        for offset, mood in enumerate(reversed(MOODS)):
            day = DAY - timedelta(days=offset)
            store.add_checkin(Checkin(day=day, kind="morning", mood=mood, anxiety=2,
                                      at=datetime.combine(day, time(7, 30))))
        store.set_value("last_launch_day", DAY.isoformat())


async def wait_until(pilot, condition) -> None:
    for _ in range(500):
        if condition():
            await pilot.pause(0.05)
            return
        await pilot.pause(0.01)
    raise SystemExit(f"the app never got there: {pilot.app.screen!r}")


async def shoot(db: Path, out: Path) -> list[Path]:
    from coach.app import CoachApp
    from coach.screens.today import TodayScreen

    clock = Clock()
    app = CoachApp(db, today=lambda: DAY, clock=clock)
    saved: list[Path] = []
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen) and app.at_home())
        await pilot.pause(0.2)
        saved.append(Path(app.save_screenshot("today.svg", str(out))))

        await pilot.press("w")
        await pilot.pause(0.3)
        saved.append(Path(app.save_screenshot("week.svg", str(out))))

        await pilot.press("t")
        await pilot.pause(0.2)
        from coach.screens.checkin import CheckinScreen
        from coach.screens.timer import TimerScreen

        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, CheckinScreen))
        await pilot.press("3")  # the one-key mood question before the session
        await wait_until(pilot, lambda: isinstance(app.screen, TimerScreen))
        timer = app.screen
        # Into the first work interval: past the warm-up, a few seconds into the move. The
        # clock moves in small steps, as it does for real (a jump reads as a sleeping laptop).
        warmup = sum(i.seconds for i in timer.intervals if i.phase == "warmup")
        target = clock.now + warmup + 12.4
        while clock.now < target:
            clock.now = min(target, clock.now + 5)
            timer.refresh_timer()
        await pilot.pause(0.3)
        saved.append(Path(app.save_screenshot("timer.svg", str(out))))
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--out", type=Path, default=ROOT / "assets")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        build_demo(db)
        for path in asyncio.run(shoot(db, args.out)):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
