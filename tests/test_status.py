"""``coach status`` reads only what its lines need, and says exactly what the full history says."""

from __future__ import annotations

import gc

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from coach.plan import Planner
from coach import report
from coach.entry import _db_only, _status_args
from coach.models import Checkin, Session
from coach.mood import SAFETY_NET_MESSAGE, insight
from coach.status import status_text, todays_care
from coach.store import Store

TODAY = date(2026, 3, 12)  # a Thursday


def full_text(store: Store, today: date) -> str:
    """The status lines computed from everything in the store."""
    history = store.history()
    week = Planner(history).plan_week(today, today)
    found = insight(history.sessions)
    return "\n".join(report.status_lines(
        week, insight_line=found.text if found else None,
        care=todays_care(history, week), buddy=history.buddy,
    ))


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "coach.db")
    yield s
    s.close()


def refuse_to_open(*args, **kwargs):
    raise AssertionError("the database was opened")


def forbid_opening(monkeypatch) -> None:
    """From here on, opening the database fails the test: the lines come from the kept file."""
    monkeypatch.setattr(Store, "open", refuse_to_open)


def morning(day: date, mood: int = 3) -> Checkin:
    return Checkin(day=day, kind="morning", mood=mood, at=datetime.combine(day, datetime.min.time()))


def test_check_ins_long_before_the_first_session_still_set_the_first_activity(store):
    # Weeks of check-ins, then sessions: the first activity is the first check-in.
    for i in range(70, 0, -1):
        store.add_checkin(morning(TODAY - timedelta(days=i), mood=2 + i % 3))
    for i in (30, 27, 23, 20, 16, 13, 9, 6, 2):
        store.add_session(Session(day=TODAY - timedelta(days=i), seconds=22 * 60,
                                  mood_before=2, mood_after=4))
    history = store.recent_history(TODAY)
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


def test_the_buddy_and_their_check_ins_change_no_line(store):
    store.set_buddy("Sam", "text Sam")
    for i in range(40, 0, -1):
        day = TODAY - timedelta(days=i)
        if day.weekday() in (0, 3):
            store.add_session(Session(day=day, seconds=21 * 60, mood_before=2, mood_after=4))
            store.record_buddy_checkin(day, "after_session", ("done", "dismissed")[i % 2])
        if day.weekday() == 0:
            store.record_buddy_checkin(day, "week_start", "suggested")
    assert store.history().buddy_checkins
    for offset in range(-7, 8):
        day = TODAY + timedelta(days=offset)
        assert status_text(store, day) == full_text(store, day)


def test_no_welcome_back_for_someone_who_checked_in_every_morning(store):
    store.add_session(Session(day=TODAY - timedelta(days=40), seconds=20 * 60))
    for i in range(24, 0, -1):
        store.add_checkin(morning(TODAY - timedelta(days=i), mood=3))
    assert "Welcome back" not in full_text(store, TODAY)
    for offset in range(-3, 8):
        day = TODAY + timedelta(days=offset)
        assert status_text(store, day) == full_text(store, day)


def test_only_check_ins_and_an_empty_database(store):
    assert status_text(store, TODAY) == full_text(store, TODAY)
    for i in range(20, 0, -1):
        store.add_checkin(morning(TODAY - timedelta(days=i), mood=1))
    assert status_text(store, TODAY) == full_text(store, TODAY)
    # Twenty mood-1 mornings up to yesterday: the safety net leads, then today, gently.
    assert status_text(store, TODAY).startswith(SAFETY_NET_MESSAGE)
    assert "If and when you feel up to it" in status_text(store, TODAY)


def test_fast_paths_take_only_a_plain_db_option():
    assert _status_args(["status"]) == (True, None)
    assert _status_args(["status", "--db", "x.db"]) == (True, "x.db")
    assert _status_args(["status", "--db=x.db"]) == (True, "x.db")
    assert _status_args(["status", "--db"]) == (False, None)
    assert _status_args(["plan"]) == (False, None)
    assert _db_only([]) == (True, None)
    assert _db_only(["--db", "x.db"]) == (True, "x.db")
    assert _db_only(["--db", "x.db", "timer"]) == (False, None)
    assert _db_only(["--version"]) == (False, None)


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


