"""The store under stress, with real processes and real files.

What each test proves (and what it does not):

- two writers: two separate Python processes, started together, each open the database 50
  times and record a session each time (as 50 ``coach log`` commands would), on a file that
  does not exist yet. All 100 sessions (and their 200 mood check-ins) are there afterwards,
  and the two processes' writing times overlap (each one's last write waits until the other
  has begun, so a busy machine cannot run them one after the other): they really contend.
- killed mid-write: a process is inside the one transaction of a large import, with a page
  cache so small that uncommitted pages have already been written to the WAL file, when it
  gets SIGKILL (no clean-up runs). The database then opens, passes SQLite's integrity check,
  and holds exactly what it held before: no partial rows. A second test kills imports at
  random moments and finds either none or all of the file, never part of it.
- older schema: a file built exactly as the previous schema version built it (its migrations
  only) is upgraded on open; a copy of it as it was is kept beside it first, mode 0600, and
  the data survives in both. Two processes opening it at once make one copy, one upgrade.
- read-only folder: the store runs in a child process that drops to an unprivileged user
  when the tests run as root (root ignores permission bits), in a folder it may not write.
  Creating a database there, opening one that needs its WAL files, and writing to a file it
  may only read are each one line of text, not a traceback.
- full disk: a child process with a file-size limit (RLIMIT_FSIZE) gets a real write error
  from the kernel half way through an import; that is one line, and the database holds what
  it held before. (A truly full file system cannot be made without mounting one; SQLite's
  own "disk is full" is covered in test_store.py by capping the database's page count.)
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from coach.exchange import import_file
from coach.models import Checkin, Session
from coach.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError, _apply_migrations

DAY = date(2026, 1, 5)
NOBODY = 65534


def child(code: str, *args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


BIG_FIRST_DAY = date(2020, 1, 6)  # a big export's days lie in the past: import takes no future


def big_export(n: int, prefix: str = "") -> dict:
    """A valid export with ``n`` sessions, each with its before and after check-in."""
    sessions, checkins = [], []
    for i in range(n):
        day = (BIG_FIRST_DAY + timedelta(days=i // 3)).isoformat()
        uid = f"{prefix}s{i:05d}"
        sessions.append({
            "uid": uid, "day": day, "started_at": f"{day}T07:30:00", "seconds": 1200,
            "style": "bands", "routine": None, "mood_before": 2, "mood_after": 4, "pain": False,
            "note": "a steady session " * 4, "finished": True,
        })
        for kind, mood, at in (("before", 2, "07:30:00"), ("after", 4, "07:50:00")):
            checkins.append({
                "uid": f"{prefix}{kind[0]}{i:05d}", "day": day, "at": f"{day}T{at}", "kind": kind,
                "mood": mood, "anxiety": None, "note": None, "session_uid": uid, "answers": None,
            })
    return {"version": 1, "exported_at": "2026-03-01T10:00:00+00:00", "settings": {},
            "buddy": None, "sessions": sessions, "checkins": checkins, "buddy_checkins": [],
            "pauses": [], "moves": []}


def seeded(path: Path) -> dict:
    """A database with a little history; returns what it holds."""
    with Store.open(path) as s:
        for i in range(3):
            s.add_session(Session(day=DAY + timedelta(days=i), seconds=1500, mood_before=3,
                                  mood_after=4))
        s.add_checkin(Checkin(day=DAY, kind="morning", mood=3, anxiety=2))
        s.set_buddy("Sam", "text Sam")
        return s.dump()


def contents(path: Path) -> dict:
    with Store.open(path) as s:  # opening runs the integrity check
        return s.dump()


# --------------------------------------------------------------------------- two writers

WRITER = """
import os, sys, time
from datetime import date, timedelta
from coach.models import Session
from coach.store import Store
path, name, go, other = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.001)
first = time.time()
for i in range(50):
    if i == 49:  # a busy machine may not run both at once: the last write waits for the other
        deadline = time.time() + 30
        while not os.path.exists(f"{other}.writing") and time.time() < deadline:
            time.sleep(0.001)
    with Store.open(path) as s:
        s.add_session(Session(day=date(2026, 1, 5) + timedelta(days=i % 7), seconds=1200,
                              mood_before=2, mood_after=4, note=f"{name}-{i}"))
    if i == 0:
        open(f"{go}-{name}.writing", "w").close()
