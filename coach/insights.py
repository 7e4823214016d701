"""What helps me: a person's own before/after moods, broken down, and their recent mornings.

Plain functions over ``coach.models`` data; ``today`` is an argument. Nothing here knows
about SQL or Textual.

- The **mood lift** of a session is its mood after minus its mood before; only finished
  sessions with both moods have one (the *rated* sessions). The lift is broken down three
  ways, each way covering every rated session once:

  - by **style** (the styles done, in the order of ``STYLES``; a session without a style
    counts as the user's chosen style);
  - by **time of day** the session started: morning (04:00-11:59), afternoon (12:00-16:59),
    evening (17:00-03:59); a session whose time is not known (logged afterwards without
    ``--at``) is "any time";
  - by **length**: *full* when it lasted at least 75% of its week's level minutes (the
    length that counts toward the level), *short* otherwise.

  Each row holds its number of sessions, how many felt better after and the average lift.
  A row with fewer than :data:`ENOUGH` sessions is "not enough yet": its numbers are kept,
  and shown as that.
- The **weeks**: the average morning mood and anxiety of each of the last twelve weeks, the
  week holding ``today`` last (one morning check-in per day counts: the latest with a mood).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from coach.dates import week_start
from coach.models import STYLE_NAMES, STYLES, Checkin, History, Session
from coach.mood import format_lift, latest_mornings, rated_sessions
from coach.plan import LEVELS, counts, Planner
from coach.record import record
from coach.words import MONTH_SHORT, plural, style_name

ENOUGH = 3  # sessions a row needs before its numbers say anything
WEEKS = 12
TIMES_OF_DAY: tuple[str, ...] = ("morning", "afternoon", "evening", "any time")
LENGTHS: tuple[str, ...] = ("short", "full")

TIME_OF_DAY_NAMES: dict[str, str] = {
    "morning": "Morning",
    "afternoon": "Afternoon",
    "evening": "Evening",
    "any time": "Any time",
}
LENGTH_NAMES: dict[str, str] = {"short": "Short sessions", "full": "Full sessions"}

# The words a person reads, shared by `coach insights` and the screen.
TITLE = "What helps me"
NOT_ENOUGH = "not enough yet"
CHANCE_NOTE = (
    "These are your own numbers, and small differences may be chance: take them as a hint, "
    "not a rule."
)
NOTHING_YET = (
    "Nothing to show yet. Answer how you feel before and after a session, and this is "
    "where you'll see what helps you."
)
LIFT_EXPLAINED = "Mood lift: your mood after a session minus your mood before it."


def rated_words(sessions: int) -> str:
    """Which sessions the numbers come from, said by the screen and `coach insights` alike:
    only those with a mood before and after have a lift."""
    return f"From {plural(sessions, 'session')} with both moods; a row needs {ENOUGH}."


WEEKS_TITLE = "Morning mood and anxiety, last 12 weeks"
BREAKDOWN_TITLES: dict[str, str] = {
    "style": "By style",
    "time_of_day": "By time of day",
    "length": "By length",
}


@record
class LiftRow:
    """One group of rated sessions: its key, how many, how many felt better, the mean lift."""

    key: str  # a style, a time of day or a length
    sessions: int
    better_after: int
    mean_lift: float | None  # None when the group has no session

    @property
    def enough(self) -> bool:
        return self.sessions >= ENOUGH


@record
class WeekMornings:
    week_start: date
    morning_mood: float | None  # None when the week has no morning check-in
    morning_anxiety: float | None  # None when no morning check-in of the week gave one


@record
class Insights:
    sessions: int  # rated sessions (a before and an after mood)
    by_style: tuple[LiftRow, ...]
    by_time_of_day: tuple[LiftRow, ...]
    by_length: tuple[LiftRow, ...]
    weeks: tuple[WeekMornings, ...]

    def breakdowns(self) -> tuple[tuple[str, tuple[LiftRow, ...]], ...]:
        """The three breakdowns as (name, rows): style, time_of_day, length."""
        return (
            ("style", self.by_style),
            ("time_of_day", self.by_time_of_day),
            ("length", self.by_length),
        )

    def to_json(self) -> dict:
        """The object of ``coach insights --json`` (the contract for scripts)."""
        out: dict = {"sessions": self.sessions}
        for name, rows in self.breakdowns():
            out[f"by_{name}"] = [
                {name: r.key, "sessions": r.sessions, "better_after": r.better_after,
                 "mean_lift": None if r.mean_lift is None else round(r.mean_lift, 2)}
                for r in rows
            ]
        out["weeks"] = [
            {"week_start": w.week_start.isoformat(),
             "morning_mood": _rounded(w.morning_mood),
             "morning_anxiety": _rounded(w.morning_anxiety)}
            for w in self.weeks
        ]
        return out


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


# --------------------------------------------------------------------------- grouping


def time_of_day(session: Session) -> str:
    """"morning", "afternoon", "evening", or "any time" when the session's time is unknown."""
    text = session.time_of_day
    if not text or len(text) < 2 or not text[:2].isdigit():
        return "any time"
    hour = int(text[:2])
    if 4 <= hour < 12:
        return "morning"
    if 12 <= hour < 17:
        return "afternoon"
    return "evening"


