"""If-then cues: reading input, the stored form, and which cue a session takes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.cues import (
    MAX_CUE_TEXT,
    Cue,
    CueError,
    change_cues,
    clean_text,
    cue_for,
    cue_lines,
    cues_from_value,
    cues_to_value,
    list_lines,
    parse_day,
    parse_time,
    week_cues,
)
from coach.models import History, Move, Session, Settings
from coach.plan import Planner
from coach.store import Store

MONDAY = date(2026, 3, 9)
COFFEE = Cue(when="after my morning coffee, in the living room", at="07:30",
             if_hard="the 10-minute version")
EVENING = Cue(when="after work", at="18:00", if_hard="just the warm-up")


@pytest.mark.parametrize("text, day", [
    ("mon", 0), ("Monday", 0), ("TUE", 1), ("wednesday", 2), ("thu", 3), (" fri ", 4),
    ("Saturday", 5), ("sun", 6), ("all", None), ("ALL", None),
])
def test_days_by_name_or_first_three_letters(text, day):
    assert parse_day(text) == day


@pytest.mark.parametrize("text", ["mo", "monday!", "1", "", "tues", "every day"])
def test_an_unknown_day_is_one_plain_line(text):
    with pytest.raises(CueError, match="is not a day"):
        parse_day(text)


@pytest.mark.parametrize("text, kept", [("07:30", "07:30"), ("7:30", "07:30"),
                                        ("00:00", "00:00"), ("23:59", "23:59")])
def test_times_of_day(text, kept):
    assert parse_time(text) == kept


@pytest.mark.parametrize("text", ["25:00", "24:00", "12:60", "730", "7.30", "", "-1:00",
                                  "07:3", "07:300", "\u0667:\u0663\u0660", "7:30pm"])
def test_a_time_that_is_not_one_is_refused(text):
    with pytest.raises(CueError, match="not a time of day"):
        parse_time(text)


def test_text_is_one_tidy_line_without_control_characters():
    assert clean_text("  after   my coffee ", "--when") == "after my coffee"
    for bad in ("two\nlines", "a\rb", "x\x1b]52;c;UFdORUQ=\x07", "a\tb", "odd \udcff byte",
                "sep\u2028arator"):
        with pytest.raises(CueError) as raised:
            clean_text(bad, "--when")
        assert str(raised.value).startswith("--when holds") and "\n" not in str(raised.value)
    assert clean_text("x" * MAX_CUE_TEXT, "--when") == "x" * MAX_CUE_TEXT
    with pytest.raises(CueError, match="longer than"):
        clean_text("x" * (MAX_CUE_TEXT + 1), "--when")


def test_changing_a_cue_keeps_the_parts_not_given():
    cues = change_cues({}, [0, 3], when="after my coffee", at="7:30")
    assert cues == {0: Cue(when="after my coffee", at="07:30"),
                    3: Cue(when="after my coffee", at="07:30")}
    cues = change_cues(cues, [3], if_hard="the 10-minute version")
    assert cues[3] == Cue(when="after my coffee", at="07:30", if_hard="the 10-minute version")
    assert cues[0] == Cue(when="after my coffee", at="07:30")
    cues = change_cues(cues, [3], at="")  # an empty part clears that part only
    assert cues[3].at is None and cues[3].when == "after my coffee"
    cues = change_cues(cues, [0], clear=True)
    assert 0 not in cues
    cues = change_cues(cues, [3], clear=True, at="06:00")  # clear first, then set
    assert cues[3] == Cue(at="06:00")
    with pytest.raises(CueError):
        change_cues(cues, [3], at="25:00")


def test_the_stored_form_is_read_leniently():
    stored = {
        "0": {"when": "after my coffee", "at": "07:30", "if_hard": None},
        # An older coach's control characters: kept, made visible (never sent raw).
        "3": {"when": "evil \x1b[2J", "at": None, "if_hard": "x\x9b2J"},
        "4": {"when": "fine", "at": "99:99"},  # not a time: out
        "9": {"when": "no such day"},
        "x": "nonsense",
        "5": "not an object",
        "6": {"when": "", "at": None, "if_hard": ""},  # empty: no cue
    }
    assert cues_from_value(stored) == {0: Cue(when="after my coffee", at="07:30"),
                                       3: Cue(when="evil ␛[2J", if_hard="x\ufffd2J")}
    assert cues_from_value(None) == {} and cues_from_value([1, 2]) == {}


cue_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Zl",
                                                                      "Zp")), max_size=40)
a_cue = st.builds(
    lambda w, t, h: Cue(when=" ".join(w.split()), at=t, if_hard=" ".join(h.split())),
    cue_text, st.none() | st.times().map(lambda t: f"{t.hour:02d}:{t.minute:02d}"), cue_text,
).filter(lambda c: not c.empty)


@given(st.dictionaries(st.integers(0, 6), a_cue))
def test_the_stored_form_round_trips(cues):
    assert cues_from_value(cues_to_value(cues)) == cues


def test_cues_are_kept_in_the_store(tmp_path):
    with Store.open(tmp_path / "coach.db") as store:
        assert store.cues() == {}
        store.save_cues({0: COFFEE, 3: EVENING})
    with Store.open(tmp_path / "coach.db") as store:
        assert store.cues() == {0: COFFEE, 3: EVENING}
        store.keep_calendar(str(tmp_path / "plan.ics"), 3, 15)
        dumped = store.dump()
        # The cues travel with an export; which file this machine keeps does not.
        assert "cues" in dumped["settings"] and "calendar_keep" not in dumped["settings"]
    with Store.open(tmp_path / "other.db") as other:
        other.merge({**dumped, "settings": {**dumped["settings"],
                                            "calendar_keep": {"path": "/elsewhere.ics"}}})
        assert other.cues() == {0: COFFEE, 3: EVENING}
        assert other.kept_calendar() is None


def test_on_a_low_mood_morning_the_if_hard_plan_comes_first():
    assert cue_lines(COFFEE) == ["At 07:30, after my morning coffee, in the living room",
                                 "If it feels hard: the 10-minute version"]
    assert cue_lines(COFFEE, low_mood=True)[0] == "If it feels hard: the 10-minute version"
    assert cue_lines(Cue(when="after work")) == ["After work"]
    assert cue_lines(Cue(at="06:15")) == ["At 06:15"]
    assert cue_lines(None) == []


def test_a_session_takes_its_days_cue_and_keeps_its_own_when_it_moves():
    settings = Settings()  # Monday and Thursday
    cues = {0: COFFEE, 3: EVENING}
    history = History(settings=settings)
    week = Planner(history).plan_week(MONDAY, MONDAY)
    assert week.planned_days == [MONDAY, MONDAY + timedelta(days=3)]
    assert cue_for(cues, week, MONDAY) == COFFEE
    assert cue_for(cues, week, MONDAY + timedelta(days=3)) == EVENING
    assert cue_for(cues, week, MONDAY + timedelta(days=1)) is None  # a rest day

    # Monday's session moved to Tuesday, a day without a cue: it keeps Monday's.
    moved = History(settings=settings, moves=[Move(from_day=MONDAY,
                                                   to_day=MONDAY + timedelta(days=1))])
    week = Planner(moved).plan_week(MONDAY, MONDAY)
    tuesday = MONDAY + timedelta(days=1)
    assert tuesday in week.planned_days
    assert week.day_plan(tuesday).origin == MONDAY
    assert cue_for(cues, week, tuesday) == COFFEE
    # A day with a cue of its own uses that one.
    assert cue_for({**cues, 1: Cue(when="at lunch")}, week, tuesday) == Cue(when="at lunch")
    assert week_cues(cues, week) == {tuesday: COFFEE, MONDAY + timedelta(days=3): EVENING}


def test_a_session_done_keeps_where_it_comes_from():
    settings = Settings()
    history = History(settings=settings, sessions=[Session(day=MONDAY, seconds=20 * 60)])
    thursday = MONDAY + timedelta(days=3)
    week = Planner(history).plan_week(thursday, MONDAY + timedelta(days=1))
    assert week.day_plan(MONDAY).origin == MONDAY
    assert week.day_plan(thursday).origin == thursday
    assert week_cues({3: EVENING}, week) == {thursday: EVENING}


def test_a_session_moved_past_another_keeps_its_cue():
    """Monday's session moves to Friday, past Thursday's (which follows to Tuesday to keep a
    rest day): Friday has Monday's cue and Tuesday Thursday's, not the other way round."""
    settings = Settings()
    friday, tuesday = MONDAY + timedelta(days=4), MONDAY + timedelta(days=1)
    moved = History(settings=settings, moves=[Move(from_day=MONDAY, to_day=friday, id=1)])
    week = Planner(moved).plan_week(MONDAY, MONDAY)
    assert week.planned_days == [tuesday, friday]
    assert week_cues({0: COFFEE, 3: EVENING}, week) == {friday: COFFEE, tuesday: EVENING}


def test_the_list_names_every_preferred_day_and_says_all_once():
    settings = Settings()
    lines = list_lines({0: COFFEE}, settings)
    assert [line.split()[0] for line in lines] == ["Monday", "Wednesday", "Thursday", "Friday"]
    assert "no cue yet" in lines[1]
    every = list_lines({d: COFFEE for d in range(7)}, settings)
    assert len(every) == 1 and every[0].startswith("Every day")
    sunday_first = list_lines({6: EVENING}, Settings(week_starts_sunday=True))
    assert sunday_first[0].startswith("Sunday")


def test_the_short_line_keeps_to_one_line():
    from coach.cues import short_line

    assert short_line(Cue(when="after work", if_hard="the warm-up")) == (
        "After work · If it feels hard: the warm-up")
    long = Cue(when="after my morning coffee, in the living room", at="07:30",
               if_hard="the 10-minute version")
    assert short_line(long) == "At 07:30, after my morning coffee, in the living room"
    assert short_line(long, low_mood=True) == "If it feels hard: the 10-minute version"
    cut = short_line(Cue(when="x" * 100), width=40)
    assert len(cut) == 40 and cut.endswith("…")
    assert short_line(None) == ""


def test_a_form_answer_becomes_a_cue():
    from coach.cues import make_cue

    assert make_cue(" after work ", "7:05", "") == Cue(when="after work", at="07:05")
    assert make_cue("", "", "").empty
    with pytest.raises(CueError, match="not a time"):
        make_cue("after work", "705", "")


def test_the_coach_changes_cues_and_keeps_the_calendar_file(tmp_path):
    from coach.service import Coach

    store = Store.open(tmp_path / "coach.db")
    coach = Coach(store, today=lambda: MONDAY)
    heard: list[int] = []
    coach.on_change(lambda: heard.append(1))
    coach.change_cues([0, 3], when="after my coffee", at="07:30")
    assert heard and coach.cues()[3] == Cue(when="after my coffee", at="07:30")
    assert coach.session_cue(MONDAY) == Cue(when="after my coffee", at="07:30")
    assert coach.session_cue(MONDAY + timedelta(days=1)) is None  # a rest day
    coach.save_cue([3], Cue(if_hard="just the warm-up"))  # all three parts replaced
    assert coach.cues()[3] == Cue(if_hard="just the warm-up")
    with pytest.raises(CueError):
        coach.change_cues([0], at="25:00")
    assert coach.cues()[0].at == "07:30"

    target = tmp_path / "plan.ics"
    store.keep_calendar(str(target), 1, None)
    coach.pause(MONDAY, MONDAY + timedelta(days=6))  # a change to the plan: the file follows
    assert target.exists() and b"VEVENT" not in target.read_bytes()
    coach.resume()
    assert target.read_bytes().count(b"BEGIN:VEVENT") == 2
    store.keep_calendar(str(tmp_path / "gone" / "plan.ics"))
    coach.pause()
    assert coach.calendar_problem is not None and "does not exist" in coach.calendar_problem
    store.close()


@pytest.mark.parametrize("cues, words", [
    ({"0": {"when": "x\u001b]52;c;UFdORUQ=\u0007"}}, "control character"),
    ({"0": {"at": "25:00"}}, "not a time"),
    ({"8": {"when": "x"}}, "not a weekday"),
    ({"0": {"when": 3}}, "text or null"),
    ({"0": {"where": "x"}}, "when, at and if_hard"),
    (["x"], "must be an object"),
])
def test_an_import_with_a_bad_cue_is_refused_whole(tmp_path, cues, words):
    from coach.exchange import ExchangeError, validate

    with Store.open(tmp_path / "coach.db") as store:
        store.save_cues({0: COFFEE})
        data = {"version": 2, "exported_at": "2026-03-12T08:00:00", **store.dump()}
    validate(data)  # as exported: fine
    data["settings"]["cues"] = cues
    with pytest.raises(ExchangeError, match=words):
        validate(data)
