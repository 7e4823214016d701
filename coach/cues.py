"""If-then cues: for each weekday, *when and where* the session happens, an optional time of
day, and one plan for *if it feels hard*.

Plain data and words, no SQL and no Textual: the store keeps the cues (``Store.cues``), the
command line, the screens and the calendar file read them through here. Deciding ahead when
and where, with a plan for the moment it gets hard, makes a plan far more likely to be kept
(implementation intentions and coping plans).

A session takes the cue of the day it is on; a session that moved to a day without a cue of
its own keeps the cue of the day it came from (``coach.plan.DayPlan.origin``).
"""

from __future__ import annotations

from datetime import date

from coach.words import WEEKDAY_LONG, WEEKDAY_SHORT
from coach.record import record

TYPE_CHECKING = False  # typing is not imported at run time (coach status stays quick)
if TYPE_CHECKING:
    from typing import Any

    from coach.models import Settings
    from coach.plan import WeekPlan

MAX_CUE_TEXT = 120
"""The longest *when and where* or *if it feels hard* text kept, in characters."""


class CueError(ValueError):
    """Input a cue cannot take; the message is one plain line for the user."""


@record
class Cue:
    """One weekday's cue. Empty text means not set; ``at`` is ``HH:MM`` or None."""

    when: str = ""
    at: str | None = None
    if_hard: str = ""

    @property
    def empty(self) -> bool:
        return not self.when and self.at is None and not self.if_hard

    def to_json(self) -> dict[str, str | None]:
        """``{"when": ..., "at": ..., "if_hard": ...}``, None for what is not set."""
        return {"when": self.when or None, "at": self.at, "if_hard": self.if_hard or None}


# --------------------------------------------------------------------------- reading input


def parse_day(text: str) -> int | None:
    """A weekday from its name or first three letters (any case): 0 Monday ... 6 Sunday;
    None for ``all``. CueError otherwise."""
    value = text.strip().lower()
    if value == "all":
        return None
    for number, (short, long) in enumerate(zip(WEEKDAY_SHORT, WEEKDAY_LONG)):
        if value in (short.lower(), long.lower()):
            return number
    raise CueError(f"'{text}' is not a day (a weekday like mon or monday, or all)")


def parse_time(text: str) -> str:
    """A time of day as ``HH:MM`` (``7:30`` is read as 07:30); CueError otherwise."""
    value = text.strip()
    hours, sep, minutes = value.partition(":")
    if (sep and hours.isascii() and minutes.isascii() and hours.isdigit()
            and minutes.isdigit() and 1 <= len(hours) <= 2 and len(minutes) == 2):
        h, m = int(hours), int(minutes)
        if h < 24 and m < 60:
            return f"{h:02d}:{m:02d}"
    raise CueError(f"'{text}' is not a time of day (use HH:MM, from 00:00 to 23:59)")


def clean_text(text: str, what: str) -> str:
    """A cue's text as it is kept: the rules of all stored text (``coach.text.check_text``:
    one line, no control characters), spaces tidied, at most MAX_CUE_TEXT characters.
    CueError (naming ``what``) otherwise."""
    from coach.text import check_text

    try:
        check_text(text, what)
        return check_text(" ".join(text.split()), what, limit=MAX_CUE_TEXT)
    except ValueError as exc:
        raise CueError(str(exc)) from None


# --------------------------------------------------------------------------- stored form


def cues_from_value(value: Any) -> dict[int, Cue]:
    """The cues from the stored JSON (``{"0": {"when", "at", "if_hard"}, ...}``), leniently:
    anything that is not a well-formed cue is left out, and text is kept within the rules (a
    control character an older coach let in is made visible, ``coach.text.one_line``)."""
    from coach.text import one_line

    out: dict[int, Cue] = {}
    if not isinstance(value, dict):
        return out
    for key, item in value.items():
        try:
            day = int(key)
        except (TypeError, ValueError):
            continue
        if not 0 <= day <= 6 or not isinstance(item, dict):
            continue
        when, at, if_hard = item.get("when"), item.get("at"), item.get("if_hard")
        try:
            cue = Cue(
                when=clean_text(one_line(when), "when") if isinstance(when, str) else "",
                at=parse_time(at) if isinstance(at, str) else None,
                if_hard=clean_text(one_line(if_hard), "if hard") if isinstance(if_hard, str) else "",
            )
        except CueError:
            continue
        if not cue.empty:
            out[day] = cue
    return out


def cues_to_value(cues: dict[int, Cue]) -> dict[str, dict[str, str | None]]:
    """The cues as they are stored: weekday number (as text) to the cue's JSON."""
    return {str(day): cues[day].to_json() for day in sorted(cues) if not cues[day].empty}


