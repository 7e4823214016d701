"""Calendar helpers: weeks that start on Monday or Sunday, ISO dates in and out.

``today()`` is the user's local calendar day; everything else takes the day as an argument
so it can be tested with a frozen date.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta


def today() -> date:
    """The user's local calendar day (the day boundary is local midnight)."""
    return datetime.now().astimezone().date()


def now() -> datetime:
    """Local wall-clock time, naive, to the second."""
    return datetime.now().replace(microsecond=0)


def week_start(day: date, first_weekday: int = 0) -> date:
    """The first day of the week holding ``day``; ``first_weekday`` is 0 (Mon) or 6 (Sun)."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def week_days(start: date) -> list[date]:
    return [start + timedelta(days=i) for i in range(7)]


def parse_date(text: str) -> date:
    """Parse ``YYYY-MM-DD`` (also ``today`` and ``yesterday``); ValueError with a clear message.

    Only that form: ``20261105`` (which Python would read too) is refused, as the message says.
    """
    value = text.strip().lower()
    if value == "today":
        return today()
    if value == "yesterday":
        return today() - timedelta(days=1)
    if len(value) == 10 and value[4] == "-" and value[7] == "-" and value.replace("-", "").isdigit() \
            and value.isascii():
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"'{text}' is not a date (use YYYY-MM-DD, e.g. 2026-01-15)")


# --------------------------------------------------------------------------- bounds
#
# Every date coach takes in lies within bounds, so no arithmetic on one can overflow: a record
# (a session, a check-in) from EARLIEST to today; a plan (a pause, a moved session) from
# EARLIEST to VIEW_YEARS ahead; a day to look at (``--date``) within VIEW_YEARS either side.

EARLIEST = date(1970, 1, 1)
VIEW_YEARS = 5
ZONE_AHEAD_DAYS = 1
"""How far past today a record from another machine may be dated: where that machine is, it
may already be tomorrow (a time zone ahead). A sync takes such a record in, and it is not
named as out of range; the command line and import still take records up to today only."""


def years_from(day: date, years: int) -> date:
    """The same day ``years`` later (or earlier, when negative); 28 February for a 29th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def record_day_problem(day: date, today: date) -> str | None:
    """Why ``day`` cannot be the day of a record (a session, a check-in), or None."""
    if day > today:
        return f"{day.isoformat()} is in the future; coach records what has happened"
    if day < EARLIEST:
        return f"{day.isoformat()} is before {EARLIEST.isoformat()}, the first day coach records"
    return None


def check_record_day(day: date, today: date) -> date:
    """``day`` when it can be a record's day (EARLIEST to today); ValueError otherwise."""
    problem = record_day_problem(day, today)
    if problem:
        raise ValueError(problem)
    return day


def plan_day_problem(day: date, today: date) -> str | None:
    """Why ``day`` cannot be in a plan (a pause, a moved session), or None."""
    if day < EARLIEST:
        return f"{day.isoformat()} is before {EARLIEST.isoformat()}, the first day coach records"
    latest = years_from(today, VIEW_YEARS)
    if day > latest:
        return (f"{day.isoformat()} is more than {VIEW_YEARS} years ahead; coach plans up to "
                f"{latest.isoformat()}")
    return None


def check_plan_day(day: date, today: date) -> date:
    problem = plan_day_problem(day, today)
    if problem:
        raise ValueError(problem)
    return day


def view_bounds(today: date) -> tuple[date, date]:
    """The first and last day a view (``--date``) can show."""
    return max(EARLIEST, years_from(today, -VIEW_YEARS)), years_from(today, VIEW_YEARS)


def check_view_day(day: date, today: date) -> date:
    """``day`` when a view can show its week (within VIEW_YEARS of today); ValueError otherwise."""
    first, last = view_bounds(today)
    if not first <= day <= last:
        raise ValueError(f"{day.isoformat()} is too far from today; coach shows the weeks from "
                         f"{first.isoformat()} to {last.isoformat()}")
    return day

