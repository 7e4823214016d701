"""Seeded benchmark databases, written through coach's own Store API.

Three sizes, each onboarded and with a morning check-in for today (so the app opens straight
on Today, with no welcome and no check-in covering it):

* ``empty``: nothing else;
* ``month``: the last 30 days;
* ``years``: ten years of daily use: a morning check-in every day (plus a second mood
  check-in on some days: about 7,300 check-ins in all with the before/after ones), about
  1,500 sessions with before/after moods, effort and a time of day (some short, a few
  painful), a few pauses, a buddy
  with buddy check-ins, and a few moved sessions.

The same seed and ``today`` always give the same data. Run it alone to build one file::

    python benchmarks/gen.py years /tmp/coach-years.db
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, time as dtime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from coach import dates  # noqa: E402
from coach.models import STYLES, Checkin, Move, Session  # noqa: E402
from coach.store import Store  # noqa: E402

SIZES = {"empty": 0, "month": 30, "years": 3652}
SEED = 20260101


def build(path: str | Path, size: str, today: date | None = None, seed: int = SEED) -> dict[str, int]:
    """Create a fresh database at ``path`` (removed first) and return what was written."""
    if size not in SIZES:
        raise ValueError(f"size is one of {', '.join(SIZES)}, not {size!r}")
    today = today or dates.today()
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(f"{seed}-{size}")
    counts = {"sessions": 0, "checkins": 0, "pauses": 0, "buddy_checkins": 0, "moves": 0}
    store = Store.open(path)
    try:
        store.save_settings(onboarded=True, style="bodyweight")
        days = SIZES[size]
        if days:
            _fill(store, rng, today, days, counts)
        # Today: a calm, good morning, so no low-mood offer or safety net covers the plan.
        store.add_checkin(Checkin(day=today, kind="morning", mood=4, anxiety=2,
                                  at=datetime.combine(today, dtime(7, 30))))
        counts["checkins"] += 1
        store.set_value("last_launch_day", today.isoformat())
    finally:
        store.close()
    return counts


def _fill(store: Store, rng: random.Random, today: date, days: int, counts: dict[str, int]) -> None:
    first = today - timedelta(days=days)
    long_history = days > 365
    pauses: list[tuple[date, date]] = []
    if long_history:
        # A few pauses (illness, travel) of one to three weeks, spread over the years.
        for year in (1, 3, 6, 8):
            start = first + timedelta(days=365 * year + rng.randrange(0, 200))
            end = start + timedelta(days=rng.choice((6, 13, 20)))
            pauses.append((start, end))
            store.add_pause(start, end)
            counts["pauses"] += 1
        store.set_buddy("Sam", "text Sam")

    def paused(day: date) -> bool:
        return any(a <= day <= b for a, b in pauses)

    style = "bodyweight"
    # Effort and the hour of a session come from their own stream, so the rest of the
    # history stays what it was before sessions had them.
    extra = random.Random(f"{first.isoformat()}-{days}-effort")
    day = first
    while day < today:
        mood = _mood(rng)
        store.add_checkin(Checkin(
            day=day, kind="morning", mood=mood, anxiety=rng.randint(1, 5),
            note=rng.choice((None, None, None, "slept badly", "sunny", "tired but ok")),
            at=datetime.combine(day, dtime(7, rng.randrange(0, 60))),
        ))
        counts["checkins"] += 1
        if rng.random() < 0.18:  # a second mood check-in later in the day (the m key)
            store.add_checkin(Checkin(
                day=day, kind="morning", mood=min(5, mood + rng.choice((0, 1))),
                anxiety=rng.randint(1, 4), at=datetime.combine(day, dtime(15, rng.randrange(60))),
            ))
            counts["checkins"] += 1
        if not paused(day) and day.weekday() in (0, 2, 4) and rng.random() < 0.96:
            if rng.random() < 0.02:
                style = rng.choice(STYLES)
            before = _mood(rng)
            seconds = rng.choice((20, 20, 25, 25, 30, 30, 30, 10)) * 60 + rng.randrange(0, 90)
            hour = extra.choice((7, 12, 18, 18))
            started = datetime.combine(day, dtime(hour, rng.randrange(60)))
            store.add_session(Session(
                day=day, seconds=seconds, style=style,
                routine=f"{style}-basics",
                mood_before=before, mood_after=max(1, min(5, before + rng.choice((-1, 0, 1, 1, 1, 2)))),
                pain=rng.random() < 0.02,
                started_at=started, time_of_day=f"{started:%H:%M}",
                effort=extra.choice((None, "easy", "right", "right", "right", "hard")),
            ))
            counts["sessions"] += 1
            counts["checkins"] += 2
            if long_history and rng.random() < 0.3:
                store.record_buddy_checkin(day, "after_session", rng.choice(("done", "dismissed")))
                counts["buddy_checkins"] += 1
        if long_history and day.weekday() == 0 and rng.random() < 0.05:
            store.add_move(Move(from_day=day, to_day=day + timedelta(days=1)))
            counts["moves"] += 1
        day += timedelta(days=1)


def _mood(rng: random.Random) -> int:
    return rng.choices((1, 2, 3, 4, 5), weights=(1, 3, 6, 5, 2))[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("path")
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    counts = build(args.path, args.size, args.today)
    took = time.perf_counter() - start
    print(", ".join(f"{v} {k}" for k, v in counts.items()) + f" in {took:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
