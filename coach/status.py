"""``coach status``: two or three plain lines for a shell's start-up file.

It runs in every new shell, so it is kept quick: no click, no Textual, and the lines are
remembered. The lines depend only on the database's contents, the day and coach's own code, so
they are kept beside the database (``<database>-status``, private like the database) under a
fingerprint of those three: the bytes of the database file and of its write-ahead log, the date,
and the version and source files of the modules that compute the lines. While nothing changed,
the next ``coach status`` prints the kept lines without opening the database; any write, a new
day or another coach computes them afresh.
"""

from __future__ import annotations

import os
import sys
from datetime import date, timedelta

TYPE_CHECKING = False
if TYPE_CHECKING:
    from coach.models import History
    from coach.mood import Care
    from coach.plan import WeekPlan
    from coach.store import Store

CACHE_SUFFIX = "-status"
DUE_SUFFIX = "-due"  # the kept exit status of ``coach status --quiet``, under the same key
CACHE_HEADER = "coach status cache 2"
#: The modules whose code shapes the status lines (their source files are in the fingerprint).
_SOURCES = ("status.py", "plan.py", "report.py", "mood.py", "models.py", "store.py", "dates.py",
            "words.py", "corrections.py", "text.py", "cues.py")


def status_text(store: Store, today: date, odd: bool = False) -> str:
    """The status lines for ``today``, any control character in them made visible; with
    ``odd``, a line after them for each record out of range (``Store.odd_records``)."""
    from coach.plan import Planner
    from coach import report
    from coach.cues import week_cues
    from coach.mood import insight

    from coach.words import odd_lines
    from coach.text import visible

    # Recent check-ins only, without years of them: the lines come out exactly as from the
    # whole history (see Store.recent_history).
    history = store.recent_history(today)
    week = Planner(history).plan_week(today, today)
    found = insight(history.sessions)
    lines = report.status_lines(
        week,
        insight_line=found.text if found else None,
        care=todays_care(history, week),
        buddy=history.buddy,
        cue=week_cues(store.cues(), week).get(today),
    )
    if odd:
        lines += [f"coach: {line}" for line in odd_lines(store.odd_records(today))]
        from coach.words import damaged_setting

        lines += [f"coach: {damaged_setting(key)}" for key in store.damaged_settings()]
    return visible("\n".join(lines), note=True)


def todays_care(history: History, week: WeekPlan) -> Care:
    """The care the morning of ``week.day`` calls for (see ``coach.mood.care``)."""
    from coach.mood import care

    here = week.day_plan(week.day)
    return care(history.checkins, week.day,
                session_planned=here is not None and here.status == "planned")


def session_due(store: Store, today: date) -> bool:
    """``coach status --quiet``: whether a session is planned today and not done yet."""
    from coach.plan import Planner

    here = Planner(store.recent_history(today)).plan_week(today, today).today_plan
    return here is not None and here.status == "planned"


# --------------------------------------------------------------------------- remembered lines


def fingerprint(db: str | os.PathLike[str], today: date) -> str | None:
    """A digest of all the status lines depend on; None when there is no database file yet.

    Taken before the database is opened, so the lines kept under it are never older than it.
    """
    keys = fingerprints(db, [today])
    return keys[0] if keys else None


def fingerprints(db: str | os.PathLike[str], days: list[date]) -> list[str] | None:
    """``fingerprint`` for each of ``days``, reading the database's bytes once."""
    try:
        from _blake2 import blake2b  # what hashlib.blake2b is, without loading OpenSSL
    except ImportError:  # pragma: no cover - an interpreter built without it
        from hashlib import blake2b

    from coach import __version__

    digest = blake2b(digest_size=20)
    for suffix in ("", "-wal"):
        try:
            with open(f"{os.fspath(db)}{suffix}", "rb") as fh:
                size = 0
                while chunk := fh.read(1 << 20):
                    digest.update(chunk)
                    size += len(chunk)
        except FileNotFoundError:
            if not suffix:
                return None
            size = -1
        digest.update(f"|{suffix}:{size}|".encode())
    here = os.path.dirname(os.path.abspath(__file__))
    code = [__version__]
    for name in _SOURCES:
        try:
            st = os.stat(os.path.join(here, name))
            code.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            code.append(f"{name}:-")
    keys = []
    for day in days:
        one = digest.copy()
        one.update(f"{day.isoformat()}|{'|'.join(code)}".encode())
        keys.append(one.hexdigest())
    return keys


def cache_path(db: str | os.PathLike[str]) -> str:
    return f"{os.fspath(db)}{CACHE_SUFFIX}"


def read_cache(db: str | os.PathLike[str], key: str) -> str | None:
    """The lines kept under ``key``, or None.

    The file holds one or more entries (today's lines, and the next day's when worked out
    ahead), each a key line, a line with the number of lines, then the lines.
    """
    try:
        with open(cache_path(db), encoding="utf-8") as fh:
            header, *rest = fh.read().split("\n")
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if header != CACHE_HEADER:
        return None
    i = 0
    try:
        while i + 1 < len(rest):
            kept_key, count = rest[i], int(rest[i + 1])
            if kept_key == key:
                return "\n".join(rest[i + 2 : i + 2 + count])
            i += 2 + count
    except ValueError:
        return None
    return None


