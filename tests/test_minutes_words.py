"""A session under a minute reads "less than a minute" wherever minutes trained are said,
never "0 minutes" (small wins count): Week's summary and a day's records, coach history,
the week's progress and coach status, all through ``coach.words.minutes_words``."""

from __future__ import annotations

from datetime import date

from coach.cli import run
from coach.corrections import summary
from coach.models import Entry, History, Session
from coach.plan import Planner
from coach.report import progress_words
from coach.screens.today import TodayScreen
from coach.screens.week import WeekScreen
from coach.status import status_text
from coach.store import Store
from coach.words import minutes_words
from tests.conftest import TODAY, screen_text, wait_for


def test_minutes_words_says_less_than_a_minute_for_a_session_and_0_only_for_none():
    assert minutes_words(0) == "less than a minute"
    assert minutes_words(0, sessions=2) == "less than a minute"
    assert minutes_words(0, sessions=0) == "0 minutes"
    assert minutes_words(1) == "1 minute" and minutes_words(12, sessions=0) == "12 minutes"


def test_a_record_under_a_minute_and_one_without_a_style():
    short = Entry(kind="session", id=1, uid="u1", item=Session(day=TODAY, seconds=40, style="bodyweight"))
    assert summary(short) == "less than a minute of bodyweight"
    quick = Entry(kind="session", id=2, uid="u2", item=Session(day=TODAY, seconds=16))
    assert summary(quick) == "less than a minute"
    # Minutes as the plan counts them (whole minutes done), not rounded up.
    long = Entry(kind="session", id=3, uid="u3", item=Session(day=TODAY, seconds=19 * 60 + 50))
    assert summary(long).startswith("19 minutes")


def test_the_weeks_progress_and_status_say_less_than_a_minute():
    week = Planner(History(sessions=[Session(day=TODAY, seconds=30)])).plan_week(TODAY, TODAY)
    assert "less than a minute" in progress_words(week)
    assert "0 minute" not in progress_words(week)


def test_coach_history_and_status_say_less_than_a_minute(tmp_path, capsys):
    db = tmp_path / "c.db"
    store = Store.open(db)
    store.add_session(Session(day=date.today(), seconds=40, style="bodyweight"))
    store.add_session(Session(day=date.today(), seconds=16))
    store.close()
    assert run(["--db", str(db), "history"]) == 0
    out = capsys.readouterr().out
    assert "less than a minute of bodyweight" in out and "0 minute" not in out
    assert "of a session" not in out
    assert status_text(Store.open(db), date.today()).count("0 minutes") == 0


async def test_week_summary_and_records_say_less_than_a_minute(make_app, history):
    history.onboard().launched_today().session(0, 0.5)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen) and app.at_home())
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, WeekScreen))
        text = screen_text(app)
        assert "less than a minute" in text and "0 minutes" not in text
        await pilot.press("4")
        await wait_for(pilot, lambda: "less than a minute of bodyweight" in screen_text(app))
