"""Words a person reads, written once for the command line and the screens.

Plurals, days and months, minutes, and the short phrases several places say ("Next session:
tomorrow."). Always in English, whatever the locale (no names from ``strftime``), and only the
standard library: ``coach status`` imports this in every new shell.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

TYPE_CHECKING = False  # typing is not imported at run time (coach status stays quick)
if TYPE_CHECKING:
    from collections.abc import Iterable

    from coach.models import Entry, Pause, Session
    from coach.plan import WeekPlan

WEEKDAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_LONG = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

#: What each key does, for Help's tables: by action, in the order Help lists them. The keys
#: themselves come from the bindings; actions with the same words share a row ("c / x").
KEY_HELP: dict[str, str] = {
    "show('today')": "Today: today's plan",
    "show('week')": ("Week: the week at a glance (← → other weeks, Home this week; "
                     "↑ ↓ a day, Enter or 1-7 its records)"),
    "checkin": "Mood check-in",
    "start_session": "Start today's session on the timer",
    "move": "Move today's session to another day (on Today)",
    "toggle_short": "Switch between the full session and 10 minutes (on Today)",
    "buddy('done')": "A buddy suggestion: done / not now (on Today)",
    "buddy('dismissed')": "A buddy suggestion: done / not now (on Today)",
    "resume": "Resume a paused plan (on Today)",
    "show('buddy')": "Your workout buddy",
    "show('insights')": "What helps me: your mood lift by style, time of day and length",
    "show('help')": "This help",
    "quit": "Quit",
    "command_palette": "Every action by name, and colour themes",
    "pause_resume": "Pause and resume",
    "skip": "Skip to the next interval",
    "easier": "The easier version of this exercise, for the rest of the session",
    "end_early": "End early (the minutes you did are kept)",
}

SETTINGS_KEPT = (
    "Your history is here, and your days, style and buddy are as they were. "
    "To change them: ctrl+p, then \u201cChange days, style and buddy\u201d."
)

SETTING_RESET = "A setting was reset"
"""The title over the app's notice of a setting that could not be read."""


def damaged_setting(key: str) -> str:
    """A setting whose stored value could not be read (another program wrote into the file);
    its name as stored, any control character in it made visible."""
    from coach.text import one_line

    return (f"the setting \u201c{one_line(key)}\u201d in the database could not be read, so its default "
            "is used; to set it again: coach, then ctrl+p, \u201cChange days, style and buddy\u201d")


#: What each kind of record is called, one and many.
KIND_WORDS: dict[str, tuple[str, str]] = {
    "session": ("session", "sessions"),
    "checkin": ("check-in", "check-ins"),
    "pause": ("pause", "pauses"),
    "move": ("moved session", "moved sessions"),
    "buddy_checkin": ("buddy check-in", "buddy check-ins"),
}

ODD_RECORDS_TITLE = "A record out of range"
ODD_RECORDS_SHOWN = 3
"""How many records out of range are named one by one; a line says how many more."""


#: What marks a record out of range, in coach history and in the line that names it.
ODD_MARK = "outside the days coach keeps"


def odd_lines(entries: list[Entry]) -> list[str]:
    """One line for each record out of range (see ``Store.odd_records``), at most
    ``ODD_RECORDS_SHOWN`` and then how many more: which it is, and how to remove it. The
    command line, ``coach status`` and the app say these same words."""
    lines = []
    for entry in entries[:ODD_RECORDS_SHOWN]:
        item = entry.item
        days = [entry.day]
        end = getattr(item, "end", None) if entry.kind == "pause" else None
        if end is not None:
            days.append(end)
        when = " to ".join(d.isoformat() for d in days)
        lines.append(f"{KIND_WORDS[entry.kind][0]} {entry.ref} is dated {when}, {ODD_MARK}; "
                     f"remove it with: coach delete {entry.ref}")
    more = len(entries) - ODD_RECORDS_SHOWN
    if more > 0:
        lines.append(f"and {more} more such {'record' if more == 1 else 'records'}"
                     " (coach history lists them all)")
    return lines


