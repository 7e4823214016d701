"""The plan as an iCalendar file (RFC 5545), for the user's own calendar.

One event per planned session from today through the weeks asked for: at the cue's time with
the level's minutes as its length (an all-day event when the cue has no time), titled with
the session ("20 minutes of bodyweight"), the cue and the *if it feels hard* plan in its
description, and an alarm when asked. Rest days and paused days have no event. Nothing about
mood goes into the file: calendars get shared.

Each event's UID names the day the session comes from (``coach.plan.DayPlan.origin``: its
usual day, followed through the moves of its week), not the day it is on, so a session moved
within its week keeps its UID, even past another session, and a calendar that reads the file
again moves the event instead of adding another (or moving the wrong one). The UID holds a
date, not the week's first day, so it stays when the week is set to start on another day.

A file written over an earlier one of the same calendar carries its events' SEQUENCE on: an
event whose time, length, title, description or alarm changed gets the next number and a new
LAST-MODIFIED (RFC 5545 3.8.7.4: the revision number, raised on each significant change, by
which a calendar that imports the file again knows the event changed); the others keep both.

The file is written with the ``icalendar`` library (a well-kept implementation of the
standard: folding, escaping, value types) rather than by hand; it is imported only here.
Pure functions over plain data, plus :func:`write_file`, which replaces a file atomically.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from coach.cues import Cue, cue_for, if_hard_words, when_words
from coach.models import History
from coach.plan import Planner
from coach.record import record
from coach.words import style_name

MIN_WEEKS, MAX_WEEKS, DEFAULT_WEEKS = 1, 52, 4
MAX_REMIND = 7 * 24 * 60  # a week before, in minutes
PRODID = "-//coach//a gentle habit coach//EN"


class CalendarError(ValueError):
    """A calendar request coach cannot honour; one plain line for the user."""


@record
class PlannedSession:
    """One planned session as it goes into the calendar."""

    day: date
    origin: date  # the day the session comes from (see coach.plan.DayPlan.origin)
    minutes: int
    style: str
    cue: Cue | None = None

    def uid(self, calendar_id: str) -> str:
        return f"session-{self.origin.isoformat()}@{calendar_id}"

    @property
    def title(self) -> str:
        return f"{self.minutes} minutes of {style_name(self.style, lower=True)}"


def check_weeks(weeks: int) -> int:
    if not MIN_WEEKS <= weeks <= MAX_WEEKS:
        raise CalendarError(f"--weeks {weeks} is not {MIN_WEEKS} to {MAX_WEEKS} weeks")
    return weeks


def check_remind(minutes: int | None) -> int | None:
    if minutes is not None and not 0 <= minutes <= MAX_REMIND:
        raise CalendarError(f"--remind {minutes} is not 0 to {MAX_REMIND} minutes before")
    return minutes


def planned_sessions(history: History, cues: dict[int, Cue], today: date,
                     weeks: int = DEFAULT_WEEKS) -> list[PlannedSession]:
    """The planned sessions of this week (from today on) and the ``weeks - 1`` after it,
    as ``plan_week`` plans them."""
    check_weeks(weeks)
    planner = Planner(history)
    start = planner.week_start(today)
    out: list[PlannedSession] = []
    for n in range(weeks):
        week = planner.plan_week(start + timedelta(weeks=n), today)
        for d in week.days:
            if d.status != "planned" or d.day < today:
                continue
            assert d.origin is not None  # a planned day holds a session
            out.append(PlannedSession(
                day=d.day, origin=d.origin, minutes=d.planned_minutes, style=week.style,
                cue=cue_for(cues, week, d.day),
            ))
    return out


def description(session: PlannedSession) -> str:
    """The event's description: the cue, the *if it feels hard* plan, and where it comes from."""
    lines = []
    if session.cue is not None:
        lines = [line for line in (when_words(session.cue), if_hard_words(session.cue)) if line]
    lines.append("Planned by coach: open it to start the session, or move it to another day.")
    return "\n".join(lines)


@record
class Revision:
    """An event as an earlier file had it: what a person sees of it, and its revision."""

    seen: tuple[Any, ...]
    sequence: int = 0
    modified: datetime | None = None


def _seen(event: Any) -> tuple[Any, ...]:
    """What a person sees of an event, where a change is one their calendar should show:
    the time and length, the title, the description and the alarms."""
    alarms = tuple(str(a.get("TRIGGER", "")) for a in event.subcomponents if a.name == "VALARM")
    return (event.decoded("DTSTART"), event.decoded("DTEND"), str(event.get("SUMMARY", "")),
            str(event.get("DESCRIPTION", "")), alarms)


def revisions(previous: bytes | None, calendar_id: str) -> dict[str, Revision]:
    """The events, by UID, of an earlier file of this calendar (``previous``); nothing when
    there is none, or it is not one coach wrote for this calendar, or it cannot be read."""
    from icalendar import Calendar

    if not previous:
        return {}
    try:
        cal = Calendar.from_ical(previous)
        if str(cal.get("UID", "")) != f"plan@{calendar_id}":
            return {}
        out: dict[str, Revision] = {}
        for event in cal.walk("VEVENT"):
            modified = event.get("LAST-MODIFIED")
            out[str(event.get("UID", ""))] = Revision(
                seen=_seen(event), sequence=max(0, int(event.get("SEQUENCE", 0))),
                modified=modified.dt if modified is not None else None)
        return out
    except (ValueError, TypeError, KeyError, AttributeError):
        return {}  # an earlier file that cannot be read: the numbers start again