def test_status_worked_out_afresh_loads_only_what_it_needs(tmp_path):
    """After a write the lines are worked out again: still without Textual, click,
    sqlite_utils, dataclasses (inspect, ast...), typing or threading, each a wait in a new
    shell."""
    import subprocess
    import sys

    db = tmp_path / "coach.db"
    with Store.open(db) as s:
        s.save_settings(onboarded=True)
        s.add_session(Session(day=TODAY, seconds=25 * 60, mood_before=3, mood_after=4))
    code = (
        "import sys; from coach.entry import main\n"
        "try:\n    main(['status', '--db', sys.argv[1]])\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        "heavy = ('textual', 'click', 'sqlite_utils', 'dataclasses', 'inspect', 'typing',"
        " 'threading')\n"
        "print('loaded:', [m for m in heavy if m in sys.modules])\n"
    )
    Path(f"{db}-status").unlink(missing_ok=True)
    result = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "You felt better after 1 of 1 session." in result.stdout  # worked out from the data
    assert "loaded: []" in result.stdout


# --------------------------------------------------------------------------- remembered lines


def test_status_lines_are_kept_until_the_database_or_the_day_changes(tmp_path, monkeypatch, capsys):
    import stat as stat_

    from coach import dates
    from coach import status as status_mod

    db = tmp_path / "coach.db"
    with Store.open(db) as s:
        s.add_session(Session(day=TODAY - timedelta(days=2), seconds=20 * 60,
                              mood_before=2, mood_after=4))
    monkeypatch.setattr(dates, "today", lambda: TODAY)
    assert status_mod.run_status(str(db)) == 0
    first = capsys.readouterr().out
    kept = Path(f"{db}-status")
    assert kept.exists() and stat_.S_IMODE(kept.stat().st_mode) == 0o600

    # Unchanged: the kept lines are printed without opening the database at all.
    forbid_opening(monkeypatch)
    assert status_mod.run_status(str(db)) == 0
    assert capsys.readouterr().out == first
    monkeypatch.undo()

    # A write changes the lines at once.
    monkeypatch.setattr(dates, "today", lambda: TODAY)
    with Store.open(db) as s:
        s.add_session(Session(day=TODAY - timedelta(days=1), seconds=20 * 60,
                              mood_before=2, mood_after=5))
        expected = status_text(s, TODAY)
    assert status_mod.run_status(str(db)) == 0
    second = capsys.readouterr().out
    assert second != first and second == expected + "\n"

    # A new day does too.
    tomorrow = TODAY + timedelta(days=1)
    monkeypatch.setattr(dates, "today", lambda: tomorrow)
    assert status_mod.run_status(str(db)) == 0
    with Store.open(db) as s:
        assert capsys.readouterr().out == status_text(s, tomorrow) + "\n"


def test_a_damaged_kept_file_is_ignored(tmp_path, monkeypatch, capsys):
    from coach import dates
    from coach import status as status_mod

    db = tmp_path / "coach.db"
    Store.open(db).close()
    monkeypatch.setattr(dates, "today", lambda: TODAY)
    assert status_mod.run_status(str(db)) == 0
    right = capsys.readouterr().out
    Path(f"{db}-status").write_bytes(b"\xff\xfe not a kept status \x00")
    assert status_mod.run_status(str(db)) == 0
    assert capsys.readouterr().out == right
    # And a kept file for another database state is not taken for this one.
    key = status_mod.fingerprint(db, TODAY)
    status_mod.write_cache(db, "0" * len(key), "Today: something else entirely.")
    assert status_mod.run_status(str(db)) == 0
    assert capsys.readouterr().out == right


def test_no_fingerprint_without_a_database_and_none_kept_for_a_new_one(tmp_path, capsys):
    from coach import status as status_mod

    db = tmp_path / "new" / "coach.db"
    assert status_mod.fingerprint(db, TODAY) is None
    assert status_mod.run_status(str(db)) == 0
    assert db.exists() and not Path(f"{db}-status").exists()


@pytest.mark.parametrize("given", ["x.db", "~/data/coach.db", "a//b/./c.db", "/abs/path.db"])
def test_db_file_names_the_same_file_as_resolve_db_path(given, monkeypatch):
    import os

    from coach import paths
    from coach.status import db_file

    assert paths.ENV_VAR == "COACH_DB"
    assert os.path.abspath(db_file(given)) == os.path.abspath(paths.resolve_db_path(given))
    monkeypatch.setenv("COACH_DB", given)
    assert os.path.abspath(db_file(None)) == os.path.abspath(paths.resolve_db_path(None))
    monkeypatch.delenv("COACH_DB")
    assert db_file(None) == str(paths.resolve_db_path(None))


def test_a_command_that_wrote_can_leave_the_lines_ready(tmp_path, monkeypatch, capsys):
    from coach import dates
    from coach import status as status_mod

    db = tmp_path / "coach.db"
    monkeypatch.setattr(dates, "today", lambda: TODAY)
    with Store.open(db) as s:
        s.add_session(Session(day=TODAY, seconds=25 * 60, mood_before=3, mood_after=4))
    status_mod.refresh_kept_lines(db)
    with Store.open(db) as s:
        expected = status_text(s, TODAY)

    forbid_opening(monkeypatch)
    assert status_mod.run_status(str(db)) == 0
    assert capsys.readouterr().out == expected + "\n"


def test_lines_kept_while_the_app_has_the_database_open_are_right_after_it_closes(
        tmp_path, monkeypatch, capsys):
    from coach import dates
    from coach import status as status_mod

    db = tmp_path / "coach.db"
    monkeypatch.setattr(dates, "today", lambda: TODAY)
    app_store = Store.open(db)
    app_store.add_session(Session(day=TODAY, seconds=25 * 60, mood_before=3, mood_after=4))
    status_mod.refresh_kept_lines(db)
    expected = status_text(app_store, TODAY)
    kept = Path(f"{db}-status").read_text()
    real_open = Store.open

    forbid_opening(monkeypatch)
    assert status_mod.run_status(str(db)) == 0  # a shell opened while the app runs
    assert capsys.readouterr().out == expected + "\n"
    monkeypatch.setattr(Store, "open", real_open)
    app_store.add_session(Session(day=TODAY - timedelta(days=3), seconds=20 * 60,
                                  mood_before=2, mood_after=3))
    later = status_text(app_store, TODAY)
    app_store.close()  # the log goes into the file: the bytes change, the lines are redone
    assert later != expected
    assert status_mod.run_status(str(db)) == 0
    assert capsys.readouterr().out == later + "\n"
    assert Path(f"{db}-status").read_text() != kept
    status_mod.refresh_kept_lines(db)
    forbid_opening(monkeypatch)
    assert status_mod.run_status(str(db)) == 0
    assert capsys.readouterr().out == later + "\n"


def test_refreshing_again_with_nothing_changed_does_not_open_the_database(tmp_path, monkeypatch):
    from coach import dates
    from coach import status as status_mod

    db = tmp_path / "coach.db"
    monkeypatch.setattr(dates, "today", lambda: TODAY)
    with Store.open(db) as s:
        s.add_session(Session(day=TODAY, seconds=25 * 60, mood_before=3, mood_after=4))
    status_mod.refresh_kept_lines(db)
    kept = Path(f"{db}-status").read_bytes()

    forbid_opening(monkeypatch)
    status_mod.refresh_kept_lines(db)
    assert Path(f"{db}-status").read_bytes() == kept


def test_an_app_that_cannot_open_its_database_says_so_and_leaves_collection_on(tmp_path, capsys):
    from coach.entry import run_app

    assert run_app(str(tmp_path)) == 1  # a folder, not a database
    assert "is a folder, not a database file" in capsys.readouterr().err
    assert gc.isenabled()


def test_closing_the_app_leaves_the_status_lines_ready(tmp_path, monkeypatch, capsys):
    import coach.app
    from coach import dates
    from coach import status as status_mod
    from coach.entry import run_app

    db = tmp_path / "coach.db"
    monkeypatch.setattr(dates, "today", lambda: TODAY)

    class App:  # the app as far as run_app sees it: records a session, then is closed
        def __init__(self, path, store):
            self.store, self.return_code, self.store_problem = store, None, None

        def run(self):
            self.store.add_session(Session(day=TODAY, seconds=25 * 60, mood_before=3,
                                           mood_after=4))

    monkeypatch.setattr(coach.app, "CoachApp", App)
    assert run_app(str(db)) == 0
    assert gc.isenabled()  # start-up held collection off; whatever the app did, it is back
    with Store.open(db) as s:
        expected = status_text(s, TODAY)
    assert "25 minutes" in expected

    forbid_opening(monkeypatch)
    assert status_mod.run_status(str(db)) == 0
    assert capsys.readouterr().out == expected + "\n"


def test_the_first_shell_of_the_next_morning_finds_its_lines_ready(tmp_path, monkeypatch, capsys):
    """Kept after a write, the lines for tomorrow are there too: no database read at dawn."""
    from coach import dates
    from coach import status as status_mod

    db = tmp_path / "coach.db"
    monkeypatch.setattr(dates, "today", lambda: TODAY)
    with Store.open(db) as s:
        s.add_session(Session(day=TODAY, seconds=25 * 60, mood_before=3, mood_after=4))
    status_mod.refresh_kept_lines(db)
    tomorrow = TODAY + timedelta(days=1)
    with Store.open(db) as s:
        expected = status_text(s, tomorrow)
        assert expected != status_text(s, TODAY)

    forbid_opening(monkeypatch)
    monkeypatch.setattr(dates, "today", lambda: tomorrow)
    assert status_mod.run_status(str(db)) == 0
    assert capsys.readouterr().out == expected + "\n"


def test_a_command_line_write_leaves_the_lines_ready(tmp_path, monkeypatch, capsys):
    from coach import dates
    from coach import status as status_mod
    from coach.cli import run

    db = tmp_path / "coach.db"
    monkeypatch.setattr(dates, "today", lambda: TODAY)
    assert run(["--db", str(db), "log", "--minutes", "22", "--date", TODAY.isoformat()]) == 0
    capsys.readouterr()
    with Store.open(db) as s:
        expected = status_text(s, TODAY)

    forbid_opening(monkeypatch)
    assert status_mod.run_status(str(db)) == 0
    assert capsys.readouterr().out == expected + "\n"
    assert "22 minutes" in expected
