"""A planned session's UID in the calendar file follows the session through its moves, and an
event that changed carries the next SEQUENCE (RFC 5545 3.8.7.4)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings as hypothesis_settings, strategies as st
from icalendar import Calendar

from coach.cues import Cue
from coach.ics import calendar_bytes, planned_sessions
from coach.models import History, Move, Session, Settings
from coach.plan import Planner
from tests.test_plan_properties import DAYS, FAST, histories, offset_day

MONDAY = date(2026, 3, 9)
TUESDAY, THURSDAY, FRIDAY = (MONDAY + timedelta(days=n) for n in (1, 3, 4))
NOW = datetime(2026, 3, 9, 6, 0, tzinfo=timezone.utc)
ID = "test.coach"
COFFEE = Cue(when="after my morning coffee", at="07:30")
EVENING = Cue(when="after work", at="18:00")


def uids(history: History, today: date, weeks: int = 1) -> dict[date, str]:
    """The UID of each planned session's event, by the day it is on."""
    return {s.day: s.uid(ID) for s in planned_sessions(history, {}, today, weeks)}


def moved(history: History, from_day: date, to_day: date, today: date) -> History:
    """The history after the user moves the session on ``from_day`` to ``to_day``, as the
    store keeps it (each move with the next id)."""
    move = Planner(history).move_session(from_day, to_day, today)
    moves = [*history.moves, Move(from_day=move.from_day, to_day=move.to_day,
                                  id=len(history.moves) + 1)]
    return History(sessions=history.sessions, moves=moves, settings=history.settings)


def events(data: bytes) -> dict[date, object]:
    found = {}
    for event in Calendar.from_ical(data).walk("VEVENT"):
        start = event.decoded("DTSTART")
        found[start.date() if isinstance(start, datetime) else start] = event
    return found


def test_a_session_moved_past_another_keeps_its_uid_and_its_cue():
    """Monday's session moves to Friday, past Thursday's; Thursday's follows to Tuesday to
    keep a rest day. Each keeps its UID (and its cue), so no event is shown as the other."""
    history = History(settings=Settings())  # Monday and Thursday
    before = uids(history, MONDAY)
    assert sorted(before) == [MONDAY, THURSDAY]
    after_move = moved(history, MONDAY, FRIDAY, MONDAY)
    after = uids(after_move, MONDAY)
    assert sorted(after) == [TUESDAY, FRIDAY]
    assert after[FRIDAY] == before[MONDAY]
    assert after[TUESDAY] == before[THURSDAY]
    # The cues go with the sessions too: Friday's is Monday's, Tuesday's is Thursday's.
    cues = {0: COFFEE, 3: EVENING}
    found = events(calendar_bytes(after_move, cues, MONDAY, ID, weeks=1, now=NOW))
    assert found[FRIDAY].decoded("DTSTART").hour == 7
    assert found[TUESDAY].decoded("DTSTART").hour == 18


def test_the_uids_hold_as_the_days_go_by_after_two_moves():
    """Monday: Monday's session moves to Friday (Thursday's follows to Tuesday). Tuesday:
    Tuesday's moves to Wednesday. On each day after, every session keeps the UID it had,
    wherever it goes."""
    history = moved(History(settings=Settings()), MONDAY, FRIDAY, MONDAY)
    on_monday = uids(history, MONDAY)
    assert uids(history, TUESDAY) == on_monday
    wednesday = MONDAY + timedelta(days=2)
    history = moved(history, TUESDAY, wednesday, TUESDAY)
    on_tuesday = uids(history, TUESDAY)
    assert on_tuesday == {wednesday: on_monday[TUESDAY], FRIDAY: on_monday[FRIDAY]}
    assert uids(history, wednesday) == on_tuesday
    # Wednesday went by without it: that session comes on Sunday, with its UID still.
    sunday = MONDAY + timedelta(days=6)
    assert uids(history, THURSDAY) == {FRIDAY: on_monday[FRIDAY], sunday: on_monday[TUESDAY]}


def test_the_uids_stay_when_the_week_starts_on_sunday_instead():
    monday_weeks = uids(History(settings=Settings()), MONDAY, weeks=4)
    sunday_weeks = uids(History(settings=Settings(week_starts_sunday=True)), MONDAY, weeks=4)
    assert monday_weeks == sunday_weeks
    # ... and after a move too.
    on_mondays = moved(History(settings=Settings()), MONDAY, FRIDAY, MONDAY)
    on_sundays = moved(History(settings=Settings(week_starts_sunday=True)), MONDAY, FRIDAY,
                       MONDAY)
    assert uids(on_mondays, MONDAY) == uids(on_sundays, MONDAY)


