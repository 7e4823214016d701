"""What helps me on a big database: the core's answer, and the screen opening.

The core: open the store, read what the insights need and work them out (as `coach
insights` and the screen do), timed in-process, several times. The screen: the app on Today
(through Textual's Pilot), i pressed, until a frame holding the screen's breakdowns is drawn
(as week_nav.py measures Week), once per app, each run a new app. Prints one JSON line:
{"core": [seconds...], "screen": [seconds...], "problem": str}.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


def core_times(db: str, runs: int) -> list[float]:
    from coach.dates import today
    from coach.insights import WEEKS, insights
    from coach.store import Store

    day = today()
    times: list[float] = []
    with Store.open(db) as store:
        insights(store.recent_history(day, days=WEEKS * 7), day)  # warm: the first read
        for _ in range(runs):
            start = time.perf_counter()
            insights(store.recent_history(day, days=WEEKS * 7), day)
            times.append(time.perf_counter() - start)
    return times


async def screen_time(db: str) -> float | None:
    """i on Today until What helps me is drawn (its first opening in this app)."""
    from week_nav import SIZE, FrameWatch

    from coach.app import CoachApp
    from coach.screens.today import TodayScreen

    app = CoachApp(db)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(500):
            if isinstance(app.screen, TodayScreen) and app.at_home():
                break
            await pilot.pause(0.01)
        await pilot.pause(0.5)  # Today settled (it reads ahead for Week after its frame)
        watch = FrameWatch(app)
        return await watch.press(pilot, "i", "By time of day")


def screen_times(db: str, runs: int) -> list[float]:
    import asyncio

    times = []
    for _ in range(runs + 1):  # the first warms the caches and is not counted
        took = asyncio.run(screen_time(db))
        if took is None:
            raise RuntimeError("What helps me was not drawn")
        times.append(took)
    return times[1:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    out: dict[str, Any] = {"core": [], "screen": [], "problem": ""}
    try:
        out["core"] = core_times(args.db, args.runs)
        out["screen"] = screen_times(args.db, max(3, args.runs // 2))
    except Exception as exc:  # noqa: BLE001 - said in the table
        out["problem"] = f"{type(exc).__name__}: {exc}"
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
