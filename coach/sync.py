"""Two machines, one history: sync through a folder that the user's own sync engine
(Syncthing, Dropbox, a git repository, a USB stick...) keeps in step. No network code.

The folder holds one file per device, ``coach-<device id>.jsonl``, that only that device
writes. Its first line says whose it is::

    {"coach_sync": 1, "device": "3f9c0a1b2c3d4e5f", "epoch": "…", "name": "laptop", "host": "laptop"}

and every other line is one change, one JSON object::

    {"kind": "sessions", "uid": "…", "device": "3f9c…", "stamp": "001765432100000-000000-3f9c…",
     "op": "create", "data": {…the record as the export writes it…}}

``kind`` is a table of the export (``sessions``, ``checkins``, ``buddy_checkins``, ``pauses``,
``moves``), or ``settings`` (``uid`` is the setting's name) or ``buddy`` (``uid`` is ``name``
or ``contact``), whose ``data`` is ``{"value": …}``; ``op`` is ``create``, ``edit`` or
``delete`` (``data`` null). A file only grows, until ``coach sync --compact`` rewrites it as a
snapshot under a new ``epoch``, and its readers then read it again from the top.

- **Stamps** come from a hybrid logical clock (:class:`HybridClock`): the wall clock in
  milliseconds, a counter, and the device id, fixed width so that they compare as strings. A
  device's clock never goes back, and it moves past every stamp the device has read, so an
  edit made after seeing another device's change always comes later, however wrong the wall
  clock is. The wall time of a change is when it was written (the store notes it).
- **Merging** is per record (per key for settings and the buddy): the change with the latest
  stamp wins, a deletion being a change like any other. So merging is idempotent and the order
  in which files arrive, or how often, does not change the result.
- **What is read** is checked as import checks it (coach.exchange), its days bounded as
  import bounds them (a record from 1970-01-01 to today, a plan up to a few years ahead), with
  one day more (``DAYS_AHEAD``), as a device a time zone ahead may be on tomorrow: a line that
  fails is reported once, in one line, and skipped; a last line without its newline (the sync engine
  copied the file half-way) is left for next time. Each file is read from where the last sync
  stopped. Conflict copies that sync engines make (``*.sync-conflict-*``, "conflicted copy")
  are read as more changes. Only plain files named ``coach-….jsonl`` are read; links and
  folders are reported, never followed; nothing is ever run.
- **Identity**: a database copied to another machine (its host name differs from the one it
  last synced on, or its own file grew without it) becomes a new device there, with a notice.

Settings that sync are the user's choices (the fields of ``Settings``, and the if-then cues);
what a device keeps
for itself (when the app last opened, this sync state) stays on it. A session still running
on the timer is sent once it is finished.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import socket
import stat
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable

from coach import dates
from coach.exchange import (
    buddy_problem, loads_strict, record_problem, session_problem, setting_problem,
    tombstone_problem,
)
from coach.models import Settings
from coach.record import fields
from coach.store import CUES_KEY, RECORD_FIELDS, Store, SyncTables

FORMAT = 1
RECORD_KINDS: tuple[str, ...] = tuple(RECORD_FIELDS)
KINDS: tuple[str, ...] = (*RECORD_KINDS, "settings", "buddy")
SETTING_KEYS = frozenset(fields(Settings)) | {CUES_KEY}  # the user's choices
BUDDY_KEYS: tuple[str, ...] = ("name", "contact")
OPS: tuple[str, ...] = ("create", "edit", "delete")
DELETED = "-"
MAX_LINE = 4 * 1024 * 1024
PREFIX, SUFFIX = "coach-", ".jsonl"
LINE_KEYS = frozenset({"kind", "uid", "device", "stamp", "op", "data"})
DAYS_AHEAD = dates.ZONE_AHEAD_DAYS
"""How far past this machine's today a record read from another device may be dated: where
it is already tomorrow (a time zone ahead), a session done today is dated tomorrow."""

_DEVICE = re.compile(r"[0-9a-f]{16}")
_STAMP = re.compile(r"(\d{15})-(\d{6})-([0-9a-f]{16})")
_MAX_COUNT = 999_999


class SyncError(Exception):
    """The sync folder cannot be used, said in one line; nothing was changed."""


# --------------------------------------------------------------------------- the clock


def make_stamp(wall: int, count: int, device: str) -> str:
    return f"{wall:015d}-{count:06d}-{device}"


def parse_stamp(text: Any) -> tuple[int, int, str] | None:
    if not isinstance(text, str):
        return None
    found = _STAMP.fullmatch(text)
    if found is None:
        return None
    return int(found[1]), int(found[2]), found[3]


class HybridClock:
    """A hybrid logical clock (Kulkarni et al. 2014) for one device.

    :meth:`stamp` gives a stamp for a change made at ``physical`` milliseconds: later than
    every stamp given or seen before, and equal to the wall time when the wall clock is ahead
    of all of them. :meth:`see` takes in a stamp read from another device.
    """

    def __init__(self, device: str, wall: int = 0, count: int = 0) -> None:
        self.device = device
        self.wall = wall
        self.count = count

    def stamp(self, physical: int) -> str:
        if physical > self.wall:
            self.wall, self.count = physical, 0
        elif self.count >= _MAX_COUNT:
            self.wall, self.count = self.wall + 1, 0
        else:
            self.count += 1
        return make_stamp(self.wall, self.count, self.device)

    def see(self, stamp: str) -> None:
        parsed = parse_stamp(stamp)
        if parsed is not None and (parsed[0], parsed[1]) > (self.wall, self.count):
            self.wall, self.count = parsed[0], parsed[1]

    @property
    def state(self) -> list[int]:
        return [self.wall, self.count]


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- the report


class SyncReport:
    """What one sync did: changes sent and taken in, the devices whose files were read,
    and one line per problem found in the folder and per notice (a new device id)."""

    __slots__ = ("folder", "sent", "received", "devices", "problems", "notices")

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sent = 0
        self.received = 0
        self.devices: list[str] = []
        self.problems: list[str] = []
        self.notices: list[str] = []

    def __str__(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        if not self.sent and not self.received:
            return f"In step with {self.folder}: nothing new."
        text = f"Synced with {self.folder}: {n(self.sent, 'change')} sent, "
        text += f"{n(self.received, 'change')} taken in"
        if self.devices:
            text += " from " + ", ".join(self.devices)
        return text + "."


# --------------------------------------------------------------------------- syncing


def sync(store: Store, folder: str | os.PathLike[str] | None = None, *,
         clock: Callable[[], float] = time.time, host: str | None = None,
         compact: bool = False, today: date | None = None) -> SyncReport:
    """Merge ``store`` with the sync folder (``folder``, remembered for next time; else the
    one remembered). ``clock`` gives the wall time in seconds, ``host`` this machine's name
    (both for tests). With ``compact``, this device's file is then rewritten as a snapshot.
    ``today`` (the user's day when not given) bounds the days of what is read: see
    ``DAYS_AHEAD``.

    Raises :class:`SyncError` (one line) when there is no folder or it cannot be used; a
    problem with the database is a ``StoreError``. Everything is one transaction.
    """
    host = host if host is not None else _host_name()
    last_day = (today or dates.today()) + timedelta(days=DAYS_AHEAD)
    before = store.sync_state()
    where = folder if folder is not None else before.get("folder")
    ahead: _Ahead = {}
    read_from = Path(where).expanduser().absolute() if where else None
    if read_from is not None:
        ahead = _read_ahead(store, read_from, f"{PREFIX}{before.get('device')}{SUFFIX}", last_day)
    with store.sync_write() as t:
        state = t.state()
        if folder is None:
            if not state.get("folder"):
                raise SyncError("no sync folder yet: choose one with coach sync FOLDER")
            path = Path(state["folder"])
        else:
            path = Path(folder).expanduser().absolute()
        _prepare_folder(path)
        report = SyncReport(path)
        if str(path) != state.get("folder"):
            t.forget_files()
            t.set_state(folder=str(path), own=None)
            state["own"] = None
        device, minted = _identity(t, state, path, host, report)
        hlc = HybridClock(device, *state.get("hlc", [0, 0]))
        own = path / f"{PREFIX}{device}{SUFFIX}"
        now_ms = int(clock() * 1000)
        lines, keep = _local_changes(t, hlc, now_ms)
        report.sent = len(lines)
        own_state = state.get("own")
        rewrite = compact or not _own_file_intact(own, own_state)
        received = _read_others(t, path, own.name, device, hlc, report, last_day,
                                ahead if path == read_from else None)
        report.received = _apply(t, received)
        t.keep_dirty(keep)
        if rewrite:
            # A device new here has sent nothing before: its file starts with its own
            # changes. Otherwise the file is written whole, with every change known.
            own_state = _write_file(t, own, device, state.get("name") or host, host,
                                    lines if minted and not compact else None)
        elif lines and own_state:
            own_state = _append(own, lines, own_state)
        t.set_state(hlc=hlc.state, own=own_state,
                    last_sync=datetime.now().replace(microsecond=0).isoformat())
    return report


def turn_off(store: Store) -> str | None:
    """Forget the sync folder (the folder itself is left as it is); returns what it was."""
    with store.sync_write() as t:
        folder = t.state().get("folder")
        t.set_state(folder=None, own=None)
        t.forget_files()
    return folder


def set_name(store: Store, name: str) -> None:
    """Name this device (shown by ``coach sync --status`` on the others, after a sync)."""
    with store.sync_write() as t:
        t.set_state(name=name, own=None)  # the next sync writes the file afresh, with the name


def status_lines(store: Store) -> list[str]:
    """``coach sync --status``: the folder, the last sync, this device and the others."""
    state = store.sync_state()
    folder = state.get("folder")
    if not folder:
        return ["Sync is off. Choose a folder that your sync engine keeps in step between",
                "machines: coach sync FOLDER"]
    last = state.get("last_sync")
    when = _when(last) if last else "not yet"
    name = state.get("name") or state.get("host") or _host_name()
    out = [f"Sync folder: {folder}", f"Last synced: {when}",
           f"This device: {name} ({state.get('device', 'no id yet')})"]
    others = [d for d in store.sync_devices() if d["device"] != state.get("device")]
    if not others:
        out.append("No other device seen yet.")
    for d in others:
        seen = parse_stamp(d["last_stamp"])
        latest = _when(datetime.fromtimestamp(seen[0] / 1000).isoformat()) if seen else "none yet"
        out.append(f"Seen: {d['name']} ({d['device']}), latest change {latest}")
    return out


def _when(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")


def _host_name() -> str:
    return socket.gethostname() or "this machine"


def _prepare_folder(path: Path) -> None:
    try:
        if path.is_symlink() and not path.is_dir():
            raise SyncError(f"{path}: is a link to something that is not a folder")
        if path.exists() and not path.is_dir():
            raise SyncError(f"{path}: is a file, not a folder")
        if not path.exists():
            if not path.parent.is_dir():
                raise SyncError(f"{path}: the folder {path.parent} does not exist")
            os.mkdir(path, 0o700)
        info = path.stat()
        if info.st_uid == os.getuid() and info.st_mode & 0o077:
            os.chmod(path, 0o700)
    except OSError as exc:
        raise SyncError(f"{path}: cannot be used ({(exc.strerror or str(exc)).lower()})") from None


def _identity(t: SyncTables, state: dict[str, Any], folder: Path, host: str,
              report: SyncReport) -> tuple[str, bool]:
    """This device's id, and whether it is new: a new one at the first sync, and when the
    database turns out to be a copy (another host, or its own file grew without it)."""
    device = state.get("device")
    copied = None
    if device is not None and state.get("host") != host:
        copied = f"this database last synced on {state.get('host')}"
    elif device is not None and state.get("own"):
        try:
            size = (folder / f"{PREFIX}{device}{SUFFIX}").lstat().st_size
        except OSError:
            size = -1
        if size > state["own"]["size"]:
            copied = "another copy of this database writes as this device"
    if device is None or copied:
        device = secrets.token_hex(8)
        name = state.get("name") if not copied else None
        t.set_state(device=device, host=host, own=None, name=name)
        state.update(device=device, host=host, own=None, name=name)
        if copied:
            report.notices.append(f"{copied}: from now on it syncs as a new device here "
                                  f"({host}, {device}).")
        return device, True
    return device, False


# ----------------------------------------------------------------- what changed here


def _local_changes(t: SyncTables, hlc: HybridClock, now_ms: int
                   ) -> tuple[list[dict[str, Any]], list[tuple[str, str, int]]]:
    """Stamp what was written here since the last sync; returns the lines to send and the
    marks to keep (a session still running)."""
    dirty = _with_sessions_for_linked(t, t.dirty())
    if not dirty:
        return [], []
    by_kind: dict[str, list[str]] = {}
    for kind, uid, _ in dirty:
        by_kind.setdefault(kind, []).append(uid)
    linked = t.linked(by_kind.get("sessions", []))
    current: dict[str, dict[str, Any]] = {}
    buried: dict[str, str] = {}
    for kind, uids in by_kind.items():
        if kind in RECORD_FIELDS:
            current[kind] = t.records(kind, uids)
            gone = [uid for uid in uids if uid not in current[kind]]
            if gone:
                buried.update(t.deleted_at(gone))
    settings = t.settings() if "settings" in by_kind else {}
    buddy = t.buddy() if "buddy" in by_kind else {}
    running = t.unfinished_sessions() if {"sessions", "checkins"} & by_kind.keys() else set()
    known: dict[tuple[str, str], tuple[str, str, Any]] = {}
    for kind, uids in by_kind.items():
        known.update(t.known(kind, uids))
    lines: list[dict[str, Any]] = []
    keep: list[tuple[str, str, int]] = []
    rows: list[tuple[str, str, str, str, Any]] = []
    for kind, uid, at in dirty:
        value: Any = None
        gone_at: dict[str, str] | None = None
        if kind in RECORD_FIELDS:
            record = current[kind].get(uid)
            if kind == "sessions" and uid in running or (
                    kind == "checkins" and record and record.get("session_uid") in running):
                keep.append((kind, uid, at))
                continue
            data = record
            if record is None and uid in buried:
                gone_at = {"deleted_at": buried[uid]}
        elif kind == "settings":
            if uid not in SETTING_KEYS:
                continue  # kept by this device for itself
            value = settings.get(uid)
            data = None if value is None else {"value": value}
        elif kind == "buddy" and uid in BUDDY_KEYS:
            value = buddy.get(uid)
            data = None if value is None else {"value": value}
        else:
            continue
        before = known.get((kind, uid))
        if kind == "sessions" and data is not None:
            digest = _digest({"record": data, "linked": linked[uid]})
        else:
            digest = DELETED if data is None else _digest(data)
        if before is None and data is None and gone_at is None:
            continue  # never sent, now gone without a trace: no one else knows it
        if before is not None and before[1] == digest and gone_at is None:
            continue  # written again as it was
        # A deletion here since the last sync is always sent, even when the last change
        # known was a deletion too: an undo and a new deletion in between make a later
        # deletion, with its own time, that must reach every device.
        op = "delete" if data is None else "create" if before is None or before[1] == DELETED else "edit"
        stamp = hlc.stamp(min(at, now_ms))
        line = {"kind": kind, "uid": uid, "device": hlc.device, "stamp": stamp, "op": op,
                "data": gone_at if data is None else data}
        if kind == "sessions" and data is not None:
            line["linked"] = linked[uid]
        lines.append(line)
        rows.append((kind, uid, stamp, digest, value))
    t.put_known(rows)
    return lines, keep


def _with_sessions_for_linked(t: SyncTables, dirty: list[tuple[str, str, int]]
                              ) -> list[tuple[str, str, int]]:
    """A session's before/after check-ins travel with it (they are its moods): a mark on one
    of them is a mark on its session."""
    uids = [uid for kind, uid, _ in dirty if kind == "checkins"]
    if not uids:
        return dirty
    checkins = t.records("checkins", uids)
    owners = {uid: c["session_uid"] for uid, c in checkins.items() if c["session_uid"]}
    if not owners:
        return dirty
    present = t.records("sessions", sorted(set(owners.values())))
    out: dict[tuple[str, str], int] = {}
    for kind, uid, at in dirty:
        if kind == "checkins" and owners.get(uid) in present:
            kind, uid = "sessions", owners[uid]
        out[(kind, uid)] = max(at, out.get((kind, uid), at))
    return sorted(((k, u, a) for (k, u), a in out.items()), key=lambda m: (m[2], m[0], m[1]))


# ----------------------------------------------------------------- this device's file


def _header(device: str, epoch: str, name: str, host: str) -> bytes:
    return _line({"coach_sync": FORMAT, "device": device, "epoch": epoch, "name": name,
                  "host": host})


def _line(obj: dict[str, Any]) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _own_file_intact(own: Path, own_state: dict[str, Any] | None) -> bool:
    """Whether this device's file is as it left it (else it is written afresh)."""
    if not own_state:
        return False
    try:
        info = own.lstat()
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size != own_state["size"]:
        return False
    header = _read_header(own)
    return isinstance(header, dict) and header.get("epoch") == own_state["epoch"]


def _read_header(path: Path) -> Any:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        first = fh.readline(MAX_LINE + 1)
    try:
        return loads_strict(first) if first.endswith(b"\n") else None
    except ValueError:
        return None


def _append(own: Path, lines: list[dict[str, Any]], own_state: dict[str, Any]) -> dict[str, Any]:
    payload = b"".join(_line(obj) for obj in lines)
    try:
        fd = os.open(own, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW)
        try:
            os.write(fd, payload)
            os.fsync(fd)
            size = os.fstat(fd).st_size
        finally:
            os.close(fd)
    except OSError as exc:
        raise SyncError(f"{own}: cannot be written ({(exc.strerror or str(exc)).lower()})") from None
    return {"epoch": own_state["epoch"], "size": size}


def _write_file(t: SyncTables, own: Path, device: str, name: str, host: str,
                lines: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Write this device's file afresh under a new epoch (so that its readers read it again):
    ``lines`` after the header, or by default a snapshot, every change known as the latest
    one of each record (deletions too)."""
    epoch = secrets.token_hex(8)
    chunks = [_header(device, epoch, name, host)]
    if lines is not None:
        chunks += [_line(obj) for obj in lines]
    known = t.known() if lines is None else {}
    records = {kind: t.records(kind) for kind in RECORD_KINDS} if known else {}
    buried = t.deleted_at([uid for (kind, uid), k in known.items()
                           if kind in RECORD_FIELDS and k[1] == DELETED])
    linked = t.linked(list(records["sessions"])) if known else {}
    for (kind, uid), (stamp, digest, value) in sorted(known.items(), key=lambda kv: kv[1][0]):
        data: Any = None
        if digest != DELETED:
            if kind in RECORD_FIELDS:
                data = records[kind].get(uid)
                if data is None:
                    continue
            else:
                data = {"value": value}
        origin = stamp.rsplit("-", 1)[1]
        if data is None and uid in buried:
            data, op = {"deleted_at": buried[uid]}, "delete"
        else:
            op = "delete" if data is None else "create"
        line = {"kind": kind, "uid": uid, "device": origin, "stamp": stamp, "op": op,
                "data": data}
        if kind == "sessions" and op != "delete":
            line["linked"] = linked.get(uid, [])
        chunks.append(_line(line))
    payload = b"".join(chunks)
    tmp = own.with_name(f".{own.name}.{epoch}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            os.write(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o600)
        os.replace(tmp, own)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise SyncError(f"{own}: cannot be written ({(exc.strerror or str(exc)).lower()})") from None
    return {"epoch": epoch, "size": len(payload)}


# ----------------------------------------------------------------- the other devices' files


class _Change:
    __slots__ = ("kind", "uid", "stamp", "op", "data", "deleted_at", "linked")

    def __init__(self, kind: str, uid: str, stamp: str, op: str, data: Any,
                 deleted_at: str | None = None, linked: list[dict[str, Any]] | None = None
                 ) -> None:
        self.kind, self.uid, self.stamp, self.op, self.data = kind, uid, stamp, op, data
        self.deleted_at = deleted_at
        self.linked = linked

    def digest(self) -> str:
        if self.data is None:
            return DELETED
        if self.kind == "sessions":
            return _digest({"record": self.data, "linked": self.linked})
        return _digest(self.data)


def _is_sync_file(name: str) -> bool:
    return name.startswith(PREFIX) and SUFFIX in name and not name.startswith(".")


#: What was read of a file before the write lock was taken: where reading started (its row in
#: sync_files), and what ``_read_file`` found with the problems it reported.
_Ahead = dict[str, tuple[dict[str, Any] | None, Any, list[str]]]


def _read_ahead(store: Store, folder: Path, own_name: str, last_day: date) -> _Ahead:
    """Read the files with something new before the sync takes the write lock, so that the
    lock is held only while the changes go in (a person using the app meanwhile waits for no
    parsing). The sync uses what was read here for every file still as it was."""
    ahead: _Ahead = {}
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
        known_files = store.sync_files()
    except OSError:
        return ahead
    for entry in entries:
        name = entry.name
        if name == own_name or not _is_sync_file(name) or entry.is_symlink():
            continue
        before = known_files.get(name)
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or (
                before and before["size"] == info.st_size and before["mtime"] == info.st_mtime_ns):
            continue
        scratch = SyncReport(folder)
        ahead[name] = (before, _read_file(folder / name, before, scratch, last_day),
                       scratch.problems)
    return ahead


def _read_others(t: SyncTables, folder: Path, own_name: str, device: str, hlc: HybridClock,
                 report: SyncReport, last_day: date, ahead: _Ahead | None = None
                 ) -> list[_Change]:
    known_files = t.files()
    changes: list[_Change] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise SyncError(f"{folder}: cannot be read ({(exc.strerror or str(exc)).lower()})") from None
    for entry in entries:
        name = entry.name
        if name == own_name or not _is_sync_file(name):
            continue
        before = known_files.get(name)
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        refused = None
        if stat.S_ISLNK(info.st_mode):
            refused = "is a link; coach never follows links in the sync folder"
        elif stat.S_ISDIR(info.st_mode):
            refused = "is a folder, not a coach sync file"
        elif not stat.S_ISREG(info.st_mode):
            refused = "is not a plain file"
        if refused:
            if not before or before["refused"] != refused:
                report.problems.append(f"{folder / name}: {refused}; skipped")
                t.put_file(name, epoch=None, offset=0, line=0, size=-1, mtime=-1, refused=refused)
            continue
        if before and before["size"] == info.st_size and before["mtime"] == info.st_mtime_ns:
            continue  # nothing new
        if before and before["refused"] and before["size"] == info.st_size:
            continue
        early = (ahead or {}).get(name)
        if (early is not None and early[0] == before and early[1] is not None
                and early[1][2]["size"] == info.st_size and early[1][2]["mtime"] == info.st_mtime_ns):
            found = early[1]  # read before the lock, and the file is as it was then
            report.problems += early[2]
        else:
            found = _read_file(folder / name, before, report, last_day)
        if found is None:
            continue
        header, read, position = found
        t.put_file(name, **position)
        if header is None:
            continue
        latest = None
        for change in read:
            hlc.see(change.stamp)
            if latest is None or change.stamp > latest:
                latest = change.stamp
        changes += read
        if header["device"] != device:
            t.put_device(header["device"], header["name"], header["host"], latest,
                         datetime.now().replace(microsecond=0).isoformat())
            if read and header["name"] not in report.devices:
                report.devices.append(header["name"])
    return changes


def _check_header(header: Any) -> str | None:
    if not isinstance(header, dict) or header.get("coach_sync") is None:
        return "is not a coach sync file (its first line is not coach's)"
    version = header.get("coach_sync")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        return "is not a coach sync file (its first line is not coach's)"
    if version > FORMAT:
        return "was written by a newer version of coach; please update coach to read it"
    if not isinstance(header.get("device"), str) or not _DEVICE.fullmatch(header["device"]):
        return "names no device coach can read on its first line"
    if not isinstance(header.get("epoch"), str) or not 1 <= len(header["epoch"]) <= 64:
        return "has no epoch coach can read on its first line"
    for key in ("name", "host"):
        if buddy_problem("name", header.get(key)):
            return f"has no {key} coach can read on its first line"
    return None


def _read_file(path: Path, before: dict[str, Any] | None, report: SyncReport, last_day: date
               ) -> tuple[dict[str, Any] | None, list[_Change], dict[str, Any]] | None:
    """The new changes of one file, from where the last read stopped; None when there is
    nothing to read yet (its first line is still on its way). Records dated after ``last_day``
    are refused (see ``DAYS_AHEAD``)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        report.problems.append(f"{path}: cannot be read ({(exc.strerror or str(exc)).lower()}); skipped")
        return None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        position: dict[str, Any] = {"size": info.st_size, "mtime": info.st_mtime_ns}
        if not stat.S_ISREG(info.st_mode):
            return None
        first = fh.readline(MAX_LINE + 1)
        if not first.endswith(b"\n"):
            return None
        try:
            header = loads_strict(first)
        except ValueError:
            header = None
        problem = _check_header(header)
        if problem:
            if not before or before["refused"] != problem:
                report.problems.append(f"{path}: {problem}; skipped")
            return None, [], dict(position, epoch=None, offset=0, line=0, refused=problem)
        epoch = header["epoch"]
        if before and before["epoch"] == epoch and before["offset"] <= info.st_size:
            fh.seek(before["offset"])
            number = before["line"]
        else:
            number = 1
        offset = fh.tell()
        changes: list[_Change] = []
        while True:
            raw = fh.readline(MAX_LINE + 1)
            if not raw:
                break
            if not raw.endswith(b"\n"):
                if len(raw) <= MAX_LINE:
                    break  # cut off mid-write: left for next time
                while raw and not raw.endswith(b"\n"):
                    raw = fh.readline(MAX_LINE + 1)
                if not raw:
                    break  # the rest of a huge line is still on its way
                number += 1
                offset = fh.tell()
                report.problems.append(
                    f"{path}, line {number}: is longer than coach ever writes; skipped")
                continue
            number += 1
            offset = fh.tell()
            found = _parse_change(raw, last_day)
            if isinstance(found, str):
                report.problems.append(f"{path}, line {number}: {found}; skipped")
            else:
                changes.append(found)
    position.update(epoch=epoch, offset=offset, line=number, refused=None)
    return header, changes, position


def _parse_change(raw: bytes, last_day: date) -> _Change | str:
    """One line checked as import checks a record, its days bounded as import bounds them
    against ``last_day`` as today: the change, or what is wrong with it."""
    try:
        obj = loads_strict(raw)
    except ValueError as exc:
        return str(exc) if str(exc).startswith("is not") else f"is not valid JSON ({exc})"
    except UnicodeDecodeError:
        return "is not UTF-8 text"
    if not isinstance(obj, dict):
        return "is not a change (not one JSON object)"
    missing = sorted(LINE_KEYS - set(obj))
    if missing:
        return f"is not a change ('{missing[0]}' is missing)"
    extra = sorted(set(obj) - LINE_KEYS - {"linked"})
    if extra:
        return f"has a part coach does not know: '{extra[0][:40]}'"
    kind, uid, op, data = obj["kind"], obj["uid"], obj["op"], obj["data"]
    if kind not in KINDS or not isinstance(kind, str):
        return f"kind must be one of {', '.join(KINDS)}"
    if op not in OPS or not isinstance(op, str):
        return f"op must be one of {', '.join(OPS)}"
    with_linked = kind == "sessions" and op != "delete"  # a session's before/after check-ins
    if with_linked != ("linked" in obj):
        return ("is not a change ('linked' is missing)" if with_linked
                else "has a part coach does not know: 'linked'")
    stamp = parse_stamp(obj["stamp"])
    if stamp is None:
        return "stamp is not a coach sync stamp"
    if obj["device"] != stamp[2]:
        return "device is not the one its stamp names"
    if not isinstance(uid, str) or not uid.strip() or len(uid) > 100:
        return "uid must be text"
    if op == "delete":
        if data is not None and (kind not in RECORD_FIELDS or not isinstance(data, dict)
                                 or set(data) != {"deleted_at"}
                                 or tombstone_problem("deleted_at", data["deleted_at"])):
            return "a deletion carries nothing but when it was deleted (deleted_at)"
        if kind == "buddy" and uid not in BUDDY_KEYS:
            return "uid of the buddy must be name or contact"
        return _Change(kind, uid, obj["stamp"], op, None, data["deleted_at"] if data else None)
    if kind == "sessions":
        problem = session_problem(data, obj["linked"], last_day)
        if problem:
            return problem
        if data["uid"] != uid:
            return "uid is not the record's own"
        return _Change(kind, uid, obj["stamp"], op, data, linked=obj["linked"])
    if kind in RECORD_FIELDS:
        found = record_problem(kind, data, last_day)
        if found:
            return f"{kind}, {found[0]}: {found[1]}" if found[0] else f"{kind}: {found[1]}"
        if data["uid"] != uid:
            return "uid is not the record's own"
    else:
        if not isinstance(data, dict) or set(data) != {"value"}:
            return "data must be {\"value\": ...}"
        if kind == "settings":
            problem = setting_problem(uid, data["value"])
        elif uid not in BUDDY_KEYS:
            problem = "uid of the buddy must be name or contact"
        else:
            problem = buddy_problem(uid, data["value"])
        if problem:
            return f"{kind}, '{uid[:40]}': {problem}"
    return _Change(kind, uid, obj["stamp"], op, data)


# ----------------------------------------------------------------- merging


def _apply(t: SyncTables, changes: list[_Change]) -> int:
    """Take in every change that is later than what is known of its record; returns how
    many were taken in."""
    latest: dict[tuple[str, str], _Change] = {}
    for change in changes:
        key = (change.kind, change.uid)
        held = latest.get(key)
        if held is None or change.stamp > held.stamp:
            latest[key] = change
    if not latest:
        return 0
    by_kind: dict[str, list[_Change]] = {}
    for change in latest.values():
        by_kind.setdefault(change.kind, []).append(change)
    taken = 0
    rows: list[tuple[str, str, str, str, Any]] = []
    buddy_changed = False
    for kind in sorted(by_kind, key=KINDS.index):  # sessions before check-ins
        group = by_kind[kind]
        uids = [c.uid for c in group]
        known = t.known(kind) if len(uids) > 2000 else t.known(kind, uids)
        fresh = [c for c in group if (kind, c.uid) not in known or c.stamp > known[(kind, c.uid)][0]]
        if kind == "checkins":
            # A session's own check-in goes with its session, never on its own.
            linked_here = t.is_linked([c.uid for c in fresh if c.data is None])
            fresh = [c for c in fresh if c.uid not in linked_here]
        if not fresh:
            continue
        taken += len(fresh)
        for c in fresh:
            value = None if kind in RECORD_FIELDS or c.data is None else c.data["value"]
            rows.append((kind, c.uid, c.stamp, c.digest(), value))
        if kind in RECORD_FIELDS:
            live = [c for c in fresh if c.data is not None]
            if live:
                t.unbury([c.uid for c in live])
                t.put_records(kind, [c.data for c in live])
                linked = {c.uid: c.linked for c in live if c.linked is not None}
                if linked:
                    t.unbury([r["uid"] for checkins in linked.values() for r in checkins])
                    t.put_linked(linked)
            gone = [(c.uid, c.deleted_at) for c in fresh if c.data is None]
            if gone:
                t.delete_records(kind, gone)
        elif kind == "settings":
            for c in fresh:
                t.put_setting(c.uid, None if c.data is None else c.data["value"])
        else:
            buddy_changed = True
    t.put_known(rows)
    if buddy_changed:
        merged = t.known("buddy")
        current = t.buddy()
        values: dict[str, Any] = {}
        for field in BUDDY_KEYS:
            entry = merged.get(("buddy", field))
            values[field] = current[field] if entry is None else entry[2]
        t.put_buddy(values["name"], values["contact"])
    return taken