REST_LINE = "Rest is part of the plan: your muscles grow stronger between sessions."

#: Under Week's seven days: what the small words in a day's box mean.
WEEK_DAY_LEGEND = "mood: morning mood · 3→4 ok: mood before → after and effort (easy/ok/hard)"
#: Under the strip of recent weeks: its symbols, and that the number is the week's sessions.
STRIP_LEGEND = (
    "● complete  ◔ lighter  ○ this week  ‖ paused  · none",
    "●3: 3 sessions that week   mood ▁ low … █ great",
)

#: What turning a yes/no setting on or off says: (on, off), by setting.
SETTING_TOGGLED: dict[str, tuple[str, str]] = {
    "screener": ("The weekly questions are on: they'll come with the next check-in.",
                 "The weekly questions are off."),
    "bell": ("The timer's bell is on: one soft bell at each change.",
             "The timer's bell is off."),
    "count_in": ("The count-in is on: a beep in the last seconds before each change.",
                 "The count-in is off."),
}

PAUSED_TITLE = "The plan is paused"
# Short: it sits beside Today's title (Today's panel says how to resume).
PAUSED_NOTE = "Your level is kept. Rest as long as you need."
RESUMED_NOTE = "The plan is running again. Go gently."

NOT_SYNCED = "Not synced this time"
"""Before the one line saying why a sync could not be done (the app and the command line)."""


def style_name(style: str | None, *, lower: bool = False) -> str:
    """A style as a person reads it ("Resistance bands", with ``lower`` "resistance bands");
    one coach does not know (another coach's, an older one's) as it is stored, with any
    control character in it made visible (``coach.text.one_line``): every screen and command
    names a stored style through this."""
    from coach.models import STYLE_NAMES
    from coach.text import one_line

    if style in STYLE_NAMES:
        return STYLE_NAMES[style].lower() if lower else STYLE_NAMES[style]
    return one_line(style or "")


def plural(n: int, word: str) -> str:
    """'1 minute', '2 minutes', '0 sessions'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# --------------------------------------------------------------------------- minutes


def minutes_words(minutes: int, sessions: int = 1) -> str:
    """Whole minutes trained in ``sessions`` finished sessions: '12 minutes', '1 minute', or
    'less than a minute' (never '0 minutes' for a session done); '0 minutes' only when no
    session was done at all. Every place that says minutes trained says them through this."""
    if minutes > 0 or sessions <= 0:
        return plural(max(minutes, 0), "minute")
    return "less than a minute"


def seconds_words(seconds: int) -> str:
    """Seconds trained in whole minutes, as the plan counts them: 95 is '1 minute'."""
    return minutes_words(int(seconds) // 60)


def recorded(seconds: int) -> str:
    """What coach says once a session is saved."""
    return f"Recorded: {seconds_words(seconds)}. Well done."


# --------------------------------------------------------------------------- days


def short_day(day: date) -> str:
    """'Mon 12 Jan'."""
    return f"{WEEKDAY_SHORT[day.weekday()]} {day.day} {MONTH_SHORT[day.month - 1]}"


def long_day(day: date, today: date | None = None) -> str:
    """'Monday 12 January'; with ``today``, and the day in another year, 'Monday 30 December
    2030' (a far-off date says its year)."""
    text = f"{WEEKDAY_LONG[day.weekday()]} {day.day} {MONTH_LONG[day.month - 1]}"
    return text if today is None or today.year == day.year else f"{text} {day.year}"


def pause_span(pause: Pause, today: date) -> str:
    """'since Monday 30 November, until you resume', 'from Thursday 10 December until Sunday
    20 December': a pause as it reads on ``today``."""
    start = long_day(pause.start, today)
    until = f"until {long_day(pause.end, today)}" if pause.end is not None else "until you resume"
    if pause.start <= today:
        return f"since {start}, {until}"
    return f"from {start} {until}"


def resumed_note(planned: Iterable[Pause], today: date) -> str:
    """What the app says as a paused plan runs again; the pauses planned for later stay."""
    kept = "".join(f" The pause planned {pause_span(p, today)} stays." for p in planned)
    return RESUMED_NOTE + kept


