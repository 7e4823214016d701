"""The build-up ladder, week planning, moves, buddy suggestions and the week streak, with real dates."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from coach.models import Buddy, BuddyCheckin, Checkin, History, Move, Pause, Session, Settings
from coach.plan import (
    LEVELS,
    counts,
    Level,
    PlanError,
    Planner,
)

# Monday 5 January 2026 starts "week 0" in these tests.
W0 = date(2026, 1, 5)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def day(week: int, weekday: int = MON) -> date:
    return W0 + timedelta(days=7 * week + weekday)


def sess(d: date, minutes: float, pain: bool = False, finished: bool = True, **kw) -> Session:
    return Session(day=d, seconds=round(minutes * 60), pain=pain, finished=finished, **kw)


def weeks(
    first: int,
    count: int,
    minutes: float,
    weekdays: tuple[int, ...] = (MON, THU),
    pain_week: int | None = None,
) -> list[Session]:
    """Sessions on ``weekdays`` for ``count`` weeks from week ``first``."""
    out = []
    for w in range(first, first + count):
        for wd in weekdays:
            out.append(sess(day(w, wd), minutes, pain=(w == pain_week and wd == weekdays[0])))
    return out


def statuses(week) -> list[str]:
    return [d.status for d in week.days]


def planned(week) -> list[date]:
    return [d.day for d in week.days if d.status == "planned"]


# ---------------------------------------------------------------------------------------------
# The ladder


def test_levels_table_matches_the_spec():
    assert [(l.sessions, l.minutes) for l in LEVELS.values()] == [
        (2, 20), (2, 25), (2, 30), (3, 20), (3, 25), (3, 30),
    ]
    assert [l.weekly_minutes for l in LEVELS.values()] == [40, 50, 60, 60, 75, 90]
    assert all(LEVELS[n].number == n for n in LEVELS)


@pytest.mark.parametrize(
    "level, seconds, expected",
    [
        (1, 15 * 60, True),  # exactly 75% of 20
        (1, 15 * 60 - 1, False),
        (2, 19 * 60, True),  # at level 2, 19 of 25 counts
        (2, 18 * 60, False),  # and 18 does not
        (2, 1125, True),  # 18.75 minutes is exactly 75%
        (2, 1124, False),
        (3, 1350, True),  # 22.5 of 30
        (3, 1349, False),
        (6, 30 * 60, True),
    ],
)
def test_a_session_counts_from_75_percent(level, seconds, expected):
    assert counts(Session(day=W0, seconds=seconds), LEVELS[level]) is expected
    assert counts(Session(day=W0, seconds=seconds), level) is expected


def test_an_unfinished_session_never_counts():
    assert not counts(Session(day=W0, seconds=3600, finished=False), 1)


def _level_on(history: History, d: date) -> int:
    return Planner(history).plan_week(d, d).level.number


LEVEL_CASES = [
    # (id, sessions, pauses, settings, day asked, expected level)
    ("a new user starts at level 1", [], [], Settings(), day(0), 1),
    ("one complete week is not enough", weeks(0, 1, 20), [], Settings(), day(1), 1),
    ("two complete weeks step up", weeks(0, 2, 20), [], Settings(), day(2), 2),
    ("15 of 20 counts", weeks(0, 2, 15), [], Settings(), day(2), 2),
    ("14 of 20 does not", weeks(0, 2, 14), [], Settings(), day(2), 1),
    (
        "19 of 25 counts at level 2",
        weeks(0, 2, 20) + weeks(2, 2, 19),
        [], Settings(), day(4), 3,
    ),
    (
        "18 of 25 does not",
        weeks(0, 2, 20) + weeks(2, 2, 18),
        [], Settings(), day(4), 2,
    ),
    (
        "two sessions on one day count once",
        weeks(0, 2, 20, (MON, MON)),
        [], Settings(), day(2), 1,
    ),
    (
        "extras never speed things up",
        weeks(0, 4, 30, (MON, TUE, WED, THU, FRI, SAT)),
        [], Settings(), day(4), 3,
    ),
    (
        "after a step up two more complete weeks are needed",
        weeks(0, 3, 20),
        [], Settings(), day(3), 2,
    ),
    (
        "pain holds a step up",
        weeks(0, 2, 20, pain_week=1),
        [], Settings(), day(2), 1,
    ),
    (
        "pain in the first week holds until two clear weeks follow",
        weeks(0, 3, 20, pain_week=0),
        [], Settings(), day(3), 2,
    ),
    (
        "a lighter week holds the level",
        weeks(0, 2, 20) + weeks(2, 1, 25) + weeks(3, 1, 25, (MON,)) + weeks(4, 1, 25),
        [], Settings(), day(5), 2,
    ),
    (
        "a pause spanning weeks is skipped",
        weeks(0, 1, 20) + [sess(day(1, MON), 20)] + weeks(4, 1, 20),
        [Pause(day(1, WED), day(3, SUN))], Settings(), day(5), 2,
    ),
    (
        "an open pause keeps the level",
        weeks(0, 2, 20),
        [Pause(day(2, MON))], Settings(), day(10), 2,
    ),
    (
        "a complete week counts even if partly paused",
        weeks(0, 2, 20),
        [Pause(day(1, SAT), day(1, SUN))], Settings(), day(2), 2,
    ),
    (
        "two empty weeks step down one",
        weeks(0, 4, 30),
        [], Settings(), day(6), 2,
    ),
    (
        "one empty week does not",
        weeks(0, 4, 30),
        [], Settings(), day(5), 3,
    ),
    (
        "four empty weeks step down two",
        weeks(0, 4, 30),
        [], Settings(), day(8), 1,
    ),
    (
        "never below level 1",
        weeks(0, 2, 20),
        [], Settings(), day(20), 1,
    ),
    (
        "an empty week between short weeks does not step down",
        weeks(0, 4, 30) + [sess(day(5), 5)],
        [], Settings(), day(7), 3,
    ),
    (
        "paused weeks between two empty weeks still step down once",
        weeks(0, 4, 30),
        [Pause(day(5, MON), day(6, SUN))], Settings(), day(8), 2,
    ),
    (
        "level 6 is the cap",
        weeks(0, 30, 30, (MON, WED, FRI)),
        [], Settings(), day(30), 6,
    ),
    (
        "the ladder reaches 6 after ten complete weeks",
        weeks(0, 10, 30, (MON, WED, FRI)),
        [], Settings(), day(10), 6,
    ),
    (
        "and not before",
        weeks(0, 9, 30, (MON, WED, FRI)),
        [], Settings(), day(9), 5,
    ),
    (
        "weeks from Sunday: Sun and Wed fall in one week",
        [sess(day(0, SUN), 20), sess(day(1, WED), 20), sess(day(1, SUN), 20), sess(day(2, WED), 20)],
        [], Settings(week_starts_sunday=True), day(2, SUN), 2,
    ),
    (
        "the same sessions in Monday weeks are not two complete weeks",
        [sess(day(0, SUN), 20), sess(day(1, WED), 20), sess(day(1, SUN), 20), sess(day(2, WED), 20)],
        [], Settings(), day(3, MON), 1,
    ),
    (
        "starting mid-week: the first week counts from the first activity",
        [sess(day(0, THU), 20), sess(day(0, SAT), 20)] + weeks(1, 1, 20),
        [], Settings(), day(2), 2,
    ),
    (
        "unfinished sessions are ignored",
        weeks(0, 1, 20) + [sess(day(1, MON), 20), sess(day(1, THU), 20, finished=False)],
        [], Settings(), day(2), 1,
    ),
]


@pytest.mark.parametrize(
    "sessions, pauses, settings, asked, expected",
    [c[1:] for c in LEVEL_CASES],
    ids=[c[0] for c in LEVEL_CASES],
)
def test_level_rules(sessions, pauses, settings, asked, expected):
    history = History(sessions=sessions, pauses=pauses, settings=settings)
    assert _level_on(history, asked) == expected
    assert Planner(history).level_for(asked).number == expected


def _with_effort(sessions: list[Session], index: int, effort: str) -> list[Session]:
    from coach.record import replace

    return [replace(s, effort=effort) if i == index else s for i, s in enumerate(sessions)]


@pytest.mark.parametrize("effort, expected", [
    ("hard", 1), ("right", 2), ("easy", 2), (None, 2),
])
def test_a_session_rated_too_hard_holds_the_step_up(effort, expected):
    # Two complete weeks at level 1; the second week's Thursday rated as given.
    sessions = _with_effort(weeks(0, 2, 20), 3, effort) if effort else weeks(0, 2, 20)
    history = History(sessions=sessions)
    assert _level_on(history, day(2)) == expected
    summaries = Planner(history).week_summaries(until=day(2))
    assert [w.too_hard for w in summaries] == [False, effort == "hard", False]


def test_too_hard_holds_until_two_weeks_feel_right_again():
    sessions = _with_effort(weeks(0, 4, 20), 0, "hard")  # week 0 too hard
    history = History(sessions=sessions)
    assert [_level_on(history, day(w)) for w in range(4)] == [1, 1, 1, 2]
    week = Planner(History(sessions=_with_effort(weeks(0, 2, 20), 3, "hard"))).plan_week(day(1), day(1, FRI))
    assert week.too_hard and not week.painful
    assert week.next_step is not None and week.next_step.complete_weeks_needed == 2


def test_too_hard_in_a_paused_week_does_not_hold_a_step_up():
    # Complete, paused-and-not-complete (one too-hard session), complete: steps up.
    sessions = weeks(0, 1, 20) + [sess(day(1, MON), 20, effort="hard")] + weeks(2, 1, 20)
    history = History(sessions=sessions, pauses=[Pause(day(1, WED), day(1, SUN))])
    assert _level_on(history, day(3)) == 2


def test_level_sequence_steps_up_every_two_complete_weeks():
    history = History(sessions=weeks(0, 12, 30, (MON, WED, FRI)))
    levels = Planner(history).levels_by_week(until=day(12))
    assert list(levels.values()) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 6]
    assert list(levels) == [day(w) for w in range(13)]


def test_step_down_after_every_two_empty_weeks():
    history = History(sessions=weeks(0, 10, 30, (MON, WED, FRI)))  # level 6 from week 10
    levels = Planner(history).levels_by_week(until=day(24))
    assert [levels[day(w)] for w in range(10, 25, 2)] == [6, 5, 4, 3, 2, 1, 1, 1]


def test_after_a_step_down_the_plan_builds_up_again():
    sessions = weeks(0, 4, 30) + weeks(7, 2, 25)  # level 3, two empty weeks, back at level 2
    history = History(sessions=sessions)
    assert _level_on(history, day(7)) == 2
    assert _level_on(history, day(9)) == 3


def test_late_logging_in_any_order_gives_the_same_level():
    sessions = weeks(0, 2, 20) + weeks(2, 2, 26, pain_week=3) + weeks(4, 2, 25)
    expected = [_level_on(History(sessions=sessions), day(w)) for w in range(7)]
    assert expected == [1, 1, 2, 2, 2, 2, 3]
    for order in itertools.islice(itertools.permutations(range(len(sessions))), 0, 2000, 97):
        history = History(sessions=[sessions[i] for i in order])
        assert [_level_on(history, day(w)) for w in range(7)] == expected


def test_a_past_week_logged_late_changes_later_weeks_the_same_way():
    early = History(sessions=weeks(0, 2, 20) + weeks(2, 2, 25))
    logged_late = History(sessions=weeks(2, 2, 25))
    for s in weeks(0, 2, 20):
        logged_late.sessions.append(s)
    assert _level_on(early, day(4)) == _level_on(logged_late, day(4)) == 3


def test_check_in_alone_starts_the_clock_for_empty_weeks():
    # A check-in in week 0, then nothing: two empty weeks at level 1 stay at level 1.
    history = History(checkins=[Checkin(day=day(0, TUE), kind="morning", mood=3)])
    assert [s.week_start for s in Planner(history).week_summaries(until=day(2))] == [day(0), day(1), day(2)]
    assert _level_on(history, day(3)) == 1


def test_a_week_in_progress_never_lowers_the_level_ahead():
    # Level 2 now; asking about a week ahead while this week is still young keeps level 2.
    history = History(sessions=weeks(0, 2, 20))
    today = day(2, TUE)
    assert Planner(history).plan_week(day(4), today).level.number == 2
    # Without a today the history reads as it stands: weeks 2 and 3 empty, so week 4 steps down.
    assert Planner(history).levels_by_week(until=day(4))[day(4)] == 1


# ---------------------------------------------------------------------------------------------
# The week: statuses, counting, next step


def test_week_statuses_done_short_extra_rest_paused():
    sessions = [
        sess(day(0, MON), 20),
        sess(day(0, TUE), 10),  # short
        sess(day(0, THU), 21),  # completes the week
        sess(day(0, SAT), 25),  # extra
        sess(day(0, SUN), 5),  # after the week was complete: extra too
    ]
    history = History(sessions=sessions, pauses=[Pause(day(0, FRI), day(0, FRI))])
    week = Planner(history).plan_week(day(0, WED), today=day(1))
    assert statuses(week) == ["done", "short", "rest", "done", "paused", "extra", "extra"]
    assert [d.minutes_done for d in week.days] == [20, 10, 0, 21, 0, 25, 5]
    assert week.complete and week.counting_sessions == 2
    assert not week.paused  # a complete week always counts
    assert week.extra_note and "rest" in week.extra_note.lower()


def test_counting_sessions_never_exceed_the_plan():
    history = History(sessions=weeks(0, 1, 30, (MON, TUE, WED, THU, FRI)))
    week = Planner(history).plan_week(day(0), today=day(1))
    assert week.counting_sessions == 2
    assert statuses(week).count("done") == 2 and statuses(week).count("extra") == 3


def test_two_sessions_one_day_show_once_with_their_minutes():
    history = History(sessions=[sess(day(0, MON), 10), sess(day(0, MON), 12)])
    week = Planner(history).plan_week(day(0), today=day(0, TUE))
    assert week.days[0].status == "short"  # neither session reached 15 minutes
    assert week.days[0].minutes_done == 22
    assert len(week.days[0].sessions) == 2
    assert week.counting_sessions == 0


def test_minutes_done_are_whole_minutes_rounded_down():
    history = History(sessions=[Session(day=day(0), seconds=1139)])
    assert Planner(history).plan_week(day(0), day(0)).days[0].minutes_done == 18


def test_a_paused_week():
    history = History(sessions=weeks(0, 1, 20), pauses=[Pause(day(1, WED), None)])
    week = Planner(history).plan_week(day(1, WED), today=day(1, WED))
    assert week.paused
    assert statuses(week)[:2] == ["rest", "rest"]  # Mon and Tue passed before the pause
    assert statuses(week)[2:] == ["paused"] * 5
    assert planned(week) == []
    assert not week.lighter


def test_resuming_mid_week_plans_the_days_left():
    history = History(sessions=weeks(0, 1, 20), pauses=[Pause(day(0, FRI), day(1, TUE))])
    week = Planner(history).plan_week(day(1, WED), today=day(1, WED))
    assert week.paused  # a paused day and not complete
    assert statuses(week)[:2] == ["paused", "paused"]
    assert planned(week) == [day(1, WED), day(1, FRI)]


@pytest.mark.parametrize(
    "sessions, asked, today, needed",
    [
        ([], day(0), day(0), 2),
        (weeks(0, 1, 20), day(1), day(1), 1),  # one complete week banked
        (weeks(0, 1, 20, (MON,)), day(1), day(1), 2),
        (weeks(0, 2, 20), day(1), day(1, FRI), 0),  # this week completes it: next week steps up
        (weeks(0, 1, 20) + weeks(1, 1, 20, pain_week=1), day(1), day(1, FRI), 2),
        (weeks(0, 2, 20), day(2), day(2), 2),  # just stepped up: two more
    ],
)
def test_next_step_needs(sessions, asked, today, needed):
    week = Planner(History(sessions=sessions)).plan_week(asked, today)
    assert week.next_step is not None
    assert week.next_step.level.number == week.level.number + 1
    assert week.next_step.complete_weeks_needed == needed


def test_no_next_step_at_level_6():
    history = History(sessions=weeks(0, 10, 30, (MON, WED, FRI)))
    week = Planner(history).plan_week(day(10), day(10))
    assert week.level == Level(6, 3, 30)
    assert week.next_step is None


@pytest.mark.parametrize(
    "last_session, expected",
    [(None, False), (day(-1, SUN), False), (day(-2, MON), False), (day(-3, SUN), True)],
)
def test_welcome_back_after_two_weeks_without_a_session(last_session, expected):
    sessions = [sess(day(-5), 20)] + ([sess(last_session, 20)] if last_session else [])
    if last_session is None:
        sessions = []
    history = History(sessions=sessions)
    assert Planner(history).plan_week(day(0, WED), day(0, WED)).welcome_back is expected


def test_welcome_back_counts_from_the_first_check_in_when_no_session_yet():
    history = History(checkins=[Checkin(day=day(-3), kind="morning", mood=2)])
    assert Planner(history).plan_week(day(0), day(0)).welcome_back
    new = History(checkins=[Checkin(day=day(0), kind="morning", mood=2)])
    assert not Planner(new).plan_week(day(0), day(0)).welcome_back


# ---------------------------------------------------------------------------------------------
# Planning the week


@pytest.mark.parametrize(
    "sessions, settings, today, expected_planned",
    [
        # Defaults: Mon and Thu for two a week.
        ([], Settings(), day(0, MON), [day(0, MON), day(0, THU)]),
        # A planned day passed with nothing: the sessions move on, a rest day between.
        ([], Settings(), day(0, TUE), [day(0, TUE), day(0, THU)]),
        ([], Settings(), day(0, WED), [day(0, WED), day(0, FRI)]),
        ([], Settings(), day(0, FRI), [day(0, FRI), day(0, SUN)]),
        # Not enough room left: a lighter week, never two days in a row.
        ([], Settings(), day(0, SAT), [day(0, SAT)]),
        ([], Settings(), day(0, SUN), [day(0, SUN)]),
        # Monday done: Thursday stays.
        ([sess(day(0, MON), 20)], Settings(), day(0, WED), [day(0, THU)]),
        # Done on an unplanned Wednesday: the next session keeps a rest day after it.
        ([sess(day(0, WED), 20)], Settings(), day(0, THU), [day(0, FRI)]),
        # A short session on a planned day takes its place: the rest of the plan stays.
        ([sess(day(0, MON), 10)], Settings(), day(0, TUE), [day(0, THU)]),
        ([sess(day(0, MON), 20), sess(day(0, THU), 10)], Settings(), day(0, THU), []),
        # Monday passed, so Tuesday was planned: a short session there takes its place.
        ([sess(day(0, TUE), 10)], Settings(), day(0, TUE), [day(0, THU)]),
        # A short session on a rest day adds nothing: the plan keeps a rest day after it.
        ([sess(day(0, MON), 20), sess(day(0, WED), 10)], Settings(), day(0, WED), [day(0, FRI)]),
        # The week is complete: nothing more planned.
        (weeks(0, 1, 20), Settings(), day(0, FRI), []),
        # Preferred days.
        ([], Settings(days_two=(1, 4)), day(0, MON), [day(0, TUE), day(0, FRI)]),
        # Preferred days next to each other are spread out.
        ([], Settings(days_two=(0, 1)), day(0, MON), [day(0, MON), day(0, WED)]),
        # Weeks from Sunday keep the same weekdays.
        ([], Settings(week_starts_sunday=True), day(-1, SUN), [day(0, MON), day(0, THU)]),
        ([], Settings(week_starts_sunday=True, days_two=(6, 2)), day(-1, SUN),
         [day(-1, SUN), day(0, WED)]),
    ],
)
def test_planned_days(sessions, settings, today, expected_planned):
    history = History(sessions=sessions, settings=settings)
    week = Planner(history).plan_week(today, today)
    assert planned(week) == expected_planned
    assert all(d.planned_minutes == week.level.minutes for d in week.days if d.planned)


def test_three_a_week_on_mon_wed_fri_then_moved_on_after_a_quiet_monday():
    history = History(sessions=weeks(0, 6, 30))  # level 4 (3 x 20) from week 6
    week = Planner(history).plan_week(day(6), day(6))
    assert week.level.number == 4
    assert planned(week) == [day(6, MON), day(6, WED), day(6, FRI)]
    later = Planner(history).plan_week(day(6), day(6, TUE))
    assert planned(later) == [day(6, TUE), day(6, THU), day(6, SAT)]
    assert later.days[0].status == "rest"  # the passed Monday is a rest day, nothing else


def test_past_planned_days_become_rest_days():
    week = Planner(History(sessions=weeks(0, 1, 20))).plan_week(day(1), today=day(2))
    assert statuses(week) == ["rest"] * 7
    assert week.lighter


def test_a_lighter_week_is_flagged_only_when_the_plan_cannot_be_met():
    assert not Planner(History()).plan_week(day(0), day(0, FRI)).lighter
    assert Planner(History(checkins=[Checkin(day(0), "morning", mood=3)])).plan_week(day(0), day(0, SAT)).lighter


def test_moves_recorded_in_the_history_apply():
    history = History(moves=[Move(day(0, MON), day(0, TUE), id=1)])
    week = Planner(history).plan_week(day(0), day(0, MON))
    assert planned(week) == [day(0, TUE), day(0, THU)]
    assert week.days[0].status == "rest"


def test_a_move_next_to_another_session_spreads_the_rest_out():
    history = History(moves=[Move(day(0, MON), day(0, WED), id=1)])
    assert planned(Planner(history).plan_week(day(0), day(0, MON))) == [day(0, WED), day(0, FRI)]


def test_chained_moves_follow_their_order():
    history = History(
        moves=[Move(day(0, TUE), day(0, SAT), id=2), Move(day(0, MON), day(0, TUE), id=1)]
    )
    assert planned(Planner(history).plan_week(day(0), day(0, MON))) == [day(0, THU), day(0, SAT)]


def test_move_session_returns_a_move_that_plans_the_new_day():
    history = History()
    move = Planner(history).move_session(day(0, MON), day(0, TUE), today=day(0, MON))
    assert move == Move(day(0, MON), day(0, TUE))
    history.moves.append(move)
    assert planned(Planner(history).plan_week(day(0), day(0, MON))) == [day(0, TUE), day(0, THU)]


def test_move_options_for_todays_session():
    assert Planner(History()).move_options(day(0, MON), day(0, MON)) == [
        day(0, TUE), day(0, WED), day(0, FRI), day(0, SAT), day(0, SUN),
    ]
    assert Planner(History()).move_options(day(0, TUE), day(0, MON)) == []  # nothing planned Tuesday
    paused = History(pauses=[Pause(day(0, SAT), None)])
    assert Planner(paused).move_options(day(0, MON), day(0, MON)) == [day(0, TUE), day(0, WED), day(0, FRI)]


@pytest.mark.parametrize(
    "history, from_day, to_day, today, words",
    [
        (History(), day(0, MON), day(1, TUE), day(0, MON), "same week"),
        (History(), day(0, TUE), day(0, WED), day(0, MON), "no session planned"),
        (History(), day(0, MON), day(0, THU), day(0, MON), "already has a session planned"),
        (History(), day(0, FRI), day(0, TUE), day(0, WED), "pick today or a day ahead"),
        (History(), day(0, MON), day(0, MON), day(0, MON), "already on"),
        (History(sessions=[sess(day(0, WED), 5)]), day(0, MON), day(0, WED), day(0, MON),
         "already has a session recorded"),
        (History(pauses=[Pause(day(0, SAT), day(0, SUN))]), day(0, MON), day(0, SAT), day(0, MON),
         "paused"),
        (History(sessions=[sess(day(0, MON), 20)]), day(0, MON), day(0, TUE), day(0, MON),
         "no session planned"),  # Monday's session is done
    ],
)
def test_move_session_refuses_kindly(history, from_day, to_day, today, words):
    with pytest.raises(PlanError) as err:
        Planner(history).move_session(from_day, to_day, today)
    message = str(err.value)
    assert words in message
    assert "\n" not in message
    assert isinstance(err.value, ValueError)


# ---------------------------------------------------------------------------------------------
# Buddy suggestions

SAM = Buddy("Sam", "text Sam")


@pytest.mark.parametrize(
    "sessions, buddy_checkins, asked, reason",
    [
        # A counting session that day: share the win (before anything else).
        ([sess(day(0, MON), 20)], [], day(0, MON), "after_session"),
        ([sess(day(0, WED), 20)], [], day(0, WED), "after_session"),
        # A short session is not a win to share, and not quiet either.
        ([sess(day(0, MON), 20), sess(day(0, WED), 5)], [], day(0, WED), None),
        # First day of the week.
        ([sess(day(-1, SAT), 20)], [], day(0, MON), "week_start"),
        # Quiet: five or more days since the last session of any length.
        ([sess(day(0, MON), 10)], [], day(0, SAT), "quiet"),
        ([sess(day(0, MON), 10)], [], day(0, FRI), None),
        # Quiet beats the first day of the week.
        ([sess(day(-1, TUE), 20)], [], day(0, MON), "quiet"),
        # Done or dismissed that day: not repeated, and nothing else that day.
        ([sess(day(0, MON), 20)], [BuddyCheckin(day(0, MON), "after_session", "done")],
         day(0, MON), None),
        ([sess(day(-1, SAT), 20)], [BuddyCheckin(day(0, MON), "week_start", "dismissed")],
         day(0, MON), None),
        # Only suggested (not acted on): still shown.
        ([sess(day(-1, SAT), 20)], [BuddyCheckin(day(0, MON), "week_start", "suggested")],
         day(0, MON), "week_start"),
    ],
)
def test_buddy_suggestion_precedence(sessions, buddy_checkins, asked, reason):
    history = History(sessions=sessions, buddy=SAM, buddy_checkins=buddy_checkins)
    got = Planner(history).buddy_suggestion(asked)
    assert (got.reason if got else None) == reason
    if got:
        assert "text Sam" in got.text


def test_quiet_counts_from_the_first_activity():
    history = History(checkins=[Checkin(day(0, MON), "morning", mood=2)], buddy=SAM)
    assert Planner(history).buddy_suggestion(day(0, THU)) is None
    got = Planner(history).buddy_suggestion(day(0, SAT))
    assert got is not None and got.reason == "quiet"
    assert "Sam" in got.text and "together" in got.text


def test_no_quiet_suggestion_while_paused_or_just_after():
    history = History(
        sessions=[sess(day(0, MON), 20)], pauses=[Pause(day(0, TUE), day(1, WED))], buddy=SAM
    )
    assert Planner(history).buddy_suggestion(day(1, MON)) is None  # paused: not even week_start
    assert Planner(history).buddy_suggestion(day(1, THU)) is None  # the pause just ended
    assert Planner(history).buddy_suggestion(day(2, TUE)).reason == "quiet"


def test_week_start_shares_the_plan():
    history = History(sessions=[sess(day(-1, SAT), 20)], buddy=SAM)
    got = Planner(history).buddy_suggestion(day(0, MON))
    assert got.reason == "week_start"
    assert "2 sessions of 20 minutes" in got.text and "text Sam" in got.text


def test_week_start_on_sunday_weeks():
    history = History(
        sessions=[sess(day(0, FRI), 20)], buddy=SAM, settings=Settings(week_starts_sunday=True)
    )
    assert Planner(history).buddy_suggestion(day(0, SUN)).reason == "week_start"
    assert Planner(history).buddy_suggestion(day(1, MON)) is None


def test_find_buddy_until_done_or_dismissed_that_week():
    history = History(sessions=[sess(day(0, MON), 20)])
    assert Planner(history).buddy_suggestion(day(0, MON)).reason == "find_buddy"
    history.buddy_checkins.append(BuddyCheckin(day(0, TUE), "find_buddy", "dismissed"))
    assert Planner(history).buddy_suggestion(day(0, TUE)) is None
    assert Planner(history).buddy_suggestion(day(0, SUN)) is None
    assert Planner(history).buddy_suggestion(day(1, MON)).reason == "find_buddy"


@pytest.mark.parametrize(
    "buddy, words",
    [
        (Buddy("Sam", "text Sam"), "Maybe text Sam"),
        (Buddy("Mum", "Call mum"), "Maybe call mum"),
        (Buddy("Ana", "07700 900123"), "get in touch with Ana (07700 900123)"),
        (Buddy("Ana", ""), "get in touch with Ana"),
    ],
)
def test_suggestions_use_the_buddys_contact(buddy, words):
    history = History(sessions=[sess(day(0, MON), 20)], buddy=buddy)
    assert words in Planner(history).buddy_suggestion(day(0, MON)).text


# ---------------------------------------------------------------------------------------------
# Week streak


@pytest.mark.parametrize(
    "session_weeks, pauses, today, expected",
    [
        ([], [], day(3), 0),
        ([0, 1, 2, 3], [], day(3, FRI), 4),
        ([0, 1, 2], [], day(3, FRI), 3),  # this week has nothing yet: last week's streak stands
        ([0, 1, 2], [], day(4, FRI), 0),
        ([0, 2, 3], [], day(3), 2),
        ([0, 1, 3], [Pause(day(2, MON), day(2, SUN))], day(3), 3),  # a paused week does not end it
        ([0, 1], [Pause(day(2, MON), None)], day(5), 2),
    ],
)
def test_week_streak(session_weeks, pauses, today, expected):
    history = History(sessions=[sess(day(w, TUE), 5) for w in session_weeks], pauses=pauses)
    assert Planner(history).week_streak(today) == expected


# ---------------------------------------------------------------------------------------------
# Many questions about one history


def test_ten_years_of_daily_data_is_quick():
    import random
    import time

    rng = random.Random(7)
    start = date(2016, 1, 4)
    sessions = [
        Session(day=start + timedelta(days=i), seconds=rng.randint(300, 2100), pain=rng.random() < 0.02)
        for i in range(3650)
        if rng.random() < 0.42
    ]
    history = History(sessions=sessions, pauses=[Pause(date(2019, 5, 1), date(2019, 6, 20))])
    today = start + timedelta(days=3649)
    began = time.process_time()
    week = Planner(history).plan_week(today, today)
    levels = Planner(history).levels_by_week(today=today)
    Planner(history).buddy_suggestion(today)
    Planner(history).week_streak(today)
    elapsed = time.process_time() - began
    assert len(levels) >= 520 and 1 <= week.level.number <= 6
    assert elapsed < 0.5
    planner = Planner(history)
    began = time.process_time()
    for w in range(52):
        planner.plan_week(today - timedelta(days=7 * w), today)
    assert time.process_time() - began < 0.5


def test_no_welcome_back_for_someone_who_checked_in_all_along():
    """Three weeks without training, but a check-in every morning: they were not away."""
    sessions = [sess(day(-4, MON), 20)]
    mornings = [Checkin(day=day(-1) + timedelta(days=n), kind="morning", mood=3) for n in range(7)]
    away = Planner(History(sessions=sessions)).plan_week(day(0, WED), day(0, WED))
    here = Planner(History(sessions=sessions, checkins=mornings)).plan_week(day(0, WED), day(0, WED))
    assert away.welcome_back and not here.welcome_back
    assert here.level == away.level  # the plan is just as easy
