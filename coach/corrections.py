"""Correcting the history, because people mistype: what a record is called, the checks an edit
passes (the same as ``coach log`` and ``coach checkin``), and the records an older coach let in
out of range (named in ``coach.words.odd_lines``).

Plain Python over the store: the command line (``coach history/edit/delete/undo``) and the
app's Week screen both go through it. The level is never touched: it is derived afresh from
whatever the history holds.
"""

from __future__ import annotations

from datetime import date, datetime, time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from coach.models import Entry
    from coach.store import Store

from coach import words
from coach.words import KIND_WORDS
from coach.models import EFFORTS, STYLES, Checkin, Pause, Session
from coach.text import NOTE_LIMIT, check_text, one_line

MAX_MINUTES = 600

#: The fields ``coach edit`` can change, by kind of record.
EDITABLE: dict[str, tuple[str, ...]] = {
    "session": ("minutes", "style", "mood_before", "mood_after", "pain", "effort", "at", "note",
                "day"),
    "checkin": ("mood", "anxiety", "note", "day"),
}


def option_name(field: str) -> str:
    """The command-line option that changes ``field``: ``--mood-before``, ``--date``."""
    return "--date" if field == "day" else "--" + field.replace("_", "-")


class EditError(ValueError):
    """An edit that cannot be made, in one line; nothing was written."""


def short_day(day: date) -> str:
    """'Tue 10 Mar 2026'."""
    return f"{words.short_day(day)} {day.year}"


def summary(entry: Entry) -> str:
    """What a record holds, in a few words, its text made safe to show: '20 minutes of
    bodyweight, mood 2 → 4, pain · "felt ok"'."""
    item = entry.item
    parts: list[str] = []
    note: str | None = None
    if isinstance(item, Session):
        minutes = words.seconds_words(item.seconds)
        parts.append(f"{minutes} of {words.style_name(item.style, lower=True)}" if item.style
                     else minutes)
        if item.mood_before is not None or item.mood_after is not None:
            before = "?" if item.mood_before is None else item.mood_before
            after = "?" if item.mood_after is None else item.mood_after
            parts.append(f"mood {before} → {after}")
        if item.effort:
            parts.append(f"felt {words.EFFORT_WORDS.get(item.effort, item.effort)}")
        if item.pain:
            parts.append("something hurt")
        note = item.note
    elif isinstance(item, Checkin):
        what = {"morning": "morning check-in", "screener": "weekly questions"}.get(
            item.kind, f"{item.kind} check-in")
        parts.append(what)
        if item.mood is not None:
            parts.append(f"mood {item.mood}")
        if item.anxiety is not None:
            parts.append(f"anxiety {item.anxiety}")
        note = item.note
    elif isinstance(item, Pause):
        parts.append(f"pause from {item.start.isoformat()}"
                     + (f" to {item.end.isoformat()}" if item.end else ", until resumed"))
    else:
        parts.append(KIND_WORDS[entry.kind][0])
    text = ", ".join(parts)
    if note:
        text += f' · "{one_line(note)}"'
    return text


def describe(entry: Entry) -> str:
    """'session s12 (Tue 10 Mar 2026: 20 minutes of bodyweight)'."""
    return f"{KIND_WORDS[entry.kind][0]} {entry.ref} ({short_day(entry.day)}: {summary(entry)})"


def check_changes(entry: Entry, changes: dict[str, Any], today: date,
                  now: datetime | None = None) -> dict[str, Any]:
    """The store changes an edit makes to ``entry``, checked as ``coach log`` and ``coach
    checkin`` check them; EditError (one line) for anything they would refuse.

    ``changes`` holds only what is to change: ``minutes``, ``style``, ``mood_before``,
    ``mood_after``, ``pain``, ``effort`` (one of EFFORTS; None clears it), ``at`` (the time
    of day it started, a ``datetime.time``; it may not be later than ``now``), ``note``
    (None or "" clears it) and ``day`` for a session; ``mood``, ``anxiety``, ``note``, ``day``
    for a check-in.
    """
    from coach.dates import record_day_problem
    from coach.mood import check_anxiety, check_mood

    allowed = EDITABLE.get(entry.kind)
    if allowed is None:
        raise EditError(f"{KIND_WORDS[entry.kind][0]} {entry.ref} cannot be edited, only "
                        f"deleted (coach delete {entry.ref})")
    wrong = [name for name in changes if name not in allowed]
    options = ", ".join(option_name(n) for n in allowed)
    if wrong:
        raise EditError(f"{option_name(wrong[0])} is not something a "
                        f"{KIND_WORDS[entry.kind][0]} has; {entry.ref} can change: {options}")
    if not changes:
        raise EditError(f"say what to change in {entry.ref}: {options}")
    out: dict[str, Any] = {}
    try:
        for name, value in changes.items():
            if name == "minutes":
                if isinstance(value, bool) or not isinstance(value, int) or not (
                        1 <= value <= MAX_MINUTES):
                    raise EditError(f"{value} is not a session length coach records "
                                    f"(1 to {MAX_MINUTES} minutes)")
                out["seconds"] = value * 60
            elif name == "style":
                style = str(value).lower()
                if style not in STYLES:
                    raise EditError(f"'{value}' is not a style ({', '.join(STYLES)})")
                out["style"] = style
            elif name in ("mood_before", "mood_after", "mood"):
                out[name] = check_mood(value)
            elif name == "anxiety":
                out[name] = check_anxiety(value)
            elif name == "pain":
                out[name] = bool(value)
            elif name == "note":
                note = check_text(value, "the note", note=True, limit=NOTE_LIMIT) if value else None
                out[name] = note or None
            elif name == "effort":
                if value is not None and str(value).lower() not in EFFORTS:
                    raise EditError(f"'{value}' is not an effort ({', '.join(EFFORTS)})")
                out["effort"] = str(value).lower() if value is not None else None
            elif name == "at":
                continue  # below, once the day is known
            elif name == "day":
                problem = record_day_problem(value, today)
                if problem:
                    raise EditError(problem)
                out["day"] = value
                moment = getattr(entry.item, "started_at" if entry.kind == "session" else "at")
                if isinstance(moment, datetime):
                    out["started_at" if entry.kind == "session" else "at"] = datetime.combine(
                        value, moment.time())
    except EditError:
        raise
    except ValueError as exc:
        raise EditError(str(exc)) from None
    if "at" in changes:
        out.update(_started(changes["at"], out.get("day", entry.day), now))
    return out


def _started(at: Any, day: date, now: datetime | None) -> dict[str, Any]:
    """The store fields that say a session started at ``at`` on ``day``, checked as ``coach
    log --at`` checks them."""
    if not isinstance(at, time):
        raise EditError(f"'{at}' is not a time of day (use HH:MM on a 24-hour clock, e.g. 07:30)")
    started = datetime.combine(day, at.replace(second=0, microsecond=0))
    if now is not None and started > now:
        raise EditError(f"--at {at:%H:%M} is later than now; coach records what has happened")
    return {"started_at": started, "time_of_day": f"{at:%H:%M}"}


def apply_changes(store: Store, entry: Entry, changes: dict[str, Any]) -> Entry:
    """Write checked changes (from :func:`check_changes`); the record as saved."""
    if entry.kind == "session":
        store.update_session(entry.id, **changes)
    else:
        store.update_checkin(entry.id, **changes)
    saved = store.entry(entry.ref)
    assert saved is not None
    return saved
