"""The SQLite store against real files: creation, reopening, privacy, refusals, transactions,
and every kind of record the app keeps."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import coach.store as store_module
from coach.models import Buddy, Checkin, Move, Pause, Session, Settings
from coach.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError

DAY = date(2026, 3, 9)  # a Monday


@pytest.fixture
def no_umask():
    """Make the process umask permissive, so file modes prove the store set them itself."""
    old = os.umask(0)
    yield
    os.umask(old)


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "coach.db")
    yield s
    s.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def raw(path: Path) -> sqlite3.Connection:
    """A plain connection, for looking inside a file (or faking one from another version)."""
    return sqlite3.connect(path, isolation_level=None)


def files_beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def refuse(path: Path, *words: str) -> str:
    """Open ``path`` expecting a refusal: one line naming the file, the file left as it was."""
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    for word in words:
        assert word in message
    assert path.read_bytes() == before
    return message


def a_full_database(path: Path) -> None:
    with Store.open(path) as s:
        for i in range(150):
            s.add_session(Session(day=DAY + timedelta(days=i), seconds=1200, mood_before=2,
                                  mood_after=4, note="a steady morning " * 5))
        for i in range(150):
            s.add_checkin(Checkin(day=DAY + timedelta(days=i), kind="morning", mood=3, anxiety=2))


# --------------------------------------------------------------------------- creating, reopening


def test_a_new_database_gets_every_migration_a_private_folder_and_a_private_file(tmp_path, no_umask):
    path = tmp_path / "deep" / "er" / "coach.db"
    with Store.open(path) as s:
        assert s.sessions() == [] and s.buddy() is None and s.settings() == Settings()
        assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
        assert mode(path) == 0o600
        for name in ("coach.db-wal", "coach.db-shm"):
            assert name in files_beside(path)
            assert mode(path.parent / name) == 0o600
    c = raw(path)
    assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    applied = [r[0] for r in c.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == [name for name, _ in MIGRATIONS]
    tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"settings", "sessions", "checkins", "buddy", "buddy_checkins", "pauses", "moves"} <= tables
    c.close()
    assert not [n for n in files_beside(path) if n.endswith(".bak")]


def test_reopening_keeps_everything_and_migrates_nothing_again(tmp_path):
    path = tmp_path / "coach.db"
    with Store.open(path) as s:
        s.add_session(Session(day=DAY, seconds=1500, mood_before=2, mood_after=4, style="yoga"))
        s.save_settings(week_starts_sunday=True)
    with Store.open(path) as s:
        assert [(x.day, x.seconds, x.style) for x in s.sessions()] == [(DAY, 1500, "yoga")]
        assert s.settings().week_starts_sunday is True
    c = raw(path)
    assert c.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == len(MIGRATIONS)
    assert not [n for n in files_beside(path) if n.endswith(".bak")]


def test_an_existing_folder_is_left_alone_but_a_loose_file_is_made_private(tmp_path, no_umask):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    path = folder / "coach.db"
    Store.open(path).close()
    os.chmod(path, 0o644)
    with Store.open(path):
        assert mode(path) == 0o600
    assert mode(folder) == 0o755


def test_opening_a_database_reads_it_without_loading_sqlite_utils(tmp_path):
    path = tmp_path / "coach.db"
    Store.open(path).close()
    code = (
        "import sys; from coach.store import Store; s = Store.open(sys.argv[1]); s.sessions();"
        " print('sqlite_utils' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("content", [
    b"my shopping list\nmilk\n",
    bytes(random.Random(1).randrange(256) for _ in range(5000)),
    json.dumps({"version": 1, "sessions": []}).encode(),
    b"SQLite",  # the start of the magic words, no more
], ids=["text", "random", "a-json-export", "short"])
def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path, content):
    path = tmp_path / "coach.db"
    path.write_bytes(content)
    message = refuse(path, "not a coach database")
    assert "left unchanged" in message
    assert files_beside(path) == ["coach.db"]


def damage(data: bytes, how: str) -> bytes:
    rng = random.Random(how)
    if how == "cut in half":
        return data[: len(data) // 2]
    if how == "cut inside the header":
        return data[:60]
    if how == "header scrambled":
        return data[:16] + bytes(rng.randrange(256) for _ in range(84)) + data[100:]
    if how == "first page scrambled":
        return data[:100] + bytes(rng.randrange(256) for _ in range(3996)) + data[4096:]
    if how == "a middle page scrambled":
        mid = (len(data) // 4096 // 2) * 4096
        return data[:mid] + bytes(rng.randrange(256) for _ in range(4096)) + data[mid + 4096:]
    if how == "tail zeroed":
        return data[:4096] + bytes(len(data) - 4096)
    raise AssertionError(how)


@pytest.mark.parametrize("how", [
    "cut in half", "cut inside the header", "header scrambled", "first page scrambled",
    "a middle page scrambled", "tail zeroed",
])
def test_a_damaged_database_is_refused_in_one_line_and_left_byte_for_byte(tmp_path, how):
    good = tmp_path / "good.db"
    a_full_database(good)
    assert not (tmp_path / "good.db-wal").exists()  # all in the main file
    path = tmp_path / "coach.db"
    path.write_bytes(damage(good.read_bytes(), how))
    message = refuse(path, "damaged", "left unchanged")
    assert "Traceback" not in message


def test_pages_left_for_later_are_checked_before_any_write(tmp_path):
    """A quick look (coach status) opens without reading every page; a write checks them
    first, so a damaged page is still found, and nothing is ever written to the file."""
    good = tmp_path / "good.db"
    a_full_database(good)
    path = tmp_path / "coach.db"
    path.write_bytes(damage(good.read_bytes(), "a middle page scrambled"))
    before = path.read_bytes()
    store = Store.open(path, check_pages=False)  # the header and schema are fine
    try:
        with pytest.raises(StoreError) as caught:
            store.save_settings(style="yoga")  # a write checks the pages first
        message = str(caught.value)
        assert message.startswith(f"{path}: ") and "damaged" in message and "\n" not in message
        with pytest.raises(StoreError, match="damaged"):
            store.check_pages()  # asked again: still damaged, still refused
        with pytest.raises(StoreError, match="damaged"):
            store.add_session(Session(day=DAY, seconds=1200))
    finally:
        store.close()
    assert path.read_bytes() == before


@pytest.mark.parametrize("through_a_link", [False, True], ids=["the-file", "a-link-to-it"])
def test_a_waiting_write_ahead_log_has_the_pages_checked_at_once(tmp_path, through_a_link):
    """Closing a connection moves a waiting write-ahead log into the file: left by another
    window or a crash, it has the pages checked before opening, so nothing moves into a
    damaged file (the log lies beside the real file when the database is opened by a link)."""
    source = tmp_path / "source.db"
    a_full_database(source)
    other = raw(source)  # another window, mid-use: its last write is still in the log
    other.execute("PRAGMA wal_autocheckpoint = 0")
    other.execute("INSERT INTO settings (key, value) VALUES ('theme', '\"nord\"')")
    path = tmp_path / "coach.db"
    path.write_bytes(source.read_bytes())
    Path(f"{path}-wal").write_bytes(Path(f"{source}-wal").read_bytes())
    other.close()
    assert Path(f"{path}-wal").stat().st_size > 0
    path.write_bytes(damage(path.read_bytes(), "a middle page scrambled"))
    before = path.read_bytes(), Path(f"{path}-wal").read_bytes()
    opened = path
    if through_a_link:
        opened = tmp_path / "elsewhere" / "coach.db"
        opened.parent.mkdir()
        opened.symlink_to(path)
    with pytest.raises(StoreError, match="damaged"):
        Store.open(opened, check_pages=False).close()
    assert (path.read_bytes(), Path(f"{path}-wal").read_bytes()) == before


def test_pages_left_for_later_on_a_healthy_database_are_checked_once(tmp_path, monkeypatch):
    path = tmp_path / "coach.db"
    a_full_database(path)
    checks = []
    real = store_module._check_pages
    monkeypatch.setattr(store_module, "_check_pages", lambda p: (checks.append(p), real(p)))
    with Store.open(path, check_pages=False) as s:
        assert checks == []  # nothing read beyond the header and schema yet
        assert len(s.sessions()) == 150
        s.check_pages()
        s.save_settings(style="yoga")
        s.add_session(Session(day=DAY, seconds=600))
    assert checks == [path]
    with Store.open(path) as s:
        assert s.settings().style == "yoga" and len(s.sessions()) == 151


def test_a_sqlite_database_that_is_not_coachs_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    c = raw(path)
    c.execute("CREATE TABLE recipes (name TEXT)")
    c.execute("INSERT INTO recipes VALUES ('soup')")
    c.close()
    refuse(path, "not one of coach's")


def test_a_database_from_a_newer_coach_is_refused_untouched(tmp_path):
    path = tmp_path / "coach.db"
    with Store.open(path) as s:
        s.add_session(Session(day=DAY, seconds=1200))
    c = raw(path)
    c.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    c.close()
    refuse(path, "newer version of coach", "nothing was changed")
    assert raw(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_a_database_with_a_migration_this_coach_does_not_know_is_refused_untouched(tmp_path):
    # A newer coach that forgot to raise user_version: the unknown migration name gives it away.
    path = tmp_path / "coach.db"
    Store.open(path).close()
    c = raw(path)
    c.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
              " VALUES ('coach', '0099_from_the_future', '2030-01-01')")
    c.close()
    refuse(path, "newer version of coach")


def test_a_folder_in_place_of_the_file_is_said_in_one_line(tmp_path):
    path = tmp_path / "coach.db"
    path.mkdir()
    with pytest.raises(StoreError, match=r"coach.db: is a folder"):
        Store.open(path)


# --------------------------------------------------------------------------- transactions


WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def test_every_write_happens_inside_a_transaction(store):
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    s = store.add_session(Session(day=DAY, seconds=1200, mood_before=2, mood_after=4))
    store.update_session(s.id, mood_after=5, day=DAY + timedelta(days=1), note="ok")
    store.add_checkin(Checkin(day=DAY, kind="morning", mood=3, anxiety=2))
    store.add_checkin(Checkin(day=DAY, kind="before", mood=1, session_id=s.id))
    store.save_settings(bell=False)
    store.set_value("last_launch_day", "2026-03-09")
    store.add_pause(DAY, None)
    store.resume(DAY + timedelta(days=3))
    store.set_buddy("Sam", "text Sam")
    store.record_buddy_checkin(DAY, "week_start", "done")
    store.add_move(Move(from_day=DAY, to_day=DAY + timedelta(days=1)))
    store.merge({"settings": {"theme": "coach"}, "buddy": None, "sessions": [], "checkins": [],
                 "buddy_checkins": [], "pauses": [], "moves": []})
    store.delete_session(s.id)
    store.set_buddy(None)
    store._conn.set_trace_callback(None)

    writes = 0
    inside = False
    for sql in statements:
        word = sql.strip().split()[0].upper()
        if word == "BEGIN":
            assert not inside
            inside = True
        elif word in ("COMMIT", "ROLLBACK"):
            inside = False
        elif word in WRITES:
            assert inside, f"written outside a transaction: {sql}"
            writes += 1
    assert writes >= 15
    assert not inside


def test_a_write_that_fails_half_way_leaves_nothing_behind(store, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the power went")

    monkeypatch.setattr(Store, "_sync_session_checkins", staticmethod(broken))
    with pytest.raises(RuntimeError):
        store.add_session(Session(day=DAY, seconds=1200, mood_before=2))
    monkeypatch.undo()
    assert store.sessions(include_unfinished=True) == []
    assert store.checkins() == []
    store.add_session(Session(day=DAY, seconds=600))  # the store is still usable
    assert len(store.sessions()) == 1


def test_a_value_out_of_range_is_one_line_and_changes_nothing(store):
    s = store.add_session(Session(day=DAY, seconds=1200, mood_before=2, mood_after=3))
    with pytest.raises(StoreError) as caught:
        store.update_session(s.id, mood_after=9)
    assert "\n" not in str(caught.value)
    assert store.session(s.id).mood_after == 3
    assert [c.mood for c in store.checkins(kind="after")] == [3]
    with pytest.raises(ValueError):
        store.add_session(Session(day=DAY, seconds=-5))
    with pytest.raises(ValueError):
        store.add_session(Session(day=DAY, seconds=3 * 24 * 3600))
    with pytest.raises(StoreError, match="there is no session 999"):
        store.update_session(999, note="x")
    assert len(store.sessions()) == 1


def test_a_full_disk_inside_sqlite_is_one_line_and_the_transaction_is_undone(store):
    # SQLite's own "database or disk is full" (SQLITE_FULL), raised by capping the file's pages.
    for i in range(3):
        store.add_session(Session(day=DAY + timedelta(days=i), seconds=1200))
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    big = [{"uid": f"u{i}", "day": "2026-04-01", "started_at": None, "seconds": 60,
            "style": None, "routine": None, "mood_before": None, "mood_after": None,
            "pain": False, "note": "n" * 500, "finished": True} for i in range(200)]
    with pytest.raises(StoreError) as caught:
        store.merge({"settings": {}, "buddy": None, "sessions": big, "checkins": [],
                     "buddy_checkins": [], "pauses": [], "moves": []})
    assert str(caught.value) == f"{store.path}: cannot be written: the disk is full (nothing was changed)"
    assert len(store.sessions()) == 3
    store._conn.execute(f"PRAGMA max_page_count = {2**30}")
    store.add_session(Session(day=DAY, seconds=60))
    assert len(store.sessions()) == 4


# --------------------------------------------------------------------------- settings


def test_settings_start_as_the_defaults_and_round_trip(tmp_path):
    path = tmp_path / "coach.db"
    with Store.open(path) as s:
        assert s.settings() == Settings()
        saved = s.save_settings(days_two=(1, 4), days_three=(0, 2, 5), week_starts_sunday=True,
                                style="yoga", bell=False, onboarded=True)
        assert saved.days_two == (1, 4) and saved.first_weekday == 6
        s.set_value("last_launch_day", "2026-03-09")
        s.set_value("nested", {"a": [1, 2, None], "é": "ü"})
        with pytest.raises(ValueError):
            s.save_settings(colour="blue")
    with Store.open(path) as s:
        assert s.settings() == Settings(days_two=(1, 4), days_three=(0, 2, 5),
                                        week_starts_sunday=True, style="yoga", bell=False,
                                        onboarded=True)
        assert s.get_value("last_launch_day") == "2026-03-09"
        assert s.get_value("nested") == {"a": [1, 2, None], "é": "ü"}
        assert s.get_value("missing", 7) == 7


# --------------------------------------------------------------------------- pauses, buddy, moves


def test_pause_until_resumed_then_resume(store):
    assert store.resume(DAY) == []
    p = store.add_pause(DAY, None)
    assert store.pauses() == [Pause(start=DAY, end=None, id=p.id)]
    assert store.pauses()[0].covers(DAY + timedelta(days=100))
    changed = store.resume(DAY + timedelta(days=10))
    assert [(c.start, c.end) for c in changed] == [(DAY, None)]  # as it was
    assert store.pauses()[0].end == DAY + timedelta(days=9)
    assert not store.pauses()[0].covers(DAY + timedelta(days=10))
    # a pause planned for later is kept: resuming lifts only the one in force
    later = store.add_pause(DAY + timedelta(days=20), DAY + timedelta(days=25))
    assert store.resume(DAY + timedelta(days=15)) == []
    assert [(p.start, p.end) for p in store.pauses()] == [
        (DAY, DAY + timedelta(days=9)), (DAY + timedelta(days=20), DAY + timedelta(days=25))]
    # on its first day, the planned pause is lifted by removing it
    assert [c.id for c in store.resume(DAY + timedelta(days=20))] == [later.id]
    assert [(p.start, p.end) for p in store.pauses()] == [(DAY, DAY + timedelta(days=9))]
    with pytest.raises(ValueError):
        store.add_pause(DAY, DAY - timedelta(days=1))


def test_a_planned_pause_is_cancelled_on_its_own_and_leaves_a_tombstone(store):
    now = store.add_pause(DAY, None)
    later = store.add_pause(DAY + timedelta(days=10), DAY + timedelta(days=20))
    assert store.cancel_pause(later.id) == later
    assert store.pauses() == [now]
    assert store.cancel_pause(later.id) is None
    assert [t["kind"] for t in store.tombstones()] == ["pauses"]


def test_buddy_named_changed_and_removed(store):
    assert store.buddy() is None
    assert store.set_buddy("Sam", "text Sam") == Buddy("Sam", "text Sam")
    assert store.set_buddy("Sammy") == Buddy("Sammy", "text Sam")  # contact kept
    assert store.buddy() == Buddy("Sammy", "text Sam")
    assert store.set_buddy("") is None
    assert store.buddy() is None


def test_buddy_checkins_are_recorded_and_checked(store):
    store.record_buddy_checkin(DAY, "week_start", "suggested")
    store.record_buddy_checkin(DAY + timedelta(days=3), "after_session", "done")
    with pytest.raises(ValueError):
        store.record_buddy_checkin(DAY, "because", "done")
    with pytest.raises(ValueError):
        store.record_buddy_checkin(DAY, "quiet", "ignored")
    assert [(c.day, c.reason, c.status) for c in store.buddy_checkins()] == [
        (DAY, "week_start", "suggested"), (DAY + timedelta(days=3), "after_session", "done")]
    assert len(store.buddy_checkins(since=DAY + timedelta(days=1))) == 1


def test_moves_keep_the_order_they_were_made_in(store):
    store.add_move(Move(from_day=DAY + timedelta(days=3), to_day=DAY + timedelta(days=4)))
    store.add_move(Move(from_day=DAY, to_day=DAY + timedelta(days=1)))
    assert [(m.from_day.day, m.to_day.day) for m in store.moves()] == [(12, 13), (9, 10)]


# --------------------------------------------------------------------------- sessions and moods


def linked(store: Store, session_id: int) -> dict[str, list[Checkin]]:
    out: dict[str, list[Checkin]] = {"before": [], "after": []}
    for c in store.checkins():
        if c.session_id == session_id:
            out[c.kind].append(c)
    return out


def test_a_sessions_moods_are_its_before_and_after_checkins(store):
    start = datetime(2026, 3, 9, 7, 30)
    s = store.add_session(Session(day=DAY, seconds=1500, started_at=start, mood_before=2,
                                  mood_after=4, style="bands"))
    got = linked(store, s.id)
    assert [(c.mood, c.day, c.at) for c in got["before"]] == [(2, DAY, start)]
    assert [(c.mood, c.at) for c in got["after"]] == [(4, start + timedelta(seconds=1500))]

    store.update_session(s.id, mood_after=5, day=DAY + timedelta(days=1))
    got = linked(store, s.id)
    assert [(c.mood, c.day) for c in got["after"]] == [(5, DAY + timedelta(days=1))]
    assert [c.day for c in got["before"]] == [DAY + timedelta(days=1)]

    store.update_session(s.id, mood_before=None)
    assert linked(store, s.id)["before"] == []

    # a "before" check-in for the session sets its mood: still one check-in, same mood
    c = store.add_checkin(Checkin(day=DAY, kind="before", mood=1, session_id=s.id, note="heavy"))
    assert c.session_id == s.id and c.mood == 1 and c.note == "heavy"
    assert store.session(s.id).mood_before == 1
    store.add_checkin(Checkin(day=DAY, kind="before", mood=3, session_id=s.id))
    assert [x.mood for x in linked(store, s.id)["before"]] == [3]
    assert store.session(s.id).mood_before == 3

    store.delete_session(s.id)
    assert store.checkins() == []


def test_unfinished_sessions_are_kept_apart_until_finished(store):
    done = store.add_session(Session(day=DAY, seconds=1200))
    going = store.add_session(Session(day=DAY, seconds=300, finished=False, mood_before=2))
    assert [s.id for s in store.sessions()] == [done.id]
    assert [s.id for s in store.unfinished_sessions()] == [going.id]
    assert {s.id for s in store.sessions(include_unfinished=True)} == {done.id, going.id}
    store.update_session(going.id, seconds=1100, finished=True, mood_after=4)
    assert store.unfinished_sessions() == []
    assert [c.mood for c in linked(store, going.id)["after"]] == [4]


def test_sessions_between_days_include_both_ends(store):
    for i in range(10):
        store.add_session(Session(day=DAY + timedelta(days=i), seconds=60 * (i + 1)))
    got = store.sessions(since=DAY + timedelta(days=2), until=DAY + timedelta(days=4))
    assert [s.day for s in got] == [DAY + timedelta(days=i) for i in (2, 3, 4)]


def test_morning_and_screener_checkins_are_never_tied_to_a_session(store):
    s = store.add_session(Session(day=DAY, seconds=1200))
    m = store.add_checkin(Checkin(day=DAY, kind="morning", mood=2, anxiety=4, session_id=s.id))
    q = store.add_checkin(Checkin(day=DAY, kind="screener", answers=(0, 1, 2, 3)))
    assert m.session_id is None
    assert [(c.kind, c.session_id, c.answers) for c in store.checkins()] == [
        ("morning", None, None), ("screener", None, (0, 1, 2, 3))]
    assert store.checkins(kind="screener")[0].id == q.id
    with pytest.raises(ValueError):
        store.add_checkin(Checkin(day=DAY, kind="evening", mood=3))


def test_history_holds_everything(store):
    store.add_session(Session(day=DAY, seconds=1200, mood_before=2, mood_after=4))
    store.add_checkin(Checkin(day=DAY, kind="morning", mood=3))
    store.add_pause(DAY + timedelta(days=7))
    store.set_buddy("Sam", "call Sam")
    store.record_buddy_checkin(DAY, "quiet", "dismissed")
    store.add_move(Move(from_day=DAY, to_day=DAY + timedelta(days=1)))
    store.save_settings(style="pilates")
    h = store.history()
    assert (len(h.sessions), len(h.checkins), len(h.pauses), len(h.buddy_checkins),
            len(h.moves)) == (1, 3, 1, 1, 1)
    assert h.buddy == Buddy("Sam", "call Sam") and h.settings.style == "pilates"
    assert len(store.history(checkins_since=DAY + timedelta(days=1)).checkins) == 0


ops = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 6), st.none() | st.integers(1, 5),
                  st.none() | st.integers(1, 5), st.booleans()),
        st.tuples(st.just("update"), st.integers(0, 20),
                  st.sampled_from(["mood_before", "mood_after", "day", "finished"]),
                  st.none() | st.integers(1, 5)),
        st.tuples(st.just("checkin"), st.integers(0, 20), st.sampled_from(["before", "after"]),
                  st.integers(1, 5)),
        st.tuples(st.just("delete"), st.integers(0, 20)),
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=ops)
def test_moods_and_their_checkins_stay_in_step_whatever_happens(tmp_path_factory, steps):
    with Store.open(tmp_path_factory.mktemp("db") / "coach.db") as store:
        ids: list[int] = []
        for step in steps:
            if step[0] == "add":
                _, day, before, after, finished = step
                ids.append(store.add_session(Session(
                    day=DAY + timedelta(days=day), seconds=600, mood_before=before,
                    mood_after=after, finished=finished)).id)
            elif not ids:
                continue
            elif step[0] == "update":
                _, pick, name, value = step
                if name == "day":
                    value = DAY + timedelta(days=value or 0)
                elif name == "finished":
                    value = bool(value)
                store.update_session(ids[pick % len(ids)], **{name: value})
            elif step[0] == "checkin":
                _, pick, kind, mood = step
                store.add_checkin(Checkin(day=DAY, kind=kind, mood=mood,
                                          session_id=ids[pick % len(ids)]))
            else:
                store.delete_session(ids.pop(step[1] % len(ids)))
        sessions = {s.id: s for s in store.sessions(include_unfinished=True)}
        assert set(sessions) == set(ids)
        checkins = store.checkins()
        assert all(c.session_id in sessions for c in checkins)
        for s in sessions.values():
            for kind, mood in (("before", s.mood_before), ("after", s.mood_after)):
                mine = [c for c in checkins if c.session_id == s.id and c.kind == kind]
                assert [(c.mood, c.day) for c in mine] == ([] if mood is None else [(mood, s.day)])


# --------------------------------------------------------------------------- days and clocks


@pytest.fixture
def local_zone():
    """Run a test in a given local time zone (the TZ variable), then put the old one back."""
    old = os.environ.get("TZ")

    def use(zone: str) -> None:
        os.environ["TZ"] = zone
        time.tzset()

    yield use
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.mark.parametrize("zone, change", [
    ("Europe/London", date(2026, 3, 29)),      # clocks go forward: 01:00 -> 02:00
    ("Europe/London", date(2026, 10, 25)),     # clocks go back: 02:00 -> 01:00, 01:30 twice
    ("America/New_York", date(2026, 3, 8)),
    ("Australia/Lord_Howe", date(2026, 4, 5)),  # a half-hour change
])
def test_sessions_around_a_dst_change_keep_their_day(tmp_path, local_zone, zone, change):
    local_zone(zone)
    with Store.open(tmp_path / "coach.db") as s:
        days = [change + timedelta(days=i) for i in range(-3, 4)]
        for day in days:
            for hour, minute in ((0, 0), (1, 30), (2, 30), (23, 59)):
                s.add_session(Session(day=day, seconds=1200,
                                      started_at=datetime.combine(day, datetime.min.time())
                                      .replace(hour=hour, minute=minute)))
        got = s.sessions()
        assert len(got) == 28
        for day in days:  # each day exactly its own four, none moved to a neighbour
            mine = s.sessions(since=day, until=day)
            assert [x.started_at.strftime("%H:%M") for x in mine] == ["00:00", "01:30", "02:30", "23:59"]
            assert all(x.day == day == x.started_at.date() for x in mine)


def test_a_clock_set_back_neither_duplicates_nor_loses_a_day(tmp_path, local_zone):
    local_zone("Europe/London")
    with Store.open(tmp_path / "coach.db") as s:
        # 10:05 recorded, then the clock is put back an hour and another session recorded at 09:20
        s.add_session(Session(day=DAY, seconds=1200, started_at=datetime(2026, 3, 9, 10, 5)))
        s.add_session(Session(day=DAY, seconds=900, started_at=datetime(2026, 3, 9, 9, 20)))
        # just after midnight the clock goes back to 23:50 the day before: the caller's day stays
        s.add_session(Session(day=DAY + timedelta(days=1), seconds=600,
                              started_at=datetime(2026, 3, 10, 0, 5)))
        s.add_session(Session(day=DAY + timedelta(days=1), seconds=600,
                              started_at=datetime(2026, 3, 9, 23, 50)))
        assert [(x.day, x.seconds) for x in s.sessions()] == [
            (DAY, 900), (DAY, 1200), (DAY + timedelta(days=1), 600), (DAY + timedelta(days=1), 600)]
        assert len(s.sessions(since=DAY, until=DAY)) == 2


def test_a_time_with_a_zone_is_kept_as_local_wall_clock_time(tmp_path, local_zone):
    local_zone("America/New_York")
    with Store.open(tmp_path / "coach.db") as s:
        utc = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
        saved = s.add_checkin(Checkin(day=date(2026, 7, 1), kind="morning", mood=3, at=utc))
        assert s.checkins()[0].at == datetime(2026, 7, 1, 8, 0)  # EDT is UTC-4
        assert saved.id is not None


def test_a_folder_made_by_another_terminal_at_the_same_moment_is_used(tmp_path, monkeypatch):
    """Two coaches starting together on a new machine both find the folder missing."""
    import coach.paths as paths

    target = tmp_path / "data" / "coach"
    real_mkdir = os.mkdir

    def racing_mkdir(path, mode=0o777):
        real_mkdir(path, mode)  # the other terminal wins the race ...
        raise FileExistsError(17, "File exists", str(path))  # ... and this one is told so

    monkeypatch.setattr(paths.os, "mkdir", racing_mkdir)
    with Store.open(target / "coach.db") as s:
        assert s.sessions() == []
    assert target.is_dir()


# --------------------------------------------------------------------------- recent history

RECENT_TODAY = date(2026, 3, 12)
checkin_rows = st.lists(
    st.tuples(
        st.integers(min_value=-400, max_value=3),  # days from today (a few after, as tests do)
        st.sampled_from(["morning", "morning", "morning", "before", "after", "screener"]),
        st.integers(min_value=0, max_value=5),  # 0: a morning without a mood
    ),
    max_size=40,
)
session_rows = st.lists(
    st.tuples(st.integers(min_value=-400, max_value=0), st.integers(min_value=60, max_value=2400)),
    max_size=25,
)
buddy_rows = st.tuples(
    st.booleans(),  # a buddy is named
    st.lists(
        st.tuples(
            st.integers(min_value=-30, max_value=1),  # days from today
            st.sampled_from(["after_session", "quiet", "week_start", "find_buddy"]),
            st.sampled_from(["suggested", "done", "dismissed"]),
        ),
        max_size=12,
    ),
)


NO_BUDDY = (False, [])


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(checkin_rows, session_rows, buddy_rows)
@example([(-40, "morning", 1), (-20, "morning", 1), (-2, "morning", 1)], [],
         NO_BUDDY)  # the safety net
@example([(-90, "before", 3), (-1, "morning", 4)], [(-30, 1200)],
         NO_BUDDY)  # history starts early
@example([(-9, "screener", 1), (-1, "morning", 1)], [], NO_BUDDY)  # answered this week
@example([(-60, "morning", 3), (-30, "morning", 1), (-20, "morning", 1), (-2, "morning", 0),
          (-1, "morning", 1)], [], NO_BUDDY)  # a morning without a mood is not one of the three
@example([], [], (False, [(-3, "find_buddy", "dismissed")]))  # dismissed earlier this week
@example([], [(0, 1200)], (True, [(0, "after_session", "done")]))  # done today
def test_recent_history_answers_todays_questions_as_the_whole_history_does(
    tmp_path_factory, checkins, sessions, buddy
):
    """Today and ``coach status`` read only recent check-ins; no rule they ask may notice."""
    from coach import mood, report
    from coach.plan import Planner
    from coach.status import status_text, todays_care
    from coach.text import visible

    path = tmp_path_factory.mktemp("recent") / "coach.db"
    named, suggestions = buddy
    with Store.open(path) as s:
        s.save_settings(onboarded=True, screener=True)
        if named:
            s.set_buddy("Sam")
        for offset, reason, status in suggestions:
            s.record_buddy_checkin(RECENT_TODAY + timedelta(days=offset), reason, status)
        for offset, minutes in sessions:
            s.add_session(Session(day=RECENT_TODAY + timedelta(days=offset), seconds=minutes))
        for n, (offset, kind, value) in enumerate(checkins):
            day = RECENT_TODAY + timedelta(days=offset)
            answers = [value % 4, 0, 1, 2] if kind == "screener" else None
            s.add_checkin(Checkin(day=day, kind=kind, mood=None if answers or not value else value,
                                  answers=answers,
                                  at=datetime.combine(day, datetime.min.time()).replace(
                                      hour=7, minute=n % 60)))
        whole, recent = s.history(), s.recent_history(RECENT_TODAY)
        status = status_text(s, RECENT_TODAY)
    assert len(recent.checkins) <= len(whole.checkins)
    for h in (whole, recent):
        assert h.sessions == whole.sessions
    day = RECENT_TODAY

    def answers(h):
        planner = Planner(h)
        week = planner.plan_week(day, day)
        found = mood.insight(h.sessions)
        return (
            week,
            planner.week_streak(day),
            planner.move_options(day, day),
            report.status_lines(week, insight_line=found.text if found else None,
                                care=todays_care(h, week), buddy=h.buddy),
            mood.safety_net(h.checkins, day),
            mood.morning_checkin_due(h.checkins, day),
            mood.low_mood_today(h.checkins, day),
            mood.morning_mood(h.checkins, day),
            mood.screener_due(h.checkins, day, True, 0),
            mood.insight(h.sessions),
            planner.buddy_suggestion(day),
        )

    assert answers(recent) == answers(whole)
    assert status == visible("\n".join(answers(whole)[3]), note=True)
