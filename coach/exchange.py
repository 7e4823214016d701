"""Your data is yours: all of it out as JSON or CSV, and back in from coach's own JSON.

The JSON export is one object::

    {"version": 2, "exported_at": "2026-03-12T08:30:00+00:00",
     "settings": {key: value}, "buddy": {"name": ..., "contact": ...} | null,
     "sessions": [...], "checkins": [...], "buddy_checkins": [...], "pauses": [...],
     "moves": [...], "tombstones": [{"uid": ..., "kind": "sessions", "deleted_at": ...}]}

A tombstone says a record was deleted (``kind`` is its table): importing it deletes that
record here too, and a record with a tombstone is never brought back by an import. Version 1
files (before tombstones) are read as having none.

Days are ISO dates (``2026-03-12``, the user's local calendar day) and times naive local ISO
times to the second (``2026-03-12T08:30:00``). Every record carries its ``uid``, so an import
merges without duplicates: importing the same file twice changes nothing. The CSV export is
one file per table (with a header row) in a folder or a zip, for reading in a spreadsheet: a
text cell that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) is written with a ``'`` in front (see :func:`csv_text`). Import
reads coach's JSON export only, never CSV, so nothing needs taking back off on the way in;
:func:`csv_text_value` is the exact reverse, for anyone reading the CSV files by program.

An import reads and checks the whole file before it writes anything, then adds what is new
in one transaction. A file that is not valid is refused with one line saying where (which
record, which field) and the database is left exactly as it was.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from coach.models import BUDDY_REASONS, BUDDY_STATUSES, CHECKIN_KINDS, EFFORTS, STYLES, Settings
from coach.record import fields
from coach.store import MAX_SESSION_SECONDS, RECORD_FIELDS, Store
from coach.text import LINE_LIMIT, NAME_LIMIT, NOTE_LIMIT
from coach.text import problem as text_problem

EXPORT_VERSION = 2
#: Version 2 added ``tombstones``: the records deleted, so an import does not bring them back.
MAX_FILE_BYTES = 200 * 1024 * 1024

TOP_KEYS: tuple[str, ...] = (
    "version", "exported_at", "settings", "sessions", "checkins", "buddy", "buddy_checkins",
    "pauses", "moves", "tombstones",
)
TABLES: tuple[str, ...] = ("settings", "buddy", *RECORD_FIELDS, "tombstones")

_WORDS: dict[str, tuple[str, str]] = {
    "settings": ("setting", "settings"),
    "buddy": ("buddy", "buddies"),
    "sessions": ("session", "sessions"),
    "checkins": ("check-in", "check-ins"),
    "buddy_checkins": ("buddy check-in", "buddy check-ins"),
    "pauses": ("pause", "pauses"),
    "moves": ("moved session", "moved sessions"),
    "tombstones": ("deletion", "deletions"),
}


class ExchangeError(ValueError):
    """A file that cannot be exported to or imported, said in one line (where, and what)."""


class WriteFailed(ExchangeError):
    """The export could not be written (a full disk, a closed output): not the user's mistake."""


class ImportSummary:
    """How many records of each table an import added, how many were already here, and how
    many were left out because they were deleted here (``deleted``)."""

    __slots__ = ("added", "unchanged", "deleted")

    def __init__(self, added: dict[str, int] | None = None,
                 unchanged: dict[str, int] | None = None,
                 deleted: dict[str, int] | None = None) -> None:
        self.added: dict[str, int] = {} if added is None else added
        self.unchanged: dict[str, int] = {} if unchanged is None else unchanged
        self.deleted: dict[str, int] = {} if deleted is None else deleted

    def __repr__(self) -> str:
        return (f"ImportSummary(added={self.added!r}, unchanged={self.unchanged!r}, "
                f"deleted={self.deleted!r})")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            mine = (self.added, self.unchanged, _nonzero(self.deleted))
            return mine == (other.added, other.unchanged, _nonzero(other.deleted))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # it holds dicts

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    @property
    def total_unchanged(self) -> int:
        return sum(self.unchanged.values())

    @property
    def total_deleted(self) -> int:
        return sum(self.deleted.values())

    def __str__(self) -> str:
        kept, deleted = self.total_unchanged, self.total_deleted
        here = f"{_records(kept)} {_were(kept)} already here"
        left_out = (f"{_records(deleted)} {_were(deleted)} left out because you deleted "
                    f"{'it' if deleted == 1 else 'them'}")
        if not self.total_added:
            if not kept and not deleted:
                return "The file holds no records; nothing was changed."
            if not deleted:
                return f"Nothing new to add: all {_records(kept)} in the file were already here."
            if not kept:
                return f"Nothing new to add: {left_out}."
            return f"Nothing new to add: {here}, and {left_out}."
        parts = [_count(table, n) for table, n in self.added.items() if n]
        text = "Imported " + _join(parts) + "."
        if kept:
            text += f" {here} and kept as is."
        if deleted:
            text += f" {left_out}."
        return text


