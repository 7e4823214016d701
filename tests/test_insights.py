"""What helps me: the lift by style, time of day and length, the weeks, `coach insights`,
effort and the easier choices through the command line, export and import."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from coach.cli import run
from coach.exchange import export_json, import_file
from coach.insights import (
    CHANCE_NOTE,
    NOT_ENOUGH,
    Insights,
    insights,
    insights_text,
    rated_words,
    morning_weeks,
    row_text,
    time_of_day,
)
from coach.models import Checkin, History, Session, Settings
from coach.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError, _apply_migrations

TODAY = date(2026, 3, 12)  # a Thursday
MONDAY = date(2026, 3, 9)


def rated(days_ago: int, before: int | None, after: int | None, *, style: str = "bodyweight",
          minutes: int = 20, at: str | None = "08:00", finished: bool = True,
          effort: str | None = None) -> Session:
    return Session(day=TODAY - timedelta(days=days_ago), seconds=minutes * 60, style=style,
                   mood_before=before, mood_after=after, time_of_day=at, finished=finished,
                   effort=effort)


def rows(found: Insights, name: str) -> dict[str, tuple[int, int, float | None]]:
    return {r.key: (r.sessions, r.better_after, None if r.mean_lift is None else round(r.mean_lift, 4))
            for r in dict(found.breakdowns())[name]}


# --------------------------------------------------------------------------- arithmetic


def test_the_lift_is_grouped_by_style_time_of_day_and_length():
    sessions = [
        rated(1, 2, 4, style="yoga", at="07:15"),          # +2 morning full
        rated(3, 3, 3, style="yoga", at="12:00"),          # 0 afternoon full
        rated(5, 2, 3, style="yoga", at="18:30"),          # +1 evening full
        rated(8, 4, 3, style="bodyweight", at=None),       # -1 any time full
        rated(10, 1, 3, style="bodyweight", at="03:59", minutes=10),  # +2 evening short
        rated(12, 2, 2, style="bands", at="11:59", minutes=14),       # 0 morning short
    ]
    found = insights(History(sessions=sessions), TODAY)
    assert found.sessions == 6
    assert rows(found, "style") == {
        "bodyweight": (2, 1, 0.5), "bands": (1, 0, 0.0), "yoga": (3, 2, 1.0)}
    assert [r.key for r in found.by_style] == ["bodyweight", "bands", "yoga"]  # as STYLES
    assert rows(found, "time_of_day") == {
        "morning": (2, 1, 1.0), "afternoon": (1, 0, 0.0), "evening": (2, 2, 1.5),
        "any time": (1, 0, -1.0)}
    assert rows(found, "length") == {"short": (2, 1, 1.0), "full": (4, 2, 0.5)}
    # every breakdown covers each rated session once
    for _, breakdown in found.breakdowns():
        assert sum(r.sessions for r in breakdown) == found.sessions


def test_sessions_without_a_before_or_an_after_mood_or_unfinished_are_left_out():
    sessions = [
        rated(1, 2, 4), rated(2, None, 4), rated(3, 3, None), rated(4, None, None),
        rated(5, 1, 5, finished=False),
    ]
    found = insights(History(sessions=sessions), TODAY)
    assert found.sessions == 1
    assert rows(found, "style") == {"bodyweight": (1, 1, 2.0)}
    assert rows(found, "time_of_day")["afternoon"] == (0, 0, None)


def test_fewer_than_three_sessions_is_not_enough_yet():
    two = insights(History(sessions=[rated(1, 2, 4), rated(2, 2, 3)]), TODAY)
    (row,) = two.by_style
    assert not row.enough and row_text(row) == f"2 sessions · {NOT_ENOUGH}"
    three = insights(History(sessions=[rated(1, 2, 4), rated(2, 2, 3), rated(3, 3, 2)]), TODAY)
    (row,) = three.by_style
    assert row.enough
    assert row_text(row) == "3 sessions · better after 2 · average lift +0.7"
    assert row_text(three.by_time_of_day[1]) == f"no sessions · {NOT_ENOUGH}"


def test_length_follows_the_level_of_the_sessions_week():
    # Two complete weeks of 20 minutes step up to level 2 (25 minutes): 18 minutes is short
    # there, though it would have been full at level 1.
    weeks = [Session(day=MONDAY - timedelta(weeks=w) + timedelta(days=d), seconds=1200)
             for w in (2, 1) for d in (0, 3)]
    history = History(sessions=[*weeks, rated(0, 2, 3, minutes=18)])
    assert rows(insights(history, TODAY), "length") == {"short": (1, 1, 1.0), "full": (0, 0, None)}


def test_a_session_without_a_style_counts_as_the_chosen_style():
    history = History(sessions=[rated(1, 2, 4, style=None)], settings=Settings(style="pilates"))
    assert rows(insights(history, TODAY), "style") == {"pilates": (1, 1, 2.0)}


@pytest.mark.parametrize("at, expected", [
    ("04:00", "morning"), ("11:59", "morning"), ("12:00", "afternoon"), ("16:59", "afternoon"),
    ("17:00", "evening"), ("23:30", "evening"), ("00:10", "evening"), ("03:59", "evening"),
    (None, "any time"),
])
def test_times_of_day(at, expected):
    assert time_of_day(Session(day=TODAY, seconds=60, time_of_day=at)) == expected


def test_morning_mood_and_anxiety_per_week_for_twelve_weeks():
    def morning(day: date, mood: int, anxiety: int | None, hour: int = 7) -> Checkin:
        return Checkin(day=day, kind="morning", mood=mood, anxiety=anxiety,
                       at=datetime.combine(day, time(hour)))

    checkins = [
        morning(MONDAY, 2, 4), morning(MONDAY, 4, 2, hour=9),  # the later one counts: 4 / 2
        morning(TODAY, 3, None),
        morning(MONDAY - timedelta(weeks=11), 5, 1),  # the oldest week shown
        morning(MONDAY - timedelta(weeks=12), 1, 5),  # too old
        Checkin(day=MONDAY - timedelta(weeks=3), kind="after", mood=5),  # not a morning
    ]
    weeks = morning_weeks(checkins, TODAY)
    assert len(weeks) == 12
    assert weeks[0].week_start == MONDAY - timedelta(weeks=11) and weeks[-1].week_start == MONDAY
    assert (weeks[0].morning_mood, weeks[0].morning_anxiety) == (5, 1)
    assert (weeks[-1].morning_mood, weeks[-1].morning_anxiety) == (3.5, 2)
    assert all(w.morning_mood is None and w.morning_anxiety is None for w in weeks[1:-1])
    sunday_weeks = morning_weeks(checkins, TODAY, first_weekday=6)
    assert sunday_weeks[-1].week_start == date(2026, 3, 8)


def test_the_json_shape():
    history = History(sessions=[rated(1, 2, 4, style="yoga", at="19:00")],
                      checkins=[Checkin(day=TODAY, kind="morning", mood=4, anxiety=2)])
    data = insights(history, TODAY).to_json()
    assert list(data) == ["sessions", "by_style", "by_time_of_day", "by_length", "weeks"]
    assert data["sessions"] == 1
    assert data["by_style"] == [{"style": "yoga", "sessions": 1, "better_after": 1, "mean_lift": 2.0}]
    assert [r["time_of_day"] for r in data["by_time_of_day"]] == [
        "morning", "afternoon", "evening", "any time"]
    assert data["by_time_of_day"][0] == {"time_of_day": "morning", "sessions": 0,
                                         "better_after": 0, "mean_lift": None}
    assert [r["length"] for r in data["by_length"]] == ["short", "full"]
    assert all(list(r) == ["length", "sessions", "better_after", "mean_lift"]
               for r in data["by_length"])
    assert len(data["weeks"]) == 12
    assert data["weeks"][-1] == {"week_start": "2026-03-09", "morning_mood": 4.0,
                                 "morning_anxiety": 2.0}
    assert data["weeks"][0] == {"week_start": "2025-12-22", "morning_mood": None,
                                "morning_anxiety": None}
    json.dumps(data)


def test_the_text_says_small_differences_may_be_chance_and_nothing_yet_when_empty():
    text = insights_text(insights(History(sessions=[rated(1, 2, 4)]), TODAY))
    assert CHANCE_NOTE in text and "By style" in text and "Bodyweight" in text
    empty = insights_text(insights(History(), TODAY))
    assert "Nothing to show yet" in empty and "By style" not in empty
    assert "No morning check-ins in these weeks yet." in empty


# --------------------------------------------------------------------------- the command line


def coach(capsys, *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "coach.db"


def this_monday() -> date:
    today = date.today()
    return today - timedelta(days=today.weekday())


@pytest.mark.parametrize("effort, level", [("hard", 1), ("right", 2)])
def test_two_complete_weeks_with_a_session_rated_as_given(db, capsys, effort, level):
    """Done when: --effort hard in the two weeks keeps level 1; --effort right steps up."""
    monday = this_monday()
    first = monday - timedelta(weeks=2)
    days = [first, first + timedelta(days=3), first + timedelta(weeks=1),
            first + timedelta(weeks=1, days=3)]
    for n, day in enumerate(days):
        extra = ["--effort", effort] if n == 2 else []
        code, _, err = coach(capsys, "--db", str(db), "log", "--minutes", "20",
                             "--date", day.isoformat(), *extra)
        assert code == 0, err
    code, out, err = coach(capsys, "--db", str(db), "plan", "--json")
    assert code == 0, err
    assert json.loads(out)["level"] == level
    with Store.open(db) as store:
        assert [s.effort for s in store.sessions()] == [None, None, effort, None]


def test_insights_json_after_two_styles_matches_the_numbers_by_hand(db, capsys):
    """Done when: each style's count, better-after count and mean lift."""
    today = date.today()
    logged = [("yoga", 2, 4, "07:30"), ("yoga", 3, 3, None), ("yoga", 2, 3, "18:00"),
              ("bands", 3, 5, "12:30"), ("bands", 4, 3, None)]
    for n, (style, before, after, at) in enumerate(logged):
        args = ["log", "--minutes", "20", "--style", style, "--mood-before", str(before),
                "--mood-after", str(after), "--date", (today - timedelta(days=n + 1)).isoformat()]
        if at:
            args += ["--at", at]
        code, _, err = coach(capsys, "--db", str(db), *args)
        assert code == 0, err
    code, out, err = coach(capsys, "--db", str(db), "insights", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["sessions"] == 5
    assert data["by_style"] == [
        {"style": "bands", "sessions": 2, "better_after": 1, "mean_lift": 0.5},  # +2, -1
        {"style": "yoga", "sessions": 3, "better_after": 2, "mean_lift": 1.0},  # +2, 0, +1
    ]
    by_time = {r["time_of_day"]: (r["sessions"], r["better_after"], r["mean_lift"])
               for r in data["by_time_of_day"]}
    assert by_time == {"morning": (1, 1, 2.0), "afternoon": (1, 1, 2.0),
                       "evening": (1, 1, 1.0), "any time": (2, 0, -0.5)}
    code, out, err = coach(capsys, "--db", str(db), "insights")
    assert code == 0, err
    assert "Yoga" in out and "better after 2" in out and NOT_ENOUGH in out and CHANCE_NOTE in out


def test_log_keeps_effort_and_the_time_of_day(db, capsys):
    code, out, err = coach(capsys, "--db", str(db), "log", "--minutes", "20", "--effort", "HARD",
                           "--at", "7:05", "--date", "2026-01-12")
    assert code == 0, err
    assert "too hard" in out
    with Store.open(db) as store:
        (s,) = store.sessions()
    assert (s.effort, s.time_of_day, s.started_at) == ("hard", "07:05", datetime(2026, 1, 12, 7, 5))
    code, _, err = coach(capsys, "--db", str(db), "log", "--minutes", "20", "--date", "2026-01-13")
    with Store.open(db) as store:
        assert store.sessions()[-1].time_of_day is None  # logged afterwards: any time


@pytest.mark.parametrize("args, words", [
    (["log", "--minutes", "20", "--effort", "7"], "--effort"),
    (["log", "--minutes", "20", "--at", "24:61"], "not a time of day"),
    (["log", "--minutes", "20", "--at", "7"], "not a time of day"),
    (["log", "--minutes", "20", "--at", "23:59", "--date", "today"], "later than now"),
])
def test_bad_effort_or_time_is_one_line_exit_2_and_nothing_written(db, capsys, args, words):
    if "later than now" in words and datetime.now().time() >= time(23, 59):
        pytest.skip("it is 23:59 already")
    code, _, err = coach(capsys, "--db", str(db), *args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and words in err and "Traceback" not in err
    assert not db.exists()


def test_a_refused_effort_leaves_an_existing_database_byte_identical(db, capsys):
    assert coach(capsys, "--db", str(db), "log", "--minutes", "20")[0] == 0
    before = db.read_bytes()
    assert coach(capsys, "--db", str(db), "log", "--minutes", "20", "--effort", "max")[0] == 2
    assert db.read_bytes() == before


# --------------------------------------------------------------------------- keeping it


def test_export_and_import_keep_effort_easier_choices_and_the_time_of_day(tmp_path):
    with Store.open(tmp_path / "a.db") as source:
        source.add_session(Session(day=TODAY, seconds=1200, effort="hard", time_of_day="18:40",
                                   easier=("Banded squat", "Side step"), routine="bands-lower-body",
                                   mood_before=2, mood_after=4))
        source.add_session(Session(day=TODAY - timedelta(days=2), seconds=600))
        data = export_json(source)
    assert [(s["effort"], s["easier"], s["time_of_day"]) for s in data["sessions"]] == [
        ("hard", ["Banded squat", "Side step"], "18:40"), (None, [], None)]
    file = tmp_path / "export.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    with Store.open(tmp_path / "b.db") as target:
        import_file(target, file)
        got = sorted(target.sessions(), key=lambda s: s.day, reverse=True)
        assert [(s.effort, s.easier, s.time_of_day) for s in got] == [
            ("hard", ("Banded squat", "Side step"), "18:40"), (None, (), None)]
        assert export_json(target)["sessions"] == data["sessions"]


def test_an_export_made_before_effort_imports_with_none(tmp_path):
    with Store.open(tmp_path / "a.db") as source:
        source.add_session(Session(day=TODAY, seconds=1200))
        data = export_json(source)
    for s in data["sessions"]:
        del s["effort"], s["easier"], s["time_of_day"]
    file = tmp_path / "old.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    with Store.open(tmp_path / "b.db") as target:
        import_file(target, file)
        (s,) = target.sessions()
        assert (s.effort, s.easier, s.time_of_day) == (None, (), None)


@pytest.mark.parametrize("field, value, words", [
    ("effort", "very", "must be one of easy, right, hard"),
    ("time_of_day", "25:00", "must be a time of day like 08:30"),
    ("easier", "Side step", "must be a list of exercise names"),
    ("easier", [""], "empty exercise name"),
])
def test_an_import_with_a_bad_effort_or_time_is_refused(tmp_path, field, value, words):
    from coach.exchange import ExchangeError

    with Store.open(tmp_path / "a.db") as source:
        source.add_session(Session(day=TODAY, seconds=1200))
        data = export_json(source)
    data["sessions"][0][field] = value
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    with Store.open(tmp_path / "b.db") as target:
        with pytest.raises(ExchangeError, match=words):
            import_file(target, file)
        assert target.sessions() == []


def test_an_older_database_learns_the_time_of_day_of_sessions_run_on_the_timer(tmp_path):
    path = tmp_path / "coach.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    before = next(n for n, (name, _) in enumerate(MIGRATIONS) if name.endswith("_session_effort"))
    _apply_migrations(conn, upto=before)  # the schema before effort
    conn.execute("INSERT INTO sessions (uid, day, started_at, seconds, routine) VALUES"
                 " ('t', '2026-03-10', '2026-03-10T18:05:00', 1200, 'yoga-gentle-flow'),"
                 " ('c', '2026-03-11', '2026-03-11T21:00:00', 1200, NULL)")
    conn.execute("COMMIT")
    conn.close()
    with Store.open(path) as store:
        got = {s.day.day: (s.time_of_day, s.effort, s.easier) for s in store.sessions()}
    assert got == {10: ("18:05", None, ()), 11: (None, None, ())}  # logged afterwards: unknown
    assert SCHEMA_VERSION >= 3


def test_update_session_sets_effort_and_easier_choices(tmp_path):
    with Store.open(tmp_path / "a.db") as store:
        saved = store.add_session(Session(day=TODAY, seconds=60, finished=False))
        store.update_session(saved.id, effort="easy", easier=("Plank",), finished=True)
        (s,) = store.sessions()
        assert (s.effort, s.easier) == ("easy", ("Plank",))
        store.update_session(saved.id, easier=())
        assert store.session(saved.id).easier == ()
        with pytest.raises(StoreError, match="a value was refused"):
            store.update_session(saved.id, effort="max")
        assert store.session(saved.id).effort == "easy"


def test_the_text_says_which_sessions_it_counts_in_the_screens_words():
    # Three sessions with both moods and one without a mood before: the text says 3, and
    # says it with the words the screen's header uses.
    sessions = [rated(1, 2, 4), rated(2, 3, 2), rated(3, 2, 3),
                rated(4, None, 4)]
    text = insights_text(insights(History(sessions=sessions), TODAY))
    assert rated_words(3) in text.splitlines()
    assert rated_words(3) == "From 3 sessions with both moods; a row needs 3."


def test_lifts_have_one_decimal_whole_or_not():
    sessions = [rated(1, 4, 3), rated(2, 4, 3), rated(3, 4, 3)]
    text = insights_text(insights(History(sessions=sessions), TODAY))
    assert "average lift -1.0" in text and "average lift -1 " not in text + " "