def build_calendar(sessions: list[PlannedSession], calendar_id: str, *,
                   remind: int | None = None, now: datetime | None = None,
                   previous: bytes | None = None) -> Any:
    """An ``icalendar.Calendar`` with one event per session; ``now`` is the DTSTAMP, and
    ``previous`` the file it replaces (its events' SEQUENCE and LAST-MODIFIED go on)."""
    from icalendar import Alarm, Calendar, Event

    check_remind(remind)
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    before = revisions(previous, calendar_id)
    cal = Calendar.new(prodid=PRODID, name="coach: planned sessions", uid=f"plan@{calendar_id}")
    for session in sessions:
        at = session.cue.at if session.cue is not None else None
        start: date | datetime
        end: date | datetime
        if at is not None:
            hours, minutes = (int(part) for part in at.split(":"))
            start = datetime.combine(session.day, time(hours, minutes))  # floating local time
            end = start + timedelta(minutes=session.minutes)
        else:
            start, end = session.day, session.day + timedelta(days=1)
        uid = session.uid(calendar_id)
        event = Event.new(
            uid=uid, stamp=stamp, start=start, end=end,
            summary=session.title, description=description(session),
        )
        if remind is not None:
            alarm = Alarm.new(description=f"Coming up: {session.title}")
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", timedelta(minutes=-remind))
            event.add_component(alarm)
        was = before.get(uid)
        if was is None:
            event.add("sequence", 0)
            event.add("last-modified", stamp)
        elif was.seen != _seen(event):
            event.add("sequence", was.sequence + 1)
            event.add("last-modified", stamp)
        else:
            event.add("sequence", was.sequence)
            if was.modified is not None:
                event.add("last-modified", was.modified)
        cal.add_component(event)
    return cal


def calendar_bytes(history: History, cues: dict[int, Cue], today: date, calendar_id: str, *,
                   weeks: int = DEFAULT_WEEKS, remind: int | None = None,
                   now: datetime | None = None, previous: bytes | None = None) -> bytes:
    """The whole file, ready to write (over ``previous``, the file as it was, if any)."""
    sessions = planned_sessions(history, cues, today, weeks)
    data: bytes = build_calendar(sessions, calendar_id, remind=remind, now=now,
                                 previous=previous).to_ical()
    return data


# --------------------------------------------------------------------------- the file


def check_writable(path: Path) -> Path:
    """Refuse, before anything is written, a path that cannot take the file."""
    if path.is_dir():
        raise CalendarError(f"{path} is a folder; name a file, e.g. {path / 'coach.ics'}")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CalendarError(f"{path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CalendarError(f"{path} cannot be written (the file or its folder is read-only)")
    return path


def write_file(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` whole or not at all (a file beside it, then a rename),
    private to its owner (mode 0600). CalendarError in one line when it cannot."""
    import tempfile

    check_writable(path)
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise CalendarError(f"{path} cannot be written ({exc.strerror or exc})") from None
    temp = Path(name)
    try:
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise CalendarError(f"{path} cannot be written ({exc.strerror or exc})") from None


def export(store: Any, today: date, *, weeks: int = DEFAULT_WEEKS, remind: int | None = None,
           now: datetime | None = None, previous: bytes | None = None) -> bytes:
    """The calendar file for the plan in ``store`` as of ``today`` (over ``previous``)."""
    check_weeks(weeks)
    check_remind(remind)
    return calendar_bytes(store.history(), store.cues(), today, store.calendar_id(),
                          weeks=weeks, remind=remind, now=now, previous=previous)


MAX_PREVIOUS = 4 * 1024 * 1024
"""The largest earlier file read for its events' revisions (52 weeks take a few hundred kB)."""


def read_previous(path: Path) -> bytes | None:
    """The file a new one will replace, to carry its events' revisions on; None when there
    is none or it cannot be read (or is far larger than a calendar of coach's)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_PREVIOUS + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_PREVIOUS else None


@record
class KeptCalendar:
    """The calendar file kept up to date (``coach calendar --keep FILE``) and its options."""

    path: str
    weeks: int = DEFAULT_WEEKS
    remind: int | None = None


def kept_calendar(store: Any) -> KeptCalendar | None:
    """The kept calendar file remembered in ``store``, if any (odd options read as defaults)."""
    kept = store.kept_calendar()
    if kept is None:
        return None
    weeks, remind = kept.get("weeks"), kept.get("remind")
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not (
            MIN_WEEKS <= weeks <= MAX_WEEKS):
        weeks = DEFAULT_WEEKS
    if isinstance(remind, bool) or not isinstance(remind, int) or not 0 <= remind <= MAX_REMIND:
        remind = None
    return KeptCalendar(path=kept["path"], weeks=weeks, remind=remind)


def write_kept(kept: KeptCalendar, history: History, cues: dict[int, Cue], today: date,
               calendar_id: str, now: datetime | None = None) -> str | None:
    """Write the kept file again from plain data (safe in a worker thread). Returns None, or
    one line saying why the file could not be written (the plan itself is saved either way)."""
    path = Path(kept.path)
    try:
        data = calendar_bytes(history, cues, today, calendar_id, weeks=kept.weeks,
                              remind=kept.remind, now=now, previous=read_previous(path))
        write_file(path, data)
    except CalendarError as exc:
        return f"The calendar file was not updated: {exc}"
    return None