def _nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {table: n for table, n in counts.items() if n}


def _records(n: int) -> str:
    return f"{n} record{'' if n == 1 else 's'}"


def _were(n: int) -> str:
    return "was" if n == 1 else "were"


def _count(table: str, n: int) -> str:
    one, many = _WORDS[table]
    return f"{n} {one if n == 1 else many}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# --------------------------------------------------------------------------- export


def export_json(store: Store, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything in the database as one JSON-ready object (see the module docstring)."""
    data = store.dump()
    stamp = (now or datetime.now()).astimezone().replace(microsecond=0).isoformat()
    out: dict[str, Any] = {"version": EXPORT_VERSION, "exported_at": stamp}
    for key in TOP_KEYS[2:]:
        out[key] = data[key]
    return out


def export_text(store: Store, *, now: datetime | None = None) -> str:
    return json.dumps(export_json(store, now=now), indent=2, ensure_ascii=False) + "\n"


def write_export(store: Store, fmt: str, out: str | os.PathLike[str] | None) -> Path | None:
    """Write the export: ``fmt`` "json" or "csv".

    JSON goes to ``out`` (a file, replaced whole, mode 0600) or, when ``out`` is None or "-",
    to standard output. CSV needs ``out``: a folder (created 0700 if missing) that gets one
    file per table, or a path ending in ``.zip`` for one zip holding them. Returns the path
    written, or None for standard output. Raises :class:`ExchangeError` (one line).
    """
    if fmt == "json":
        text = export_text(store)
        if out is None or str(out) == "-":
            if sys.stdout is None:
                raise WriteFailed("standard output is closed; nothing was exported")
            try:
                sys.stdout.write(_c1_escaped(text))
                sys.stdout.flush()
            except BrokenPipeError:
                raise
            except (OSError, ValueError) as exc:
                reason = _reason(exc) if isinstance(exc, OSError) else "it is closed"
                raise WriteFailed(f"standard output cannot be written ({reason})") from None
            return None
        path = Path(out).expanduser()
        _write_private(path, text.encode("utf-8"))
        return path
    if fmt == "csv":
        if out is None or str(out) == "-":
            raise ExchangeError("CSV export needs -o FOLDER or -o FILE.zip")
        path = Path(out).expanduser()
        files = csv_files(export_json(store))
        if path.suffix.lower() == ".zip":
            _write_private(path, _zip_bytes(files))
        else:
            _write_folder(path, files)
        return path
    raise ExchangeError(f"'{fmt}' is not an export format (use json or csv)")


_C1 = re.compile("[\x80-\x9f]")


def _c1_escaped(text: str) -> str:
    """JSON text with any C1 control character written as a ``\\u`` escape, as JSON writes
    the C0 ones: a terminal shown the export never gets one raw. (They can only be inside
    strings, where the escape means the same.)"""
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def check_target(fmt: str, out: str | os.PathLike[str] | None,
                 database: str | os.PathLike[str] | None = None) -> None:
    """Refuse, before anything is opened or written, an export target that cannot be right:
    the database itself or a file coach keeps beside it (its write-ahead log, its shared
    memory, the status lines, a copy kept before an upgrade), a folder given for a JSON
    file, a folder that does not exist. ExchangeError in one line."""
    if out is None or str(out) == "-":
        return
    path = Path(out).expanduser()
    try:
        _check_target(fmt, path, database)
    except OSError as exc:
        raise ExchangeError(f"{path}: cannot be written ({_reason(exc)})") from None


def _check_target(fmt: str, path: Path, database: str | os.PathLike[str] | None) -> None:
    if database is not None and _beside_database(path, Path(database)):
        raise ExchangeError(f"{path}: is the database or a file coach keeps beside it; "
                            "give another file name")
    zipped = path.suffix.lower() == ".zip"
    if fmt == "json" or zipped:
        if path.is_dir():
            raise ExchangeError(f"{path}: is a folder; give a file name")
        if not path.parent.is_dir():
            raise ExchangeError(f"{path}: the folder {path.parent} does not exist")
    else:
        if path.exists() and not path.is_dir():
            raise ExchangeError(f"{path}: is a file; give a folder, or a name ending in .zip")
        if not path.exists() and not path.parent.is_dir():
            raise ExchangeError(f"{path}: the folder {path.parent} does not exist")


def _beside_database(path: Path, database: Path) -> bool:
    from coach.status import CACHE_SUFFIX

    try:
        target = path.resolve()
        real = database.expanduser().resolve()
    except (OSError, RuntimeError):
        return False
    if target.parent != real.parent and target.parent != database.expanduser().parent.resolve():
        return False
    name, own = target.name, {real.name, database.name}
    for base in own:
        if name == base or name in (f"{base}-wal", f"{base}-shm", f"{base}-journal",
                                    f"{base}{CACHE_SUFFIX}"):
            return True
        if name.startswith(f"{base}.v") and name.endswith(".bak"):
            return True
    try:
        return target.exists() and real.exists() and os.path.samefile(target, real)
    except OSError:
        return False


def csv_files(export: dict[str, Any]) -> dict[str, str]:
    """One CSV text per table, with a header row: ``{"sessions.csv": "...", ...}``.

    Empty values are empty cells; true/false are ``true``/``false``; a setting's value and a
    screener's answers are written as JSON. Text (a note, a name, a style...) goes through
    :func:`csv_text`, so that no cell is run as a formula; numbers, days and times, true/false
    and JSON are written as they are.
    """
    files: dict[str, str] = {}
    files["settings.csv"] = _csv(
        ("key", "value"),
        [(csv_text(key), json.dumps(value, ensure_ascii=False))
         for key, value in export["settings"].items()],
    )
    buddy = export["buddy"]
    files["buddy.csv"] = _csv(
        ("name", "contact"),
        [(csv_text(buddy["name"]), csv_text(buddy["contact"]))] if buddy else [],
    )
    for table, names in RECORD_FIELDS.items():
        files[f"{table}.csv"] = _csv(
            names, [[_cell(name, record[name]) for name in names] for record in export[table]]
        )
    stone_fields = ("uid", "kind", "deleted_at")
    files["tombstones.csv"] = _csv(
        stone_fields,
        [[_cell(name, stone[name]) for name in stone_fields] for stone in export["tombstones"]],
    )
    return files


#: The fields that hold a day or a time (ISO text, checked on import): not escaped.
_DAY_FIELDS = frozenset({"day", "started_at", "at", "start", "end", "from_day", "to_day",
                         "deleted_at"})
#: What a spreadsheet takes as the start of a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """A text cell as the CSV export writes it: with a ``'`` in front when a spreadsheet would
    otherwise run it as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return, after any ``'`` it already starts with). :func:`csv_text_value` undoes it.
    """
    return "'" + text if text.lstrip("'").startswith(_FORMULA_STARTS) else text


def csv_text_value(cell: str) -> str:
    """The text a cell of the CSV export holds: the exact reverse of :func:`csv_text`."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(_FORMULA_STARTS) else cell


def _cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value)
    if isinstance(value, str) and name not in _DAY_FIELDS:
        return csv_text(value)
    return str(value)


