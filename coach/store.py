"""The SQLite store: the only module that knows SQL.

- Reads go through the standard library's ``sqlite3`` (fast to import); ``sqlite_utils`` is
  imported only when the schema has to be created or upgraded.
- The schema version is kept in ``PRAGMA user_version`` (a cheap check on every open) and the
  applied migrations in sqlite-utils' ``_sqlite_migrations`` table.
- WAL mode, a busy timeout, and every write in a ``BEGIN IMMEDIATE`` transaction, so two
  terminals writing at once wait for each other instead of losing a write.
- A file that is not a SQLite database, is damaged, or was made by a newer coach is refused
  with a one-line :class:`StoreError` and left byte for byte as it was. Before an older
  database is upgraded, a copy is kept beside it (``coach.db.v1-<time>.bak``, mode 0600).
- Days are stored as the user's local calendar day (``YYYY-MM-DD``) and times as naive local
  wall-clock time to the second: nothing is converted through UTC, so a DST change or a clock
  set back never moves a record to another day.
- Every record carries a ``uid`` so that an export can be merged back without duplicates
  (:meth:`Store.dump` and :meth:`Store.merge`; the file format lives in ``coach.exchange``).
- A session's mood before/after is mirrored by at most one "before" and one "after" check-in
  linked to it; the store keeps the two in step.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

TYPE_CHECKING = False  # typing is not imported at run time: coach status stays quick to start
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

    from coach.cues import Cue

from coach.models import (
    BUDDY_REASONS,
    BUDDY_STATUSES,
    CHECKIN_KINDS,
    Buddy,
    BuddyCheckin,
    Checkin,
    Entry,
    History,
    Move,
    Pause,
    Session,
    Settings,
)
from coach.paths import ensure_private_folder
from coach.record import fields, replace

SQLITE_HEADER = b"SQLite format 3\x00"
CUES_KEY = "cues"
CALENDAR_ID_KEY = "calendar_id"
CALENDAR_KEEP_KEY = "calendar_keep"
LOCAL_SETTINGS = frozenset({CALENDAR_KEEP_KEY})
"""Settings that belong to this machine: never exported, never taken from an import."""

#: The days the rules read. coach takes no record from before 1970 or after today, but an
#: older coach did (an import, a mistyped date): such a record is left out of every read the
#: rules make, so no date arithmetic can overflow on it, and :meth:`Store.odd_records` names
#: it so that it can be removed. (Exports still carry it: it is the user's data.)
FIRST_READ_DAY = "1970-01-01"
LAST_READ_DAY = "2999-12-31"
_DAY_IN_RANGE = f"day BETWEEN '{FIRST_READ_DAY}' AND '{LAST_READ_DAY}'"
BUSY_TIMEOUT_MS = 15_000
MIGRATION_SET = "coach"


class StoreError(Exception):
    """A problem with the database file, said in one line a person can act on."""


# --------------------------------------------------------------------------- migrations
#
# Each migration is (name, statements). Never edit a released migration: add a new one.

_NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"


def _dirty_triggers(tables: tuple[str, ...]) -> list[str]:
    """Triggers that note each record, setting and buddy field written, for the next sync,
    whoever writes it (and every record already there, as written now)."""
    # (Not INSERT OR REPLACE: a trigger takes the conflict policy of the statement that fired it.)
    def mark(kind: str, uid: str) -> str:
        return (f"DELETE FROM sync_dirty WHERE kind = '{kind}' AND uid = {uid}; "
                f"INSERT INTO sync_dirty (kind, uid, at) VALUES ('{kind}', {uid}, {_NOW_MS});")

    out: list[str] = []
    for table, key in [(t, "uid") for t in tables] + [("settings", "key")]:
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            out.append(
                f"CREATE TRIGGER sync_{table}_{event.lower()} AFTER {event} ON {table} BEGIN "
                f"{mark(table, f'{row}.{key}')} END"
            )
        out.append(f"INSERT INTO sync_dirty (kind, uid, at) SELECT '{table}', {key}, {_NOW_MS}"
                   f" FROM {table}")
    for event in ("INSERT", "UPDATE", "DELETE"):
        out.append(
            f"CREATE TRIGGER sync_buddy_{event.lower()} AFTER {event} ON buddy BEGIN "
            f"{mark('buddy', chr(39) + 'name' + chr(39))} "
            f"{mark('buddy', chr(39) + 'contact' + chr(39))} END"
        )
    out.append(f"INSERT INTO sync_dirty (kind, uid, at) SELECT 'buddy', f.uid, {_NOW_MS}"
               " FROM buddy, (SELECT 'name' AS uid UNION ALL SELECT 'contact') AS f")
    return out


MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "0001_initial",
        [
            """CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )""",
            """CREATE TABLE sessions (
                id INTEGER PRIMARY KEY,
                uid TEXT NOT NULL UNIQUE,
                day TEXT NOT NULL,
                started_at TEXT,
                seconds INTEGER NOT NULL CHECK (seconds >= 0),
                style TEXT,
                routine TEXT,
                mood_before INTEGER CHECK (mood_before BETWEEN 1 AND 5),
                mood_after INTEGER CHECK (mood_after BETWEEN 1 AND 5),
                pain INTEGER NOT NULL DEFAULT 0 CHECK (pain IN (0, 1)),
                note TEXT,
                finished INTEGER NOT NULL DEFAULT 1 CHECK (finished IN (0, 1))
            )""",
            "CREATE INDEX sessions_by_day ON sessions (day)",
            """CREATE TABLE checkins (
                id INTEGER PRIMARY KEY,
                uid TEXT NOT NULL UNIQUE,
                day TEXT NOT NULL,
                at TEXT,
                kind TEXT NOT NULL
                    CHECK (kind IN ('morning', 'before', 'after', 'screener')),
                mood INTEGER CHECK (mood BETWEEN 1 AND 5),
                anxiety INTEGER CHECK (anxiety BETWEEN 1 AND 5),
                note TEXT,
                session_uid TEXT,
                answers TEXT
            )""",
            "CREATE INDEX checkins_by_day ON checkins (day, kind)",
            """CREATE TABLE buddy (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                name TEXT NOT NULL,
                contact TEXT NOT NULL DEFAULT ''
            )""",
            """CREATE TABLE buddy_checkins (
                id INTEGER PRIMARY KEY,
                uid TEXT NOT NULL UNIQUE,
                day TEXT NOT NULL,
                reason TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('suggested', 'done', 'dismissed')),
                at TEXT
            )""",
            "CREATE INDEX buddy_checkins_by_day ON buddy_checkins (day)",
            """CREATE TABLE pauses (
                id INTEGER PRIMARY KEY,
                uid TEXT NOT NULL UNIQUE,
                start TEXT NOT NULL,
                "end" TEXT
            )""",
            """CREATE TABLE moves (
                id INTEGER PRIMARY KEY,
                uid TEXT NOT NULL UNIQUE,
                from_day TEXT NOT NULL,
                to_day TEXT NOT NULL
            )""",
        ],
    ),
    (
        "0002_checkins_by_session",
        ["CREATE INDEX checkins_by_session ON checkins (session_uid, kind)"],
    ),
    (
        # A deleted record leaves its uid behind, so that an older export (or another
        # machine) does not bring it back. ``record`` keeps what was deleted, as JSON, for
        # ``coach undo``; it is NULL for a deletion that came in from elsewhere.
        "0003_tombstones",
        [
            """CREATE TABLE tombstones (
                uid TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                deleted_at TEXT NOT NULL,
                record TEXT
            )""",
            "CREATE INDEX tombstones_by_time ON tombstones (deleted_at)",
        ],
    ),
    ("0004_sync", [
        # This device's side of the sync folder (coach.sync): kept here, never exported.
        "CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        # What was written here since the last sync: (table, uid) and when, in ms since 1970.
        """CREATE TABLE sync_dirty (
            kind TEXT NOT NULL, uid TEXT NOT NULL, at INTEGER NOT NULL,
            PRIMARY KEY (kind, uid)) WITHOUT ROWID""",
        # The latest change known of each record: its stamp, a digest of its content ('-'
        # for a deletion) and, for settings and the buddy, the value itself.
        """CREATE TABLE sync_records (
            kind TEXT NOT NULL, uid TEXT NOT NULL, stamp TEXT NOT NULL, digest TEXT NOT NULL,
            value TEXT, PRIMARY KEY (kind, uid)) WITHOUT ROWID""",
        # How far each file in the folder has been read.
        """CREATE TABLE sync_files (
            name TEXT PRIMARY KEY, epoch TEXT, "offset" INTEGER NOT NULL DEFAULT 0,
            line INTEGER NOT NULL DEFAULT 0, size INTEGER NOT NULL DEFAULT -1,
            mtime INTEGER NOT NULL DEFAULT -1, refused TEXT)""",
        """CREATE TABLE sync_devices (
            device TEXT PRIMARY KEY, name TEXT NOT NULL, host TEXT NOT NULL DEFAULT '',
            last_stamp TEXT, seen_at TEXT)""",
        *_dirty_triggers(("sessions", "checkins", "buddy_checkins", "pauses", "moves")),
    ]),
    (
        # How hard a session felt, the exercises switched to their easier variant (a JSON
        # list of names) and the time of day it started ("HH:MM"). Sessions run on the
        # app's timer (they name a routine) already know when they started; a session
        # logged afterwards from the command line does not, so it stays "any time".
        "0005_session_effort",
        [
            "ALTER TABLE sessions ADD COLUMN effort TEXT"
            " CHECK (effort IN ('easy', 'right', 'hard'))",
            "ALTER TABLE sessions ADD COLUMN easier TEXT",
            "ALTER TABLE sessions ADD COLUMN time_of_day TEXT",
            "UPDATE sessions SET time_of_day = substr(started_at, 12, 5)"
            " WHERE started_at IS NOT NULL AND routine IS NOT NULL",
        ],
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)


def _apply_migrations(conn: sqlite3.Connection, upto: int | None = None) -> None:
    """Run the pending migrations among the first ``upto`` (all by default) with sqlite-utils,
    inside the caller's transaction, and set ``user_version`` to match.

    ``upto`` exists so that a database "made by an older coach" can be built exactly as that
    version built it.
    """
    import sqlite_utils
    from sqlite_utils.migrations import Migrations

    steps = MIGRATIONS[:upto] if upto is not None else MIGRATIONS
    migrations = Migrations(MIGRATION_SET)
    for name, statements in steps:

        def step(db: Any, statements: list[str] = statements) -> None:
            for sql in statements:
                db.execute(sql)

        migrations(name=name)(step)
    db = sqlite_utils.Database(conn, execute_plugins=False, recursive_triggers=False)
    known = {name for name, _ in MIGRATIONS}
    unknown = [m.name for m in migrations.applied(db) if m.name not in known]
    if unknown:
        raise StoreError(_NEWER)
    migrations.apply(db)
    conn.execute(f"PRAGMA user_version = {len(steps)}")


_NEWER = "was made by a newer version of coach; please update coach to open it (nothing was changed)"


# --------------------------------------------------------------------------- helpers


def _new_uid() -> str:
    import uuid  # only writes need it; reads stay quick to start

    return uuid.uuid4().hex


def _wall_clock() -> datetime:
    """Local wall-clock time, naive, to the second (the store's clock unless told another)."""
    return datetime.now().replace(microsecond=0)


def _iso(value: date | datetime | None) -> str | None:
    """A day as ``YYYY-MM-DD``; a time as naive local ``YYYY-MM-DDTHH:MM:SS``.

    A time that carries a time zone is first turned into the local wall-clock time.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone().replace(tzinfo=None)
        return value.replace(microsecond=0).isoformat(timespec="seconds")
    return value.isoformat()


def _days_between(column: str, since: date | None, until: date | None) -> tuple[str, list[Any]]:
    """`` AND column >= ? AND column <= ?`` for the bounds given (both included), and their
    parameters: the one shape of every read of a span of days."""
    sql, params = "", []
    if since is not None:
        sql += f" AND {column} >= ?"
        params.append(_iso(since))
    if until is not None:
        sql += f" AND {column} <= ?"
        params.append(_iso(until))
    return sql, params


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


#: The columns ``_session_list`` reads, in the order it unpacks them.
SESSION_COLUMNS = (
    "id, day, started_at, seconds, style, routine, mood_before, mood_after, pain, note, finished,"
    " effort, easier, time_of_day"
)


def _session(row: sqlite3.Row) -> Session:
    return Session(
        id=row["id"],
        day=date.fromisoformat(row["day"]),
        started_at=_time(row["started_at"]),
        seconds=row["seconds"],
        style=row["style"],
        routine=row["routine"],
        mood_before=row["mood_before"],
        mood_after=row["mood_after"],
        pain=bool(row["pain"]),
        note=row["note"],
        finished=bool(row["finished"]),
        effort=row["effort"],
        easier=_easier(row["easier"]),
        time_of_day=row["time_of_day"],
    )


def _easier(text: str | None) -> tuple[str, ...]:
    """The easier choices of a session, from their JSON list (none: an empty tuple)."""
    return tuple(json.loads(text)) if text else ()


def _easier_text(names: tuple[str, ...] | list[str] | None) -> str | None:
    return json.dumps(list(names), ensure_ascii=False) if names else None


def _checkin(row: sqlite3.Row) -> Checkin:
    answers = row["answers"]
    return Checkin(
        id=row["id"],
        day=date.fromisoformat(row["day"]),
        kind=row["kind"],
        at=_time(row["at"]),
        mood=row["mood"],
        anxiety=row["anxiety"],
        note=row["note"],
        session_id=row["session_id"],
        answers=tuple(json.loads(answers)) if answers else None,
    )


#: A short id's first letter: the kind of record it names, and the table it is in.
ENTRY_KINDS: dict[str, tuple[str, str]] = {
    "s": ("session", "sessions"),
    "c": ("checkin", "checkins"),
    "p": ("pause", "pauses"),
    "m": ("move", "moves"),
    "b": ("buddy_checkin", "buddy_checkins"),
}
ENTRY_TABLES: dict[str, str] = {kind: table for kind, table in ENTRY_KINDS.values()}


def _item(table: str, row: sqlite3.Row) -> Any:
    """The model record of a row of ``table`` (one of :data:`ENTRY_KINDS`)."""
    if table == "sessions":
        return _session(row)
    if table == "checkins":
        return Checkin(id=row["id"], day=date.fromisoformat(row["day"]), kind=row["kind"],
                       at=_time(row["at"]), mood=row["mood"], anxiety=row["anxiety"],
                       note=row["note"], session_id=None,
                       answers=tuple(json.loads(row["answers"])) if row["answers"] else None)
    if table == "pauses":
        return Pause(id=row["id"], start=date.fromisoformat(row["start"]), end=_day(row["end"]))
    if table == "moves":
        return Move(id=row["id"], from_day=date.fromisoformat(row["from_day"]),
                    to_day=date.fromisoformat(row["to_day"]))
    return BuddyCheckin(id=row["id"], day=date.fromisoformat(row["day"]), reason=row["reason"],
                        status=row["status"], at=_time(row["at"]))


def _entry_order(entry: Entry) -> tuple[str, str, int, int]:
    item = entry.item
    when = getattr(item, "started_at", None) or getattr(item, "at", None)
    return (_iso(entry.day) or "", _iso(when) or "", entry.kind == "checkin", entry.id)


_SETTING_FIELDS = fields(Settings)

MAX_SESSION_SECONDS = 24 * 60 * 60


def _check_seconds(seconds: Any) -> int:
    """Whole seconds from 0 to a day; ValueError otherwise (nothing is written)."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not (
        0 <= seconds <= MAX_SESSION_SECONDS
    ):
        raise ValueError(f"a session lasts 0 to {MAX_SESSION_SECONDS} seconds, not {seconds!r}")
    return int(seconds)


