"""The plan as an iCalendar file: built from the planner, read back with the library."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from coach.cues import Cue, week_cues
from coach.ics import (
    CalendarError,
    build_calendar,
    calendar_bytes,
    check_remind,
    check_weeks,
    planned_sessions,
    write_file,
)
from coach.models import Checkin, History, Move, Pause, Session, Settings
from coach.plan import Planner

TODAY = date(2026, 3, 12)  # a Thursday
MONDAY = date(2026, 3, 9)
NOW = datetime(2026, 3, 12, 6, 0, tzinfo=timezone.utc)
ID = "test.coach"
COFFEE = Cue(when="after my morning coffee, in the living room", at="07:30",
             if_hard="the 10-minute version")


def events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def export(history: History, cues: dict[int, Cue] | None = None, *, today: date = TODAY,
           weeks: int = 4, remind: int | None = None) -> list:
    return events(calendar_bytes(history, cues if cues is not None else {}, today, ID,
                                 weeks=weeks, remind=remind, now=NOW))


def sessions_on(*days: date, minutes: int = 20) -> list[Session]:
    return [Session(day=d, seconds=minutes * 60, mood_before=2, mood_after=4,
                    note="felt low, better after") for d in days]


def assert_matches_planner(history: History, found: list, today: date, weeks: int,
                           cues: dict[int, Cue]) -> None:
    """Day by day, an event exactly where plan_week plans a session (at its cue's time, for
    the level's minutes), and nowhere else."""
    planner = Planner(history)
    start = planner.week_start(today)
    expected: dict[date, tuple[int, Cue | None]] = {}
    for n in range(weeks):
        week = planner.plan_week(start + timedelta(weeks=n), today)
        day_cues = week_cues(cues, week)
        for d in week.days:
            if d.status == "planned":
                expected[d.day] = (d.planned_minutes, day_cues.get(d.day))
    by_day = {_day(e): e for e in found}
    assert len(by_day) == len(found), "one event per session"
    assert set(by_day) == set(expected)
    for day, (minutes, cue) in expected.items():
        event = by_day[day]
        start_value = event.decoded("DTSTART")
        end_value = event.decoded("DTEND")
        if cue is not None and cue.at is not None:
            assert start_value == datetime.combine(day, time.fromisoformat(cue.at))
            assert end_value - start_value == timedelta(minutes=minutes)
        else:
            assert start_value == day and end_value == day + timedelta(days=1)  # all day
        assert str(event["SUMMARY"]) == f"{minutes} minutes of bodyweight"
        if cue is not None and cue.when:
            assert cue.when[1:] in str(event["DESCRIPTION"])  # capitalised


def _day(event) -> date:
    value = event.decoded("DTSTART")
    return value.date() if isinstance(value, datetime) else value


def test_one_timed_event_per_planned_session_with_its_cue_and_alarm():
    history = History(settings=Settings())
    cues = {d: COFFEE for d in range(7)}
    found = export(history, cues, weeks=3, remind=15)
    assert_matches_planner(history, found, TODAY, 3, cues)
    assert len(found) == 6  # Thursday and Saturday this week, then Monday and Thursday twice
    for event in found:
        text = str(event["DESCRIPTION"])
        assert "At 07:30, after my morning coffee, in the living room" in text
        assert "If it feels hard: the 10-minute version" in text
        alarms = [c for c in event.subcomponents if c.name == "VALARM"]
        assert len(alarms) == 1
        assert alarms[0].decoded("TRIGGER") == timedelta(minutes=-15)
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert event.decoded("DTSTAMP") == NOW
        assert event.decoded("DTSTART").tzinfo is None  # the user's local time, wherever


def test_without_a_time_an_event_is_all_day_and_without_remind_no_alarm():
    history = History(settings=Settings())
    cues = {0: Cue(when="after work")}
    found = export(history, cues, weeks=2)
    assert_matches_planner(history, found, TODAY, 2, cues)
    assert all(not e.subcomponents for e in found)
    monday = next(e for e in found if _day(e) == MONDAY + timedelta(weeks=1))
    assert str(monday["DESCRIPTION"]).startswith("After work")


def test_nothing_about_mood_goes_into_the_file():
    history = History(
        settings=Settings(),
        sessions=sessions_on(MONDAY),
        checkins=[Checkin(day=TODAY, kind="morning", mood=1, anxiety=5, note="awful night")],
    )
    data = calendar_bytes(history, {0: COFFEE}, TODAY, ID, now=NOW).decode().lower()
    for word in ("mood", "anxi", "awful", "felt low", "better after"):
        assert word not in data


def test_pauses_moves_and_a_level_change_inside_the_window():
    # Last week and this week complete (this week: Monday and Tuesday): next week steps up.
    last_week = MONDAY - timedelta(weeks=1)
    history = History(
        settings=Settings(),
        sessions=sessions_on(last_week, last_week + timedelta(days=3), MONDAY,
                             MONDAY + timedelta(days=1)),
        pauses=[Pause(start=MONDAY + timedelta(weeks=2), end=MONDAY + timedelta(weeks=2, days=6))],
        moves=[Move(from_day=MONDAY + timedelta(weeks=1),
                    to_day=MONDAY + timedelta(weeks=1, days=1))],
    )
    cues = {0: COFFEE, 3: COFFEE}
    found = export(history, cues, weeks=4)
    assert_matches_planner(history, found, TODAY, 4, cues)
    planner = Planner(history)
    by_day = {_day(e): e for e in found}
    # This week is complete: nothing left to plan.
    assert not [d for d in by_day if d < MONDAY + timedelta(weeks=1)]
    # Next week: level 2, 25 minutes; Monday's session moved to Tuesday keeps Monday's cue.
    tuesday = MONDAY + timedelta(weeks=1, days=1)
    assert planner.level_for(tuesday, TODAY).minutes == 25
    assert tuesday in by_day and MONDAY + timedelta(weeks=1) not in by_day
    start = by_day[tuesday].decoded("DTSTART")
    assert start == datetime.combine(tuesday, time(7, 30))
    assert by_day[tuesday].decoded("DTEND") - start == timedelta(minutes=25)
    # The paused week has no event at all.
    paused = MONDAY + timedelta(weeks=2)
    assert not [d for d in by_day if paused <= d < paused + timedelta(weeks=1)]
    # The week after the pause is planned again, at the level kept.
    after = MONDAY + timedelta(weeks=3)
    assert [d for d in sorted(by_day) if d >= after] == [after, after + timedelta(days=3)]
    assert by_day[after].decoded("DTEND") - by_day[after].decoded("DTSTART") == timedelta(
        minutes=25)


def test_sunday_start_weeks():
    settings = Settings(week_starts_sunday=True)
    history = History(settings=settings)
    cues = {d: COFFEE for d in range(7)}
    found = export(history, cues, weeks=3)
    assert_matches_planner(history, found, TODAY, 3, cues)
    uids = {_day(e): str(e["UID"]) for e in found}
    # Each session's UID names the day it comes from, not the week: in the weeks ahead the
    # day it is on; this week Monday's, gone by, is on Thursday, and Thursday's on Saturday.
    sunday = date(2026, 3, 8)
    ahead = {day: f"session-{day.isoformat()}@{ID}" for day in uids if day > sunday + timedelta(6)}
    assert {day: uid for day, uid in uids.items() if day in ahead} == ahead
    assert {day: uid for day, uid in uids.items() if day not in ahead} == {
        TODAY: f"session-{MONDAY.isoformat()}@{ID}",
        TODAY + timedelta(days=2): f"session-{TODAY.isoformat()}@{ID}"}


def test_uids_are_stable_across_exports_and_across_a_move():
    history = History(settings=Settings())
    first = {_day(e): str(e["UID"]) for e in export(history, {0: COFFEE})}
    again = {_day(e): str(e["UID"]) for e in export(history, {0: COFFEE})}
    assert first == again
    assert len(set(first.values())) == len(first)  # one UID per session
    # Next Monday's session moves to Tuesday: the same UID, on the new day.
    monday, tuesday = MONDAY + timedelta(weeks=1), MONDAY + timedelta(weeks=1, days=1)
    moved = History(settings=Settings(), moves=[Move(from_day=monday, to_day=tuesday)])
    after = {_day(e): str(e["UID"]) for e in export(moved, {0: COFFEE})}
    assert monday not in after and after[tuesday] == first[monday]
    assert set(after.values()) == set(first.values())
    # A session done keeps the others' UIDs as they were.
    done = History(settings=Settings(), sessions=sessions_on(TODAY))
    later = {_day(e): str(e["UID"])
             for e in export(done, {}, today=TODAY + timedelta(days=1))}
    assert TODAY not in later
    assert {d: u for d, u in first.items() if d != TODAY} == later


def test_a_session_comes_from_its_usual_day():
    history = History(settings=Settings(), sessions=sessions_on(MONDAY))
    found = planned_sessions(history, {}, TODAY, weeks=1)
    assert [(s.day, s.origin) for s in found] == [(TODAY, TODAY)]
    # Thursday's session, not done, comes on Friday: it is still Thursday's.
    later = planned_sessions(history, {}, TODAY + timedelta(days=1), weeks=1)
    assert [(s.day, s.origin) for s in later] == [(TODAY + timedelta(days=1), TODAY)]


@pytest.mark.parametrize("weeks", [0, -1, 53, 500])
def test_weeks_out_of_range_are_refused(weeks):
    with pytest.raises(CalendarError, match="--weeks"):
        check_weeks(weeks)


@pytest.mark.parametrize("minutes", [-5, -1, 7 * 24 * 60 + 1])
def test_a_reminder_out_of_range_is_refused(minutes):
    with pytest.raises(CalendarError, match="--remind"):
        check_remind(minutes)
    with pytest.raises(CalendarError):
        build_calendar([], ID, remind=minutes)


def test_the_file_is_written_whole_and_private(tmp_path):
    target = tmp_path / "plan.ics"
    target.write_bytes(b"old")
    os.chmod(target, 0o644)
    write_file(target, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.ics"]


def test_a_path_that_cannot_be_written_is_refused_and_nothing_written(tmp_path):
    with pytest.raises(CalendarError, match="does not exist"):
        write_file(tmp_path / "no" / "plan.ics", b"x")
    with pytest.raises(CalendarError, match="is a folder"):
        write_file(tmp_path, b"x")
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o500)
    try:
        if os.access(locked, os.W_OK):  # root writes anywhere: nothing to check then
            pytest.skip("running as a user who can write to a read-only folder")
        with pytest.raises(CalendarError, match="cannot be written"):
            write_file(locked / "plan.ics", b"x")
        assert list(locked.iterdir()) == []
    finally:
        os.chmod(locked, 0o700)