def _csv(header: tuple[str, ...], rows: list[Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _zip_bytes(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    stamp = datetime.now().timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o100600 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def _write_folder(folder: Path, files: dict[str, str]) -> None:
    if folder.exists() and not folder.is_dir():
        raise ExchangeError(f"{folder}: is a file; give a folder, or a name ending in .zip")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise ExchangeError(f"{folder}: the folder {folder.parent} does not exist")
        try:
            os.mkdir(folder, 0o700)
            os.chmod(folder, 0o700)
        except OSError as exc:
            raise WriteFailed(f"{folder}: cannot be created ({_reason(exc)})") from None
    for name, text in files.items():
        _write_private(folder / name, text.encode("utf-8"))


def _write_private(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` whole or not at all, the file readable by its owner only."""
    if path.is_dir():
        raise ExchangeError(f"{path}: is a folder; give a file name")
    if path.exists() and not path.is_file():  # a terminal, a pipe: write straight to it
        try:
            with open(path, "wb") as fh:
                fh.write(payload)
        except OSError as exc:
            raise WriteFailed(f"{path}: cannot be written ({_reason(exc)})") from None
        return
    parent = path.parent
    if not parent.is_dir():
        raise ExchangeError(f"{path}: the folder {parent} does not exist")
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise WriteFailed(f"{path}: cannot be written ({_reason(exc)})") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


# --------------------------------------------------------------------------- import


def import_file(store: Store, path: str | os.PathLike[str]) -> ImportSummary:
    """Check all of a coach JSON export, then merge it into ``store`` in one transaction.

    Raises :class:`ExchangeError` (one line: the file, the record, the field, the problem)
    with the database untouched; a problem with the database itself is a ``StoreError``.
    """
    data = read_export(path)
    return import_data(store, data)


def import_data(store: Store, data: dict[str, Any]) -> ImportSummary:
    """Merge already validated export data (from :func:`read_export`)."""
    counts = store.merge(data)
    return ImportSummary(
        added={t: counts[t][0] for t in TABLES},
        unchanged={t: counts[t][1] for t in TABLES},
        deleted={t: counts[t][2] for t in TABLES},
    )


def read_export(path: str | os.PathLike[str], today: date | None = None) -> dict[str, Any]:
    """Read and check a whole export file; returns its data or raises ExchangeError."""
    path = Path(path)
    name = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        raise ExchangeError(f"{name}: is a folder; give coach's JSON export file") from None
    except OSError as exc:
        raise ExchangeError(f"{name}: cannot be read ({_reason(exc)})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ExchangeError(f"{name}: is too large to be a coach export")
    return parse_export(raw, name, today)


def parse_export(raw: bytes, name: str = "the file", today: date | None = None) -> dict[str, Any]:
    """Parse and check the bytes of an export; ``name`` starts every error line."""
    if raw[:2] == b"PK":
        raise ExchangeError(f"{name}: is a zip file; coach imports its JSON export only")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExchangeError(f"{name}: is not UTF-8 text (at byte {exc.start})") from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ExchangeError(
            f"{name}: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except _Refused as exc:
        raise ExchangeError(f"{name}: is not valid JSON ({exc})") from None
    except (ValueError, RecursionError) as exc:
        raise ExchangeError(f"{name}: is not valid JSON ({str(exc).splitlines()[0]})") from None
    return validate(data, name, today)


class _Refused(Exception):
    pass


def loads_strict(text: str | bytes) -> Any:
    """JSON as import reads it: a key twice in one object, NaN or Infinity is refused
    (ValueError, one line)."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except _Refused as exc:
        raise ValueError(str(exc)) from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"is not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise ValueError("is not valid JSON (nested too deeply)") from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"the key '{_short(key)}' appears twice in one object")
        out[key] = value
    return out


def _no_constant(word: str) -> Any:
    raise _Refused(f"{word} is not a number JSON allows")


# ----------------------------------------------------------------- checking, field by field


class _Bad(Exception):
    """A problem with one value; the caller adds where it is."""


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLOCK = re.compile(r"\d{2}:\d{2}")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


def _short(value: Any, limit: int = 40) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f"'{_short(value)}'"


def _text(value: Any, limit: int | None = None, *, note: bool = False) -> str:
    """Text as coach stores it (see :func:`coach.text.check_text`): printable characters,
    newlines only in a note."""
    if not isinstance(value, str):
        raise _Bad(f"must be text, not {_show(value)}")
    wrong = text_problem(value, note=note, limit=limit)
    if wrong is not None:
        raise _Bad(wrong)
    return value


def _note(value: Any) -> str:
    return _text(value, NOTE_LIMIT, note=True)


def _uid(value: Any) -> str:
    _text(value, 64)
    if not value.strip():
        raise _Bad("must not be empty")
    return value


def _day(value: Any) -> str:
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise _Bad(f"must be a date like 2026-03-12, not {_show(value)}")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise _Bad(f"{_show(value)} is not a real date") from None
    return value


def _time(value: Any) -> str:
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        raise _Bad(f"must be a time like 2026-03-12T08:30:00, not {_show(value)}")
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise _Bad(f"{_show(value)} is not a real date and time") from None
    return value


def _clock(value: Any) -> str:
    if not isinstance(value, str) or not _CLOCK.fullmatch(value) or not (
        int(value[:2]) < 24 and int(value[3:]) < 60
    ):
        raise _Bad(f"must be a time of day like 08:30, not {_show(value)}")
    return value


def _names(value: Any) -> list[str]:
    if not isinstance(value, list) or len(value) > 200:
        raise _Bad(f"must be a list of exercise names, not {_show(value)}")
    for item in value:
        if not _text(item, 200).strip():
            raise _Bad("holds an empty exercise name")
    return value


def _whole(low: int, high: int, what: str) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Bad(f"must be a whole number, not {_show(value)}")
        if not low <= value <= high:
            raise _Bad(f"must be {what} from {low} to {high}, not {value}")
        return value

    return check


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"must be true or false, not {_show(value)}")
    return value


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices or not isinstance(value, str):
            raise _Bad(f"must be one of {', '.join(choices)}, not {_show(value)}")
        return value

    return check


def _answers(value: Any) -> list[int]:
    if not isinstance(value, list) or len(value) != 4:
        raise _Bad(f"must be a list of four answers, not {_show(value)}")
    score = _whole(0, 3, "an answer")
    for item in value:
        score(item)
    return value


def _maybe(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def optional(value: Any) -> Any:
        return None if value is None else check(value)

    return optional


_MOOD = _whole(1, 5, "a mood")
_ANXIETY = _whole(1, 5, "an anxiety level")

FIELD_CHECKS: dict[str, dict[str, Callable[[Any], Any]]] = {
    "sessions": {
        "uid": _uid,
        "day": _day,
        "started_at": _maybe(_time),
        "seconds": _whole(0, MAX_SESSION_SECONDS, "a number of seconds"),
        "style": _maybe(lambda v: _text(v, 100)),
        "routine": _maybe(lambda v: _text(v, 200)),
        "mood_before": _maybe(_MOOD),
        "mood_after": _maybe(_MOOD),
        "pain": _flag,
        "note": _maybe(_note),
        "finished": _flag,
        "effort": _maybe(_one_of(EFFORTS)),
        "easier": _names,
        "time_of_day": _maybe(_clock),
    },
    "checkins": {
        "uid": _uid,
        "day": _day,
        "at": _maybe(_time),
        "kind": _one_of(CHECKIN_KINDS),
        "mood": _maybe(_MOOD),
        "anxiety": _maybe(_ANXIETY),
        "note": _maybe(_note),
        "session_uid": _maybe(_uid),
        "answers": _maybe(_answers),
    },
    "buddy_checkins": {
        "uid": _uid,
        "day": _day,
        "reason": _one_of(BUDDY_REASONS),
        "status": _one_of(BUDDY_STATUSES),
        "at": _maybe(_time),
    },
    "pauses": {"uid": _uid, "start": _day, "end": _maybe(_day)},
    "moves": {"uid": _uid, "from_day": _day, "to_day": _day},
}


def _weekdays(value: Any) -> list[int]:
    if not isinstance(value, list) or not 1 <= len(value) <= 7:
        raise _Bad(f"must be a list of weekdays (0 Monday to 6 Sunday), not {_show(value)}")
    day = _whole(0, 6, "a weekday")
    for item in value:
        day(item)
    if len(set(value)) != len(value):
        raise _Bad("names a weekday twice")
    return value


SETTING_CHECKS: dict[str, Callable[[Any], Any]] = {
    "days_two": _weekdays,
    "days_three": _weekdays,
    "week_starts_sunday": _flag,
    "style": _one_of(STYLES),
    "bell": _flag,
    "count_in": _flag,
    "screener": _flag,
    "theme": lambda v: _text(v, 100),
    "onboarded": _flag,
}
"""The known settings (the fields of ``Settings``); any other key holds free JSON."""

#: Fields added to the export since it was first written, with the value they take in an
#: older file (or a change from an older coach) that does not have them yet.
ADDED_FIELDS: dict[str, dict[str, Any]] = {
    "sessions": {"effort": None, "easier": [], "time_of_day": None},
}

assert set(SETTING_CHECKS) == set(fields(Settings))


def _cues(value: Any) -> Any:
    """The if-then cues: weekday ("0" Monday ... "6" Sunday) to {when, at, if_hard}, each
    under the same rules as ``coach cue``."""
    from coach.cues import CueError, make_cue

    if not isinstance(value, dict):
        raise _Bad(f"must be an object of weekdays and cues, not {_show(value)}")
    for key, cue in value.items():
        if key not in ("0", "1", "2", "3", "4", "5", "6"):
            raise _Bad(f"'{_short(str(key))}' is not a weekday (0 Monday ... 6 Sunday)")
        if not isinstance(cue, dict) or not set(cue) <= {"when", "at", "if_hard"}:
            raise _Bad(f"the cue of weekday {key} must be an object of when, at and if_hard")
        parts = [cue.get(name) for name in ("when", "at", "if_hard")]
        if any(part is not None and not isinstance(part, str) for part in parts):
            raise _Bad(f"the cue of weekday {key} holds text or null only")
        try:
            make_cue(*(part or "" for part in parts))
        except CueError as exc:
            raise _Bad(f"the cue of weekday {key}: {exc}") from None
    return value


OTHER_SETTING_CHECKS: dict[str, Callable[[Any], Any]] = {
    "cues": _cues,
    "calendar_id": lambda v: _text(v, 100),
}
"""Settings kept beside the fields of ``Settings`` that are checked too."""
assert {t: tuple(c) for t, c in FIELD_CHECKS.items()} == RECORD_FIELDS


def validate(data: Any, name: str = "the file", today: date | None = None) -> dict[str, Any]:
    """Check an export object whole; return it, or raise ExchangeError saying where.

    Days are checked against ``today`` (the user's day when not given) as the command line
    checks them: a session, a check-in or a buddy check-in from 1970-01-01 to today, a pause
    or a moved session up to a few years ahead.
    """
    from coach.dates import today as local_today

    day_now = local_today() if today is None else today

    def fail(where: str, problem: str) -> ExchangeError:
        return ExchangeError(f"{name}: {where}: {problem}" if where else f"{name}: {problem}")

    if not isinstance(data, dict):
        raise fail("", "is not a coach export (it is not one JSON object)")
    version = data.get("version")
    if "version" not in data:
        raise fail("", "is not a coach export (it has no version)")
    if isinstance(version, bool) or not isinstance(version, int):
        raise fail("version", f"must be a whole number, not {_show(version)}")
    if version > EXPORT_VERSION:
        raise fail("", f"was made by a newer version of coach (export version {version}); "
                       "please update coach to import it")
    if version < 1:
        raise fail("version", f"{version} is not an export version coach knows")
    if version == 1 and "tombstones" not in data:  # exports before deletions were kept
        data = {**data, "tombstones": []}
    missing = [key for key in TOP_KEYS if key not in data]
    if missing:
        raise fail("", f"is not a whole coach export ('{missing[0]}' is missing)")
    extra = [key for key in data if key not in TOP_KEYS]
    if extra:
        raise fail("", f"has a part coach does not know: '{_short(extra[0])}'")
    stamp = data["exported_at"]
    try:
        if not isinstance(stamp, str):
            raise ValueError
        datetime.fromisoformat(stamp)
    except ValueError:
        raise fail("exported_at", f"must be a date and time, not {_show(stamp)}") from None

    settings = data["settings"]
    if not isinstance(settings, dict):
        raise fail("settings", "must be an object of names and values")
    for key, value in settings.items():
        problem = setting_problem(key, value)
        if problem:
            raise fail(f"settings, '{_short(key)}'", problem)

    buddy = data["buddy"]
    if buddy is not None:
        if not isinstance(buddy, dict):
            raise fail("buddy", "must be an object with name and contact, or null")
        for key in ("name", "contact"):
            if key not in buddy:
                raise fail("buddy", f"field {key} is missing")
        for key in buddy:
            if key not in ("name", "contact"):
                raise fail("buddy", f"has a field coach does not know: '{_short(key)}'")
        for key in ("name", "contact"):
            problem = buddy_problem(key, buddy[key])
            if problem:
                raise fail(f"buddy, field {key}", problem)

    for table in FIELD_CHECKS:
        records = data[table]
        if not isinstance(records, list):
            raise fail(table, "must be a list of records")
        seen: set[str] = set()
        for index, record in enumerate(records, start=1):
            where = f"{table}, record {index}"
            if isinstance(record, dict):
                uid = record.get("uid")
                if isinstance(uid, str) and uid.strip() and len(uid) <= 64:
                    where += f" (uid {_short(uid, 12)})"
            found = record_problem(table, record, day_now)
            if found:
                raise fail(f"{where}, {found[0]}" if found[0] else where, found[1])
            if record["uid"] in seen:
                raise fail(f"{where}, field uid", "the same uid appears twice")
            seen.add(record["uid"])
    _check_tombstones(data["tombstones"], fail)
    _check_session_links(data, fail)
    return data


def record_problem(table: str, record: Any, today: date | None = None) -> tuple[str, str] | None:
    """What import finds wrong with one record of ``table`` on its own: ``(where in the
    record, problem)`` (where is "" or "field NAME"), or None when it is valid. Import checks
    each record with it, and so does a sync (coach.sync) for each change it reads.

    With ``today``, its days are checked too, as the command line checks them: a session, a
    check-in or a buddy check-in from 1970-01-01 to today, a pause or a moved session up to a
    few years ahead (``coach.dates``)."""
    checks = FIELD_CHECKS[table]
    if not isinstance(record, dict):
        return "", "is not an object"
    added = ADDED_FIELDS.get(table, {})
    for key in checks:
        if key not in record and key not in added:
            return "", f"field {key} is missing"
    for key in record:
        if key not in checks:
            return "", f"has a field coach does not know: '{_short(key)}'"
    for key, check in checks.items():
        try:
            check(record[key] if key in record else added[key])
        except _Bad as exc:
            return f"field {key}", str(exc)
    if today is not None:
        from coach.dates import plan_day_problem, record_day_problem

        bound = plan_day_problem if table in ("pauses", "moves") else record_day_problem
        for key in sorted(_DAY_FIELDS & record.keys()):
            value = record[key]
            if value is not None and key != "deleted_at":
                wrong = bound(date.fromisoformat(value[:10]), today)
                if wrong is not None:
                    return f"field {key}", wrong
    if table == "pauses" and record["end"] is not None and record["end"] < record["start"]:
        return "field end", "the pause ends before it starts"
    if (table == "checkins" and record["session_uid"] is not None
            and record["kind"] not in ("before", "after")):
        return "field session_uid", "only before and after check-ins belong to a session"
    return None


def session_problem(session: Any, linked: Any, today: date | None = None) -> str | None:
    """What import finds wrong with a session and its before/after check-ins (``linked``, a
    list), checked together as one file holding just them would be (its days up to ``today``,
    the user's day when not given); None when valid."""
    if not isinstance(linked, list):
        return "linked must be a list of check-ins"
    data = {"version": EXPORT_VERSION, "exported_at": "2026-01-01T00:00:00", "settings": {},
            "buddy": None, "sessions": [session], "checkins": linked, "buddy_checkins": [],
            "pauses": [], "moves": [], "tombstones": []}
    try:
        validate(data, "", today)
    except ExchangeError as exc:
        problem = str(exc).removeprefix(": ")
        return problem.replace("sessions, record 1", "the session", 1)
    if any(c["session_uid"] != session["uid"] for c in linked):
        return "a linked check-in belongs to another session"
    return None


def setting_problem(key: Any, value: Any) -> str | None:
    """What import finds wrong with one setting, or None."""
    try:
        _text(key, 100)
        if not key:
            raise _Bad("a setting has an empty name")
        check = SETTING_CHECKS.get(key) or OTHER_SETTING_CHECKS.get(key)
        if check is not None:
            check(value)
    except _Bad as exc:
        return str(exc)
    return None


def buddy_problem(key: str, value: Any) -> str | None:
    """What import finds wrong with the buddy's ``name`` or ``contact``, or None."""
    try:
        if key == "name":
            if not _text(value, NAME_LIMIT).strip():
                raise _Bad("must not be empty")
        else:
            _text(value, LINE_LIMIT)
    except _Bad as exc:
        return str(exc)
    return None


TOMBSTONE_CHECKS: dict[str, Callable[[Any], Any]] = {
    "uid": _uid,
    "kind": _one_of(Store.TOMBSTONE_KINDS),
    "deleted_at": _time,
}


def tombstone_problem(key: str, value: Any) -> str | None:
    """What import finds wrong with one field of a tombstone, or None."""
    try:
        TOMBSTONE_CHECKS[key](value)
    except _Bad as exc:
        return str(exc)
    return None


def _check_tombstones(stones: Any, fail: Callable[[str, str], ExchangeError]) -> None:
    if not isinstance(stones, list):
        raise fail("tombstones", "must be a list of deletions")
    seen: set[str] = set()
    for index, stone in enumerate(stones, start=1):
        where = f"tombstones, record {index}"
        if not isinstance(stone, dict):
            raise fail(where, "is not an object")
        for key in TOMBSTONE_CHECKS:
            if key not in stone:
                raise fail(where, f"field {key} is missing")
        for key in stone:
            if key not in TOMBSTONE_CHECKS:
                raise fail(where, f"has a field coach does not know: '{_short(key)}'")
        for key, check in TOMBSTONE_CHECKS.items():
            try:
                check(stone[key])
            except _Bad as exc:
                raise fail(f"{where}, field {key}", str(exc)) from None
        if stone["uid"] in seen:
            raise fail(f"{where}, field uid", "the same uid appears twice")
        seen.add(stone["uid"])


def _check_session_links(data: dict[str, Any], fail: Callable[[str, str], ExchangeError]) -> None:
    """A check-in linked to a session is its "before" or "after" mood: at most one of each
    per session, in the file, on the session's day, with the session's mood."""
    sessions = {s["uid"]: s for s in data["sessions"]}
    linked: set[tuple[str, str]] = set()
    for index, checkin in enumerate(data["checkins"], start=1):
        link = checkin["session_uid"]
        if link is None:
            continue
        where = f"checkins, record {index} (uid {_short(checkin['uid'], 12)})"
        kind = checkin["kind"]
        session = sessions.get(link)
        if session is None:
            raise fail(f"{where}, field session_uid", "names a session that is not in the file")
        if (link, kind) in linked:
            raise fail(where, f"the session already has a '{kind}' check-in")
        linked.add((link, kind))
        mood = session[f"mood_{kind}"]
        if checkin["mood"] != mood:
            raise fail(f"{where}, field mood",
                       f"{_show(checkin['mood'])} is not its session's mood {kind} ({_show(mood)})")
        if checkin["day"] != session["day"]:
            raise fail(f"{where}, field day", "is not its session's day")