class Store:
    """An open coach database. Use :meth:`open`; close with :meth:`close` (or ``with``)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, pages_checked: bool = True):
        self._conn = conn
        self.path = path
        self._pages_checked = pages_checked
        self.writes = 0
        """How many write transactions this connection has committed (0: it wrote nothing)."""
        self.now: Callable[[], datetime] = _wall_clock
        """The wall clock the store stamps times with (when a record was deleted, when a
        check-in was made): local, naive. Whoever owns the store may set another (a test's,
        a ``Coach``'s own clock)."""

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, check_pages: bool = True) -> "Store":
        """Open (creating or upgrading if needed) the database at ``path``.

        Every page is checked (SQLite's ``quick_check``: a few milliseconds on years of data).
        ``check_pages=False`` leaves that out for a quick look that writes nothing, as
        ``coach status`` takes: the header, schema version and migrations are still checked;
        the pages are checked before any write, and at once when a write-ahead log with
        something in it lies beside the file (closing would move it in). So a damaged file is
        never written either way.

        Raises :class:`StoreError` with one line naming the file and what is wrong.
        """
        path = Path(path)
        name = str(path)
        try:
            fresh = _prepare_file(path)
            if not fresh:
                # Closing a connection moves what the write-ahead log holds into the file. With
                # a log waiting beside it (another window has it open, or one ended abruptly)
                # the pages are checked now, before this connection could write them.
                check_pages = check_pages or _log_waiting(path)
                _check_existing(path, check_pages)
            conn = sqlite3.connect(  # as bytes: a name that is not valid UTF-8 opens too
                os.fsencode(name), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                check_same_thread=False,
            )
        except (StoreError, sqlite3.DatabaseError, OSError) as exc:
            raise _file_error(name, exc) from None
        conn.row_factory = sqlite3.Row
        store = cls(conn, path, pages_checked=check_pages or fresh)
        try:
            store._setup()
        except StoreError as exc:
            conn.close()
            message = str(exc)
            raise StoreError(message if message.startswith(name) else f"{name}: {message}") from None
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{name}: {_explain(exc)}") from None
        except OSError as exc:
            conn.close()
            raise StoreError(f"{name}: {_os_reason(exc)}") from None
        return store

    def _setup(self) -> None:
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(_NEWER)
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            self.check_pages()  # the switch writes to the file
            self._switch_to_wal()
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if version < SCHEMA_VERSION:
            with self._write() as c:
                # Another process may have migrated while this one waited for the lock, so the
                # version is read again under the lock, and the copy is taken under it too.
                version = c.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise StoreError(_NEWER)
                if version < SCHEMA_VERSION:
                    has_tables = c.execute(
                        "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                    ).fetchone()[0]
                    if has_tables:
                        self._backup_before_upgrade(version)
                    _apply_migrations(c)
        _make_private(self.path)

    @property
    def pages_checked(self) -> bool:
        """Whether every page has been checked (see :meth:`check_pages`)."""
        return self._pages_checked

    def check_pages(self) -> None:
        """Check every page of the database (SQLite's ``quick_check``), if :meth:`open` left
        that out; StoreError, in one line, when the file is damaged. Done once, before the
        first write at the latest, so a damaged file is never written."""
        if self._pages_checked:
            return
        try:
            _check_pages(self.path)
        except (StoreError, sqlite3.DatabaseError, OSError) as exc:
            raise _file_error(str(self.path), exc) from None
        self._pages_checked = True

    def _switch_to_wal(self) -> None:
        """Put a new database in WAL mode, even with another window doing the same.

        Two connections switching at once can each hold a shared lock while waiting for the
        other's to go; SQLite then tells one of them "locked" at once, without waiting out the
        busy timeout. So that one tries again (by then the other has switched it) until the
        timeout.
        """
        import time

        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                self._conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                    raise
            time.sleep(0.01)

    def _backup_before_upgrade(self, version: int) -> Path:
        """Copy the database as it is now beside it, mode 0600, before an upgrade touches it.

        Called while this connection holds the write lock: a second connection reads the last
        committed state (WAL lets it) and copies it with SQLite's backup API.
        """
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        for n in range(100):
            suffix = f"-{n}" if n else ""
            target = self.path.with_name(f"{self.path.name}.v{version}-{stamp}{suffix}.bak")
            try:
                fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                continue
            os.close(fd)
            break
        else:  # pragma: no cover - a hundred copies in one second
            raise StoreError("could not find a free name for the copy kept before upgrading")
        source = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000)
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
        except BaseException:
            dest.close()
            target.unlink(missing_ok=True)
            raise
        finally:
            source.close()
            dest.close()
        os.chmod(target, 0o600)
        return target

    def connect_again(self) -> "Store":
        """Another connection to this same open database, for another thread (a worker).

        It skips :meth:`open`'s checks of the file, which read it outside SQLite: closing such
        a file handle drops every lock this process holds on the database (POSIX locks belong
        to the process), and another coach could then take the write-ahead log away from this
        connection's feet.
        """
        try:
            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000,
                                   isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {_explain(exc)}") from None
        again = Store(conn, self.path, pages_checked=self._pages_checked)
        again.now = self.now
        return again

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; waits for other writers (busy timeout) instead of failing.

        Everything written inside is committed together or not at all. A database error
        inside (disk full, read-only, a value out of range) is rolled back and raised as one
        :class:`StoreError` line.
        """
        self.check_pages()
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {_explain(exc)}") from None
        try:
            yield conn
        except BaseException as exc:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.DatabaseError:  # pragma: no cover - already rolled back
                    pass
            if isinstance(exc, sqlite3.DatabaseError):
                raise StoreError(f"{self.path}: {_explain(exc)}") from None
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise StoreError(f"{self.path}: {_explain(exc)}") from None
            self.writes += 1

    def _read_failed(self, exc: sqlite3.DatabaseError) -> StoreError:
        """One line for a read that failed: what is wrong, and that nothing was written."""
        return StoreError(f"{self.path}: {_explain(exc)}; it was left unchanged")

    def _rows(self, sql: str, params: tuple[Any, ...] | list[Any] | dict[str, Any] = ()
              ) -> list[sqlite3.Row]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise self._read_failed(exc) from None

    # ------------------------------------------------------------------ settings

    def get_value(self, key: str, default: Any = None) -> Any:
        rows = self._rows("SELECT value FROM settings WHERE key = ?", (key,))
        return _setting_value(key, rows[0][0], default) if rows else default

    def damaged_settings(self) -> list[str]:
        """The settings whose stored value is not readable (another program wrote into the
        file): each reads as its default until it is set again. Nothing is written."""
        return sorted(key for key, text in self._rows("SELECT key, value FROM settings")
                      if _setting_value(key, text, _DAMAGED) is _DAMAGED)

    def set_value(self, key: str, value: Any) -> None:
        with self._write() as c:
            c.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    def settings(self) -> Settings:
        stored = {row[0]: _setting_value(row[0], row[1], _DAMAGED)
                  for row in self._rows("SELECT key, value FROM settings")}
        values: dict[str, Any] = {}
        for name in _SETTING_FIELDS:
            if name in stored and stored[name] is not _DAMAGED:
                value = stored[name]
                values[name] = tuple(value) if isinstance(value, list) else value
        return Settings(**values)

    def save_settings(self, **changes: Any) -> Settings:
        unknown = set(changes) - set(_SETTING_FIELDS)
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
        with self._write() as c:
            for key, value in changes.items():
                if isinstance(value, tuple):
                    value = list(value)
                c.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, json.dumps(value)),
                )
        return self.settings()

    # ------------------------------------------------------------------ cues and the calendar

    def cues(self) -> dict[int, Cue]:
        """The if-then cues by weekday (0 Monday ... 6 Sunday), kept as one setting."""
        from coach.cues import cues_from_value

        return cues_from_value(self.get_value(CUES_KEY))

    def save_cues(self, cues: dict[int, Cue]) -> dict[int, Cue]:
        from coach.cues import cues_to_value

        self.set_value(CUES_KEY, cues_to_value(cues))
        return self.cues()

    def kept_calendar(self) -> dict[str, Any] | None:
        """The calendar file kept up to date on this machine (``{"path", "weeks", "remind"}``),
        or None. Kept with the settings, but never exported: a path belongs to one machine."""
        value = self.get_value(CALENDAR_KEEP_KEY)
        return value if isinstance(value, dict) and isinstance(value.get("path"), str) else None

    def keep_calendar(self, path: str | None, weeks: int = 4, remind: int | None = None) -> None:
        """Remember the calendar file to keep up to date (None: stop keeping one)."""
        if path is None:
            with self._write() as c:
                c.execute("DELETE FROM settings WHERE key = ?", (CALENDAR_KEEP_KEY,))
            return
        self.set_value(CALENDAR_KEEP_KEY, {"path": path, "weeks": weeks, "remind": remind})

    def calendar_id(self) -> str:
        """This plan's name in calendar files (the part of each event's UID after the @),
        made on first use and kept, so every export names the same sessions the same way."""
        value = self.get_value(CALENDAR_ID_KEY)
        if isinstance(value, str) and value:
            return value
        value = f"{_new_uid()[:16]}.coach"
        self.set_value(CALENDAR_ID_KEY, value)
        return value

    # ------------------------------------------------------------------ sessions

    def add_session(self, session: Session) -> Session:
        """Record a session (and its before/after moods as check-ins); returns it with its id."""
        seconds = _check_seconds(session.seconds)
        uid = _new_uid()
        with self._write() as c:
            cur = c.execute(
                "INSERT INTO sessions (uid, day, started_at, seconds, style, routine, mood_before,"
                " mood_after, pain, note, finished, effort, easier, time_of_day)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    uid,
                    _iso(session.day),
                    _iso(session.started_at),
                    seconds,
                    session.style,
                    session.routine,
                    session.mood_before,
                    session.mood_after,
                    int(session.pain),
                    session.note,
                    int(session.finished),
                    session.effort,
                    _easier_text(session.easier),
                    session.time_of_day,
                ),
            )
            saved = replace(session, id=cur.lastrowid)
            self._sync_session_checkins(c, uid, saved)
        return saved

    _SESSION_FIELDS = frozenset({"seconds", "style", "routine", "mood_before", "mood_after",
                                 "pain", "note", "finished", "day", "started_at", "effort",
                                 "easier", "time_of_day"})

    def update_session(self, session_id: int, **changes: Any) -> Session:
        unknown = set(changes) - self._SESSION_FIELDS
        if unknown:
            raise ValueError(f"unknown session fields: {', '.join(sorted(unknown))}")
        if "seconds" in changes:
            changes["seconds"] = _check_seconds(changes["seconds"])
        with self._write() as c:
            saved = self._update_session(c, session_id, changes)
        return saved

    def _update_session(self, c: sqlite3.Connection, session_id: int,
                        changes: dict[str, Any]) -> Session:
        row = c.execute("SELECT uid FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise StoreError(f"{self.path}: there is no session {session_id}")
        if changes:
            values = []
            for key, value in changes.items():
                if key == "easier":
                    value = _easier_text(value)
                elif isinstance(value, (date, datetime)):
                    value = _iso(value)
                elif isinstance(value, bool):
                    value = int(value)
                values.append(value)
            assignments = ", ".join(f"{key} = ?" for key in changes)
            c.execute(f"UPDATE sessions SET {assignments} WHERE id = ?", (*values, session_id))
        saved = _session(c.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone())
        if {"mood_before", "mood_after", "day"} & set(changes):
            self._sync_session_checkins(c, row["uid"], saved)
        return saved

    def delete_session(self, session_id: int) -> None:
        """Remove a session (an unfinished one the user let go, say) with its before/after
        check-ins; it leaves a tombstone, so an export taken before does not bring it back,
        but nothing to undo (see :meth:`delete_entry`)."""
        with self._write() as c:
            row = c.execute("SELECT uid FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is not None:
                self._bury(c, "sessions", row["uid"], keep=False, deleted_at=self._stamp())

    @staticmethod
    def _sync_session_checkins(c: sqlite3.Connection, uid: str, session: Session,
                               at: datetime | None = None) -> None:
        """Keep a session's before/after check-ins in step with its moods.

        A mood that is set has exactly one check-in of its kind linked to the session, with
        the same mood and day; a mood that is not set has none.
        """
        for kind, mood in (("before", session.mood_before), ("after", session.mood_after)):
            existing = c.execute(
                "SELECT id FROM checkins WHERE session_uid = ? AND kind = ? ORDER BY id",
                (uid, kind),
            ).fetchall()
            if mood is None:
                c.execute("DELETE FROM checkins WHERE session_uid = ? AND kind = ?", (uid, kind))
            elif not existing:
                when = at
                if when is None and session.started_at is not None:
                    when = session.started_at
                    if kind == "after":
                        when += timedelta(seconds=int(session.seconds))
                if when is None:  # now, or this time of day on the session's own day
                    when = datetime.combine(session.day, datetime.now().time())
                c.execute(
                    "INSERT INTO checkins (uid, day, at, kind, mood, session_uid)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (_new_uid(), _iso(session.day), _iso(when), kind, mood, uid),
                )
            else:
                c.execute(
                    "UPDATE checkins SET mood = ?, day = ? WHERE id = ?",
                    (mood, _iso(session.day), existing[0]["id"]),
                )
                for extra in existing[1:]:
                    c.execute("DELETE FROM checkins WHERE id = ?", (extra["id"],))

    def sessions(self, since: date | None = None, until: date | None = None,
                 include_unfinished: bool = False) -> list[Session]:
        span, params = _days_between("day", since, until)
        finished = "" if include_unfinished else " AND finished = 1"
        sql = (f"SELECT {SESSION_COLUMNS} FROM sessions WHERE {_DAY_IN_RANGE}{finished}{span}"
               " ORDER BY day, started_at, id")
        return self._session_list(sql, params)

    def _session_list(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Session]:
        """Sessions from ``SELECT {SESSION_COLUMNS} ...``: plain tuples, for reading many."""
        try:
            cur = self._conn.cursor()
            cur.row_factory = None
            rows = cur.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise self._read_failed(exc) from None
        day, moment = date.fromisoformat, datetime.fromisoformat
        return [
            Session(day=day(d), seconds=seconds, id=i, started_at=moment(at) if at else None,
                    style=style, routine=routine, mood_before=before, mood_after=after,
                    pain=bool(pain), note=note, finished=bool(finished), effort=effort,
                    easier=_easier(easier), time_of_day=time_of_day)
            for (i, d, at, seconds, style, routine, before, after, pain, note, finished, effort,
                 easier, time_of_day) in rows
        ]

    def session(self, session_id: int) -> Session | None:
        rows = self._rows("SELECT * FROM sessions WHERE id = ?", (session_id,))
        return _session(rows[0]) if rows else None

    def unfinished_sessions(self) -> list[Session]:
        return [_session(r) for r in self._rows(
            f"SELECT * FROM sessions WHERE finished = 0 AND {_DAY_IN_RANGE}"
            " ORDER BY day, started_at, id")]

    # ------------------------------------------------------------------ check-ins

    def add_checkin(self, checkin: Checkin) -> Checkin:
        """Record a check-in; returns it with its id.

        A "before" or "after" check-in for a session (``session_id``) sets that session's
        mood before/after instead of adding a second check-in, so the two never disagree.
        Only before/after check-ins are linked to a session.
        """
        if checkin.kind not in CHECKIN_KINDS:
            raise ValueError(f"unknown check-in kind: {checkin.kind!r}")
        at = checkin.at or self.now()
        with self._write() as c:
            if checkin.kind in ("before", "after") and checkin.session_id is not None:
                row = c.execute(
                    "SELECT uid FROM sessions WHERE id = ?", (checkin.session_id,)
                ).fetchone()
                if row is not None:
                    return self._linked_checkin(c, row["uid"], checkin, at)
            cur = c.execute(
                "INSERT INTO checkins (uid, day, at, kind, mood, anxiety, note, session_uid, answers)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)",
                (
                    _new_uid(),
                    _iso(checkin.day),
                    _iso(at),
                    checkin.kind,
                    checkin.mood,
                    checkin.anxiety,
                    checkin.note,
                    json.dumps(list(checkin.answers)) if checkin.answers is not None else None,
                ),
            )
        return replace(checkin, id=cur.lastrowid, session_id=None)

    def _linked_checkin(self, c: sqlite3.Connection, session_uid: str, checkin: Checkin,
                        at: datetime) -> Checkin:
        field = "mood_before" if checkin.kind == "before" else "mood_after"
        session_id = checkin.session_id
        assert session_id is not None
        self._update_session(c, session_id, {field: checkin.mood})
        if checkin.mood is None:
            return replace(checkin, id=None)
        c.execute(
            "UPDATE checkins SET at = ?, anxiety = ?, note = ? WHERE session_uid = ? AND kind = ?",
            (_iso(at), checkin.anxiety, checkin.note, session_uid, checkin.kind),
        )
        row = c.execute(
            self._CHECKIN_SELECT + " WHERE c.session_uid = ? AND c.kind = ?",
            (session_uid, checkin.kind),
        ).fetchone()
        return _checkin(row)

    _CHECKIN_SELECT = (
        "SELECT c.*, s.id AS session_id FROM checkins c"
        " LEFT JOIN sessions s ON s.uid = c.session_uid"
    )

    def checkins(self, kind: str | None = None, since: date | None = None,
                 until: date | None = None) -> list[Checkin]:
        span, params = _days_between("c.day", since, until)
        sql = self._CHECKIN_SELECT + f" WHERE c.{_DAY_IN_RANGE}"
        if kind is not None:
            sql += " AND c.kind = ?"
            params.insert(0, kind)
        sql += span + " ORDER BY c.day, c.at, c.id"
        return [_checkin(r) for r in self._rows(sql, params)]

    # ------------------------------------------------------------------ correcting history

    #: The tables whose records can be deleted, each deletion leaving a tombstone.
    TOMBSTONE_KINDS: tuple[str, ...] = ("sessions", "checkins", "buddy_checkins", "pauses", "moves")

    def entries(self, since: date | None = None, until: date | None = None) -> list[Entry]:
        """The finished sessions and the check-ins of their own (not a session's before/after
        mood, which is part of its session) from ``since`` to ``until`` (both included), in
        the order they happened, each with its short id for correcting it."""
        where, params = _days_between("day", since, until)
        conn = self._conn
        try:
            conn.execute("BEGIN")
            try:
                sessions = conn.execute(
                    f"SELECT * FROM sessions WHERE finished = 1{where}", params).fetchall()
                checkins = conn.execute(
                    "SELECT *, NULL AS session_id FROM checkins"
                    f" WHERE session_uid IS NULL{where}", params).fetchall()
            finally:
                conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise self._read_failed(exc) from None
        found = [Entry(kind="session", id=r["id"], uid=r["uid"], item=_session(r)) for r in sessions]
        found += [Entry(kind="checkin", id=r["id"], uid=r["uid"], item=_checkin(r)) for r in checkins]
        found.sort(key=_entry_order)
        return found

    def entry(self, ref: str) -> Entry | None:
        """The record named by its short id (``s12`` a session, ``c7`` a check-in, ``p3`` a
        pause, ``m2`` a moved session, ``b5`` a buddy check-in) or by its uid; None when there
        is none (a session's before/after check-in is part of its session; an unfinished
        session is not a record yet)."""
        ref = ref.strip()
        named = ENTRY_KINDS.get(ref[:1].lower())
        number = ref[1:]
        if named is not None and number.isascii() and number.isdigit() and len(number) < 19:
            rows = self._rows(f"SELECT * FROM {named[1]} WHERE id = ?", (int(number),))
            found = [(named[0], named[1], rows[0])] if rows else []
        else:
            found = []
            for kind, table in ENTRY_KINDS.values():
                rows = self._rows(f"SELECT * FROM {table} WHERE uid = ?", (ref,))
                if rows:
                    found = [(kind, table, rows[0])]
                    break
        if not found:
            return None
        kind, table, row = found[0]
        if table == "sessions" and not row["finished"]:
            return None
        if table == "checkins" and row["session_uid"] is not None:
            return None
        return Entry(kind=kind, id=row["id"], uid=row["uid"], item=_item(table, row))

    def odd_records(self, today: date) -> list[Entry]:
        """The records dated where coach takes none now (before 1970-01-01; a session,
        check-in or buddy check-in after ``today`` — or after tomorrow, which a sync from a
        machine a time zone ahead may bring — a pause or a moved session more than
        ``VIEW_YEARS`` ahead), which an older coach let in. The reads the rules make leave out
        the ones past the years they read; each is named so it can be deleted."""
        from coach.dates import EARLIEST, VIEW_YEARS, ZONE_AHEAD_DAYS, years_from

        first, ahead = _iso(EARLIEST), _iso(years_from(today, VIEW_YEARS))
        last = _iso(today + timedelta(days=ZONE_AHEAD_DAYS))
        checks = {
            "sessions": "day < :first OR day > :last",
            "checkins": "session_uid IS NULL AND (day < :first OR day > :last)",
            "buddy_checkins": "day < :first OR day > :last",
            "pauses": 'start < :first OR start > :ahead OR "end" > :ahead',
            "moves": "from_day < :first OR from_day > :ahead OR to_day < :first OR to_day > :ahead",
        }
        params = {"first": first, "last": last, "ahead": ahead}
        found: list[Entry] = []
        for kind, table in ENTRY_KINDS.values():
            for row in self._rows(f"SELECT * FROM {table} WHERE {checks[table]} ORDER BY id",
                                  params):
                try:
                    item = _item(table, row)
                except ValueError:  # pragma: no cover - a day SQLite holds but Python cannot read
                    continue
                found.append(Entry(kind=kind, id=row["id"], uid=row["uid"], item=item))
        return found

    _CHECKIN_FIELDS = frozenset({"mood", "anxiety", "note", "day", "at", "answers"})

    def update_checkin(self, checkin_id: int, **changes: Any) -> Checkin:
        """Change a check-in of its own (a session's before/after mood is changed through
        :meth:`update_session`); returns it as saved."""
        unknown = set(changes) - self._CHECKIN_FIELDS
        if unknown:
            raise ValueError(f"unknown check-in fields: {', '.join(sorted(unknown))}")
        with self._write() as c:
            row = c.execute("SELECT session_uid FROM checkins WHERE id = ?", (checkin_id,)).fetchone()
            if row is None:
                raise StoreError(f"{self.path}: there is no check-in {checkin_id}")
            if row["session_uid"] is not None:
                raise ValueError("this check-in is a session's mood: change the session")
            if changes:
                values = []
                for key, value in changes.items():
                    if isinstance(value, (date, datetime)):
                        value = _iso(value)
                    elif key == "answers" and value is not None:
                        value = json.dumps(list(value))
                    values.append(value)
                assignments = ", ".join(f"{key} = ?" for key in changes)
                c.execute(f"UPDATE checkins SET {assignments} WHERE id = ?", (*values, checkin_id))
            saved = c.execute(self._CHECKIN_SELECT + " WHERE c.id = ?", (checkin_id,)).fetchone()
        return _checkin(saved)

    def delete_entry(self, entry: Entry) -> None:
        """Delete a record (a session with its before/after check-ins), leaving a tombstone
        that keeps what was deleted, so :meth:`undelete` can bring it back."""
        table = ENTRY_TABLES[entry.kind]
        with self._write() as c:
            if not self._bury(c, table, entry.uid, keep=True, deleted_at=self._stamp()):
                raise StoreError(f"{self.path}: there is no {entry.kind} {entry.ref}")

    def undelete(self) -> Entry | None:
        """Bring back the latest record deleted with :meth:`delete_entry` (and a session's
        before/after check-ins with it); None when there is nothing to bring back."""
        with self._write() as c:
            row = c.execute(
                "SELECT uid, kind, record FROM tombstones WHERE record IS NOT NULL"
                " ORDER BY deleted_at DESC, rowid DESC LIMIT 1").fetchone()
            if row is None:
                return None
            kept = json.loads(row["record"])
            table = row["kind"]
            new_id = self._restore_row(c, table, kept["row"])
            uids = [row["uid"]]
            for linked in kept.get("linked", []):
                self._restore_row(c, "checkins", linked)
                uids.append(linked["uid"])
            c.executemany("DELETE FROM tombstones WHERE uid = ?", [(u,) for u in uids])
        letter = next(k for k, (_, t) in ENTRY_KINDS.items() if t == table)
        return self.entry(f"{letter}{new_id}")

    def tombstones(self) -> list[dict[str, Any]]:
        """Every deletion, oldest first: ``{"uid", "kind", "deleted_at"}`` (kind is the
        table the record was in)."""
        return [
            {"uid": r["uid"], "kind": r["kind"], "deleted_at": r["deleted_at"]}
            for r in self._rows("SELECT uid, kind, deleted_at FROM tombstones"
                                " ORDER BY deleted_at, rowid")
        ]

    def _stamp(self) -> str:
        """Now, by the store's clock, as a stored time (to the second)."""
        return _iso(self.now().replace(microsecond=0)) or ""

    @staticmethod
    def _bury(c: sqlite3.Connection, table: str, uid: str, *, keep: bool,
              deleted_at: str) -> bool:
        """Delete the record ``uid`` of ``table`` (a session's linked check-ins with it) and
        leave a tombstone for each, stamped ``deleted_at`` (the store's clock for a deletion
        made here: see :meth:`_stamp`); with ``keep``, the tombstone holds the record for an
        undo. Returns whether there was a record. Inside the caller's write transaction."""
        if table not in Store.TOMBSTONE_KINDS:
            raise ValueError(f"records of {table!r} are not deleted this way")
        when = deleted_at
        row = c.execute(f"SELECT * FROM {table} WHERE uid = ?", (uid,)).fetchone()
        linked: list[sqlite3.Row] = []
        if row is not None and table == "sessions":
            linked = c.execute("SELECT * FROM checkins WHERE session_uid = ? ORDER BY id",
                               (uid,)).fetchall()
        record = None
        if keep and row is not None:
            record = json.dumps({"row": dict(row), "linked": [dict(r) for r in linked]})
        stone = ("INSERT INTO tombstones (uid, kind, deleted_at, record) VALUES (?, ?, ?, ?)"
                 " ON CONFLICT (uid) DO UPDATE SET kind = excluded.kind,"
                 " deleted_at = excluded.deleted_at, record = excluded.record")
        for r in linked:
            c.execute("DELETE FROM checkins WHERE id = ?", (r["id"],))
            c.execute(stone, (r["uid"], "checkins", when, None))
        c.execute(f"DELETE FROM {table} WHERE uid = ?", (uid,))
        c.execute(stone, (uid, table, when, record))
        return row is not None

    @staticmethod
    def _restore_row(c: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
        """Put a deleted row back (under its old id when that is still free); its id."""
        columns = [r[1] for r in c.execute(f"PRAGMA table_info({table})")]
        values = {k: v for k, v in row.items() if k in columns}
        taken = c.execute(f"SELECT 1 FROM {table} WHERE id = ?", (values.get("id"),)).fetchone()
        if taken:
            values.pop("id", None)
        names = ", ".join(f'"{k}"' for k in values)
        marks = ", ".join("?" for _ in values)
        cur = c.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(values.values()))
        return int(cur.lastrowid or 0)

    # ------------------------------------------------------------------ pauses

    def pauses(self) -> list[Pause]:
        return [
            Pause(id=r["id"], start=date.fromisoformat(r["start"]), end=_day(r["end"]))
            for r in self._rows(
                'SELECT id, start, "end" FROM pauses'
                f" WHERE start BETWEEN '{FIRST_READ_DAY}' AND '{LAST_READ_DAY}'"
                f""" AND ("end" IS NULL OR "end" <= '{LAST_READ_DAY}') ORDER BY start, id""")
        ]

    def add_pause(self, start: date, end: date | None = None) -> Pause:
        if end is not None and end < start:
            raise ValueError("the pause would end before it starts")
        with self._write() as c:
            cur = c.execute(
                'INSERT INTO pauses (uid, start, "end") VALUES (?, ?, ?)',
                (_new_uid(), _iso(start), _iso(end)),
            )
        return Pause(id=cur.lastrowid, start=start, end=end)

    def resume(self, day: date) -> list[Pause]:
        """Lift the pauses in force on ``day``: the plan runs again from ``day``.

        A pause that began before ``day`` now ends the day before; one that begins on ``day``
        is removed. A pause planned for later stays as it is. Returns the pauses lifted, as
        they were.
        """
        changed: list[Pause] = []
        with self._write() as c:
            rows = c.execute(
                'SELECT id, uid, start, "end" FROM pauses WHERE start <= ? '
                'AND ("end" IS NULL OR "end" >= ?) ORDER BY start, id',
                (_iso(day), _iso(day)),
            ).fetchall()
            for r in rows:
                start = date.fromisoformat(r["start"])
                if start >= day:
                    self._bury(c, "pauses", r["uid"], keep=False, deleted_at=self._stamp())
                else:
                    end = date.fromordinal(day.toordinal() - 1)
                    c.execute('UPDATE pauses SET "end" = ? WHERE id = ?', (_iso(end), r["id"]))
                changed.append(Pause(id=r["id"], start=start, end=_day(r["end"])))
        return changed

    def cancel_pause(self, pause_id: int) -> Pause | None:
        """Remove one pause (a planned one the user no longer wants), leaving a tombstone;
        returns it, or None when there is no such pause."""
        with self._write() as c:
            row = c.execute(
                'SELECT id, uid, start, "end" FROM pauses WHERE id = ?', (pause_id,)
            ).fetchone()
            if row is None:
                return None
            self._bury(c, "pauses", row["uid"], keep=False, deleted_at=self._stamp())
        return Pause(id=row["id"], start=date.fromisoformat(row["start"]), end=_day(row["end"]))

    # ------------------------------------------------------------------ buddy

    def buddy(self) -> Buddy | None:
        rows = self._rows("SELECT name, contact FROM buddy WHERE id = 1")
        return Buddy(name=rows[0]["name"], contact=rows[0]["contact"]) if rows else None

    def set_buddy(self, name: str | None, contact: str | None = None) -> Buddy | None:
        """Name a buddy (and how to reach them); an empty name removes the buddy."""
        with self._write() as c:
            if not name:
                c.execute("DELETE FROM buddy")
                return None
            current = c.execute("SELECT contact FROM buddy WHERE id = 1").fetchone()
            if contact is None:
                contact = current["contact"] if current else ""
            c.execute(
                "INSERT INTO buddy (id, name, contact) VALUES (1, ?, ?) ON CONFLICT (id) DO "
                "UPDATE SET name = excluded.name, contact = excluded.contact",
                (name, contact),
            )
        return Buddy(name=name, contact=contact)

    def buddy_checkins(self, since: date | None = None) -> list[BuddyCheckin]:
        span, params = _days_between("day", since, None)
        sql = f"SELECT * FROM buddy_checkins WHERE {_DAY_IN_RANGE}{span} ORDER BY day, at, id"
        return [
            BuddyCheckin(id=r["id"], day=date.fromisoformat(r["day"]), reason=r["reason"],
                         status=r["status"], at=_time(r["at"]))
            for r in self._rows(sql, params)
        ]

    def record_buddy_checkin(self, day: date, reason: str, status: str) -> BuddyCheckin:
        if reason not in BUDDY_REASONS:
            raise ValueError(f"unknown buddy check-in reason: {reason!r}")
        if status not in BUDDY_STATUSES:
            raise ValueError(f"unknown buddy check-in status: {status!r}")
        at = self.now().replace(microsecond=0)
        with self._write() as c:
            cur = c.execute(
                "INSERT INTO buddy_checkins (uid, day, reason, status, at) VALUES (?, ?, ?, ?, ?)",
                (_new_uid(), _iso(day), reason, status, _iso(at)),
            )
        return BuddyCheckin(id=cur.lastrowid, day=day, reason=reason, status=status, at=at)

    # ------------------------------------------------------------------ moves

    def moves(self) -> list[Move]:
        return [
            Move(id=r["id"], from_day=date.fromisoformat(r["from_day"]),
                 to_day=date.fromisoformat(r["to_day"]))
            for r in self._rows(
                "SELECT * FROM moves"
                f" WHERE from_day BETWEEN '{FIRST_READ_DAY}' AND '{LAST_READ_DAY}'"
                f" AND to_day BETWEEN '{FIRST_READ_DAY}' AND '{LAST_READ_DAY}' ORDER BY id")
        ]

    def add_move(self, move: Move) -> Move:
        with self._write() as c:
            cur = c.execute(
                "INSERT INTO moves (uid, from_day, to_day) VALUES (?, ?, ?)",
                (_new_uid(), _iso(move.from_day), _iso(move.to_day)),
            )
        return replace(move, id=cur.lastrowid)

    # ------------------------------------------------------------------ everything

    def history(self, checkins_since: date | None = None) -> History:
        """All that the rules need, read in one consistent snapshot."""
        return self._history(lambda: self.checkins(since=checkins_since))

    def recent_history(self, today: date, days: int = 14) -> History:
        """What a question about one day needs (Today, ``coach status``), without years of
        check-ins: like ``history()``, but only the check-ins of the last ``days`` days up to
        ``today`` (and any later), plus the ones the rules look at from before then:

        - the first check-in, where the plan's history starts (it may come before the first
          session), so levels and weeks come out exactly as from the whole history;
        - the morning moods of the latest three days with one, up to ``today``, since the
          safety net looks at three mornings in a row however far apart they are (a morning
          check-in without a mood is not one of them).

        Buddy check-ins are read for the same last ``days`` days only (at least the last
        week): a buddy suggestion looks at the day asked about and its week. Everything else
        (sessions, pauses, the buddy, moves, settings) is read in full.
        """
        # Three searches by day, joined: one WHERE with ORs would read every check-in.
        sql = (
            self._CHECKIN_SELECT
            + " WHERE c.id IN ("
            "SELECT id FROM checkins WHERE day >= :since"
            " UNION ALL SELECT * FROM (SELECT id FROM checkins"
            f" WHERE day = (SELECT min(day) FROM checkins WHERE {_DAY_IN_RANGE})"
            " ORDER BY at, id LIMIT 1)"
            " UNION ALL SELECT id FROM checkins"
            " WHERE kind = 'morning' AND mood IS NOT NULL AND day IN ("
            "SELECT DISTINCT day FROM checkins"
            " WHERE kind = 'morning' AND mood IS NOT NULL AND day <= :today"
            " ORDER BY day DESC LIMIT 3))"
            f" AND c.{_DAY_IN_RANGE}"
            " ORDER BY c.day, c.at, c.id"
        )
        since = today - timedelta(days=days)
        params = {"since": _iso(since), "today": _iso(today)}
        return self._history(lambda: [_checkin(r) for r in self._rows(sql, params)],
                             buddy_since=min(since, today - timedelta(days=6)))  # its week

    def _history(self, read_checkins: Callable[[], list[Checkin]],
                 buddy_since: date | None = None) -> History:
        conn = self._conn
        try:
            conn.execute("BEGIN")
            try:
                return History(
                    sessions=self.sessions(),
                    pauses=self.pauses(),
                    checkins=read_checkins(),
                    buddy=self.buddy(),
                    buddy_checkins=self.buddy_checkins(buddy_since),
                    moves=self.moves(),
                    settings=self.settings(),
                )
            finally:
                conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise self._read_failed(exc) from None

    # ------------------------------------------------------------------ export and merge

    def dump(self) -> dict[str, Any]:
        """Everything in the database as plain JSON-ready data, read in one snapshot.

        Records carry their ``uid`` (not the local ``id``) and come in the order they were
        added; days and times are the ISO strings stored. A check-in's session is named by
        ``session_uid``. Shape: ``{"settings": {key: value}, "buddy": {...} | None,
        "sessions": [...], "checkins": [...], "buddy_checkins": [...], "pauses": [...],
        "moves": [...], "tombstones": [...]}`` with the fields of :data:`RECORD_FIELDS` (a
        tombstone: ``{"uid", "kind", "deleted_at"}``, oldest first).
        """
        conn = self._conn
        try:
            conn.execute("BEGIN")
            try:
                out: dict[str, Any] = {
                    "settings": {
                        key: value
                        for key, value in (
                            (r["key"], _setting_value(r["key"], r["value"], _DAMAGED))
                            for r in conn.execute("SELECT key, value FROM settings ORDER BY key"))
                        if key not in LOCAL_SETTINGS and value is not _DAMAGED
                    }
                }
                buddy = conn.execute("SELECT name, contact FROM buddy WHERE id = 1").fetchone()
                out["buddy"] = {"name": buddy["name"], "contact": buddy["contact"]} if buddy else None
                for table, names in RECORD_FIELDS.items():
                    columns = ", ".join(f'"{n}"' for n in names)
                    rows = conn.execute(f"SELECT {columns} FROM {table} ORDER BY id")
                    out[table] = [_record_out(table, dict(zip(names, r))) for r in rows]
                out["tombstones"] = [
                    {"uid": r[0], "kind": r[1], "deleted_at": r[2]}
                    for r in conn.execute("SELECT uid, kind, deleted_at FROM tombstones"
                                          " ORDER BY deleted_at, rowid")
                ]
            finally:
                conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise self._read_failed(exc) from None
        return out

    def merge(self, data: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
        """Add what ``data`` holds that is not here yet, all in one transaction.

        ``data`` has the shape :meth:`dump` returns and must already be validated (see
        ``coach.exchange``). Nothing here is overwritten: a record whose ``uid`` is already
        present, a setting already set, a buddy already named, are kept as they are, and a
        session's before/after check-ins come in only with a session that is new here.
        Importing the same data twice therefore changes nothing. Returns
        ``{table: (added, unchanged, deleted)}``: how many came in, how many were here already,
        and how many were left out because they were deleted here (a tombstone names them).

        Deletions come first: each tombstone in ``data`` (``{"uid", "kind", "deleted_at"}``)
        that is new here is kept, and the record it names is deleted here too; and no record
        with a tombstone here comes in, so an export taken before a deletion does not bring
        the record back. (``counts["tombstones"]`` says how many deletions were new.)
        """
        counts: dict[str, tuple[int, int, int]] = {}
        with self._write() as c:
            added = 0
            stones = data.get("tombstones") or []
            for stone in stones:
                known = c.execute("SELECT 1 FROM tombstones WHERE uid = ?", (stone["uid"],))
                if known.fetchone() is None:
                    self._bury(c, stone["kind"], stone["uid"], keep=False,
                               deleted_at=stone["deleted_at"])
                    added += 1
            counts["tombstones"] = (added, len(stones) - added, 0)
            buried = {(r[0], r[1]) for r in c.execute("SELECT kind, uid FROM tombstones")}
            added = 0
            for key, value in data.get("settings", {}).items():
                if key in LOCAL_SETTINGS:
                    continue
                added += c.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                    (key, json.dumps(value)),
                ).rowcount
            counts["settings"] = (added, len(data.get("settings", {})) - added, 0)
            buddy = data.get("buddy")
            added = 0
            if buddy:
                added = c.execute(
                    "INSERT INTO buddy (id, name, contact) VALUES (1, ?, ?)"
                    " ON CONFLICT (id) DO NOTHING",
                    (buddy["name"], buddy.get("contact") or ""),
                ).rowcount
            counts["buddy"] = (added, (1 if buddy else 0) - added, 0)
            new_sessions: set[str] = set()
            for table, names in RECORD_FIELDS.items():
                columns = ", ".join(f'"{n}"' for n in names)
                marks = ", ".join("?" for _ in names)
                sql = (f"INSERT INTO {table} ({columns}) VALUES ({marks})"
                       " ON CONFLICT (uid) DO NOTHING")
                added = kept = deleted = 0
                for record in data.get(table, []):
                    link = record.get("session_uid") if table == "checkins" else None
                    # A session's before/after moods are part of it: counted with it, not
                    # as check-ins of their own.
                    counted = link is None
                    if (table, record["uid"]) in buried:
                        deleted += counted
                        continue
                    if link is not None and link not in new_sessions:
                        continue  # its session was here already, or deleted: counted with it
                    done = c.execute(sql, [_record_in(table, n, record.get(n)) for n in names])
                    if done.rowcount:
                        added += counted
                        if table == "sessions":
                            new_sessions.add(record["uid"])
                    else:
                        kept += counted
                counts[table] = (added, kept, deleted)
        return counts

    # ------------------------------------------------------------------ sync

    @contextmanager
    def sync_write(self) -> Iterator[SyncTables]:
        """One write transaction over the sync tables and the records (see coach.sync)."""
        with self._write() as c:
            yield SyncTables(c, self._stamp)

    def sync_state(self) -> dict[str, Any]:
        """This device's sync settings (folder, device id...), without writing anything."""
        return {r[0]: json.loads(r[1]) for r in self._rows("SELECT key, value FROM sync_state")}

    def sync_devices(self) -> list[dict[str, Any]]:
        """The other devices seen in the sync folder, by name."""
        return [dict(r) for r in self._rows("SELECT * FROM sync_devices ORDER BY name, device")]

    def sync_files(self) -> dict[str, dict[str, Any]]:
        """How far each file in the sync folder has been read (see SyncTables.files)."""
        return {r["name"]: dict(r) for r in self._rows("SELECT * FROM sync_files")}

    def sync_pending(self) -> bool:
        """Whether something was written since the last sync."""
        return bool(self._rows("SELECT 1 FROM sync_dirty LIMIT 1"))