print(first, time.time(), flush=True)
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "new" / "coach.db"
    go = tmp_path / "go"
    procs = [child(WRITER, path, name, go, f"{go}-{other}")
             for name, other in (("a", "b"), ("b", "a"))]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    go.touch()
    spans = []
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        spans.append(tuple(map(float, out.split())))
    (a0, a1), (b0, b1) = spans
    assert a0 < b1 and b0 < a1, "the two writers did not overlap"
    with Store.open(path) as s:
        notes = sorted(x.note for x in s.sessions())
        assert notes == sorted(f"{n}-{i}" for n in "ab" for i in range(50))
        assert len(s.checkins(kind="before")) == len(s.checkins(kind="after")) == 100
        assert {c.session_id for c in s.checkins()} == {x.id for x in s.sessions()}


NEW_DB_OPENER = """
import os, sys, time
from coach.store import Store
folder, trials = sys.argv[1], int(sys.argv[2])
print("ready", flush=True)
for trial in range(trials):
    go = os.path.join(folder, f"go-{trial}")
    while not os.path.exists(go):
        time.sleep(0.0002)
    Store.open(os.path.join(folder, str(trial), "coach.db")).close()
    print("opened", flush=True)
"""


def test_windows_opening_a_new_database_at_the_same_moment_all_open_it(tmp_path):
    """Switching a new database to WAL from several processes at once makes SQLite answer
    "locked" to some at once, without waiting; every one of them must still open it."""
    trials = 40
    procs = [child(NEW_DB_OPENER, tmp_path, trials) for _ in range(3)]
    try:
        for p in procs:
            assert p.stdout.readline().strip() == "ready"
        for trial in range(trials):
            (tmp_path / f"go-{trial}").touch()
            for p in procs:
                line = p.stdout.readline().strip()
                assert line == "opened", p.communicate(timeout=60)[1]
    finally:
        for p in procs:
            p.kill()
            p.communicate()
    for trial in range(trials):
        with Store.open(tmp_path / str(trial) / "coach.db") as s:
            assert s._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert s.sessions() == []


# --------------------------------------------------------------------------- killed mid-write

STUCK_IMPORT = """
import sys, time
from coach.exchange import import_file
from coach.store import Store
path, export = sys.argv[1], sys.argv[2]
s = Store.open(path)
s._conn.execute("PRAGMA cache_size = 8")  # a tiny page cache: uncommitted pages go to the WAL
import os
def progress():
    # Pause once the uncommitted pages reach the WAL (however many steps each insert takes).
    if s._conn.in_transaction and os.path.getsize(path + "-wal") > 150_000:
        print("inside", flush=True)
        time.sleep(60)
    return 0
s._conn.set_progress_handler(progress, 100)
import_file(s, export)
print("finished", flush=True)
"""


def test_a_process_killed_inside_a_big_write_leaves_the_database_whole(tmp_path):
    path = tmp_path / "coach.db"
    before = seeded(path)
    export = tmp_path / "big.json"
    export.write_text(json.dumps(big_export(3000)))
    proc = child(STUCK_IMPORT, path, export)
    try:
        assert proc.stdout.readline().strip() == "inside"
        wal = Path(f"{path}-wal")
        assert wal.stat().st_size > 100_000, "uncommitted pages should be in the WAL by now"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        proc.kill()
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert contents(path) == before  # opens, passes the integrity check, nothing partial
    with Store.open(path) as s:
        summary = import_file(s, export)
        assert summary.added["sessions"] == 3000 and len(s.sessions()) == 3003


