"""A short session on a hard morning visibly counts, and does not add work.

The offered 10 minutes done on a planned day take that day's place: the rest of the week's
plan stays where it was, and Today, Week and ``coach status`` say it counted as showing up.
The ladder is unchanged: a short session does not count toward the level.
"""

from __future__ import annotations

import json
from datetime import timedelta

from conftest import TODAY, WEEK_START, open_on_today, screen_text, wait_for
from test_app_wording import blame_in
from test_timer_screen import run, timer_gone

from coach import dates
from coach.cli import run as cli
from coach.screens.checkin import CheckinScreen
from coach.screens.timer import TimerScreen
from coach.status import status_text

SHOWING_UP = "1 short session — showing up counts"


def plan_json(capsys, db) -> dict:
    assert cli(["--db", str(db), "plan", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


async def test_the_offered_ten_minutes_take_todays_place(
        history, store, make_app, clock, db_path, capsys, monkeypatch):
    monkeypatch.setattr(dates, "today", lambda: TODAY)
    # Thursday; nothing done on Monday, so two sessions are still planned: today and Saturday.
    history.onboard().launched_today().session(-30).morning(mood=2)
    before = plan_json(capsys, db_path)
    planned_before = [d["date"] for d in before["days"] if d["status"] == "planned"]
    assert planned_before == [TODAY.isoformat(), "2026-03-14"]

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        assert "10 minutes of bodyweight" in screen_text(app)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        await pilot.press("2")  # mood before
        await wait_for(pilot, lambda: isinstance(app.screen, TimerScreen))
        await run(pilot, clock, 10 * 60 + 1, step=5)
        await wait_for(pilot, lambda: timer_gone(app) and isinstance(app.screen, CheckinScreen))
        await pilot.press("3", "n", "enter")  # after: mood 3, no pain
        await wait_for(pilot, lambda: app.at_home() and "Done today" in screen_text(app))
        text = screen_text(app)
        assert "Done today: 10 minutes" in text
        assert "It took today's place in the plan" in text
        assert SHOWING_UP in text
        assert "So far: 0 of 2 sessions" in text  # the ladder is unchanged
        assert not blame_in(text)
        await pilot.press("w")
        await wait_for(pilot, lambda: SHOWING_UP in screen_text(app))
        assert not blame_in(screen_text(app))

    after = plan_json(capsys, db_path)
    days = {d["date"]: d["status"] for d in after["days"]}
    assert days[TODAY.isoformat()] == "short"
    assert [d for d, status in days.items() if status == "planned" and d > TODAY.isoformat()] == [
        d for d in planned_before if d > TODAY.isoformat()]
    assert after["counting_sessions"] == 0 and after["level"] == before["level"]

    lines = status_text(store, TODAY).splitlines()
    assert lines[0] == "Today: 10 minutes, in place of today's session. Showing up counts."
    assert SHOWING_UP in lines[1]
    assert not blame_in("\n".join(lines))


def test_a_short_session_on_a_rest_day_leaves_the_plan_as_usual(history, store):
    # Monday done, a short session on Wednesday (a rest day): Thursday moves to Friday to keep
    # a rest day after it, as before; and it still shows up as showing up.
    history.onboard().session(WEEK_START, 20).session(WEEK_START + timedelta(days=2), 8)
    wednesday = WEEK_START + timedelta(days=2)
    text = status_text(store, wednesday)
    assert "in place of" not in text
    assert SHOWING_UP in text
