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
    """Parse ``YYYY-MM-DD`` (also ``today`` and ``yesterday``); ValueError with a clear message."""
    value = text.strip().lower()
    if value == "today":
        return today()
    if value == "yesterday":
        return today() - timedelta(days=1)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{text}' is not a date (use YYYY-MM-DD, e.g. 2026-01-15)") from None