def _row(key: str, lifts: list[int]) -> LiftRow:
    return LiftRow(
        key=key,
        sessions=len(lifts),
        better_after=sum(1 for lift in lifts if lift > 0),
        mean_lift=sum(lifts) / len(lifts) if lifts else None,
    )


def insights(history: History, today: date, weeks: int = WEEKS) -> Insights:
    """What helps: the lift by style, time of day and length, and the last ``weeks`` weeks."""
    rated = [s for s in rated_sessions(history.sessions) if s.day <= today]
    fallback = history.settings.style
    by_style: dict[str, list[int]] = {}
    by_time: dict[str, list[int]] = {key: [] for key in TIMES_OF_DAY}
    by_length: dict[str, list[int]] = {key: [] for key in LENGTHS}
    levels = Planner(history).levels_by_week(today=today) if rated else {}
    first_weekday = history.settings.first_weekday
    back = [timedelta(days=(n - first_weekday) % 7) for n in range(7)]  # to the week's start
    for s in rated:
        lift = s.mood_after - s.mood_before  # type: ignore[operator]
        by_style.setdefault(s.style or fallback, []).append(lift)
        by_time[time_of_day(s)].append(lift)
        lvl = LEVELS[levels.get(s.day - back[s.day.weekday()], 1)]
        by_length["full" if counts(s, lvl) else "short"].append(lift)
    styles = [st for st in STYLES if st in by_style] + sorted(set(by_style) - set(STYLES))
    return Insights(
        sessions=len(rated),
        by_style=tuple(_row(st, by_style[st]) for st in styles),
        by_time_of_day=tuple(_row(key, by_time[key]) for key in TIMES_OF_DAY),
        by_length=tuple(_row(key, by_length[key]) for key in LENGTHS),
        weeks=tuple(morning_weeks(history.checkins, today, weeks, first_weekday)),
    )


def morning_weeks(
    checkins: Iterable[Checkin], today: date, weeks: int = WEEKS, first_weekday: int = 0
) -> list[WeekMornings]:
    """The average morning mood and anxiety of each of the last ``weeks`` weeks, oldest first."""
    if weeks <= 0:
        return []
    this_week = week_start(today, first_weekday)
    starts = [this_week - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    first = starts[0]
    moods: dict[date, list[int]] = {ws: [] for ws in starts}
    worries: dict[date, list[int]] = {ws: [] for ws in starts}
    recent = [c for c in checkins if first <= c.day <= today]
    for day, checkin in latest_mornings(recent, today).items():
        ws = week_start(day, first_weekday)
        moods[ws].append(checkin.mood)  # type: ignore[arg-type]
        if checkin.anxiety is not None:
            worries[ws].append(checkin.anxiety)
    return [
        WeekMornings(
            week_start=ws,
            morning_mood=sum(moods[ws]) / len(moods[ws]) if moods[ws] else None,
            morning_anxiety=sum(worries[ws]) / len(worries[ws]) if worries[ws] else None,
        )
        for ws in starts
    ]


# --------------------------------------------------------------------------- words


def row_name(breakdown: str, key: str) -> str:
    """The row's name as a person reads it: "Bodyweight", "Morning", "Short sessions"."""
    if breakdown == "style":
        name = style_name(key)
        return name if key in STYLE_NAMES else name[:1].upper() + name[1:]
    if breakdown == "time_of_day":
        return TIME_OF_DAY_NAMES.get(key, key)
    return LENGTH_NAMES.get(key, key)


def row_text(row: LiftRow) -> str:
    """"5 sessions · better after 4 · average lift +0.8", or the count and "not enough yet"."""
    if not row.sessions:
        return f"no sessions · {NOT_ENOUGH}"
    count = plural(row.sessions, "session")
    if not row.enough or row.mean_lift is None:
        return f"{count} · {NOT_ENOUGH}"
    return f"{count} · better after {row.better_after} · average lift {format_lift(row.mean_lift)}"


def insights_text(found: Insights) -> str:
    """`coach insights` as plain text."""
    lines = [TITLE, ""]
    if not found.sessions:
        lines.append(NOTHING_YET)
    else:
        lines.append(LIFT_EXPLAINED)
        lines.append(rated_words(found.sessions))
        width = max(len(row_name(name, r.key)) for name, rows in found.breakdowns() for r in rows)
        for name, rows in found.breakdowns():
            lines.append("")
            lines.append(BREAKDOWN_TITLES[name])
            for r in rows:
                lines.append(f"  {row_name(name, r.key):<{width}}  {row_text(r)}")
        lines.append("")
        lines.append(CHANCE_NOTE)
    lines.append("")
    lines.append(WEEKS_TITLE)
    if not any(w.morning_mood is not None for w in found.weeks):
        lines.append("  No morning check-ins in these weeks yet.")
    for w in found.weeks:
        lines.append(f"  week of {_short_day(w.week_start):<7}  {week_text(w)}")
    return "\n".join(lines)


def week_text(week: WeekMornings) -> str:
    if week.morning_mood is None:
        return "no check-in"
    text = f"mood {week.morning_mood:.1f}"
    if week.morning_anxiety is not None:
        text += f" · anxiety {week.morning_anxiety:.1f}"
    return text


def _short_day(day: date) -> str:
    return f"{day.day} {MONTH_SHORT[day.month - 1]}"


TOO_HARD_NOTE = (
    "Thanks for saying it felt too hard. Next time a gentler routine is suggested, "
    "and the next step up waits until sessions feel about right."
)
