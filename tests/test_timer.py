"""The interval timer model, driven by a fake clock: nothing here waits."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.timer import (
    COUNT_IN_SECONDS,
    Interval,
    IntervalTimer,
    SpecError,
    clock_text,
    parse_spec,
    spec_name,
    whole_seconds,
)
from tests.conftest import FakeClock


def plan() -> list[Interval]:
    """Warm-up 60, then 2 rounds of work 40 / rest 20, then cool-down 60: 300 s."""
    return [
        Interval("warmup", 60, "March in place", "Swing your arms.", "March seated."),
        Interval("work", 40, "Squat", "Sit back.", "Sit to stand.", 1, 2),
        Interval("rest", 20, "Rest", "Breathe.", "", 1, 2),
        Interval("work", 40, "Wall push-up", "Long body.", "Stand closer.", 2, 2),
        Interval("rest", 20, "Rest", "Breathe.", "", 2, 2),
        Interval("cooldown", 120, "Stretch", "Slow breaths.", "Seated."),
    ]


def thirty_minutes() -> list[Interval]:
    """A 30-minute plan: 3 min warm-up, 22 rounds of 40/20 (last rest left out), cool-down."""
    out = [Interval("warmup", 180, "Warm up")]
    for r in range(1, 23):
        out.append(Interval("work", 40, f"Move {r}", round=r, rounds=22))
        if r < 22:
            out.append(Interval("rest", 20, "Rest", round=r, rounds=22))
    out.append(Interval("cooldown", 1800 - 180 - 22 * 40 - 21 * 20, "Cool down"))
    assert sum(i.seconds for i in out) == 1800
    return out


def kinds(timer: IntervalTimer) -> list[tuple[str, int, int]]:
    return [(e.kind, e.index, e.value) for e in timer.poll()]


# -- quick-timer specs ------------------------------------------------------------------------


def test_spec_40_20x8_is_eight_works_with_rests_between():
    intervals = parse_spec("40/20x8")
    assert [i.phase for i in intervals] == ["work", "rest"] * 7 + ["work"]
    assert [i.seconds for i in intervals if i.phase == "work"] == [40] * 8
    assert {i.seconds for i in intervals if i.phase == "rest"} == {20}
    assert [i.round for i in intervals if i.phase == "work"] == list(range(1, 9))
    assert {i.rounds for i in intervals} == {8}
    assert sum(i.seconds for i in intervals) == 8 * 40 + 7 * 20


def test_spec_3_2x2_is_work_rest_work():
    intervals = parse_spec("3/2x2")
    assert [(i.word, i.seconds) for i in intervals] == [("WORK", 3), ("REST", 2), ("WORK", 3)]


@pytest.mark.parametrize(
    "text, phases",
    [
        ("40/20", [("work", 40)]),
        (" 30 / 15 X 2 ", [("work", 30), ("rest", 15), ("work", 30)]),
        ("10/0x3", [("work", 10)] * 3),
        ("3600/3600x2", [("work", 3600), ("rest", 3600), ("work", 3600)]),
    ],
)
def test_spec_accepts(text, phases):
    assert [(i.phase, i.seconds) for i in parse_spec(text)] == phases


def test_spec_rounds_up_to_100():
    assert len([i for i in parse_spec("1/1x100") if i.phase == "work"]) == 100


def test_spec_name_is_tidy():
    assert spec_name(" 40 / 20 X 8 ") == "40/20x8"
    assert spec_name("40/20") == "40/20x1"


@pytest.mark.parametrize(
    "text, words",
    [
        ("40/x", "WORK/REST"),
        ("0/10", "at least 1 second"),
        ("abc", "WORK/REST"),
        ("", "WORK/REST"),
        ("40", "WORK/REST"),
        ("-40/20", "at least 1 second"),
        ("40/-20", "negative"),
        ("40/20x0", "at least 1"),
        ("40/20x-3", "at least 1"),
        ("3601/20", "at most 3600"),
        ("40/3601", "at most 3600"),
        ("40/20x101", "at most 100"),
        ("40.5/20", "WORK/REST"),
        ("40/20x8x2", "WORK/REST"),
    ],
)
def test_spec_refuses_with_one_clear_line(text, words):
    with pytest.raises(SpecError) as err:
        parse_spec(text)
    message = str(err.value)
    assert isinstance(err.value, ValueError)
    assert words in message
    assert "\n" not in message
    assert f"'{text.strip()}'" in message
    assert "fail" not in message.lower()


# -- intervals --------------------------------------------------------------------------------


def test_phase_words():
    assert [Interval(p, 1).word for p in ("warmup", "work", "rest", "cooldown")] == [
        "WARM-UP",
        "WORK",
        "REST",
        "COOL-DOWN",
    ]
    assert Interval("work", 5).label == "WORK"
    assert Interval("work", 5, "Squat").label == "Squat"


@pytest.mark.parametrize("phase, seconds", [("sprint", 10), ("work", 0), ("rest", -1)])
def test_interval_refuses_nonsense(phase, seconds):
    with pytest.raises(ValueError):
        Interval(phase, seconds)


def test_timer_needs_intervals():
    with pytest.raises(ValueError):
        IntervalTimer([], clock=FakeClock())


# -- running ----------------------------------------------------------------------------------


def test_before_start_nothing_moves():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock, max_gap=None)
    clock.advance(500)
    s = timer.state()
    assert not s.started and not s.finished
    assert (s.index, s.word, s.time_left, s.seconds_trained) == (0, "WARM-UP", 60.0, 0.0)
    assert s.total == 300 and s.session_time_left == 300


def test_state_walks_through_the_plan():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock, max_gap=None)
    timer.start()
    s = timer.state()
    assert (s.word, s.interval.exercise, s.next_interval.exercise) == ("WARM-UP", "March in place", "Squat")
    assert s.time_left == 60 and s.round == 0 and s.rounds == 2
    clock.advance(75)
    s = timer.state()
    assert (s.word, s.interval.exercise, s.time_left, s.round) == ("WORK", "Squat", 25.0, 1)
    assert s.elapsed == 75 and s.session_time_left == 225 and s.seconds_trained == 75
    assert s.progress == pytest.approx(0.25)
    clock.advance(25)
    s = timer.state()
    assert (s.word, s.time_left, s.round) == ("REST", 20.0, 1)
    clock.advance(40)
    assert (timer.state().interval.exercise, timer.state().round) == ("Wall push-up", 2)


def test_several_boundaries_crossed_in_one_look():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock, max_gap=None)
    timer.start()
    timer.poll()
    clock.advance(60 + 40 + 20 + 10)  # warm-up, work, rest passed; 10 s into push-ups
    s = timer.state()
    assert (s.index, s.interval.exercise, s.time_left) == (3, "Wall push-up", 30.0)
    assert [k for k in kinds(timer) if k[0] == "change"] == [("change", 1, 0), ("change", 2, 0), ("change", 3, 0)]


def test_a_deadline_reached_exactly_moves_on():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock, max_gap=None)
    timer.start()
    clock.advance(60)
    s = timer.state()
    assert (s.index, s.time_left) == (1, 40.0)


def test_runs_to_the_end_and_reports_finished_once():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock, max_gap=None)
    timer.start()
    events = []
    for _ in range(310):
        clock.advance(1)
        events += [e.kind for e in timer.poll()]
    s = timer.state()
    assert s.finished and not s.ended_early and s.word == "DONE"
    assert s.seconds_trained == 300 and s.elapsed == 300 and s.session_time_left == 0
    assert events.count("finished") == 1 and events.count("change") == 5
    assert events[-1] == "finished"


def test_pause_holds_still_and_resume_carries_on():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock, max_gap=None)
    timer.start()
    clock.advance(70)
    timer.pause()
    before = timer.state()
    assert before.paused and before.time_left == 30
    for _ in range(100):  # a long pause, looked at every few seconds
        clock.advance(7)
        assert timer.state() == before
    timer.resume()
    clock.advance(5)
    s = timer.state()
    assert not s.paused and s.time_left == 25 and s.seconds_trained == 75


def test_toggle_starts_pauses_and_resumes():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock, max_gap=None)
    assert timer.toggle() is False and timer.state().started
    clock.advance(3)
    assert timer.toggle() is True
    clock.advance(50)
    assert timer.toggle() is False
    clock.advance(2)
    assert timer.state().time_left == 55


def test_pause_and_resume_twice_change_nothing():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock, max_gap=None)
    timer.start()
    clock.advance(10)
    timer.pause()
    clock.advance(10)
    timer.pause()  # already paused: the pause still began at 10 s
    clock.advance(10)
    timer.resume()
    timer.resume()
    clock.advance(10)
    assert timer.state().seconds_trained == 20


def test_thirty_minutes_with_many_pauses_has_no_error():
    """After 30 simulated minutes of running and 40 pauses, time left is exact."""
    clock = FakeClock(start=123456.0)
    timer = IntervalTimer(thirty_minutes(), clock=clock)
    ends = []
    total = 0
    for i in timer.intervals:
        total += i.seconds
        ends.append(total)
    rng = random.Random(4)
    timer.start()
    ran = 0.0  # seconds the plan has run, kept by the test alone
    pauses = 0
    while ran < 1799:
        step = 0.25 * rng.randint(1, 8)  # quarter seconds are exact in binary
        step = min(step, 1800 - ran - 0.25)
        clock.advance(step)
        ran += step
        s = timer.state()
        index = next(i for i, end in enumerate(ends) if end > ran)
        assert s.index == index
        assert s.time_left - (ends[index] - ran) == 0.0
        assert s.seconds_trained == ran
        if rng.random() < 0.02:
            timer.pause()
            pauses += 1
            clock.advance(rng.randint(1, 25) + 0.125)
            assert timer.state().time_left == s.time_left
            timer.resume()
    assert pauses >= 20
    clock.advance(0.25)
    s = timer.state()
    assert s.finished and s.seconds_trained == 1800 and whole_seconds(s.seconds_trained) == 1800


def test_no_drift_whatever_the_refresh_rate():
    """Looking at the clock often or rarely gives the same answer at the same moment."""
    results = []
    for step in (0.1, 0.5, 1.0, 7.0, 29.0):
        clock = FakeClock(start=50.0)
        timer = IntervalTimer(thirty_minutes(), clock=clock)
        timer.start()
        for _ in range(int(1000 / step)):
            clock.advance(step)
            timer.state()
        clock.now = 50.0 + 1000.0
        s = timer.state()
        results.append((s.index, round(s.time_left, 9)))
    assert len(set(results)) == 1
    assert results[0][1] == pytest.approx(1800 - 1000 - sum(
        i.seconds for i in thirty_minutes()[results[0][0] + 1 :]
    ))


# -- skipping and ending early ----------------------------------------------------------------


def test_skip_moves_on_and_does_not_count_the_rest():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock, max_gap=None)
    timer.start()
    clock.advance(10)
    timer.skip()
    s = timer.state()
    assert (s.index, s.word, s.time_left) == (1, "WORK", 40)
    assert s.seconds_trained == 10 and s.elapsed == 60
    assert ("skip", 1, 0) in kinds(timer)
    clock.advance(15)
    s = timer.state()
    assert s.time_left == 25 and s.seconds_trained == 25 and s.elapsed == 75


def test_skip_while_paused_stays_paused_with_the_next_interval_whole():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock, max_gap=None)
    timer.start()
    clock.advance(65)
    timer.pause()
    clock.advance(30)
    timer.skip()
    clock.advance(30)
    s = timer.state()
    assert s.paused and (s.word, s.time_left) == ("REST", 20)
    assert s.seconds_trained == 65
    timer.resume()
    clock.advance(5)
    assert timer.state().time_left == 15


def test_skip_before_start_and_many_skips():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock, max_gap=None)
    timer.skip()
    assert timer.state().index == 1 and not timer.state().started
    timer.start()
    for _ in range(4):
        clock.advance(1)
        timer.skip()
    s = timer.state()
    assert (s.index, s.word) == (5, "COOL-DOWN") and s.seconds_trained == 4
    timer.skip()  # skipping the last interval finishes the plan
    s = timer.state()
    assert s.finished and not s.ended_early and s.seconds_trained == 4
    timer.skip()
    assert timer.state() == s


def test_end_early_keeps_what_was_done():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock, max_gap=None)
    timer.start()
    clock.advance(90.6)
    timer.pause()
    clock.advance(60)
    timer.end_early()
    s = timer.state()
    assert s.finished and s.ended_early and s.interval is None and s.time_left == 0
    assert s.seconds_trained == pytest.approx(90.6)
    assert whole_seconds(s.seconds_trained) == 91
    assert s.elapsed == pytest.approx(90.6)
    assert [k[0] for k in kinds(timer)][-1] == "finished"
    clock.advance(600)
    timer.resume()
    timer.skip()
    timer.end_early()
    assert timer.state() == s and timer.poll() == []


def test_end_early_before_start_trains_nothing():
    timer = IntervalTimer(plan(), clock=FakeClock())
    timer.end_early()
    s = timer.state()
    assert s.finished and s.ended_early and s.seconds_trained == 0


@pytest.mark.parametrize(
    "seconds, whole",
    [(0, 0), (-3, 0), (0.49, 0), (0.5, 1), (12.5, 13), (1199.4, 1199), (1199.5, 1200), (1800.0, 1800)],
)
def test_rounding_seconds_trained(seconds, whole):
    assert whole_seconds(seconds) == whole


@pytest.mark.parametrize(
    "seconds, text",
    [(40.0, "0:40"), (39.01, "0:40"), (39.0, "0:39"), (0.2, "0:01"), (0.0, "0:00"), (-1, "0:00"),
     (600, "10:00"), (3599.5, "1:00:00"), (3725, "1:02:05")],
)
def test_clock_text_counts_down_rounding_up(seconds, text):
    assert clock_text(seconds) == text


# -- a clock that jumps -----------------------------------------------------------------------


def test_a_jump_forward_is_not_counted_and_pauses_the_timer():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock)
    timer.start()
    for _ in range(70):
        clock.advance(1)
        timer.state()
    clock.advance(2 * 3600)  # the lid was shut for two hours
    s = timer.state()
    assert s.paused and not s.finished
    assert (s.index, s.time_left, s.seconds_trained) == (1, 30, 70)
    assert ("suspended", 1, 0) in kinds(timer)
    timer.resume()
    clock.advance(1)
    s = timer.state()
    assert not s.paused and s.time_left == 29 and s.seconds_trained == 71


def test_a_long_pause_is_not_a_jump():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock)
    timer.start()
    clock.advance(5)
    timer.pause()
    clock.advance(3600)
    timer.resume()
    clock.advance(5)
    assert "suspended" not in [k[0] for k in kinds(timer)]
    assert timer.seconds_trained == 10 and not timer.finished


def test_a_small_stall_is_ordinary_running_time():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock)
    timer.start()
    clock.advance(20)  # under the 30 s gap
    s = timer.state()
    assert not s.paused and s.seconds_trained == 20


def test_without_gap_check_a_jump_runs_the_plan_out_but_never_credits_more_than_it():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock, max_gap=None)
    timer.start()
    clock.advance(10 * 3600)
    s = timer.state()
    assert s.finished and s.seconds_trained == 300 == s.total


def test_a_clock_that_goes_back_is_held_at_the_last_reading():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock, max_gap=None)
    timer.start()
    clock.advance(10)
    assert timer.state().time_left == 50
    clock.now -= 5
    assert timer.state().time_left == 50
    clock.advance(6)
    assert timer.state().time_left == 49


# -- count-in ---------------------------------------------------------------------------------


def test_count_in_before_work_only():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock)
    timer.start()
    seen: list[tuple[str, int, int]] = []
    hints: dict[float, int | None] = {}
    for _ in range(4 * 300):
        clock.advance(0.25)
        hints[clock.now - 1000] = timer.state().count_in
        seen += [k for k in kinds(timer) if k[0] == "count_in"]
    # Before the first squat (warm-up ends at 60) and the push-up (rest ends at 120).
    assert seen == [("count_in", 0, 3), ("count_in", 0, 2), ("count_in", 0, 1),
                    ("count_in", 2, 3), ("count_in", 2, 2), ("count_in", 2, 1)]
    assert hints[57.0] == 3 and hints[57.25] == 3 and hints[58.5] == 2 and hints[59.75] == 1
    assert hints[56.75] is None and hints[60.0] is None
    assert all(hints[t] is None for t in (97.5, 98.0, 99.0, 178.0, 179.0))  # before rest / cool-down
    assert COUNT_IN_SECONDS == 3


def test_no_count_in_while_paused():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock, max_gap=None)
    timer.start()
    clock.advance(58)
    timer.poll()
    timer.pause()
    clock.advance(5)
    assert timer.state().count_in is None and timer.poll() == []


def test_short_rest_counts_in_without_doubling_the_change_bell():
    clock = FakeClock()
    timer = IntervalTimer(parse_spec("3/2x2"), clock=clock)
    timer.start()
    out = []
    for _ in range(40):
        clock.advance(0.25)
        out += kinds(timer)
    assert out == [("change", 1, 0), ("count_in", 1, 1), ("change", 2, 0), ("finished", 3, 0)]


# -- invariants -------------------------------------------------------------------------------

actions = st.lists(
    st.one_of(
        st.tuples(st.just("wait"), st.integers(min_value=1, max_value=400)),
        st.tuples(st.sampled_from(["pause", "resume", "toggle", "skip", "look"]), st.just(0)),
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(actions)
def test_invariants_hold_whatever_the_user_does(steps):
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock)  # waits up to 50 s: some are suspends
    timer.start()
    last = timer.state()
    skipped = False
    for action, amount in steps:
        if action == "wait":
            clock.advance(amount / 8)
        elif action != "look":
            getattr(timer, action)()
            skipped = skipped or action == "skip"
        s = timer.state()
        assert 0 <= s.seconds_trained <= s.elapsed <= s.total
        assert s.elapsed + s.session_time_left == s.total
        assert s.seconds_trained >= last.seconds_trained
        assert s.elapsed >= last.elapsed
        if not s.finished:
            assert 0 < s.time_left <= s.interval.seconds
        if not skipped:
            assert s.seconds_trained == s.elapsed
        if last.paused and s.paused and action in ("wait", "look"):
            assert s == last
        last = s


# --------------------------------------------------------------------------- when to look again


def test_until_next_change_is_none_while_nothing_moves():
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock)
    assert timer.until_next_change() is None  # not started
    timer.start()
    clock.advance(0.3)
    assert timer.until_next_change() == pytest.approx(0.7)
    for _ in range(59):  # on to a hair before the warm-up's end, looking every second
        clock.advance(1.0)
        timer.poll()
    clock.advance(0.7 - 1e-10)
    assert 0 < timer.until_next_change() < 1e-6
    timer.pause()
    assert timer.until_next_change() is None
    timer.resume()
    timer.end_early()
    assert timer.until_next_change() is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=0.999), min_size=1, max_size=50))
def test_nothing_shown_changes_before_until_next_change_and_something_does_at_it(fractions):
    """A display that sleeps until_next_change() between looks misses nothing: a look any
    earlier shows the same, and a look at that moment shows a new second or interval."""
    clock = FakeClock()
    timer = IntervalTimer(plan(), clock=clock)
    timer.start()

    def shown():
        s = timer.state()
        return clock_text(s.time_left), clock_text(s.session_time_left), s.index, s.count_in

    looks = 0
    while (delay := timer.until_next_change()) is not None:
        assert 0 < delay <= 1.0 + 1e-9
        before = shown()
        early = delay * fractions[looks % len(fractions)]
        clock.advance(early)
        assert shown() == before  # nothing to redraw yet
        clock.advance(delay - early + 1e-6)
        assert shown() != before
        looks += 1
    assert timer.finished and looks == 300  # one look per second of the plan