TIMED_IMPORT = """
import sys
from coach.exchange import import_file
from coach.store import Store
s = Store.open(sys.argv[1])
print("start", flush=True)
import_file(s, sys.argv[2])
print("end", flush=True)
"""


def test_imports_killed_at_random_moments_leave_all_or_nothing(tmp_path):
    export = tmp_path / "big.json"
    export.write_text(json.dumps(big_export(4000)))
    rng = random.Random(7)
    landed = 0
    for attempt in range(10):
        path = tmp_path / f"coach{attempt}.db"
        before = seeded(path)
        proc = child(TIMED_IMPORT, path, export)
        assert proc.stdout.readline().strip() == "start"
        time.sleep(rng.uniform(0.0, 0.35))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=10)
        after = contents(path)
        if "end" not in out:
            landed += 1
        if len(after["sessions"]) == len(before["sessions"]):
            assert after == before
        else:
            assert len(after["sessions"]) == 4003 and len(after["checkins"]) == 8000 + 7
        if landed >= 3:
            break
    assert landed >= 2, "too few kills landed inside an import to prove anything"


# --------------------------------------------------------------------------- older schema


def build_previous_version(path: Path) -> None:
    """A database exactly as the previous schema version made it, with a session in it."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    _apply_migrations(conn, upto=SCHEMA_VERSION - 1)
    conn.execute("INSERT INTO sessions (uid, day, seconds, mood_before, mood_after)"
                 " VALUES ('old1', '2026-01-05', 1320, 2, 4)")
    for kind, mood in (("before", 2), ("after", 4)):
        conn.execute("INSERT INTO checkins (uid, day, kind, mood, session_uid)"
                     f" VALUES ('{kind}1', '2026-01-05', '{kind}', {mood}, 'old1')")
    conn.execute("COMMIT")
    conn.close()
    os.chmod(path, 0o600)


def backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.v*.bak"))


def test_an_older_database_is_upgraded_on_open_after_a_copy_is_kept(tmp_path):
    assert SCHEMA_VERSION >= 2
    path = tmp_path / "coach.db"
    build_previous_version(path)
    old = path.read_bytes()
    with Store.open(path) as s:
        got = s.sessions()
        assert [(x.day, x.seconds, x.mood_before, x.mood_after) for x in got] == [(DAY, 1320, 2, 4)]
        assert {c.kind: c.session_id for c in s.checkins()} == {"before": got[0].id,
                                                               "after": got[0].id}
    (copy,) = backups(path)
    assert copy.name.startswith(f"coach.db.v{SCHEMA_VERSION - 1}-")
    assert os.stat(copy).st_mode & 0o777 == 0o600
    c = sqlite3.connect(copy)
    assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION - 1
    assert c.execute("SELECT uid, seconds FROM sessions").fetchall() == [("old1", 1320)]
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    c.close()
    new = sqlite3.connect(path)
    assert new.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert [r[0] for r in new.execute("SELECT name FROM _sqlite_migrations ORDER BY id")] == [
        name for name, _ in MIGRATIONS]
    indexes = {r[0] for r in new.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "checkins_by_session" in indexes
    new.close()
    assert path.read_bytes() != old
    Store.open(path).close()
    assert len(backups(path)) == 1  # no second copy once upgraded


OPENER = """
import os, sys, time
from coach.store import Store
go = sys.argv[2]
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.001)
with Store.open(sys.argv[1]) as s:
    print(len(s.sessions()))