def write_cache(db: str | os.PathLike[str], key: str, text: str,
                more: list[tuple[str, str]] = ()) -> None:  # type: ignore[assignment]
    """Keep the lines under ``key`` (and ``more`` entries: (key, lines)), private, written
    whole or not at all; a failure is of no consequence."""
    target = cache_path(db)
    temp = f"{target}.{os.getpid()}.tmp"
    body = [CACHE_HEADER]
    for k, t in [(key, text), *more]:
        lines = t.split("\n")
        body += [k, str(len(lines)), *lines]
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("\n".join(body))
        os.replace(temp, target)
    except OSError:
        try:
            os.unlink(temp)
        except OSError:
            pass


# --------------------------------------------------------------------------- the command


def db_file(db: str | None) -> str:
    """The database file as :func:`coach.paths.resolve_db_path` finds it, as a string.

    A path given by ``--db`` or ``COACH_DB`` is resolved here without loading pathlib (it
    costs more than the rest of a remembered ``coach status``); the default asks coach.paths.
    """
    given = db or os.environ.get("COACH_DB")
    if given:
        return os.path.expanduser(given)
    from coach.paths import default_db_path

    return os.fspath(default_db_path())


def refresh_kept_lines(db: str | os.PathLike[str]) -> None:
    """Work out and keep the status lines now, so the next new shell finds them ready: today's,
    and the next day's too, so the first shell of tomorrow morning finds them ready as well
    (when nothing is written in between).

    For a command that has just written and closed the database (it is opened again here):
    it costs that command what ``coach status`` would otherwise cost the next shell (little
    more than reading the database and planning the week, as its modules are loaded), and
    next to nothing when the kept lines already match. Any problem is left for
    ``coach status`` to report.

    Call it after the store is closed: closing the last connection to the database moves its
    write-ahead log into the file, which changes the bytes the lines are kept under, so lines
    kept before that are not used (they are worked out again: never stale, only slower). A
    program that keeps the database open (the app) may call it after each write, for the
    shells opened meanwhile, and once more after it closes the store.
    """

    from coach.dates import today as today_
    from coach.store import Store, StoreError

    path = os.fspath(db)
    today = today_()
    tomorrow = today + timedelta(days=1)
    try:
        keys = fingerprints(path, [today, tomorrow]) if os.path.isfile(path) else None
    except OSError:
        return
    if keys is None or (read_cache(path, keys[0]) is not None
                        and read_cache(path, keys[1]) is not None):
        return
    try:
        with Store.open(path, check_pages=False) as store:
            text = status_text(store, today, odd=True)
            ahead = status_text(store, tomorrow, odd=True)  # the first shell of the next day finds it
            due = [str(int(not session_due(store, day))) for day in (today, tomorrow)]
    except StoreError:
        return
    write_cache(path, keys[0], text, [(keys[1], ahead), (keys[0] + DUE_SUFFIX, due[0]),
                                      (keys[1] + DUE_SUFFIX, due[1])])


def _visible(line: str) -> str:
    from coach.text import visible

    return visible(line)


def run_status(db: str | None, quiet: bool = False) -> int:
    """``coach status``; with ``quiet``, print nothing and return 0 when a session is planned
    today and not done yet, else 1 (for a shell prompt)."""
    from coach.dates import today as today_
    from coach.text import wrapped

    path = db_file(db)
    today = today_()
    key = fingerprint(path, today) if os.path.isfile(path) else None
    if quiet:
        return _run_quiet(db, path, key, today)
    if key is not None:
        kept = read_cache(path, key)
        if kept is not None:
            print(wrapped(kept))
            return 0

    from coach.paths import resolve_db_path
    from coach.store import Store, StoreError

    try:
        store = Store.open(resolve_db_path(db), check_pages=False)  # a look; the app checks
    except StoreError as exc:
        print(_visible(f"coach: {exc}"), file=sys.stderr)
        return 1
    try:
        text = status_text(store, today, odd=True)
    except StoreError as exc:
        print(_visible(f"coach: {exc}"), file=sys.stderr)
        return 1
    finally:
        store.close()
    print(wrapped(text))
    if key is not None:
        write_cache(path, key, text)
    return 0


def _run_quiet(db: str | None, path: str, key: str | None, today: date) -> int:
    if key is not None:
        kept = read_cache(path, key + DUE_SUFFIX)
        if kept in ("0", "1"):
            return int(kept)

    from coach.paths import resolve_db_path
    from coach.store import Store, StoreError

    try:
        with Store.open(resolve_db_path(db), check_pages=False) as store:
            return 0 if session_due(store, today) else 1
    except StoreError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 1
