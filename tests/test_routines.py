"""The routines library: every shipped file loads, validates and sizes correctly."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.models import STYLES
from coach.routines import (
    MAX_CUE_CHARS,
    Routine,
    RoutineError,
    build_intervals,
    find_routine,
    get_routine,
    load_routine,
    routine_for,
    routines,
    slugs,
)
from coach.timer import IntervalTimer

ALL = routines()
FILES = sorted(
    e.name[:-5]
    for e in (resources.files("coach") / "data" / "routines").iterdir()
    if e.name.endswith(".toml")
)
LEVEL_MINUTES = (10, 20, 25, 30)
# Guilt and push-through words ("behind" is left out: "hands behind you" is a position).
WORDS_WE_DO_NOT_USE = ("fail", "failed", "missed", "lazy", "broke", "no pain", "push through", "should")


def test_every_file_is_loaded():
    assert FILES and [r.slug for r in ALL] == FILES == slugs()


def test_each_style_has_at_least_two_routines():
    counts = Counter(r.style for r in ALL)
    assert {s: counts[s] for s in STYLES} == {s: max(2, counts[s]) for s in STYLES}
    assert set(counts) == set(STYLES)


@pytest.mark.parametrize("routine", ALL, ids=lambda r: r.slug)
def test_routine_is_complete(routine: Routine):
    assert routine.name and routine.summary and routine.equipment
    assert routine.slug.startswith(routine.style + "-")
    assert len(routine.warmup) >= 2 and len(routine.cooldown) >= 2
    assert len(routine.exercises) >= 4
    assert 10 <= routine.rest <= routine.work <= 60  # beginner-safe: never long hard holds
    moves = routine.warmup + routine.exercises + routine.cooldown
    for move in moves:
        for text in (move.name, move.cue, move.easier):
            assert text.strip() == text and text
            assert "\n" not in text and len(text) <= MAX_CUE_CHARS
            assert not any(re.search(rf"\b{w}\b", text.lower()) for w in WORDS_WE_DO_NOT_USE)
        assert move.easier != move.cue
    assert all(m.seconds > 0 for m in routine.warmup + routine.cooldown)
    assert len({m.name for m in routine.exercises}) == len(routine.exercises)


@pytest.mark.parametrize("minutes", (5, *LEVEL_MINUTES, 45, 60))
@pytest.mark.parametrize("routine", ALL, ids=lambda r: r.slug)
def test_sized_to_the_minutes_by_rounds_not_harder_intervals(routine: Routine, minutes: int):
    intervals = build_intervals(routine, minutes)
    total = sum(i.seconds for i in intervals)
    assert abs(total - minutes * 60) <= 60
    phases = [i.phase for i in intervals]
    # Warm-up first, cool-down last, work and rest alternating between, ending on work.
    first_work = phases.index("work")
    last_work = len(phases) - 1 - phases[::-1].index("work")
    assert set(phases[:first_work]) == {"warmup"}
    assert set(phases[last_work + 1 :]) == {"cooldown"}
    middle = phases[first_work : last_work + 1]
    assert middle == ["work", "rest"] * (len(middle) // 2) + ["work"]
    # Work and rest keep the routine's own seconds whatever the length.
    assert {i.seconds for i in intervals if i.phase == "work"} == {routine.work}
    assert {i.seconds for i in intervals if i.phase == "rest"} <= {routine.rest}
    # Exercises follow the routine's order, round after round.
    works = [i for i in intervals if i.phase == "work"]
    names = [m.name for m in routine.exercises]
    assert [w.exercise for w in works] == [names[k % len(names)] for k in range(len(works))]
    rounds = works[0].rounds
    assert [w.round for w in works] == [k // len(names) + 1 for k in range(len(works))]
    assert works[-1].round == rounds
    for i in intervals:
        assert i.cue
        if i.phase != "rest":
            assert i.exercise and i.easier


@pytest.mark.parametrize("routine", ALL, ids=lambda r: r.slug)
def test_longer_sessions_have_more_rounds(routine: Routine):
    counts = [sum(i.phase == "work" for i in build_intervals(routine, m)) for m in LEVEL_MINUTES]
    assert counts == sorted(counts) and counts[0] < counts[-1]
    assert routine.rounds_for(10) <= routine.rounds_for(20) <= routine.rounds_for(30)


@given(st.sampled_from(ALL), st.integers(min_value=5, max_value=60))
def test_any_length_from_5_to_60_minutes_fits(routine, minutes):
    intervals = build_intervals(routine, minutes)
    assert abs(sum(i.seconds for i in intervals) - minutes * 60) <= 60
    warm_cool = sum(i.seconds for i in intervals if i.phase in ("warmup", "cooldown"))
    assert warm_cool <= 0.5 * minutes * 60  # most of the time is spent training
    assert all(i.seconds >= 15 for i in intervals if i.phase in ("warmup", "cooldown"))


def test_intervals_run_on_the_timer():
    routine = get_routine("bodyweight-gentle-start")
    now = [0.0]
    timer = IntervalTimer(build_intervals(routine, 20), clock=lambda: now[0], name=routine.name)
    timer.start()
    s = timer.state()
    assert (s.word, s.interval.exercise, s.total) == ("WARM-UP", "March in place", 1200)
    while not s.finished:
        now[0] += 1.0
        s = timer.state()
    assert now[0] == 1200 and s.seconds_trained == 1200


@pytest.mark.parametrize("minutes", [4, 61, 0, -5])
def test_minutes_out_of_range_are_refused(minutes):
    with pytest.raises(ValueError, match="5 to 60 minutes"):
        build_intervals(ALL[0], minutes)


@pytest.mark.parametrize("minutes", [20.0, "20", True])
def test_minutes_must_be_whole(minutes):
    with pytest.raises(ValueError):
        build_intervals(ALL[0], minutes)


# -- finding routines -------------------------------------------------------------------------


def test_routines_by_style():
    for style in STYLES:
        found = routines(style)
        assert len(found) >= 2 and {r.style for r in found} == {style}
    assert routines("zumba") == []


def test_get_and_find():
    r = get_routine("yoga-gentle-flow")
    assert r.style == "yoga" and r.style_name == "Yoga"
    assert find_routine("Yoga-Gentle-Flow") is r
    assert find_routine(r.name.upper()) is r
    assert find_routine("gentle start").slug == "bodyweight-gentle-start"
    assert find_routine("40/20x8") is None and find_routine("") is None
    with pytest.raises(KeyError, match="no routine called 'nope'"):
        get_routine("nope")


def test_routine_for_is_stable_and_alternates_by_date():
    day = date(2026, 3, 2)
    assert routine_for("bands", day) is routine_for("bands", day)
    seen = {routine_for("bands", day + timedelta(days=k)).slug for k in range(4)}
    assert seen == {r.slug for r in routines("bands")}
    assert routine_for("barre", day).style == "barre"


@pytest.mark.parametrize("days", [(0, 3), (0, 2, 4), (1, 6)])
def test_routine_for_takes_turns_session_by_session(days):
    monday = date(2026, 3, 2)
    sessions = [monday + timedelta(days=7 * w + d) for w in range(6) for d in days]
    sessions.sort()
    picked = [routine_for("pilates", d, days).slug for d in sessions]
    assert all(a != b for a, b in zip(picked, picked[1:]))


def test_unknown_style_falls_back_to_bodyweight():
    assert routine_for("zumba", date(2026, 3, 2)).style == "bodyweight"


# -- checking a file --------------------------------------------------------------------------

GOOD = """
name = "Test"
style = "bands"
work = 40
rest = 20
[[warmup]]
name = "March"
seconds = 60
cue = "Lift your knees."
easier = "Seated."
[[exercises]]
name = "Row"
cue = "Pull back."
easier = "Lighter band."
[[cooldown]]
name = "Breathe"
seconds = 60
cue = "Slowly."
easier = "Any breath."
"""


def test_a_good_file_loads():
    r = load_routine(GOOD, "bands-test")
    assert (r.slug, r.style, r.work, r.rest, r.exercises[0].easier) == ("bands-test", "bands", 40, 20, "Lighter band.")
    assert r.rest_cue  # a default cue for the rests
    assert sum(i.seconds for i in build_intervals(r, 10)) == 600


@pytest.mark.parametrize(
    "change, message",
    [
        (('style = "bands"', 'style = "zumba"'), "style must be one of"),
        (("work = 40", "work = 400"), "'work' must be whole seconds"),
        (("rest = 20", "rest = 0"), "'rest' must be whole seconds"),
        (("work = 40", 'work = "40"'), "'work'"),
        (('easier = "Lighter band."\n', ""), "exercises move 1: 'easier'"),
        (('cue = "Pull back."\n', ""), "exercises move 1: 'cue'"),
        (('cue = "Pull back."', 'cue = ""'), "exercises move 1: 'cue'"),
        (("seconds = 60\ncue = \"Slowly.\"", 'cue = "Slowly."'), "cooldown move 1: 'seconds'"),
        (('name = "Row"', 'name = "Row"\nseconds = 90'), "work seconds"),
        (('name = "Test"', 'name = "Test"\ncolour = "red"'), "unknown keys colour"),
        (("[[warmup]]", "[warmup]"), "at least one [[warmup]]"),
        (('cue = "Pull back."', 'cue = "' + "x" * 200 + '"'), "one line"),
        (("work = 40", "work = = 40"), "not valid TOML"),
    ],
)
def test_bad_files_are_refused_with_where_and_what(change, message):
    old, new = change
    assert old in GOOD
    with pytest.raises(RoutineError) as err:
        load_routine(GOOD.replace(old, new, 1), "bands-test")
    assert "routine 'bands-test'" in str(err.value)
    assert message in str(err.value)


def test_nothing_is_read_until_first_use_and_no_textual():
    import subprocess
    import sys

    code = (
        "import sys, time\n"
        "import coach.routines as r, coach.timer\n"
        "assert r._library.cache_info().currsize == 0, 'read at import'\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
        "t = time.perf_counter(); n = len(r.routines()); took = time.perf_counter() - t\n"
        "assert n >= 12 and took < 0.5, (n, took)\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr


def test_each_file_is_named_for_its_style_so_one_style_reads_only_its_own_files():
    from coach import routines as library

    everything = library.routines()
    for routine in everything:
        assert routine.slug.startswith(f"{routine.style}-"), routine.slug
    for style in STYLES:
        assert library.routines(style) == [r for r in everything if r.style == style]


# --------------------------------------------------------------------------- finding one by name


def test_a_style_stands_for_its_gentlest_routine():
    from coach.routines import find, gentlest_routine

    for style in {r.style for r in ALL}:
        gentlest = gentlest_routine(style, 20)
        assert gentlest is not None and gentlest.intensity == 1
        assert find(style, 20) is gentlest
        assert find(style.upper(), 20) is gentlest
    assert find("yoga", 20).slug == "yoga-gentle-flow"
    assert find("Resistance bands", 25).slug == "bands-upper-body"


def test_between_equally_gentle_routines_the_one_with_less_work_is_gentler():
    from coach.routines import gentlest_routine, work_seconds

    a, b = routines("yoga")
    text = '''name = "Slow"
style = "yoga"
work = 20
rest = 40
[[warmup]]
name = "A"
seconds = 60
cue = "c"
easier = "e"
[[exercises]]
name = "B"
cue = "c"
easier = "e"
[[cooldown]]
name = "C"
seconds = 60
cue = "c"
easier = "e"
'''
    slow = load_routine(text, "yoga-zzz-slow")
    assert work_seconds(slow, 20) < min(work_seconds(a, 20), work_seconds(b, 20))
    assert min([a, b, slow], key=lambda r: (r.intensity, work_seconds(r, 20), r.slug)) is slow
    assert gentlest_routine("zumba", 20) is None


def test_a_name_or_title_or_slug_finds_its_routine():
    from coach.routines import find

    for routine in ALL:
        assert find(routine.slug, 20) is routine
        assert find(routine.name.upper(), 20) is routine


@pytest.mark.parametrize("text, nearest", [
    ("yga", "yoga"),
    ("gentle strt", "bodyweight-gentle-start"),
    ("steady", "bodyweight-steady-strength"),
    ("pilates core", "pilates-core-and-breath"),
])
def test_a_name_that_matches_nothing_is_told_the_closest(text, nearest):
    from coach.routines import NoSuchRoutine, find, not_found_text

    with pytest.raises(NoSuchRoutine) as caught:
        find(text, 20)
    assert nearest in caught.value.closest
    assert f"'{text}' is not a routine" in not_found_text(caught.value)
    assert nearest in not_found_text(caught.value)


def test_nothing_close_says_where_the_list_is():
    from coach.routines import NoSuchRoutine, find, not_found_text

    with pytest.raises(NoSuchRoutine) as caught:
        find("xyzzy", 20)
    assert caught.value.closest == ()
    assert "coach routines lists the routines" in not_found_text(caught.value)


@pytest.mark.parametrize("value", ["0", "4", "true", '"1"'])
def test_intensity_is_one_two_or_three(value):
    text = (FILES and (resources.files("coach") / "data" / "routines" / f"{FILES[0]}.toml")
            .read_text(encoding="utf-8"))
    text = re.sub(r"^intensity = .*$", f"intensity = {value}", text, flags=re.M)
    with pytest.raises(RoutineError, match="intensity"):
        load_routine(text, FILES[0])


def test_each_style_has_one_routine_marked_gentlest():
    by_style = Counter(r.style for r in ALL if r.intensity == 1)
    assert by_style == Counter({style: 1 for style in {r.style for r in ALL}})