RECORD_FIELDS: dict[str, tuple[str, ...]] = {
    "sessions": ("uid", "day", "started_at", "seconds", "style", "routine", "mood_before",
                 "mood_after", "pain", "note", "finished", "effort", "easier", "time_of_day"),
    "checkins": ("uid", "day", "at", "kind", "mood", "anxiety", "note", "session_uid",
                 "answers"),
    "buddy_checkins": ("uid", "day", "reason", "status", "at"),
    "pauses": ("uid", "start", "end"),
    "moves": ("uid", "from_day", "to_day"),
}
"""The fields of each exported table, in order (the same as its columns)."""

_BOOL_FIELDS = frozenset({"pain", "finished"})


def _record_out(table: str, record: dict[str, Any]) -> dict[str, Any]:
    for name in _BOOL_FIELDS & record.keys():
        record[name] = bool(record[name])
    if table == "checkins" and record["answers"] is not None:
        record["answers"] = json.loads(record["answers"])
    if table == "sessions":
        record["easier"] = list(_easier(record["easier"]))
    return record


def _record_in(table: str, name: str, value: Any) -> Any:
    if name in _BOOL_FIELDS:
        return int(bool(value))
    if name == "answers" and value is not None:
        return json.dumps(list(value))
    if name == "easier":
        return _easier_text(value)
    return value