def change_cues(
    cues: dict[int, Cue],
    days: list[int],
    *,
    when: str | None = None,
    at: str | None = None,
    if_hard: str | None = None,
    clear: bool = False,
) -> dict[int, Cue]:
    """The cues after a change to ``days``: ``clear`` removes them first; a part given (an
    empty string clears that part) replaces it; a part not given stays as it was."""
    out = dict(cues)
    for day in days:
        cue = Cue() if clear else out.get(day, Cue())
        if when is not None:
            cue = Cue(when=clean_text(when, "--when"), at=cue.at, if_hard=cue.if_hard)
        if at is not None:
            cue = Cue(when=cue.when, at=parse_time(at) if at.strip() else None,
                      if_hard=cue.if_hard)
        if if_hard is not None:
            cue = Cue(when=cue.when, at=cue.at, if_hard=clean_text(if_hard, "--if-hard"))
        if cue.empty:
            out.pop(day, None)
        else:
            out[day] = cue
    return out


# --------------------------------------------------------------------------- a session's cue


def cue_for(cues: dict[int, Cue], week: WeekPlan, day: date) -> Cue | None:
    """The cue of the session on ``day``: that weekday's, else the one of the day the session
    comes from (``DayPlan.origin``: a session moved, or one that followed to keep a rest day,
    keeps its cue); None when neither has one (or ``day`` holds no session)."""
    here = week.day_plan(day)
    if here is None or here.origin is None:
        return None
    own = cues.get(day.weekday())
    if own is not None:
        return own
    return cues.get(here.origin.weekday())


# --------------------------------------------------------------------------- words

IF_HARD_LEAD = "If it feels hard"


def when_words(cue: Cue) -> str:
    """'At 07:30, after my morning coffee, in the living room' (or part of it)."""
    when = cue.when
    if cue.at and when:
        return f"At {cue.at}, {when[0].lower()}{when[1:]}"
    if cue.at:
        return f"At {cue.at}"
    return f"{when[0].upper()}{when[1:]}" if when else ""


def if_hard_words(cue: Cue) -> str:
    return f"{IF_HARD_LEAD}: {cue.if_hard}" if cue.if_hard else ""


def cue_lines(cue: Cue | None, low_mood: bool = False) -> list[str]:
    """The cue as lines for a person: when and where, then the if-it-feels-hard plan; on a
    low-mood morning the if-it-feels-hard plan comes first."""
    if cue is None:
        return []
    lines = [line for line in (when_words(cue), if_hard_words(cue)) if line]
    return lines[::-1] if low_mood else lines


def cue_line(cue: Cue | None, low_mood: bool = False) -> str:
    """The cue on one line (parts joined by ' · ')."""
    return " · ".join(cue_lines(cue, low_mood))


def list_lines(cues: dict[int, Cue], settings: Settings) -> list[str]:
    """``coach cue``: one line per preferred day (and any other day with a cue)."""
    if len(cues) == 7 and len(set(cues.values())) == 1:
        return [f"{'Every day':<10} {cue_line(cues[0])}"]
    days = set(settings.days_two) | set(settings.days_three) | set(cues)
    first = settings.first_weekday
    lines = []
    for day in sorted(days, key=lambda d: (d - first) % 7):
        cue = cues.get(day)
        text = cue_line(cue) if cue is not None else "no cue yet"
        lines.append(f"{WEEKDAY_LONG[day]:<10} {text}")
    return lines


def week_cues(cues: dict[int, Cue], week: WeekPlan) -> dict[date, Cue]:
    """The cue of each planned day of ``week`` that has one."""
    out: dict[date, Cue] = {}
    if not cues:
        return out
    for d in week.days:
        if d.status == "planned":
            cue = cue_for(cues, week, d.day)
            if cue is not None:
                out[d.day] = cue
    return out


def make_cue(when: str, at: str, if_hard: str) -> Cue:
    """A cue from the three answers of a form (empty answers leave that part unset);
    CueError in one line for an answer it cannot take."""
    return Cue(
        when=clean_text(when, "When and where"),
        at=parse_time(at) if at.strip() else None,
        if_hard=clean_text(if_hard, "If it feels hard"),
    )


def days_words(days: list[int]) -> str:
    """'Monday', 'Monday and Thursday', 'every day'."""
    if len(days) == 7:
        return "every day"
    names = [WEEKDAY_LONG[d] for d in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def short_line(cue: Cue | None, low_mood: bool = False, width: int = 64) -> str:
    """The cue on one line of at most ``width`` characters, for a screen: when and where (the
    if-it-feels-hard plan first on a low morning), and the other part too when it fits; a
    part too long is cut with an ellipsis."""
    parts = cue_lines(cue, low_mood)
    if not parts:
        return ""
    both = " · ".join(parts)
    line = both if len(both) <= width else parts[0]
    return line if len(line) <= width else line[: width - 1].rstrip(" ·,") + "…"
