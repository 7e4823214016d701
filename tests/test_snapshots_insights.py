"""What helps me, kept as SVG snapshots (tests/__snapshots__/), on a frozen day.

Regenerate with ``pytest tests/test_snapshots_insights.py --snapshot-update`` and look at
the pictures before accepting them.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from conftest import TODAY
from test_snapshots_main import until

from coach.models import Checkin, Session
from coach.screens.today import TodayScreen

SIZES = [(80, 24), (120, 40)]
size_ids = pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")

#: (days ago, style, minutes, before, after, started at): yoga helps most, in the mornings.
SESSIONS = [
    (1, "yoga", 20, 2, 4, "07:30"), (4, "yoga", 20, 3, 4, "07:45"), (8, "yoga", 20, 2, 4, None),
    (11, "yoga", 10, 3, 3, "18:10"), (15, "bodyweight", 20, 3, 4, "12:30"),
    (18, "bodyweight", 20, 3, 3, "19:00"), (22, "bodyweight", 20, 4, 3, "18:40"),
    (25, "bodyweight", 10, 2, 3, "08:00"), (29, "bands", 20, 3, 4, "13:15"),
]


def what_helps_history(history) -> None:
    history.onboard().launched_today()
    store = history.store
    for ago, style, minutes, before, after, at in SESSIONS:
        day = TODAY - timedelta(days=ago)
        store.add_session(Session(
            day=day, seconds=minutes * 60, style=style, mood_before=before, mood_after=after,
            time_of_day=at, routine=f"{style}-routine" if at else None,
            started_at=datetime.combine(day, time.fromisoformat(at)) if at else None))
    for ago in range(0, 70):
        if ago % 9 == 4:
            continue  # some mornings go by without a check-in
        day = TODAY - timedelta(days=ago)
        mood = 2 + (ago // 7 + ago % 3) % 3 if ago < 50 else 2
        store.add_checkin(Checkin(day=day, kind="morning", mood=min(5, mood + (ago < 14)),
                                  anxiety=4 - (ago < 30) - (ago < 10),
                                  at=datetime.combine(day, time(7, 30))))


@size_ids
def test_what_helps_me(snap_compare, make_app, history, size):
    what_helps_history(history)
    assert snap_compare(make_app(), terminal_size=size, run_before=until(TodayScreen, "i"))
