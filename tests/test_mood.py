"""Mood check-ins: insight, trend, safety net, screener, validation and wording."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach import mood, resources
from coach.dates import week_start
from coach.models import Buddy, Checkin, Session

MON = date(2026, 1, 5)  # a Monday
BLAME_WORDS = ("failed", "missed", "broke your streak", "lost", "behind", "lazy")


def sess(before: int | None, after: int | None, day: date = MON, finished: bool = True) -> Session:
    return Session(day=day, seconds=1200, mood_before=before, mood_after=after, finished=finished)


def morning(day: date, value: int, at: datetime | None = None, id: int | None = None) -> Checkin:
    return Checkin(day=day, kind="morning", mood=value, anxiety=2, at=at, id=id)


def mornings(start: date, moods: list[int]) -> list[Checkin]:
    return [morning(start + timedelta(days=i), m) for i, m in enumerate(moods)]


# --------------------------------------------------------------------------- insight


def test_insight_counts_better_sessions_and_averages_the_lift():
    result = mood.insight([sess(2, 4), sess(3, 3), sess(2, 3), sess(4, 3)])
    assert result is not None
    assert (result.better, result.total) == (2, 4)
    assert result.average_lift == pytest.approx((2 + 0 + 1 - 1) / 4)
    assert result.text == (
        "You felt better after 2 of 4 sessions. On average your mood rose by 0.5 points."
    )


def test_insight_wording_for_the_example_lift():
    # lifts 1, 1, 1, 1, 0 -> average 0.8
    result = mood.insight([sess(2, 3)] * 4 + [sess(3, 3)])
    assert result is not None
    assert result.text.startswith("You felt better after 4 of 5 sessions")
    assert "on average your mood rose by 0.8 points" in result.text.lower()


def test_insight_whole_points_read_naturally():
    assert mood.insight([sess(2, 3), sess(1, 2)]).lift_text == "On average your mood rose by 1 point."
    assert mood.insight([sess(1, 3), sess(1, 3)]).lift_text == "On average your mood rose by 2 points."


def test_insight_ignores_sessions_without_before_or_after():
    result = mood.insight([sess(None, 4), sess(2, None), sess(None, None), sess(1, 2)])
    assert result is not None
    assert (result.better, result.total, result.average_lift) == (1, 1, 1.0)


def test_insight_ignores_unfinished_sessions():
    result = mood.insight([sess(1, 5, finished=False), sess(3, 3)])
    assert result is not None
    assert (result.better, result.total, result.average_lift) == (0, 1, 0.0)


def test_insight_is_none_without_rated_sessions():
    assert mood.insight([]) is None
    assert mood.insight([sess(None, 3), sess(2, 5, finished=False)]) is None


def test_insight_flat_and_lower_averages_are_honest_and_gentle():
    flat = mood.insight([sess(3, 3), sess(2, 2)])
    assert flat.text == (
        "You felt better after 0 of 2 sessions. "
        "On average your mood stayed about the same afterwards. Showing up still counts."
    )
    lower = mood.insight([sess(4, 3), sess(3, 3)])
    assert lower.text.startswith("You felt better after 0 of 2 sessions. ")
    assert "0.5 points lower" in lower.text
    assert "showing up still counts" in lower.text


def test_week_insight_only_uses_that_week():
    sessions = [
        sess(1, 5, day=MON - timedelta(days=1)),  # Sunday before: previous Monday-week
        sess(2, 3, day=MON),
        sess(3, 3, day=MON + timedelta(days=6)),  # Sunday: same Monday-week
        sess(1, 5, day=MON + timedelta(days=7)),
    ]
    week = mood.week_insight(sessions, MON + timedelta(days=3))
    assert (week.better, week.total) == (1, 2)
    assert week.short_lift == "+0.5"
    # With Sunday starts the week holding Monday runs Sun 4 Jan .. Sat 10 Jan.
    sunday_week = mood.week_insight(sessions, MON, first_weekday=6)
    assert (sunday_week.better, sunday_week.total) == (2, 2)
    assert mood.week_insight(sessions, MON + timedelta(days=21)) is None


def test_format_lift():
    assert [mood.format_lift(x) for x in (0.8, 1.0, 0.0, 0.04, -0.5, -2.0)] == [
        "+0.8", "+1.0", "0.0", "0.0", "-0.5", "-2.0",
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(1, 5)),
            st.one_of(st.none(), st.integers(1, 5)),
            st.booleans(),
        ),
        max_size=30,
    )
)
def test_insight_invariants(rows):
    sessions = [sess(b, a, finished=f) for b, a, f in rows]
    result = mood.insight(sessions)
    rated = [(b, a) for b, a, f in rows if f and b is not None and a is not None]
    if not rated:
        assert result is None
        return
    assert result.total == len(rated)
    assert result.better == sum(1 for b, a in rated if a > b)
    assert -4 <= result.average_lift <= 4
    sessions_word = "session" if result.total == 1 else "sessions"
    assert result.text.startswith(f"You felt better after {result.better} of {result.total} {sessions_word}")
    assert mood.insight(list(reversed(sessions))) == result


# --------------------------------------------------------------------------- mornings


def test_safety_net_needs_three_lows_in_a_row():
    assert not mood.safety_net(mornings(MON, [3, 1, 1]), MON + timedelta(days=2))
    assert mood.safety_net(mornings(MON, [3, 1, 1, 1]), MON + timedelta(days=3))
    assert not mood.safety_net(mornings(MON, [1, 1]), MON + timedelta(days=1))


def test_safety_net_a_low_after_a_good_day_resets():
    assert not mood.safety_net(mornings(MON, [1, 1, 4, 1]), MON + timedelta(days=3))
    assert not mood.safety_net(mornings(MON, [1, 1, 2]), MON + timedelta(days=2))
    assert not mood.safety_net(mornings(MON, [1, 1, 1, 3]), MON + timedelta(days=3))


def test_safety_net_days_without_checkins_do_not_break_the_row():
    checkins = [morning(MON, 1), morning(MON + timedelta(days=2), 1), morning(MON + timedelta(days=5), 1)]
    assert mood.safety_net(checkins, MON + timedelta(days=5))


def test_safety_net_uses_the_latest_checkin_of_each_day():
    day3 = MON + timedelta(days=2)
    base = mornings(MON, [1, 1])
    # The later check-in of the day counts, whatever the list order.
    later_low = [morning(day3, 1, at=datetime(2026, 1, 7, 9)), morning(day3, 4, at=datetime(2026, 1, 7, 7))]
    later_good = [morning(day3, 4, at=datetime(2026, 1, 7, 9)), morning(day3, 1, at=datetime(2026, 1, 7, 7))]
    assert mood.safety_net(base + later_low, day3)
    assert not mood.safety_net(base + later_good, day3)
    # Three lows on one day are one check-in, not three.
    assert not mood.safety_net([morning(MON, 1, id=i) for i in range(3)], MON)
    # Without times, the higher id is the later one.
    assert not mood.safety_net(base + [morning(day3, 1, id=1), morning(day3, 3, id=2)], day3)


def test_safety_net_ignores_other_kinds_and_future_days():
    checkins = mornings(MON, [1, 1]) + [
        Checkin(day=MON + timedelta(days=2), kind="after", mood=1),
        Checkin(day=MON + timedelta(days=2), kind="before", mood=1),
    ]
    assert not mood.safety_net(checkins, MON + timedelta(days=2))
    future = mornings(MON, [1, 1, 1])
    assert not mood.safety_net(future, MON + timedelta(days=1))


def test_safety_net_applies_only_while_the_latest_low_is_recent():
    checkins = mornings(MON, [1, 1, 1])
    last = MON + timedelta(days=2)
    assert mood.safety_net(checkins, last + timedelta(days=mood.SAFETY_NET_RECENT_DAYS))
    assert not mood.safety_net(checkins, last + timedelta(days=mood.SAFETY_NET_RECENT_DAYS + 1))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=0, max_size=10), st.randoms(use_true_random=False))
def test_safety_net_matches_its_rule_and_ignores_order(moods, rnd):
    checkins = mornings(MON, moods)
    today = MON + timedelta(days=max(len(moods) - 1, 0))
    expected = len(moods) >= 3 and moods[-3:] == [1, 1, 1]
    shuffled = list(checkins)
    rnd.shuffle(shuffled)
    assert mood.safety_net(checkins, today) is expected
    assert mood.safety_net(shuffled, today) is expected


def test_safety_net_lines_lead_with_the_buddy_then_resources():
    lines = mood.safety_net_lines(Buddy(name="Sam", contact="text Sam"))
    assert lines[0] == mood.SAFETY_NET_MESSAGE
    assert lines[1] == "Reach out to Sam: text Sam."
    assert lines[2:] == resources.crisis_lines()
    without = mood.safety_net_lines(None)
    assert without[1:] == resources.crisis_lines()


def test_low_mood_today_is_mood_one_or_two_this_morning():
    assert mood.low_mood_today([morning(MON, 1)], MON)
    assert mood.low_mood_today([morning(MON, 2)], MON)
    assert not mood.low_mood_today([morning(MON, 3)], MON)
    assert not mood.low_mood_today([morning(MON - timedelta(days=1), 1)], MON)
    assert not mood.low_mood_today([], MON)
    # the latest check-in of the day decides
    assert not mood.low_mood_today([morning(MON, 2, id=1), morning(MON, 4, id=2)], MON)


def test_morning_checkin_due_until_one_is_recorded_today():
    assert mood.morning_checkin_due([], MON)
    assert mood.morning_checkin_due([morning(MON - timedelta(days=1), 4)], MON)
    assert mood.morning_checkin_due([Checkin(day=MON, kind="after", mood=4)], MON)
    assert not mood.morning_checkin_due([morning(MON, 4)], MON)


def test_morning_trend_averages_each_week_oldest_first():
    checkins = [
        morning(MON - timedelta(days=7), 2),  # previous week
        morning(MON - timedelta(days=6), 4),
        morning(MON, 3),  # this week
        morning(MON + timedelta(days=1), 1, id=1),  # replaced by the later check-in that day
        morning(MON + timedelta(days=1), 5, id=2),
    ]
    today = MON + timedelta(days=2)
    trend = mood.morning_trend(mood.mornings_by_day(checkins, today), MON, today, weeks=3)
    assert trend == [None, 3.0, 4.0]


def test_morning_trend_with_sunday_starts():
    sun = MON - timedelta(days=1)  # Sunday 4 Jan
    checkins = [morning(sun - timedelta(days=1), 1), morning(sun, 5), morning(MON, 3)]
    today = MON + timedelta(days=1)
    mornings = mood.mornings_by_day(checkins, today)
    # Monday weeks: Sat and Sun belong to the week before Monday.
    assert mood.morning_trend(mornings, week_start(today), today, weeks=2) == [3.0, 3.0]
    # Sunday weeks: Sunday starts the week holding Monday; Saturday ends the one before.
    assert mood.morning_trend(mornings, week_start(today, 6), today, weeks=2) == [1.0, 4.0]


def test_morning_trend_length_and_only_days_up_to_until():
    mornings = mood.mornings_by_day([morning(MON + timedelta(days=1), 5), morning(MON, 2)])
    assert mood.morning_trend(mornings, MON, MON) == [None] * 11 + [2.0]
    assert mood.morning_trend(mornings, MON, MON + timedelta(days=1))[-1] == 3.5
    assert mood.morning_trend(mornings, MON, MON, weeks=0) == []


def test_screener_items_and_options_are_the_published_words():
    assert mood.SCREENER_STEM == (
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    )
    assert mood.PHQ2_ITEMS == (
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
    )
    assert mood.GAD2_ITEMS == (
        "Feeling nervous, anxious, or on edge",
        "Not being able to stop or control worrying",
    )
    assert mood.SCREENER_ITEMS == mood.PHQ2_ITEMS + mood.GAD2_ITEMS
    assert mood.SCREENER_OPTIONS == (
        (0, "Not at all"),
        (1, "Several days"),
        (2, "More than half the days"),
        (3, "Nearly every day"),
    )
    for name in ("Robert L. Spitzer", "Janet B.W. Williams", "Kurt Kroenke", "Pfizer"):
        assert name in mood.SCREENER_CREDIT


def test_screener_scores_each_scale_zero_to_six():
    assert mood.screener_result([0, 0, 0, 0]) == mood.ScreenerResult(0, 0, False)
    assert mood.screener_result([3, 3, 0, 1]) == mood.ScreenerResult(6, 1, True)
    assert mood.screener_result([0, 1, 3, 3]) == mood.ScreenerResult(1, 6, True)


@pytest.mark.parametrize(
    "answers, suggest",
    [
        ([1, 1, 1, 1], False),  # 2 and 2
        ([2, 0, 0, 2], False),
        ([2, 1, 0, 0], True),  # PHQ-2 of 3
        ([0, 0, 1, 2], True),  # GAD-2 of 3
        ([1, 1, 2, 1], True),
    ],
)
def test_screener_threshold_is_three_on_either(answers, suggest):
    result = mood.screener_result(answers)
    assert result.suggest_talking is suggest
    message = result.message
    if suggest:
        assert "doctor or therapist" in message
        for line in resources.crisis_lines():
            assert line in message
    else:
        assert "doctor or therapist" not in message
        assert resources.US_988 not in message


@pytest.mark.parametrize("answers", [[0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 4, 0], [0, -1, 0, 0], [0, True, 0, 0], "0000"])
def test_screener_refuses_malformed_answers(answers):
    with pytest.raises(ValueError):
        mood.screener_result(answers)


def test_screener_due_weekly_when_enabled():
    wed = MON + timedelta(days=2)
    done_monday = [Checkin(day=MON, kind="screener", answers=(0, 0, 0, 0))]
    assert not mood.screener_due([], wed, enabled=False)
    assert mood.screener_due([], wed, enabled=True)
    assert not mood.screener_due(done_monday, wed, enabled=True)
    assert mood.screener_due(done_monday, MON + timedelta(days=7), enabled=True)
    # A morning check-in is not a screener.
    assert mood.screener_due([morning(MON, 3)], wed, enabled=True)
    # Sunday weeks: a screener on Monday 5 Jan is in the week Sun 4 .. Sat 10 Jan,
    # and the Sunday after starts a new week.
    assert not mood.screener_due(done_monday, MON + timedelta(days=5), True, first_weekday=6)
    assert mood.screener_due(done_monday, MON + timedelta(days=6), True, first_weekday=6)
    assert not mood.screener_due(done_monday, MON + timedelta(days=6), True, first_weekday=0)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize("value, expected", [(1, 1), (5, 5), ("3", 3), (" 4 ", 4), (2.0, 2)])
def test_check_mood_accepts_one_to_five(value, expected):
    assert mood.check_mood(value) == expected
    assert mood.check_anxiety(value) == expected


@pytest.mark.parametrize("value", [0, 6, 7, -1, "7", "abc", "", None, 2.5, True, "3.0"])
def test_check_mood_and_anxiety_refuse_with_one_clear_line(value):
    with pytest.raises(ValueError) as mood_error:
        mood.check_mood(value)
    text = str(mood_error.value)
    assert text.startswith("mood is 1 to 5")
    assert "\n" not in text
    with pytest.raises(ValueError) as anxiety_error:
        mood.check_anxiety(value)
    assert str(anxiety_error.value).startswith("anxiety is 1 to 5")


def test_words():
    assert mood.MOOD_WORDS == {1: "very low", 2: "low", 3: "okay", 4: "good", 5: "great"}
    assert mood.ANXIETY_WORDS[1] == "calm"
    assert mood.ANXIETY_WORDS[5] == "very anxious"
    assert sorted(mood.ANXIETY_WORDS) == [1, 2, 3, 4, 5]
    assert mood.mood_label(4) == "4 good"


# --------------------------------------------------------------------------- resources


def test_resources_list_every_crisis_line_and_the_not_medical_care_sentence():
    lines = resources.resource_lines()
    joined = "\n".join(lines)
    assert lines[0] == resources.NOT_MEDICAL_CARE
    assert resources.NOT_MEDICAL_CARE.startswith("coach is not medical care")
    assert resources.NOT_MEDICAL_CARE.count(".") == 1  # one sentence
    assert "local emergency number" in joined
    assert "988" in resources.US_988 and "call or text" in resources.US_988
    assert "116 123" in resources.UK_IE_SAMARITANS and "Samaritans" in resources.UK_IE_SAMARITANS
    assert "UK and Ireland" in resources.UK_IE_SAMARITANS
    assert "findahelpline.com" in joined
    assert resources.crisis_lines()[0] == resources.EMERGENCY
    assert resources.resource_lines(heading=False)[1:] == resources.crisis_lines()


# --------------------------------------------------------------------------- wording


def _all_texts() -> list[str]:
    texts: list[str] = []
    texts += resources.resource_lines()
    texts += list(mood.MOOD_WORDS.values()) + list(mood.ANXIETY_WORDS.values())
    texts += [mood.LOW_MOOD_OFFER, mood.SCREENER_CREDIT]
    texts += mood.safety_net_lines(Buddy(name="Sam", contact="call Sam")) + mood.safety_net_lines(Buddy("Ana"))
    for before, after in itertools.product(range(1, 6), repeat=2):
        texts.append(mood.insight([sess(before, after), sess(3, 3), sess(2, 3)]).text)
        texts.append(mood.insight([sess(before, after)]).text)
    for value in (0, 9, "x", None):
        for check in (mood.check_mood, mood.check_anxiety):
            try:
                check(value)
            except ValueError as error:
                texts.append(str(error))
    return texts


def _screener_messages() -> list[str]:
    return [mood.screener_result(a).message for a in itertools.product(range(4), repeat=4)]


def test_no_blame_words_anywhere():
    for text in _all_texts() + _screener_messages():
        lowered = text.lower()
        for word in BLAME_WORDS:
            assert word not in lowered, f"{word!r} in {text!r}"


def test_screener_messages_never_label_or_diagnose():
    for message in _screener_messages():
        lowered = message.lower()
        for word in ("depressed", "depression", "disorder", "you are", "you have", "diagnos"):
            assert word not in lowered, f"{word!r} in {message!r}"
