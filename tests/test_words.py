"""The words module: English days, months and minutes, whatever the locale."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from coach import words
from coach.models import Session


def test_days_and_months_are_english_and_spelled_once():
    assert words.long_day(date(2026, 1, 12)) == "Monday 12 January"
    assert words.short_day(date(2026, 1, 12)) == "Mon 12 Jan"
    assert words.day_label(date(2026, 3, 13), date(2026, 3, 12)) == "Tomorrow, Friday 13 March"
    assert words.day_label(date(2026, 3, 14), date(2026, 3, 12)) == "Saturday 14 March"


def test_no_date_words_come_from_the_locale():
    """strftime's names follow the locale (a German terminal would read 'Januar')."""
    source = Path(words.__file__).parent
    for path in source.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"strftime\([^)]*%[aAbBpc]", text), path


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)))
def test_a_span_of_a_week_names_each_month_and_year_once(start):
    end = date.fromordinal(start.toordinal() + 6)
    span = words.day_span(start, end)
    assert span.endswith(f"{end.day} {words.MONTH_LONG[end.month - 1]} {end.year}")
    years = [int(y) for y in re.findall(r"\b\d{4}\b", span)]
    assert years == ([start.year, end.year] if start.year != end.year else [end.year])
    assert span.count(words.MONTH_LONG[end.month - 1]) == 1
    if start.month == end.month:
        assert span.startswith(f"{start.day}–")


def test_plurals_and_minutes():
    assert words.plural(1, "session") == "1 session"
    assert words.plural(0, "session") == "0 sessions"
    assert words.plural(3, "minute") == "3 minutes"
    assert words.minutes_words(0) == "less than a minute"
    assert words.seconds_words(119) == "1 minute"
    assert words.recorded(1200) == "Recorded: 20 minutes. Well done."


def test_when_an_unfinished_session_happened():
    today = date(2026, 3, 12)  # a Thursday
    at = datetime(2026, 3, 12, 8, 30)
    assert words.when_words(today, at, today) == "this morning"
    assert words.when_words(today, at.replace(hour=14), today) == "this afternoon"
    assert words.when_words(today, at.replace(hour=19), today) == "this evening"
    assert words.when_words(today, None, today) == "today"
    assert words.when_words(date(2026, 3, 11), None, today) == "yesterday"
    assert words.when_words(date(2026, 3, 9), None, today) == "Monday"
    assert words.when_words(date(2026, 3, 1), None, today) == "Sunday 1 March"
    session = Session(day=today, seconds=725, started_at=at, finished=False)
    assert words.unfinished_text(session, today).startswith(
        "You have an unfinished session from this morning: 12 minutes. Record it?"
    )


def test_help_has_words_for_every_key_and_lists_them_from_the_bindings():
    from textual.binding import Binding

    from coach.app import CoachApp
    from coach.screens.help import key_rows
    from coach.screens.timer import TimerScreen
    from coach.screens.today import TodayScreen

    bindings = [*CoachApp.BINDINGS, *TodayScreen.BINDINGS, *TimerScreen.BINDINGS]
    for binding in Binding.make_bindings(bindings):
        assert binding.action in words.KEY_HELP, binding
    rows = dict(key_rows([*CoachApp.BINDINGS, *TodayScreen.BINDINGS]))
    assert rows["?"] == "This help"
    assert rows["c / x"] == "A buddy suggestion: done / not now (on Today)"
    assert dict(key_rows(TimerScreen.BINDINGS))["escape"].startswith("End early")


def test_a_far_off_day_says_its_year_and_one_this_year_does_not():
    from coach.words import long_day
    today = date(2026, 12, 1)
    assert long_day(date(2026, 3, 9), today) == "Monday 9 March"
    assert long_day(date(2030, 12, 30), today) == "Monday 30 December 2030"
    assert long_day(date(1970, 1, 1), today) == "Thursday 1 January 1970"


def test_coach_plan_and_pause_say_the_year_of_a_far_off_week(tmp_path, capsys):
    from coach.cli import run
    db = str(tmp_path / "c.db")
    this_year = date.today().year
    assert run(["--db", db, "plan", "--date", f"{this_year + 4}-01-01"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("Week of ") and (str(this_year + 3) in first or str(this_year + 4) in first)
    assert run(["--db", db, "pause", "--from", "1970-01-01", "--until", "1970-01-03"]) == 0
    assert "Thursday 1 January 1970 until Saturday 3 January 1970" in capsys.readouterr().out


def test_an_extra_session_logged_for_last_week_names_that_week(tmp_path, capsys):
    from datetime import timedelta

    from coach.cli import run
    db = str(tmp_path / "c.db")
    today = date.today()
    monday = today - timedelta(days=today.weekday() + 7)  # last week's Monday
    for offset in (0, 3, 5):
        assert run(["--db", db, "log", "--minutes", "20", "--date",
                    (monday + timedelta(days=offset)).isoformat()]) == 0
    out = capsys.readouterr().out
    assert "That's more than that week's plan" in out and "this week's plan" not in out