class SyncTables:
    """The queries of a sync, inside the one write transaction of :meth:`Store.sync_write`.

    Records come and go in their export form (``Store.dump``); a setting's and a buddy
    field's value is plain JSON data.
    """

    def __init__(self, conn: sqlite3.Connection, stamp: Callable[[], str] | None = None) -> None:
        self._c = conn
        self._stamp = stamp or (lambda: _iso(_wall_clock()) or "")
        """Now as a stored time, for a deletion that arrives without its time."""

    # state, files and devices

    def state(self) -> dict[str, Any]:
        return {r[0]: json.loads(r[1]) for r in self._c.execute("SELECT key, value FROM sync_state")}

    def set_state(self, **values: Any) -> None:
        for key, value in values.items():
            if value is None:
                self._c.execute("DELETE FROM sync_state WHERE key = ?", (key,))
            else:
                self._c.execute(
                    "INSERT INTO sync_state (key, value) VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, json.dumps(value)),
                )

    def files(self) -> dict[str, dict[str, Any]]:
        return {r["name"]: dict(r) for r in self._c.execute("SELECT * FROM sync_files")}

    def put_file(self, name: str, *, epoch: str | None, offset: int, line: int, size: int,
                 mtime: int, refused: str | None = None) -> None:
        self._c.execute(
            'INSERT OR REPLACE INTO sync_files (name, epoch, "offset", line, size, mtime, refused)'
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (name, epoch, offset, line, size, mtime, refused),
        )

    def forget_files(self) -> None:
        self._c.execute("DELETE FROM sync_files")

    def put_device(self, device: str, name: str, host: str, last_stamp: str | None,
                   seen_at: str) -> None:
        self._c.execute(
            "INSERT INTO sync_devices (device, name, host, last_stamp, seen_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (device) DO UPDATE SET name = excluded.name,"
            " host = excluded.host, seen_at = excluded.seen_at,"
            " last_stamp = max(coalesce(last_stamp, ''), coalesce(excluded.last_stamp, ''))",
            (device, name, host, last_stamp, seen_at),
        )

    # what changed here, and what is known

    def dirty(self) -> list[tuple[str, str, int]]:
        return [(r[0], r[1], r[2]) for r in self._c.execute(
            "SELECT kind, uid, at FROM sync_dirty ORDER BY at, kind, uid")]

    def keep_dirty(self, rows: list[tuple[str, str, int]]) -> None:
        """Forget every mark but ``rows`` (the changes not sent yet)."""
        self._c.execute("DELETE FROM sync_dirty")
        self._c.executemany("INSERT INTO sync_dirty (kind, uid, at) VALUES (?, ?, ?)", rows)

    def known(self, kind: str | None = None, uids: list[str] | None = None
              ) -> dict[tuple[str, str], tuple[str, str, Any]]:
        """``{(kind, uid): (stamp, digest, value)}`` of the latest changes known."""
        sql = "SELECT kind, uid, stamp, digest, value FROM sync_records"
        if kind is None:
            rows = self._c.execute(sql).fetchall()
        elif uids is None:
            rows = self._c.execute(sql + " WHERE kind = ?", (kind,)).fetchall()
        else:
            rows = []
            for part in _chunks(uids):
                marks = ", ".join("?" for _ in part)
                rows += self._c.execute(sql + f" WHERE kind = ? AND uid IN ({marks})",
                                        (kind, *part)).fetchall()
        return {(r[0], r[1]): (r[2], r[3], None if r[4] is None else json.loads(r[4]))
                for r in rows}

    def put_known(self, rows: list[tuple[str, str, str, str, Any]]) -> None:
        self._c.executemany(
            "INSERT OR REPLACE INTO sync_records (kind, uid, stamp, digest, value)"
            " VALUES (?, ?, ?, ?, ?)",
            [(k, u, s, d, None if v is None else json.dumps(v)) for k, u, s, d, v in rows],
        )

    def forget_known(self) -> None:
        self._c.execute("DELETE FROM sync_records")

    # the records themselves

    def records(self, table: str, uids: list[str] | None = None) -> dict[str, dict[str, Any]]:
        names = RECORD_FIELDS[table]
        sql = f"SELECT {', '.join(f'{chr(34)}{n}{chr(34)}' for n in names)} FROM {table}"
        if uids is None:
            rows = self._c.execute(sql).fetchall()
        else:
            rows = []
            for part in _chunks(uids):
                marks = ", ".join("?" for _ in part)
                rows += self._c.execute(sql + f" WHERE uid IN ({marks})", part).fetchall()
        out = {}
        for r in rows:
            record = _record_out(table, dict(zip(names, r)))
            out[record["uid"]] = record
        return out

    def linked(self, session_uids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Each session's before/after check-ins (export form), "before" first."""
        names = RECORD_FIELDS["checkins"]
        columns = ", ".join(f'"{n}"' for n in names)
        out: dict[str, list[dict[str, Any]]] = {uid: [] for uid in session_uids}
        for part in _chunks(session_uids):
            marks = ", ".join("?" for _ in part)
            for r in self._c.execute(f"SELECT {columns} FROM checkins WHERE session_uid IN"
                                     f" ({marks}) ORDER BY kind DESC, uid", part):
                record = _record_out("checkins", dict(zip(names, r)))
                out[record["session_uid"]].append(record)
        return out

    def put_linked(self, linked: dict[str, list[dict[str, Any]]]) -> None:
        """Make ``linked[session uid]`` each session's before/after check-ins (others go)."""
        keep = {c["uid"] for checkins in linked.values() for c in checkins}
        stale = []
        for part in _chunks(list(linked)):
            marks = ", ".join("?" for _ in part)
            stale += [r[0] for r in self._c.execute(
                f"SELECT uid FROM checkins WHERE session_uid IN ({marks})", part)
                if r[0] not in keep]
        self._c.executemany("DELETE FROM checkins WHERE uid = ?", [(u,) for u in stale])
        self.put_records("checkins", [c for checkins in linked.values() for c in checkins])

    def is_linked(self, uids: list[str]) -> set[str]:
        """Those of ``uids`` that are a session's before/after check-in here."""
        out: set[str] = set()
        for part in _chunks(uids):
            marks = ", ".join("?" for _ in part)
            out.update(r[0] for r in self._c.execute(
                f"SELECT uid FROM checkins WHERE session_uid IS NOT NULL AND uid IN ({marks})",
                part))
        return out

    def unfinished_sessions(self) -> set[str]:
        return {r[0] for r in self._c.execute("SELECT uid FROM sessions WHERE finished = 0")}

    def put_records(self, table: str, records: list[dict[str, Any]]) -> None:
        names = RECORD_FIELDS[table]
        columns = ", ".join(f'"{n}"' for n in names)
        marks = ", ".join("?" for _ in names)
        updates = ", ".join(f'"{n}" = excluded."{n}"' for n in names if n != "uid")
        self._c.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})"
            f" ON CONFLICT (uid) DO UPDATE SET {updates}",
            [[_record_in(table, n, r.get(n)) for n in names] for r in records],
        )

    def delete_records(self, table: str, deletions: list[tuple[str, str | None]]) -> None:
        """Delete ``(uid, deleted_at)`` records of ``table``, each leaving its tombstone."""
        for uid, deleted_at in deletions:
            Store._bury(self._c, table, uid, keep=False, deleted_at=deleted_at or self._stamp())

    def unbury(self, uids: list[str]) -> None:
        """Forget the tombstones of records that a later change brought back."""
        self._c.executemany("DELETE FROM tombstones WHERE uid = ?", [(u,) for u in uids])

    def deleted_at(self, uids: list[str]) -> dict[str, str]:
        """When each of ``uids`` that has a tombstone was deleted."""
        out: dict[str, str] = {}
        for part in _chunks(uids):
            marks = ", ".join("?" for _ in part)
            out.update(self._c.execute(
                f"SELECT uid, deleted_at FROM tombstones WHERE uid IN ({marks})", part).fetchall())
        return out

    def settings(self) -> dict[str, Any]:
        # A damaged value is left out (a sync then brings the other side's, if it has one).
        return {key: value for key, value in (
            (r[0], _setting_value(r[0], r[1], _DAMAGED))
            for r in self._c.execute("SELECT key, value FROM settings")) if value is not _DAMAGED}

    def put_setting(self, key: str, value: Any) -> None:
        if value is None:
            self._c.execute("DELETE FROM settings WHERE key = ?", (key,))
        else:
            self._c.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    def buddy(self) -> dict[str, Any]:
        """``{"name": ... or None, "contact": ...}`` (no buddy: no name, an empty contact)."""
        row = self._c.execute("SELECT name, contact FROM buddy WHERE id = 1").fetchone()
        return {"name": row[0], "contact": row[1]} if row else {"name": None, "contact": ""}

    def put_buddy(self, name: str | None, contact: str | None) -> None:
        if not name:
            self._c.execute("DELETE FROM buddy")
        else:
            self._c.execute(
                "INSERT INTO buddy (id, name, contact) VALUES (1, ?, ?) ON CONFLICT (id) DO "
                "UPDATE SET name = excluded.name, contact = excluded.contact",
                (name, contact or ""),
            )


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


