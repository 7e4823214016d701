"""``coach cue``, ``coach calendar`` (and the file it keeps) and ``coach status --quiet``."""

from __future__ import annotations

import json
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from coach.cli import run
from coach.entry import main as entry_main

TODAY = date(2026, 3, 12)  # a Thursday: Monday and Thursday are the default days
NEXT_MONDAY = date(2026, 3, 16)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("coach.dates.today", lambda: TODAY)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "coach.db"


def coach(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    code = run(["--db", str(db), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def events(path: Path) -> dict[date, object]:
    found = {}
    for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
        start = event.decoded("DTSTART")
        day = start.date() if isinstance(start, datetime) else start
        assert day not in found
        found[day] = event
    return found


def planned_days(capsys, db: Path, weeks: int) -> dict[date, int]:
    """The planned days (and their minutes) that ``coach plan --json`` shows for the weeks."""
    out: dict[date, int] = {}
    for n in range(weeks):
        day = TODAY + timedelta(weeks=n)
        code, text, err = coach(capsys, db, "plan", "--date", day.isoformat(), "--json")
        assert code == 0, err
        week = json.loads(text)
        for d in week["days"]:
            if d["status"] == "planned":
                out[date.fromisoformat(d["date"])] = week["minutes"]
    return out


def test_cue_all_then_calendar_gives_an_event_per_planned_day(capsys, db, tmp_path):
    code, out, err = coach(capsys, db, "cue", "all", "--when", "after my morning coffee",
                           "--at", "07:30")
    assert code == 0, err
    assert "Every day" in out and "07:30" in out
    target = tmp_path / "plan.ics"
    code, out, err = coach(capsys, db, "calendar", "-o", str(target), "--weeks", "3",
                           "--remind", "15")
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    found = events(target)
    planned = planned_days(capsys, db, 3)
    assert set(found) == set(planned) and len(found) == 6
    for day, minutes in planned.items():
        event = found[day]
        start = event.decoded("DTSTART")
        assert (start.hour, start.minute) == (7, 30)
        assert event.decoded("DTEND") - start == timedelta(minutes=minutes)
        assert "After my morning coffee" in str(event["DESCRIPTION"]) or \
            "after my morning coffee" in str(event["DESCRIPTION"])
        (alarm,) = [c for c in event.subcomponents if c.name == "VALARM"]
        assert alarm.decoded("TRIGGER") == timedelta(minutes=-15)

    # A second export gives the same UIDs.
    uids = {d: str(e["UID"]) for d, e in found.items()}
    assert coach(capsys, db, "calendar", "-o", str(target), "--weeks", "3")[0] == 0
    assert {d: str(e["UID"]) for d, e in events(target).items()} == uids

    # After a pause over next week, its events are gone.
    assert coach(capsys, db, "pause", "--from", NEXT_MONDAY.isoformat(), "--until",
                 (NEXT_MONDAY + timedelta(days=6)).isoformat())[0] == 0
    assert coach(capsys, db, "calendar", "-o", str(target), "--weeks", "3")[0] == 0
    after = events(target)
    assert not [d for d in after if NEXT_MONDAY <= d < NEXT_MONDAY + timedelta(weeks=1)]
    assert set(after) == set(planned_days(capsys, db, 3))
    assert {d: str(e["UID"]) for d, e in after.items()} == {
        d: u for d, u in uids.items() if d in after}


def test_the_calendar_goes_to_standard_output_without_a_file(capsys, db):
    code, out, err = coach(capsys, db, "calendar", "--weeks", "1")
    assert code == 0, err
    assert out.startswith("BEGIN:VCALENDAR") and "SUMMARY:20 minutes of bodyweight" in out


def test_the_cues_show_in_status_and_plan(capsys, db):
    assert coach(capsys, db, "cue", "thu", "--when", "after my coffee, in the living room",
                 "--at", "7:30", "--if-hard", "the 10-minute version")[0] == 0
    code, out, _ = coach(capsys, db, "status")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Today: a 20-minute")
    assert lines[1].strip() == "At 07:30, after my coffee, in the living room."
    assert lines[2].strip() == "If it feels hard: the 10-minute version."
    code, out, _ = coach(capsys, db, "plan")
    assert "At 07:30, after my coffee, in the living room · If it feels hard" in out
    data = json.loads(coach(capsys, db, "plan", "--json")[1])
    by_day = {d["date"]: d for d in data["days"]}
    assert by_day[TODAY.isoformat()]["cue"] == {
        "when": "after my coffee, in the living room", "at": "07:30",
        "if_hard": "the 10-minute version"}
    assert by_day["2026-03-10"]["cue"] is None  # a rest day
    assert all("cue" in d for d in data["days"])
    # A low-mood morning: the if-it-feels-hard plan comes first.
    assert coach(capsys, db, "checkin", "--mood", "2")[0] == 0
    lines = coach(capsys, db, "status")[1].splitlines()
    assert lines[1].strip() == "If it feels hard: the 10-minute version."
    assert "If it feels hard: the 10-minute version · At 07:30" in coach(capsys, db, "plan")[1]


def test_cue_lists_changes_and_clears(capsys, db):
    code, out, _ = coach(capsys, db, "cue")
    assert code == 0 and "No if-then cues yet" in out
    coach(capsys, db, "cue", "monday", "--when", "before breakfast")
    code, out, _ = coach(capsys, db, "cue", "mon")
    assert out.strip() == "Monday: Before breakfast"
    code, out, _ = coach(capsys, db, "cue")
    assert "Monday     Before breakfast" in out and "Thursday   no cue yet" in out
    coach(capsys, db, "cue", "mon", "--clear")
    assert coach(capsys, db, "cue", "mon")[1].strip() == "Monday: no cue"


@pytest.mark.parametrize("args, words", [
    (["cue", "someday", "--when", "x"], "is not a day"),
    (["cue", "mon", "--at", "25:00"], "25:00"),
    (["cue", "mon", "--when", "a\x1b]52;c;UFdORUQ=\x07b"], "control character"),
    (["cue", "mon", "--when", "x" * 500], "longer than"),
    (["cue", "--at", "07:00"], "name a day"),
    (["calendar", "--weeks", "0"], "--weeks 0"),
    (["calendar", "--weeks", "500"], "--weeks 500"),
    (["calendar", "--remind", "-5"], "--remind -5"),
    (["calendar", "-o", "/nonexistent/folder/plan.ics"], "does not exist"),
    (["calendar", "--keep", "/nonexistent/folder/plan.ics"], "does not exist"),
    (["calendar", "-o", "/"], "is a folder"),
    (["calendar", "--keep", "off", "--weeks", "3"], "takes no"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(capsys, db, args, words):
    code, out, err = coach(capsys, db, *args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and words in err
    assert "Traceback" not in err
    assert not db.exists()  # a refused command creates no database


def test_a_refused_change_leaves_the_cues_as_they_were(capsys, db):
    coach(capsys, db, "cue", "mon", "--when", "before breakfast")
    before = db.read_bytes()
    assert coach(capsys, db, "cue", "mon", "--at", "7")[0] == 2
    assert coach(capsys, db, "cue", "mon")[1].strip() == "Monday: Before breakfast"
    assert db.read_bytes() == before


def test_the_kept_file_follows_the_plan_after_log_and_stops_with_off(capsys, db, tmp_path):
    target = tmp_path / "kept.ics"
    code, _, err = coach(capsys, db, "calendar", "--keep", str(target), "--weeks", "2",
                         "--remind", "10")
    assert code == 0, err
    assert TODAY in events(target)
    first = {d: str(e["UID"]) for d, e in events(target).items()}

    assert coach(capsys, db, "log", "--minutes", "20")[0] == 0  # today's session, done
    kept = events(target)
    assert TODAY not in kept
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert all(str(e["UID"]) == first[d] for d, e in kept.items() if d in first)
    (alarm,) = [c for c in kept[NEXT_MONDAY].subcomponents if c.name == "VALARM"]
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-10)  # the options are kept too

    assert int(kept[NEXT_MONDAY]["SEQUENCE"]) == 0  # rewritten, but unchanged
    coach(capsys, db, "cue", "all", "--at", "06:45")  # a change of cue is a change too
    assert events(target)[NEXT_MONDAY].decoded("DTSTART").hour == 6
    assert int(events(target)[NEXT_MONDAY]["SEQUENCE"]) == 1  # its next revision

    code, out, _ = coach(capsys, db, "calendar", "--keep", "off")
    assert code == 0 and "no longer" in out
    written = target.read_bytes()
    coach(capsys, db, "cue", "all", "--at", "08:00")
    assert target.read_bytes() == written


def test_a_kept_file_that_cannot_be_written_is_said_and_the_plan_still_saved(
        capsys, db, tmp_path):
    folder = tmp_path / "synced"
    folder.mkdir()
    assert coach(capsys, db, "calendar", "--keep", str(folder / "plan.ics"))[0] == 0
    (folder / "plan.ics").unlink()
    folder.rmdir()
    code, out, err = coach(capsys, db, "log", "--minutes", "20")
    assert code == 0 and "Recorded 20 minutes" in out
    assert "calendar file was not updated" in err and len(err.strip().splitlines()) == 1


def _quiet(db: Path, fast: bool) -> int:
    if not fast:
        return run(["--db", str(db), "status", "--quiet"])
    with pytest.raises(SystemExit) as done:
        entry_main(["status", "--quiet", "--db", str(db)])
    return int(done.value.code or 0)


@pytest.mark.parametrize("fast", [True, False])
def test_status_quiet_says_by_its_exit_status_only(capsys, db, fast):
    assert _quiet(db, fast) == 0  # Thursday: a session is planned
    assert capsys.readouterr().out == ""
    assert coach(capsys, db, "log", "--minutes", "20")[0] == 0
    assert _quiet(db, fast) == 1  # done
    assert _quiet(db, fast) == 1  # and again, from the kept answer
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_status_quiet_on_a_rest_day(capsys, db, monkeypatch):
    monkeypatch.setattr("coach.dates.today", lambda: date(2026, 3, 13))  # Friday
    coach(capsys, db, "log", "--minutes", "20", "--date", "2026-03-12")
    assert _quiet(db, True) == 1 and _quiet(db, False) == 1


def test_under_the_safety_net_status_leads_with_people_not_the_cue(capsys, db):
    from coach.store import Store

    coach(capsys, db, "cue", "all", "--when", "after my coffee", "--if-hard", "the warm-up")
    with Store.open(db) as store:  # three mornings in a row at mood 1
        from datetime import datetime as dt

        from coach.models import Checkin

        for back in (2, 1, 0):
            day = TODAY - timedelta(days=back)
            store.add_checkin(Checkin(day=day, kind="morning", mood=1,
                                      at=dt.combine(day, dt.min.time())))
    code, out, _ = coach(capsys, db, "status")
    assert code == 0
    assert "after my coffee" not in out.lower() and "the warm-up" not in out
    assert "988" in out  # the crisis resources lead
