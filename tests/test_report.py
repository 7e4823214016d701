"""The week as JSON (the contract for scripts) and as plain text (``coach plan``, ``coach status``)."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from coach.models import BUDDY_REASONS, Buddy, Checkin, History, Pause, Session, Settings
from coach.plan import (
    LEVELS,
    BuddySuggestion,
    Planner,
    suggestion_text,
)
from coach.report import status_lines, week_text, week_to_json

MON = date(2026, 1, 12)


def d(offset: int) -> date:
    return MON + timedelta(days=offset)


def sess(day: date, minutes: int, **kw) -> Session:
    return Session(day=day, seconds=minutes * 60, **kw)


def level_two_history(**kw) -> History:
    """Two complete weeks at level 1 before the week of Monday 12 January 2026, then Monday done."""
    sessions = [sess(d(o), 20) for o in (-14, -11, -7, -4)] + [sess(d(0), 26)]
    return History(sessions=sessions, **kw)


WEEK_START_TEXT = "A new week: 2 sessions of 25 minutes. Maybe text Sam and share this week's plan."


def test_json_matches_the_contract():
    history = level_two_history(buddy=Buddy("Sam", "text Sam"))
    week = Planner(history).plan_week(d(3), today=d(3))
    suggestion = BuddySuggestion("week_start", suggestion_text("week_start", history.buddy, LEVELS[2]))
    assert suggestion.text == WEEK_START_TEXT
    data = week_to_json(week, suggestion)
    assert data == {
        "date": "2026-01-15",
        "week_start": "2026-01-12",
        "level": 2,
        "sessions_per_week": 2,
        "minutes": 25,
        "paused": False,
        "counting_sessions": 1,
        "week_complete": False,
        "days": [
            {"date": "2026-01-12", "status": "done", "minutes_done": 26, "cue": None},
            {"date": "2026-01-13", "status": "rest", "minutes_done": 0, "cue": None},
            {"date": "2026-01-14", "status": "rest", "minutes_done": 0, "cue": None},
            {"date": "2026-01-15", "status": "planned", "minutes_done": 0, "cue": None},
            {"date": "2026-01-16", "status": "rest", "minutes_done": 0, "cue": None},
            {"date": "2026-01-17", "status": "rest", "minutes_done": 0, "cue": None},
            {"date": "2026-01-18", "status": "rest", "minutes_done": 0, "cue": None},
        ],
        "next_step": {"level": 3, "sessions_per_week": 2, "minutes": 30, "complete_weeks_needed": 2},
        "buddy_suggestion": {"reason": "week_start", "text": WEEK_START_TEXT},
        "care": {"safety_net": False, "low_mood_offer": False},
    }
    assert list(data) == [
        "date", "week_start", "level", "sessions_per_week", "minutes", "paused",
        "counting_sessions", "week_complete", "days", "next_step", "buddy_suggestion", "care",
    ]
    assert json.loads(json.dumps(data)) == data


def test_json_nulls_at_the_top_level_and_without_a_suggestion():
    sessions = [sess(d(7 * w + o), 30) for w in range(10) for o in (0, 2, 4)]
    week = Planner(History(sessions=sessions)).plan_week(d(70), today=d(70))
    data = week_to_json(week, None)
    assert data["level"] == 6 and (data["sessions_per_week"], data["minutes"]) == (3, 30)
    assert data["next_step"] is None
    assert data["buddy_suggestion"] is None
    assert [x["status"] for x in data["days"]] == ["planned", "rest", "planned", "rest", "planned", "rest", "rest"]
    assert "null" in json.dumps(data)


def test_json_for_a_paused_week_on_sunday_weeks():
    history = History(
        sessions=[sess(d(-1), 20)],
        pauses=[Pause(d(1), None)],
        settings=Settings(week_starts_sunday=True),
    )
    data = week_to_json(Planner(history).plan_week(d(2), today=d(2)), None)
    assert data["week_start"] == "2026-01-11"  # a Sunday
    assert data["paused"] is True
    assert [x["status"] for x in data["days"]] == ["done", "rest", "paused", "paused", "paused", "paused", "paused"]
    assert data["counting_sessions"] == 1 and data["week_complete"] is False


def test_week_text_reads_kindly_and_shows_every_day():
    history = level_two_history(buddy=Buddy("Sam", "text Sam"))
    week = Planner(history).plan_week(d(3), today=d(3))
    text = week_text(week, Planner(history).buddy_suggestion(d(0)), "You felt better after 5 of 7 sessions.", 3)
    lines = text.splitlines()
    assert lines[0] == "Week of Monday 12 January · level 2: 2 sessions of 25 minutes"
    days = [line for line in lines if re.match(r"  (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d", line)]
    assert [line.split()[0] for line in days] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert re.fullmatch(r"  Mon 12 Jan\s+done\s+26 min", days[0])
    assert re.fullmatch(r"  Tue 13 Jan\s+rest day", days[1])
    assert re.fullmatch(r"  Thu 15 Jan\s+planned\s+25 min\s+\(today\)", days[3])
    assert "So far: 1 of 2 sessions, 26 minutes in all." in lines
    assert "Next step: level 3 (2 sessions of 30 minutes), after 2 more complete weeks." in lines
    assert "Weeks in a row with a session: 3." in lines
    assert "You felt better after 5 of 7 sessions." in lines
    assert "Buddy: Nice work today. Want to share the win? Maybe text Sam." in lines


@pytest.mark.parametrize(
    "history, asked, today, expected",
    [
        # A week that is over below the plan is a lighter week, not a shortfall.
        (History(sessions=[sess(d(0), 10)]), d(0), d(9),
         "A lighter week: 0 of 2 sessions, 10 minutes in all. 1 short session — showing up "
         "counts. That's okay, one week at a time."),
        (History(sessions=[sess(d(0), 20), sess(d(3), 20)]), d(0), d(4),
         "Week complete: 2 of 2 sessions, 40 minutes in all. Well done."),
        (History(sessions=[sess(d(0), 20)], pauses=[Pause(d(2), d(9))]), d(0), d(4),
         "The plan is paused this week. Rest and recover: it will be here when you're ready. "
         "You still did 20 minutes."),
        (History(sessions=[sess(d(-7), 20)]), d(7), d(3), "Coming up: 2 sessions of 20 minutes."),
        (History(checkins=[Checkin(d(-1), "morning", mood=3)]), d(0), d(6),
         "A lighter week: 0 of 2 sessions so far, 1 still planned. That's okay."),
    ],
)
def test_week_progress_words(history, asked, today, expected):
    assert expected in week_text(Planner(history).plan_week(asked, today)).splitlines()


def test_week_text_welcome_back_extra_note_pain_and_the_top_level():
    back = History(sessions=[sess(d(-30), 20)])
    assert "Welcome back. The plan starts gently from here." in week_text(Planner(back).plan_week(d(0), d(0)))

    extra = History(sessions=[sess(d(o), 20, pain=o == 5) for o in (0, 2, 5)])
    text = week_text(Planner(extra).plan_week(d(0), d(6)))
    assert "  Sat 17 Jan  extra" in text
    assert "Rest days help" in text
    assert "marked painful" in text

    top = History(sessions=[sess(d(7 * w + o), 30) for w in range(10) for o in (0, 2, 4)])
    text = week_text(Planner(top).plan_week(d(70), d(70)))
    assert "level 6: 3 sessions of 30 minutes" in text
    assert "Level 6 is the top of the ladder: this is the place to stay." in text


@pytest.mark.parametrize(
    "history, today, first_line",
    [
        (level_two_history(), d(3), "Today: a 25-minute bodyweight session."),
        (level_two_history(settings=Settings(style="pilates")), d(3), "Today: a 25-minute pilates session."),
        (level_two_history(), d(0), "Today: done, 26 minutes. Nice work."),
        (level_two_history(), d(1), "Today: rest day. Next session: Thursday."),
        (level_two_history(), d(2), "Today: rest day. Next session: tomorrow."),
        # On a planned day a short session takes its place; on a rest day it is simply shown.
        (History(sessions=[sess(d(0), 10)]), d(0),
         "Today: 10 minutes, in place of today's session. Showing up counts."),
        (History(sessions=[Session(day=d(0), seconds=9)]), d(0),
         "Today: less than a minute, in place of today's session. Showing up counts."),
        (History(sessions=[sess(d(0), 20), sess(d(2), 10)]), d(2),
         "Today: 10 minutes. Showing up matters."),
        (History(sessions=[sess(d(o), 20) for o in (0, 2, 4)]), d(4),
         "Today: 20 minutes, more than the plan asks. Rest helps too."),
        (History(pauses=[Pause(d(0), None)]), d(2), "Today: the plan is paused. Rest well."),
        (History(sessions=[sess(d(0), 20), sess(d(3), 20)]), d(6), "Today: rest day."),
    ],
)
def test_status_first_line_is_todays_plan(history, today, first_line):
    lines = status_lines(Planner(history).plan_week(today, today))
    assert lines[0] == first_line
    assert len(lines) == 3


def test_status_lines_week_and_next_step():
    lines = status_lines(Planner(level_two_history()).plan_week(d(3), d(3)), "You felt better after 2 of 3 sessions.")
    assert lines == [
        "Today: a 25-minute bodyweight session.",
        "This week: 1 of 2 sessions, 26 minutes. Level 2.",
        "Next step: level 3 (2 sessions of 30 minutes), after 2 more complete weeks.",
        "You felt better after 2 of 3 sessions.",
    ]
    done = History(sessions=[sess(d(0), 20), sess(d(3), 20)])
    assert status_lines(Planner(done).plan_week(d(4), d(4)))[1:] == [
        "This week: complete, 2 of 2 sessions. Well done. Level 1.",
        "Next step: level 2 (2 sessions of 25 minutes), after one more complete week.",
    ]
    back = History(sessions=[sess(d(-30), 20)])
    assert status_lines(Planner(back).plan_week(d(0), d(0)))[1] == "Welcome back. This week: 0 of 2 sessions. Level 1."
    two_done = History(sessions=[sess(d(o), 20) for o in (-7, -4, 0, 3)])
    assert status_lines(Planner(two_done).plan_week(d(4), d(4)))[2] == (
        "Next week: level 2 (2 sessions of 25 minutes)."
    )


# ---------------------------------------------------------------------------------------------
# Quick to import, no blame in any word

def test_report_and_plan_import_nothing_heavy():
    code = (
        "import sys, coach.report, coach.plan; "
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'click', 'sqlite_utils', 'sqlite3', 'dateutil', 'rich')]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


BANNED = re.compile(r"\bfail|\bmiss(ed|ing|es)?\b|\bbroke\b|\blost\b|\blose\b|\bbehind\b|\blazy\b|should have|you are depressed", re.I)


@pytest.mark.parametrize("module", ["plan.py", "report.py"])
def test_no_banned_word_in_any_string_of_the_module(module):
    source = (Path(__file__).parent.parent / "coach" / module).read_text()
    strings = [
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    assert strings
    found = [s for s in strings if BANNED.search(s)]
    assert found == []


@pytest.mark.parametrize("reason", BUDDY_REASONS)
@pytest.mark.parametrize("buddy", [None, Buddy("Sam", "text Sam"), Buddy("Mum", "call mum"), Buddy("Jo", "")])
def test_suggestion_texts_are_kind(reason, buddy):
    text = suggestion_text(reason, buddy, LEVELS[4])
    assert not BANNED.search(text)
    assert not re.search(r"\d+ days", text)  # never counts the days someone was away
    if buddy is not None and reason != "find_buddy":
        assert buddy.name in text or buddy.contact in text


def test_minutes_read_the_same_everywhere_and_a_short_session_is_never_zero():
    """95 seconds is one minute on Today, in Week, in the plan and in the toast."""
    from coach.words import seconds_words as minutes_words

    history = History(sessions=[Session(day=d(0), seconds=95), Session(day=d(1), seconds=40)])
    week = Planner(history).plan_week(d(1), d(1))
    assert [p.minutes_done for p in week.days[:2]] == [1, 0]
    assert minutes_words(95) == "1 minute" and minutes_words(40) == "less than a minute"
    text = week_text(week)
    assert "1 min" in text and "<1 min" in text and " 0 min" not in text


# ---------------------------------------------------------------- past weeks in the past tense


def test_a_past_week_speaks_in_the_past_and_a_future_one_is_not_welcomed_back():
    from coach.report import extra_words, progress_words

    # Three sessions in a past week (one beyond the plan), one marked painful.
    history = History(sessions=[sess(d(0), 20), sess(d(2), 20, pain=True), sess(d(4), 20)])
    later = d(30)
    past = Planner(history).plan_week(d(0), later)
    assert extra_words(past) == (
        "That week went beyond the plan. Rest days help your body get stronger too.")
    text = week_text(past)
    assert "this week" not in text.lower()
    assert "A session that week was marked painful." in text
    # A paused week long gone.
    paused = History(sessions=[sess(d(-7), 20)], pauses=[Pause(start=d(0), end=d(6))])
    assert progress_words(Planner(paused).plan_week(d(0), later)) == "The plan was paused that week."
    # Weeks away, then a look at a week still to come: no "Welcome back" there.
    away = History(sessions=[sess(d(-60), 20)])
    future = Planner(away).plan_week(d(14), d(0))
    assert "Welcome back" not in week_text(future)
    assert "Welcome back" in week_text(Planner(away).plan_week(d(0), d(0)))