# --------------------------------------------------------------------------- file checks


def _prepare_file(path: Path) -> bool:
    """Make sure the folder exists (private) and, for a new database, an empty 0600 file.

    Returns True when the database is new.
    """
    if path.is_dir():
        raise StoreError("is a folder, not a database file")
    if path.exists() and not path.is_file():
        raise StoreError("is not a regular file (a pipe or a device?), so not a coach "
                         "database; it was left unchanged")
    ensure_private_folder(path.parent)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return path.stat().st_size == 0
    os.close(fd)
    return True


def _log_waiting(path: Path) -> bool:
    """Whether a write-ahead log with something in it lies beside the database (the real
    file, as SQLite finds it, when ``path`` is a link)."""
    try:
        return os.path.getsize(f"{path.resolve()}-wal") > 0
    except OSError:
        return False


def _check_existing(path: Path, check_pages: bool = True) -> None:
    """Refuse, without writing a byte to it, a file that is not a healthy coach database.

    The file is read through a read-only connection: its header, the schema version, the
    names of the migrations applied and, with ``check_pages``, every page (``quick_check``:
    about a millisecond for a year of use; or later, by :meth:`Store.check_pages`). (A
    database in WAL mode may get an empty ``-wal``/``-shm`` beside it from that read; the file
    itself is never written.)
    """
    with open(path, "rb") as fh:
        header = fh.read(100)
    if not header.startswith(SQLITE_HEADER):
        raise StoreError("is not a coach database (not a SQLite file); it was left unchanged")
    if len(header) < 100:
        raise StoreError("is damaged (the file is cut short); it was left unchanged")
    probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        version = probe.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version > SCHEMA_VERSION:
            raise StoreError(_NEWER)
        if tables and "sessions" not in tables:
            raise StoreError("is a SQLite database, but not one of coach's; it was left unchanged")
        if "_sqlite_migrations" in tables:
            known = {name for name, _ in MIGRATIONS}
            applied = {r[0] for r in probe.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (MIGRATION_SET,))}
            if applied - known:
                raise StoreError(_NEWER)
        if check_pages:
            _quick_check(probe)
    except sqlite3.DatabaseError as exc:
        raise StoreError(_damage(exc)) from None
    finally:
        probe.close()