def day_span(start: date, end: date) -> str:
    """'9–15 March 2026', '30 March – 5 April 2026', '29 December 2025 – 4 January 2026'."""
    if start.month == end.month and start.year == end.year:
        return f"{start.day}–{end.day} {MONTH_LONG[end.month - 1]} {end.year}"
    first = f"{start.day} {MONTH_LONG[start.month - 1]}"
    if start.year != end.year:
        first += f" {start.year}"
    return f"{first} – {end.day} {MONTH_LONG[end.month - 1]} {end.year}"


def day_label(day: date, today: date) -> str:
    """'Tomorrow, Friday 14 March' or 'Saturday 15 March'."""
    if day == today + timedelta(days=1):
        return f"Tomorrow, {long_day(day)}"
    return long_day(day)


def day_name(day: date, today: date) -> str:
    """'tomorrow' for the next day, else the weekday ('Thursday')."""
    return "tomorrow" if (day - today).days == 1 else WEEKDAY_LONG[day.weekday()]


def when_words(day: date, started_at: datetime | None, today: date) -> str:
    """When something happened, as a person says it: 'this morning', 'yesterday', 'Tuesday',
    or the date for anything over a week ago."""
    if day == today:
        if started_at is None:
            return "today"
        if started_at.hour < 12:
            return "this morning"
        if started_at.hour < 17:
            return "this afternoon"
        return "this evening"
    if day == today - timedelta(days=1):
        return "yesterday"
    if today - timedelta(days=6) <= day < today:
        return WEEKDAY_LONG[day.weekday()]
    return long_day(day)


def history_span(since: date, until: date, found: bool = True) -> str:
    """The one line over `coach history`: the days it lists, and how to see earlier ones."""
    span = f"{short_day(since)} {since.year} to {short_day(until)} {until.year}"
    hint = "(earlier days: coach history --from YYYY-MM-DD)"
    if not found:
        return f"Nothing recorded from {span} {hint}."
    return f"Recorded from {span} {hint}:"


# --------------------------------------------------------------------------- the plan


def next_session(week: WeekPlan, day: date) -> str | None:
    """'Next session: tomorrow.' (or a weekday) for the week's next planned day after ``day``."""
    upcoming = [d.day for d in week.days if d.status == "planned" and d.day > day]
    if not upcoming:
        return None
    return f"Next session: {day_name(upcoming[0], day)}."


def unfinished_text(session: Session, today: date) -> str:
    """'You have an unfinished session from this morning: 12 minutes. Record it?'"""
    when = when_words(session.day, session.started_at, today)
    return (
        f"You have an unfinished session from {when}: {seconds_words(session.seconds)}. "
        "Record it?\n\nEvery minute you did counts."
    )


def start_note(week: WeekPlan, day: date) -> str | None:
    """A gentle question before a session the plan did not ask for on ``day``; None to go."""
    here = week.day_plan(day)
    if here is None or here.status == "planned":
        return None
    if here.status == "paused":
        return "The plan is paused today. A session is fine if you feel up to it. Start one?"
    if here.sessions:
        return (
            "You've already trained today. Rest helps your body get stronger, so an easy day "
            "is a good idea. Start another session anyway?"
        )
    if week.complete:
        return (
            "This week's sessions are done, well done. Rest helps your body get stronger. "
            "Start an extra session anyway?"
        )
    return f"Today is a rest day. {REST_LINE} Start a session anyway?"


# --------------------------------------------------------------------------- effort

#: How hard a session felt, in the words the after-session question uses.
EFFORT_WORDS: dict[str, str] = {"easy": "easy", "right": "about right", "hard": "too hard"}


def gentler_line(routine: str, style: str, today: bool) -> str:
    """Why the next session is the gentlest routine: the last one felt too hard."""
    when = "today's session is" if today else "next time it's"
    return (f"Your last session felt too hard, so {when} {routine}, the gentlest "
            f"{style.lower()} routine.")
