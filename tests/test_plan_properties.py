"""Invariants of the plan over random histories (hypothesis)."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.dates import week_start
from coach.models import (
    BUDDY_REASONS,
    Buddy,
    BuddyCheckin,
    Checkin,
    History,
    Pause,
    Session,
    Settings,
)
from coach.plan import (
    LEVELS,
    PlanError,
    Planner,
)
from coach.report import status_lines, week_text, week_to_json

BASE = date(2025, 12, 29)  # a Monday
SPAN = 16 * 7

SECONDS = st.one_of(
    st.sampled_from([300, 600, 899, 900, 1124, 1125, 1140, 1349, 1350, 1500, 1800, 2400]),
    st.integers(1, 3600),
)
PAIN = st.sampled_from([False] * 9 + [True])
EFFORT = st.sampled_from([None] * 6 + ["easy", "right", "hard"])


def offset_day(n: int) -> date:
    return BASE + timedelta(days=n)


SESSION = st.tuples(
    st.integers(0, SPAN - 1), SECONDS, PAIN, st.sampled_from([True] * 12 + [False]), EFFORT
)
PAUSE = st.tuples(st.integers(0, SPAN - 1), st.one_of(st.none(), st.integers(0, 30)))
BUDDY_CHECKIN = st.tuples(
    st.integers(0, SPAN - 1),
    st.sampled_from(BUDDY_REASONS),
    st.sampled_from(["suggested", "done", "dismissed"]),
)
PREFS = st.lists(st.integers(0, 6), min_size=1, max_size=4, unique=True)


@st.composite
def histories(draw, max_sessions: int = 70) -> History:
    sessions = [
        Session(day=offset_day(d), seconds=sec, pain=pain, finished=fin, effort=effort)
        for d, sec, pain, fin, effort in draw(st.lists(SESSION, max_size=max_sessions))
    ]
    pauses = [
        Pause(offset_day(d), None if length is None else offset_day(d + length))
        for d, length in draw(st.lists(PAUSE, max_size=2))
    ]
    checkins = [
        Checkin(day=offset_day(d), kind="morning", mood=3)
        for d in draw(st.lists(st.integers(0, SPAN - 1), max_size=2))
    ]
    buddy = draw(st.sampled_from([None, Buddy("Sam", "text Sam"), Buddy("Jo", "")]))
    buddy_checkins = [
        BuddyCheckin(day=offset_day(d), reason=reason, status=status)
        for d, reason, status in draw(st.lists(BUDDY_CHECKIN, max_size=3))
    ]
    plan_settings = Settings(
        days_two=tuple(draw(PREFS)),
        days_three=tuple(draw(PREFS)),
        week_starts_sunday=draw(st.booleans()),
    )
    return History(
        sessions=sessions,
        pauses=pauses,
        checkins=checkins,
        buddy=buddy,
        buddy_checkins=buddy_checkins,
        settings=plan_settings,
    )


DAYS = st.integers(-7, SPAN + 14).map(offset_day)
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------------------------------------
# A plain reference reading of the rules, written straight from the spec, as an oracle


def reference_levels(history: History, until: date) -> dict[date, int]:
    fw = history.settings.first_weekday
    finished = [s for s in history.sessions if s.finished]
    activity = [s.day for s in finished] + [c.day for c in history.checkins]
    if not activity:
        return {}
    out: dict[date, int] = {}
    level = 1
    counted: list[dict] = []  # the weeks rules 4-6 look at (not paused), newest last
    ws = week_start(min(activity), fw)
    while ws <= week_start(until, fw):
        out[ws] = level
        days = [ws + timedelta(days=i) for i in range(7)]
        in_week = [s for s in finished if s.day in days]
        need = LEVELS[level]
        counting_days = {s.day for s in in_week if s.seconds / 60 >= 0.75 * need.minutes}
        complete = len(counting_days) >= need.sessions
        any_paused = any(p.covers(d) for p in history.pauses for d in days)
        if not (any_paused and not complete):
            counted.append(
                dict(
                    level=level,
                    complete=complete,
                    pain=any(s.pain or s.effort == "hard" for s in in_week),
                    empty=not in_week,
                )
            )
            last_two = counted[-2:]
            # Both weeks must belong to the current level (two more after every change).
            if len(last_two) == 2 and all(w["level"] == level for w in last_two):
                if all(w["complete"] and not w["pain"] for w in last_two) and level < 6:
                    level += 1
                    counted.append(dict(level=None, complete=False, pain=False, empty=False))
                elif all(w["empty"] for w in last_two):
                    level = max(1, level - 1)
                    counted.append(dict(level=None, complete=False, pain=False, empty=False))
        ws += timedelta(days=7)
    return out


@FAST
@given(histories())
def test_levels_follow_the_rules_of_the_spec(history):
    until = offset_day(SPAN + 14)
    assert Planner(history).levels_by_week(until=until) == reference_levels(history, until)


@FAST
@given(histories(), DAYS, DAYS)
def test_level_is_always_between_1_and_6(history, asked, today):
    week = Planner(history).plan_week(asked, today)
    assert 1 <= week.level.number <= 6
    assert week.level == LEVELS[week.level.number]
    assert all(1 <= n <= 6 for n in Planner(history).levels_by_week(today=today).values())


@FAST
@given(histories())
def test_a_step_up_always_follows_two_complete_weeks_without_pain_or_too_hard(history):
    summaries = Planner(history).week_summaries(until=offset_day(SPAN + 14))
    for i in range(1, len(summaries)):
        before, now = summaries[i - 1].level, summaries[i].level
        assert abs(now - before) <= 1  # never skip a level
        if now > before:
            counted = [w for w in summaries[:i] if not w.paused][-2:]
            assert len(counted) == 2
            assert all(w.complete and not w.painful and not w.too_hard and w.level == before
                       for w in counted)
        if now < before:
            counted = [w for w in summaries[:i] if not w.paused][-2:]
            assert all(w.empty for w in counted)


@FAST
@given(histories(), DAYS)
def test_weekly_minutes_never_rise_more_than_a_quarter(history, today):
    levels = list(Planner(history).levels_by_week(until=offset_day(SPAN + 14), today=today).values())
    for a, b in zip(levels, levels[1:]):
        assert LEVELS[b].weekly_minutes <= 1.25 * LEVELS[a].weekly_minutes
    # and as the week view shows them, week after week
    planner = Planner(history)
    shown = [planner.plan_week(offset_day(7 * w), today).level for w in range(-1, 19)]
    for a, b in zip(shown, shown[1:]):
        assert b.weekly_minutes <= 1.25 * a.weekly_minutes


def _spaced(days: list[date], sessions: list[date] = ()) -> bool:
    """No two of ``days`` in a row, and none next to one of ``sessions``."""
    return all(abs((a - b).days) > 1 for a, b in itertools.combinations(days, 2)) and all(
        abs((a - b).days) > 1 for a in days for b in sessions
    )


@FAST
@given(histories(), DAYS, DAYS)
def test_planned_days_keep_a_rest_day_between_sessions_when_there_is_room(history, asked, today):
    week = Planner(history).plan_week(asked, today)
    n = week.level.sessions
    planned = [d.day for d in week.days if d.status == "planned"]
    done = [d.day for d in week.days if d.status == "done"]
    # A short session on a planned day took that day's place: it holds one of the week's slots
    # (and never counts toward the level).
    in_place = [d.day for d in week.days if d.in_place]
    assert all(d.status == "short" for d in week.days if d.in_place)
    assert week.shorts_in_place == len(in_place)
    assert week.counting_sessions == len(done) <= n
    assert len(planned) + len(done) + len(in_place) <= n
    assert all(d >= today for d in planned)
    for d in week.days:
        if d.status == "planned":
            assert not d.sessions and not d.paused and d.planned and d.planned_minutes == week.level.minutes
    # Never two planned days in a row, nor a planned day next to a day with a session (one
    # that counted or a short one: both were sessions, and rest follows a session).
    trained = [d.day for d in week.days if d.sessions]
    assert _spaced(planned, trained)
    # A lighter week only when no spaced choice of the free days would fit the plan.
    if len(planned) + len(done) + len(in_place) < n and not week.complete:
        free = [d.day for d in week.days if d.day >= today and d.status == "rest"]
        need = n - len(done) - len(in_place)
        assert not any(_spaced(list(c), trained) for c in itertools.combinations(free, need))
        started = Planner(history).week_summaries(until=week.week_start)
        assert week.lighter or week.paused or not started


@FAST
@given(histories(), DAYS, st.randoms(use_true_random=False))
def test_the_order_things_were_recorded_in_never_changes_an_answer(history, today, rnd):
    shuffled = History(
        sessions=rnd.sample(history.sessions, len(history.sessions)),
        pauses=rnd.sample(history.pauses, len(history.pauses)),
        checkins=rnd.sample(history.checkins, len(history.checkins)),
        buddy=history.buddy,
        buddy_checkins=rnd.sample(history.buddy_checkins, len(history.buddy_checkins)),
        settings=history.settings,
    )
    a, b = Planner(history), Planner(shuffled)
    assert a.levels_by_week(today=today) == b.levels_by_week(today=today)
    assert a.week_streak(today) == b.week_streak(today)
    for w in range(-1, 17, 3):
        asked = offset_day(7 * w + 3)
        assert a.plan_week(asked, today) == b.plan_week(asked, today)
        assert a.buddy_suggestion(asked) == b.buddy_suggestion(asked)
        assert week_to_json(a.plan_week(asked, today), None) == week_to_json(
            b.plan_week(asked, today), None
        )


@FAST
@given(histories(), DAYS)
def test_extras_never_speed_things_up(history, today):
    until = offset_day(SPAN + 14)
    before = Planner(history).levels_by_week(until=until)
    extra: list[Session] = []
    taken = {s.day for s in history.sessions if s.finished}
    for w in Planner(history).week_summaries(until=until):
        if w.complete:
            for i in range(7):
                d = w.week_start + timedelta(days=i)
                if d not in taken:
                    extra.append(Session(day=d, seconds=3600))
    more = History(
        sessions=history.sessions + extra,
        pauses=history.pauses,
        checkins=history.checkins,
        settings=history.settings,
    )
    assert Planner(more).levels_by_week(until=until) == before


@FAST
@given(histories(), DAYS)
def test_unfinished_sessions_are_ignored(history, today):
    unfinished = [
        Session(day=offset_day(i), seconds=3000, pain=True, finished=False) for i in range(0, SPAN, 3)
    ]
    more = History(
        sessions=history.sessions + unfinished,
        pauses=history.pauses,
        checkins=history.checkins,
        buddy=history.buddy,
        buddy_checkins=history.buddy_checkins,
        settings=history.settings,
    )
    assert Planner(more).plan_week(today, today) == Planner(history).plan_week(today, today)
    assert Planner(more).buddy_suggestion(today) == Planner(history).buddy_suggestion(today)
    assert Planner(more).week_streak(today) == Planner(history).week_streak(today)


@FAST
@given(histories(), DAYS, st.integers(0, 6), st.integers(0, 6))
def test_a_valid_move_lands_on_its_day(history, today, a, b):
    history.moves.clear()
    week = Planner(history).plan_week(today, today)
    from_day, to_day = week.week_start + timedelta(days=a), week.week_start + timedelta(days=b)
    try:
        move = Planner(history).move_session(from_day, to_day, today)
    except PlanError as err:
        assert "\n" not in str(err)
        return
    history.moves.append(move)
    after = Planner(history).plan_week(today, today)
    assert after.day_plan(to_day).status == "planned"
    assert after.day_plan(from_day).status != "planned"
    assert len(after.planned_days) == len(week.planned_days)


# ---------------------------------------------------------------------------------------------
# No word of blame, whatever the history

BANNED = re.compile(
    r"\bfail|\bmiss(ed|ing|es)?\b|\bbroke\b|\blost\b|\blose\b|\bbehind\b|\blazy\b|should have|you are depressed|"
    r"\b\d+ days? (ago|away|off|without|since)",
    re.IGNORECASE,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(), DAYS, DAYS, st.sampled_from([None, "You felt better after 3 of 4 sessions."]))
def test_nothing_the_plan_says_carries_blame(history, asked, today, insight):
    planner = Planner(history)
    week = planner.plan_week(asked, today)
    this_week = planner.plan_week(today, today)
    suggestion = planner.buddy_suggestion(today)
    texts = [
        week_text(week, suggestion, insight, planner.week_streak(today)),
        *status_lines(this_week, insight),
        week.extra_note or "",
        suggestion.text if suggestion else "",
    ]
    for d in week.days:
        for target in week.days:
            try:
                planner.move_session(d.day, target.day, today)
            except PlanError as err:
                texts.append(str(err))
    for text in texts:
        assert not BANNED.search(text), text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(), DAYS)
def test_a_short_session_on_a_planned_day_takes_its_place_and_the_rest_stays(history, today):
    # As on any real morning, nothing is recorded after today.
    history = History(sessions=[s for s in history.sessions if s.day <= today],
                      pauses=history.pauses, checkins=history.checkins, moves=history.moves,
                      settings=history.settings)
    before = Planner(history).plan_week(today, today)
    here = before.today_plan
    if here is None or here.status != "planned":
        return
    short = Session(day=today, seconds=5 * 60, style="bodyweight")
    after = Planner(History(sessions=[*history.sessions, short], pauses=history.pauses,
                              checkins=history.checkins, moves=history.moves,
                              settings=history.settings)).plan_week(today, today)
    now = after.today_plan
    assert now is not None and now.status == "short" and now.in_place
    assert [d.day for d in after.days if d.planned] == [
        d.day for d in before.days if d.planned and d.day != today]
    # The ladder is unchanged: a short session never counts toward the level.
    assert after.counting_sessions == before.counting_sessions
    assert after.level == before.level and not after.complete