def _check_pages(path: Path) -> None:
    """``quick_check`` every page of an existing database, through a read-only connection."""
    probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        _quick_check(probe)
    except sqlite3.DatabaseError as exc:
        raise StoreError(_damage(exc)) from None
    finally:
        probe.close()


def _quick_check(probe: sqlite3.Connection) -> None:
    problems = [r[0] for r in probe.execute("PRAGMA quick_check(1)")]
    if problems != ["ok"]:
        raise StoreError("is damaged (the database image is malformed); it was left unchanged")


def _damage(exc: sqlite3.DatabaseError) -> str:
    reason = _explain(exc)
    if "not a database" in str(exc).lower():
        reason = "is damaged (its header is not valid)"
    return f"{reason}; it was left unchanged"


def _make_private(path: Path) -> None:
    real = path.resolve()  # SQLite keeps its -wal and -shm beside the real file
    for suffix in ("", "-wal", "-shm"):
        target = Path(f"{real}{suffix}")
        try:
            if target.exists() and (target.stat().st_mode & 0o077):
                os.chmod(target, 0o600)
        except OSError:
            pass


def _file_error(name: str, exc: Exception) -> StoreError:
    """One line naming the file, for what went wrong opening or checking it."""
    if isinstance(exc, StoreError):
        return StoreError(f"{name}: {exc}")
    if isinstance(exc, sqlite3.DatabaseError):
        return StoreError(f"{name}: {_explain(exc)}")
    return StoreError(f"{name}: {_os_reason(exc)}")  # type: ignore[arg-type]