"""


def test_two_processes_opening_an_older_database_at_once_upgrade_it_once(tmp_path):
    path = tmp_path / "coach.db"
    build_previous_version(path)
    go = tmp_path / "go"
    procs = [child(OPENER, path, go) for _ in range(2)]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    go.touch()
    for p in procs:
        out, err = p.communicate(timeout=30)
        assert (p.returncode, out.strip()) == (0, "1"), err
    assert len(backups(path)) == 1
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


# --------------------------------------------------------------------------- read-only, full disk


@pytest.fixture
def open_folder():
    """A folder an unprivileged user can reach (pytest's own tmp folder is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="coach-test-"))
    os.chmod(folder, 0o755)
    yield folder
    for p in folder.rglob("*"):
        if p.is_dir():
            os.chmod(p, 0o755)
    shutil.rmtree(folder)


def as_a_user(action) -> str:
    """Run ``action()`` in a forked child that is an ordinary user; return what it reported.

    The child reports the StoreError's text, "ok", or a traceback if anything else escaped.
    """
    import sqlite_utils.migrations  # noqa: F401  (loaded before the child loses /root access)

    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(reader)
        try:
            if os.geteuid() == 0:
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            try:
                action()
                text = "ok"
            except StoreError as exc:
                text = str(exc)
            except BaseException:
                import traceback

                text = "Traceback: " + traceback.format_exc()
            os.write(writer, text.encode())
        finally:
            os._exit(0)
    os.close(writer)
    chunks = []
    while chunk := os.read(reader, 65536):
        chunks.append(chunk)
    os.close(reader)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode()


def give_to_the_user(path: Path) -> None:
    if os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)


def test_a_read_only_folder_is_said_in_one_line(open_folder):
    folder = open_folder / "locked"
    folder.mkdir()
    existing = folder / "coach.db"
    seeded(existing)
    give_to_the_user(existing)
    os.chmod(folder, 0o555)  # nobody may create a file (the WAL, a new database) in it
    before = existing.read_bytes()

    message = as_a_user(lambda: Store.open(folder / "new.db"))
    assert message == (f"{folder / 'new.db'}: cannot be opened or created (permission denied: "
                       "the file or its folder is read-only)")
    assert not (folder / "new.db").exists()

    message = as_a_user(lambda: Store.open(existing))
    assert message.startswith(f"{existing}: cannot be written") and "\n" not in message
    assert existing.read_bytes() == before

    message = as_a_user(lambda: Store.open(folder / "sub" / "coach.db"))
    assert message.startswith(f"{folder / 'sub' / 'coach.db'}: ") and "\n" not in message
    assert "Traceback" not in message


def test_a_database_the_user_may_only_read_opens_but_a_write_is_one_line(open_folder):
    folder = open_folder / "mine"
    folder.mkdir()
    path = folder / "coach.db"
    seeded(path)
    give_to_the_user(folder)  # the folder is the user's: only the file itself is read-only
    give_to_the_user(path)
    os.chmod(path, 0o400)

    def write() -> None:
        with Store.open(path) as s:
            assert len(s.sessions()) == 3  # reading works
            s.add_session(Session(day=DAY, seconds=60))

    message = as_a_user(write)
    assert message == f"{path}: cannot be written (the file or its folder is read-only)"


def test_a_path_under_a_file_is_one_line(tmp_path):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError) as caught:
        Store.open(blocker / "coach.db")
    assert str(caught.value) == f"{blocker / 'coach.db'}: cannot be opened or created (not a directory)"
    assert blocker.read_text() == "not a folder"


FULL_DISK = """
import os, resource, signal, sys
from coach.exchange import import_file
from coach.store import Store, StoreError
path, export = sys.argv[1], sys.argv[2]
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
s = Store.open(path)
limit = os.path.getsize(path) + 64 * 1024
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    import_file(s, export)
    print("imported")
except StoreError as exc:
    print(exc)
"""


def test_a_disk_that_refuses_writes_is_one_line_and_nothing_is_half_written(tmp_path):
    path = tmp_path / "coach.db"
    before = seeded(path)
    export = tmp_path / "big.json"
    export.write_text(json.dumps(big_export(3000)))
    proc = child(FULL_DISK, path, export)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "Traceback" not in err, err
    line = out.strip()
    assert "\n" not in line
    assert line.startswith(f"{path}: cannot be written")
    assert contents(path) == before
