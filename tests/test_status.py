"""``coach status`` reads only what its lines need, and says exactly what the full history says."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from coach import plan as rules
from coach import report
from coach.entry import _db_only, _status_args
from coach.models import Checkin, Session
from coach.mood import insight
from coach.status import status_history, status_text
from coach.store import Store

TODAY = date(2026, 3, 12)  # a Thursday


def full_text(store: Store, today: date) -> str:
    """The status lines computed from everything in the store."""
    history = store.history()
    week = rules.plan_week(history, today, today)
    found = insight(history.sessions)
    return "\n".join(report.status_lines(week, insight_line=found.text if found else None))


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "coach.db")
    yield s
    s.close()


def morning(day: date, mood: int = 3) -> Checkin:
    return Checkin(day=day, kind="morning", mood=mood, at=datetime.combine(day, datetime.min.time()))


def test_check_ins_long_before_the_first_session_still_set_the_first_activity(store):
    # Weeks of check-ins, then sessions: the first activity is the first check-in.
    for i in range(70, 0, -1):
        store.add_checkin(morning(TODAY - timedelta(days=i), mood=2 + i % 3))
    for i in (30, 27, 23, 20, 16, 13, 9, 6, 2):
        store.add_session(Session(day=TODAY - timedelta(days=i), seconds=22 * 60,
                                  mood_before=2, mood_after=4))
    history = status_history(store)
    assert min(c.day for c in history.checkins) == TODAY - timedelta(days=70)
    assert len(history.checkins) < len(store.checkins())
    for offset in range(0, 15):
        day = TODAY + timedelta(days=offset)
        assert status_text(store, day) == full_text(store, day)


def test_sessions_before_any_check_in_and_a_gap_then_a_return(store):
    for i in (200, 197, 193, 190, 186, 183, 179, 176, 20, 3):
        store.add_session(Session(day=TODAY - timedelta(days=i), seconds=(i % 4 + 18) * 60,
                                  mood_before=3, mood_after=4, pain=i == 179))
    for i in range(15, 0, -1):
        store.add_checkin(morning(TODAY - timedelta(days=i)))
    store.add_pause(TODAY - timedelta(days=120), TODAY - timedelta(days=100))
    store.set_buddy("Sam", "text Sam")
    for offset in range(-10, 8):
        day = TODAY + timedelta(days=offset)
        assert status_text(store, day) == full_text(store, day)


def test_only_check_ins_and_an_empty_database(store):
    assert status_text(store, TODAY) == full_text(store, TODAY)
    for i in range(20, 0, -1):
        store.add_checkin(morning(TODAY - timedelta(days=i), mood=1))
    assert status_text(store, TODAY) == full_text(store, TODAY)
    assert "Today" in status_text(store, TODAY)


def test_fast_paths_take_only_a_plain_db_option():
    assert _status_args(["status"]) is None
    assert _status_args(["status", "--db", "x.db"]) == "x.db"
    assert _status_args(["status", "--db=x.db"]) == "x.db"
    assert _status_args(["status", "--db"]) is False
    assert _status_args(["plan"]) is False
    assert _db_only([]) is None
    assert _db_only(["--db", "x.db"]) == "x.db"
    assert _db_only(["--db", "x.db", "timer"]) is False
    assert _db_only(["--version"]) is False


def test_opening_the_app_on_a_file_that_is_not_a_database_is_one_line_without_click(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "notes.db"
    bad.write_bytes(b"my notes, not a database\n" * 10)
    code = (
        "import sys; from coach.entry import main\n"
        "try:\n    main(['--db', sys.argv[1]])\n"
        "except SystemExit as e:\n    print('exit', e.code)\n"
        "print('click loaded:', 'click' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(bad)], capture_output=True,
                            text=True, timeout=60)
    assert "exit 1" in result.stdout and "click loaded: False" in result.stdout
    assert result.stderr.strip().splitlines() == [
        f"coach: {bad}: is not a coach database (not a SQLite file); it was left unchanged"
    ]
    assert bad.read_bytes() == b"my notes, not a database\n" * 10