_DAMAGED: Any = object()


def _setting_value(key: str, text: Any, damaged: Any) -> Any:
    """A stored setting's value, or ``damaged`` when it is not the JSON coach writes."""
    if not isinstance(text, str):
        return damaged
    try:
        return json.loads(text)
    except ValueError:
        return damaged


def _explain(exc: sqlite3.Error) -> str:
    """One plain line for a SQLite error."""
    text = str(exc).replace("\n", " ")
    lowered = text.lower()
    if "not a database" in lowered:
        return "is not a coach database (not a SQLite file)"
    if "malformed" in lowered or "corrupt" in lowered:
        return "is damaged (the database image is malformed)"
    if "readonly" in lowered or "read-only" in lowered:
        return "cannot be written (the file or its folder is read-only)"
    if "disk is full" in lowered or "database or disk is full" in lowered:
        return "cannot be written: the disk is full (nothing was changed)"
    if "disk i/o error" in lowered:
        return "cannot be written: the disk refused the write (is it full?); nothing was changed"
    if "locked" in lowered or "busy" in lowered:
        return "is busy in another coach window; please try again in a moment"
    if "unable to open" in lowered:
        return "cannot be opened (check the folder exists and is yours)"
    if "constraint failed" in lowered:
        return f"a value was refused ({text})"
    return text


def _os_reason(exc: OSError) -> str:
    import errno

    reason = (exc.strerror or str(exc)).lower()
    if exc.errno == errno.ENOSPC:
        return "cannot be written: the disk is full (nothing was changed)"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot be opened or created ({reason}: the file or its folder is read-only)"
    return f"cannot be opened or created ({reason})"
