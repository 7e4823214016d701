"""What moved where this week, and why: the plan's changes and the one line that says them."""

from __future__ import annotations

from datetime import date, timedelta

from coach.models import History, Move, Session
from coach.plan import PlanChange, Planner
from coach.report import moved_words, week_text

# Monday 5 January 2026 starts "week 0"; week 1 has a session the week before, so it has begun.
W0 = date(2026, 1, 5)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def day(week: int, weekday: int = MON) -> date:
    return W0 + timedelta(days=7 * week + weekday)


def sess(d: date, minutes: int = 20) -> Session:
    return Session(day=d, seconds=minutes * 60, finished=True)


BEFORE = [sess(day(0, MON)), sess(day(0, THU))]


def test_a_usual_day_that_passed_moves_its_session_and_says_why():
    week = Planner(History(sessions=BEFORE)).plan_week(day(1, TUE), day(1, TUE))
    assert week.changes == (PlanChange(from_day=day(1, MON), to_day=day(1, TUE), reason="passed"),)
    assert moved_words(week) == "Monday's session moved to today: Monday has passed."


def test_a_move_by_hand_and_the_session_that_followed_it():
    history = History(
        sessions=BEFORE,
        moves=[Move(from_day=day(1, THU), to_day=day(1, FRI), id=1)],
    )
    week = Planner(history).plan_week(day(1, MON), day(1, MON))
    assert [c.reason for c in week.changes] == ["asked"]
    assert week.changes[0].from_day == day(1, THU) and week.changes[0].to_day == day(1, FRI)
    assert moved_words(week) == "Thursday's session moved to Friday, as you asked."


def test_two_changes_are_said_in_one_line():
    # Monday has passed and it is Wednesday: the sessions go to Wednesday and Friday.
    week = Planner(History(sessions=BEFORE)).plan_week(day(1, WED), day(1, WED))
    assert [(c.from_day.weekday(), c.to_day.weekday(), c.reason) for c in week.changes] == [
        (MON, WED, "passed"), (THU, FRI, "rest"),
    ]
    line = moved_words(week)
    assert line == ("Sessions moved: Mon to Wed (Monday has passed), "
                    "Thu to Fri (a rest day between).")
    assert "\n" not in line


def test_a_session_done_on_another_day_did_not_move():
    history = History(sessions=[*BEFORE, sess(day(1, TUE))])
    week = Planner(history).plan_week(day(1, WED), day(1, WED))
    assert week.changes == ()
    assert moved_words(week) is None


def test_nothing_moved_on_the_usual_days():
    week = Planner(History(sessions=BEFORE)).plan_week(day(1, MON), day(1, MON))
    assert week.changes == ()


def test_past_and_future_weeks_say_nothing_about_moves():
    planner = Planner(History(sessions=BEFORE))
    today = day(2, WED)
    assert planner.plan_week(day(1, MON), today).changes == ()
    assert planner.plan_week(day(3, MON), today).changes == ()
    assert planner.plan_week(day(2, MON), today).changes != ()


def test_coach_plan_text_carries_the_line():
    week = Planner(History(sessions=BEFORE)).plan_week(day(1, TUE), day(1, TUE))
    assert "Monday's session moved to today: Monday has passed." in week_text(week)


def test_a_brand_new_user_is_not_told_a_day_passed_before_they_began():
    # A fresh database on a Tuesday (and on a Wednesday, with three sessions a week): the days
    # before the first one were never theirs, so no session "moved" and nothing "passed".
    for today in (day(1, TUE), day(1, WED), day(1, SAT)):
        week = Planner(History()).plan_week(today, today)
        assert week.changes == (), today
        assert moved_words(week) is None
        assert "passed" not in week_text(week)
    # The first check-in that morning is the first record: the same.
    from coach.models import Checkin
    first = History(checkins=[Checkin(day=day(1, TUE), kind="morning", mood=2)])
    week = Planner(first).plan_week(day(1, TUE), day(1, TUE))
    assert week.changes == () and week.planned_days  # the week is still planned from today


def test_a_day_that_passes_after_the_first_one_is_said_to_have_passed():
    from coach.models import Checkin
    # Started on Saturday of week 0; the usual Monday of week 1 went by with nothing.
    history = History(checkins=[Checkin(day=day(0, SAT), kind="morning", mood=3)])
    week = Planner(history).plan_week(day(1, TUE), day(1, TUE))
    assert [c.reason for c in week.changes] == ["passed"]
    # Started on Tuesday: Tuesday and Thursday are that week's days; Thursday passing with
    # nothing later is said, the Monday before the start never is.
    history = History(checkins=[Checkin(day=day(1, TUE), kind="morning", mood=3)])
    week = Planner(history).plan_week(day(1, FRI), day(1, FRI))
    assert all(c.from_day >= day(1, TUE) for c in week.changes)
    assert "Monday" not in (moved_words(week) or "")


def test_a_session_moved_on_from_a_day_gone_by_then_moved_by_hand_says_one_move():
    # Monday went by, so its session was on today (Tuesday); the user moved it to Wednesday.
    history = History(sessions=BEFORE, moves=[Move(from_day=day(1, TUE), to_day=day(1, WED), id=1)])
    week = Planner(history).plan_week(day(1, TUE), day(1, TUE))
    asked = [c for c in week.changes if c.reason == "asked"]
    assert [(c.from_day, c.to_day) for c in asked] == [(day(1, MON), day(1, WED))]
    assert all(c.reason != "passed" for c in week.changes)
    assert "has passed" not in (moved_words(week) or "")
