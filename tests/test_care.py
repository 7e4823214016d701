"""The safety net and the low-mood offer reach every place a person reads the day.

``coach status`` (which many run in every new shell) and ``coach plan`` lead with the buddy's
contact and the crisis resources after three mood-1 mornings, in Today's words, and offer the
10-minute session on a mood 1-2 morning; ``coach plan --json`` says both as ``"care"``. And for
any history, ``coach status`` and Today agree on whether each is on.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach import dates, mood
from coach.cli import run
from coach.resources import CRISIS_RESOURCES
from coach.status import status_text
from coach.store import Store
from conftest import TODAY, FakeClock, HistoryBuilder, screen_text
from test_app_wording import blame_in

BANNED = ("fail", "missed", "broke", "streak", "lost", "behind", "lazy", "should", "must")
EXERCISE_WORDS = ("session", "minute", "level", "week")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "coach.db"


@pytest.fixture
def built(db: Path, monkeypatch) -> HistoryBuilder:
    """A history on ``db`` as of TODAY (a Thursday, a session day), the CLI frozen on it."""
    monkeypatch.setattr(dates, "today", lambda: TODAY)
    store = Store.open(db)
    builder = HistoryBuilder(store, TODAY).onboard()
    yield builder
    store.close()


def coach(capsys, db: Path, *args: str) -> str:
    code = run(["--db", str(db), *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    # The no-blame wording check covers every line these commands print.
    assert not any(word in out.lower() for word in BANNED), out
    assert not blame_in(out), out
    return out


def three_hard_mornings(built: HistoryBuilder) -> HistoryBuilder:
    return built.morning(-2, mood=1).morning(-1, mood=1).morning(0, mood=1)


def assert_leads_with_care(out: str, buddy_line: str | None) -> None:
    lines = [line for line in out.splitlines() if line.strip()]
    assert lines[0] == mood.SAFETY_NET_MESSAGE
    expected = [buddy_line] if buddy_line else []
    expected += list(CRISIS_RESOURCES)
    assert lines[1:1 + len(expected)] == expected
    # Nothing about exercise before the people to talk to.
    for line in lines[:1 + len(expected)]:
        if line != mood.SAFETY_NET_MESSAGE:
            assert not any(word in line.lower() for word in EXERCISE_WORDS), line


# ---------------------------------------------------------------- the safety net


@pytest.mark.parametrize("command", ["status", "plan"])
def test_three_mood_1_mornings_lead_with_the_buddy_and_the_crisis_resources(
        built, db, capsys, command):
    three_hard_mornings(built).buddy("Sam", "text Sam")
    out = coach(capsys, db, command)
    assert_leads_with_care(out, "Reach out to Sam: text Sam.")
    assert "Today: a 20-minute" not in out
    assert "If and when you feel up to it: a 10-minute bodyweight session" in out


@pytest.mark.parametrize("command", ["status", "plan"])
def test_without_a_buddy_the_crisis_resources_lead(built, db, capsys, command):
    three_hard_mornings(built)
    out = coach(capsys, db, command)
    assert_leads_with_care(out, None)
    assert "Reach out" not in out


def test_the_safety_net_status_speaks_of_no_next_step_and_no_welcome_back(built, db, capsys):
    built.session(-60).session(-57)  # a long time away, then three hard mornings
    three_hard_mornings(built)
    out = coach(capsys, db, "status")
    assert "Next step" not in out and "Next week" not in out
    assert "Welcome back" not in out


def test_the_safety_net_without_a_low_morning_today_still_leads_gently(built, db, capsys):
    # Three mood-1 mornings up to yesterday and none yet today: the net is on, and today's
    # session is the planned one, if and when they feel up to it.
    built.morning(-3, mood=1).morning(-2, mood=1).morning(-1, mood=1)
    out = coach(capsys, db, "status")
    assert_leads_with_care(out, None)
    assert "If and when you feel up to it: a 20-minute bodyweight session." in out
    data = json.loads(coach(capsys, db, "plan", "--json"))
    assert data["care"] == {"safety_net": True, "low_mood_offer": False}


def test_a_better_morning_in_between_means_no_safety_net(built, db, capsys):
    built.morning(-2, mood=1).morning(-1, mood=3).morning(0, mood=1)
    out = coach(capsys, db, "status")
    assert mood.SAFETY_NET_MESSAGE not in out
    assert "A 10-minute bodyweight session counts as showing up" in out


# ---------------------------------------------------------------- the low-mood offer


@pytest.mark.parametrize("morning_mood", [1, 2])
def test_a_low_morning_on_a_session_day_offers_the_10_minute_session(
        built, db, capsys, morning_mood):
    built.morning(0, mood=morning_mood)
    out = coach(capsys, db, "status")
    first = out.splitlines()[0]
    assert first == (
        "Today: hard mornings happen. A 10-minute bodyweight session counts as showing up, "
        "if you'd like; resting is fine too."
    )
    assert "20-minute" not in out
    plan_text = coach(capsys, db, "plan")
    assert first in plan_text
    data = json.loads(coach(capsys, db, "plan", "--json"))
    assert data["care"] == {"safety_net": False, "low_mood_offer": True}


def test_an_okay_morning_keeps_the_plan_as_it_is(built, db, capsys):
    built.morning(0, mood=3)
    out = coach(capsys, db, "status")
    assert out.splitlines()[0] == "Today: a 20-minute bodyweight session."
    data = json.loads(coach(capsys, db, "plan", "--json"))
    assert data["care"] == {"safety_net": False, "low_mood_offer": False}


def test_a_low_morning_on_a_rest_day_offers_nothing_in_its_place(built, db, capsys,
                                                                monkeypatch):
    friday = TODAY + timedelta(days=1)
    monkeypatch.setattr(dates, "today", lambda: friday)
    built.session(0)  # Thursday's session done; Friday is a rest day
    built.morning(1, mood=2)
    out = coach(capsys, db, "status")
    assert out.splitlines()[0].startswith("Today: rest day")
    data = json.loads(coach(capsys, db, "plan", "--json"))
    assert data["care"] == {"safety_net": False, "low_mood_offer": False}


def test_plan_json_care_is_the_dates_morning(built, db, capsys):
    monday = TODAY - timedelta(days=3)
    built.morning(monday, mood=2).morning(0, mood=4)
    data = json.loads(coach(capsys, db, "plan", "--json", "--date", monday.isoformat()))
    assert data["care"] == {"safety_net": False, "low_mood_offer": False}  # Monday has passed
    data = json.loads(coach(capsys, db, "plan", "--json"))
    assert data["care"] == {"safety_net": False, "low_mood_offer": False}
    assert json.loads(coach(capsys, db, "plan", "--json", "--date", "2026-03-01"))["care"] == {
        "safety_net": False, "low_mood_offer": False}


def test_plan_of_another_week_still_leads_with_this_mornings_safety_net(built, db, capsys):
    three_hard_mornings(built)
    out = coach(capsys, db, "plan", "--date", (TODAY + timedelta(days=7)).isoformat())
    assert_leads_with_care(out, None)
    assert "If and when you feel up to it" not in out  # today is not in that week


# ---------------------------------------------------------------- status and Today agree


def _status_says(text: str) -> tuple[bool, bool]:
    return mood.SAFETY_NET_MESSAGE in text, "10-minute" in text


async def _today_says(db: Path) -> tuple[bool, bool]:
    from coach.app import CoachApp

    app = CoachApp(db, today=lambda: TODAY, clock=FakeClock())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        safety = app.screen.query_one("#safety")
        text = screen_text(app)
        return bool(safety.display), "10 minutes of" in text


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    moods=st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=1, max_size=6),
    trained_today=st.booleans(),
    with_buddy=st.booleans(),
)
def test_status_and_today_agree_on_the_safety_net_and_the_offer(moods, trained_today,
                                                                with_buddy):
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "coach.db"
        with Store.open(db) as store:
            builder = HistoryBuilder(store, TODAY).onboard().launched_today()
            for offset, morning_mood in enumerate(reversed(moods)):
                if morning_mood is not None:
                    builder.morning(-offset, mood=morning_mood)
            if trained_today:
                builder.session(0)
            if with_buddy:
                builder.buddy()
            status = _status_says(status_text(store, TODAY))
        today = asyncio.run(_today_says(db))
    assert status == today


def test_the_agreement_test_sees_both_on(tmp_path):
    # The property above can only fail if both views can show each: here they do.
    db = tmp_path / "coach.db"
    with Store.open(db) as store:
        three_hard_mornings(HistoryBuilder(store, TODAY).onboard().launched_today())
        assert _status_says(status_text(store, TODAY)) == (True, True)
    assert asyncio.run(_today_says(db)) == (True, True)


def test_care_needs_a_planned_session_for_the_offer():
    from coach.models import Checkin

    day = TODAY

    low = [Checkin(day=day, kind="morning", mood=2)]
    assert mood.care(low, day, session_planned=True) == mood.Care(
        safety_net=False, low_mood_offer=True)
    assert mood.care(low, day, session_planned=False) == mood.Care(
        safety_net=False, low_mood_offer=False)
    hard = [Checkin(day=day - timedelta(days=i), kind="morning", mood=1) for i in range(3)]
    assert mood.care(hard, day, session_planned=False).safety_net
    assert not mood.care(hard, date(2026, 4, 1), session_planned=True).safety_net