def test_a_moved_event_gets_the_next_sequence_and_a_new_last_modified():
    history = History(settings=Settings())
    first = calendar_bytes(history, {}, MONDAY, ID, weeks=2, now=NOW)
    assert {int(e["SEQUENCE"]) for e in events(first).values()} == {0}
    assert {e.decoded("LAST-MODIFIED") for e in events(first).values()} == {NOW}

    # Written again over itself with nothing changed: the same revisions.
    later = NOW + timedelta(hours=1)
    again = calendar_bytes(history, {}, MONDAY, ID, weeks=2, now=later, previous=first)
    assert {(int(e["SEQUENCE"]), e.decoded("LAST-MODIFIED")) for e in events(again).values()} \
        == {(0, NOW)}

    # Monday's moves to Friday and Thursday's follows to Tuesday: both changed, the next
    # week's did not.
    after = moved(history, MONDAY, FRIDAY, MONDAY)
    third = calendar_bytes(after, {}, MONDAY, ID, weeks=2, now=later, previous=again)
    found = events(third)
    for day in (TUESDAY, FRIDAY):
        assert int(found[day]["SEQUENCE"]) == 1
        assert found[day].decoded("LAST-MODIFIED") == later
    next_week = [d for d in found if d >= MONDAY + timedelta(weeks=1)]
    assert len(next_week) == 2
    assert all(int(found[d]["SEQUENCE"]) == 0 for d in next_week)
    assert all(found[d].decoded("LAST-MODIFIED") == NOW for d in next_week)

    # A change of cue time changes every event: each gets the next number.
    fourth = calendar_bytes(after, {d: COFFEE for d in range(7)}, MONDAY, ID, weeks=2,
                            now=later, previous=third)
    assert {d: int(e["SEQUENCE"]) for d, e in events(fourth).items()} == {
        d: int(e["SEQUENCE"]) + 1 for d, e in found.items()}


def test_an_earlier_file_of_another_calendar_or_unreadable_starts_the_numbers_again():
    history = moved(History(settings=Settings()), MONDAY, FRIDAY, MONDAY)
    first = calendar_bytes(History(settings=Settings()), {}, MONDAY, ID, weeks=1, now=NOW)
    for previous in (first.replace(b"plan@" + ID.encode(), b"plan@other"), b"not a calendar",
                     b"\xff\xfe" * 10, b""):
        data = calendar_bytes(history, {}, MONDAY, ID, weeks=1, now=NOW, previous=previous)
        assert {int(e["SEQUENCE"]) for e in events(data).values()} == {0}


def _history_before(three: bool, settings: Settings, done: list[date]) -> History:
    """Six weeks of three sessions before MONDAY's week (level 4: three sessions a week) or
    none (level 1: two), and ``done`` this week."""
    past = [MONDAY - timedelta(weeks=k) + timedelta(days=d)
            for k in range(1, 7) for d in (0, 2, 4)] if three else []
    return History(sessions=[Session(day=d, seconds=30 * 60) for d in past + done],
                   settings=settings)


@st.composite
def weeks_with_moves(draw):
    days = st.integers(min_value=0, max_value=6)
    settings = Settings(
        days_two=tuple(sorted(draw(st.sets(days, min_size=2, max_size=2)))),
        days_three=tuple(sorted(draw(st.sets(days, min_size=3, max_size=3)))),
        week_starts_sunday=draw(st.booleans()),
    )
    start = Planner(History(settings=settings)).week_start(MONDAY + timedelta(days=3))
    today = start + timedelta(days=draw(days))
    done = sorted(draw(st.sets(st.sampled_from(
        [start + timedelta(days=n) for n in range((today - start).days)] or [today]))))
    done = [d for d in done if d < today]
    history = _history_before(draw(st.booleans()), settings, done)
    picks = draw(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), max_size=6))
    return history, today, picks


def _origins(history: History, today: date) -> dict[date, date]:
    """Where each session of today's week (planned or done) comes from."""
    week = Planner(history).plan_week(today, today)
    return {d.day: d.origin for d in week.days if d.origin is not None}


@hypothesis_settings(max_examples=150, deadline=None)
@given(weeks_with_moves())
def test_random_moves_in_a_week_keep_each_session_its_uid(case):
    history, today, picks = case
    week_days = {Planner(history).week_start(today) + timedelta(days=n) for n in range(7)}
    for pick_from, pick_to in picks:
        before = _origins(history, today)
        planner = Planner(history)
        movable = [d for d in sorted(before) if d >= today and planner.move_options(d, today)]
        if not movable:
            break
        source = movable[pick_from % len(movable)]
        options = planner.move_options(source, today)
        target = options[pick_to % len(options)]
        history = moved(history, source, target, today)
        after = _origins(history, today)
        # The moved session keeps where it comes from, so its UID; no two sessions share one.
        assert after[target] == before[source]
        assert len(set(after.values())) == len(after)
        assert set(after.values()) <= week_days  # so no session of another week has it
        if len(after) == len(before):  # the same sessions, each on its day now
            assert set(after.values()) == set(before.values())
        found = uids(history, today)
        assert len(set(found.values())) == len(found)
    # Nothing changed between two exports: the same file.
    assert calendar_bytes(history, {}, today, ID, now=NOW) == calendar_bytes(
        history, {}, today, ID, now=NOW)


@FAST
@given(histories(), DAYS)
def test_every_session_of_any_week_comes_from_a_day_of_its_own(history, today):
    """Over any history (pauses, short sessions, extras, any preferred days): each session a
    week holds comes from a day of that week, no two from the same one."""
    planner = Planner(history)
    for w in range(-1, 17, 3):
        week = planner.plan_week(offset_day(7 * w + 3), today)
        holds = [d for d in week.days if d.status in ("planned", "done")
                 or (d.status == "short" and d.in_place)]
        assert all(d.origin is not None for d in holds)
        assert all(d.origin is None for d in week.days if d not in holds)
        origins = [d.origin for d in holds]
        assert len(set(origins)) == len(origins)
        assert all(week.week_start <= o <= week.week_end for o in origins)
