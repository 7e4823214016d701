"""Effort on the screens, with Pilot and the real store: e on the timer, how hard was that,
the gentler routine after a session that felt too hard, effort on Week, What helps me."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from conftest import TODAY, WEEK_START, open_on_today, palette_shows, screen_text, wait_for
from test_timer_screen import run, start_timer, timer_gone

from coach.insights import CHANCE_NOTE, NOT_ENOUGH
from coach.models import Session
from coach.routines import gentlest_routine, get_routine
from coach.screens.checkin import CheckinScreen
from coach.screens.insights import InsightsScreen
from coach.screens.timer import EASIER_CHOSEN, TimerScreen
from coach.screens.today import TodayScreen
from coach.screens.week import WeekScreen


@pytest.fixture
def onboarded(history):
    return history.onboard().launched_today().morning()


async def to_work(app, pilot, screen: TimerScreen) -> None:
    """Skip (n) through the warm-up to the first WORK interval."""
    while screen.timer.state().phase != "work":
        await pilot.press("n")
        await pilot.pause()


# --------------------------------------------------------------------------- e on the timer


async def test_e_switches_the_exercise_to_its_easier_variant_for_the_rest_of_the_session(
    make_app, onboarded, clock, store
):
    routine = get_routine("bodyweight-gentle-start")
    app = make_app(start="timer", timer_spec=routine.slug)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_timer(app, pilot)
        await to_work(app, pilot, screen)
        first = screen.timer.state().interval
        exercise = next(e for e in routine.exercises if e.name == first.exercise)
        assert f"Easier (e): {exercise.easier}" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        text = screen_text(app)
        assert f"{exercise.name}, the easier way" in text  # the easier one is the exercise
        assert exercise.easier in text  # its cue
        assert EASIER_CHOSEN in text  # and that it was chosen
        assert exercise.cue not in text
        [running] = store.unfinished_sessions()
        assert running.easier == (exercise.name,)  # kept with the session as it runs
        # The same exercise in the next round is the easier one too; another is not.
        later = [i for i in screen.intervals[screen.timer.state().index + 1:]
                 if i.exercise == exercise.name]
        assert later and all(screen.made_easier(i) for i in later)
        other = next(i for i in screen.intervals if i.phase == "work" and i.exercise != first.exercise)
        assert not screen.made_easier(other)
        # The next work interval: a second exercise made easier during the rest before it.
        await pilot.press("n")
        await pilot.pause()
        assert screen.timer.state().phase == "rest"
        coming = screen.timer.state().next_interval
        await pilot.press("e")
        await pilot.pause()
        assert screen.easier == [exercise.name, coming.exercise]
        assert "the easier way" in screen_text(app)  # Next: work, ..., the easier way
        # Pressing e again on one already easier changes nothing.
        await pilot.press("n")
        await pilot.press("e")
        await pilot.pause()
        assert screen.easier == [exercise.name, coming.exercise]
        # The session ends and is recorded with the choices, and counts as usual.
        await run(pilot, clock, 10)
        await pilot.press("escape")
        await wait_for(pilot, lambda: "End the session here?" in screen_text(app))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        await pilot.press("4", "n", "2", "enter")
        await wait_for(pilot, lambda: timer_gone(app))
    [session] = store.sessions()
    assert session.finished and session.easier == (exercise.name, coming.exercise)
    assert session.effort == "right"


async def to_the_after_check_in(app, pilot, clock, mood: str) -> None:
    """A short timer started with the mood before, run to its end: the after check-in."""
    await start_timer(app, pilot, mood)
    await run(pilot, clock, 8.5)
    await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))


async def test_the_after_check_in_asks_how_hard_it_was_and_keeps_the_answer(
    make_app, onboarded, clock, store
):
    app = make_app(start="timer", timer_spec="3/2x2")
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_after_check_in(app, pilot, clock, "2")
        assert "How hard was that?" in screen_text(app)
        await pilot.press("4", "n", "3")
        await pilot.pause()
        assert "effort 3 too hard" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: timer_gone(app))
    [session] = store.sessions()
    assert (session.mood_before, session.mood_after, session.effort) == (2, 4, "hard")
    assert session.time_of_day is not None  # recorded in the app: it knows when


async def test_the_effort_question_can_be_skipped(make_app, onboarded, clock, store):
    app = make_app(start="timer", timer_spec="3/2x2")
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_after_check_in(app, pilot, clock, "3")
        await pilot.press("4", "enter")
        await wait_for(pilot, lambda: timer_gone(app))
    [session] = store.sessions()
    assert session.effort is None and session.mood_after == 4


# --------------------------------------------------------------------------- too hard


def rated(store, day, effort: str, hour: int = 8) -> None:
    store.add_session(Session(day=day, seconds=1200, style="bodyweight",
                              routine="bodyweight-steady-strength", effort=effort,
                              started_at=datetime.combine(day, time(hour))))


async def test_after_a_session_that_felt_too_hard_today_offers_the_gentlest_routine(
    make_app, onboarded, store
):
    rated(store, WEEK_START, "hard")  # Monday; today (Thursday) is a session day
    gentlest = gentlest_routine("bodyweight", 20)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        text = screen_text(app)
        assert (f"Your last session felt too hard, so today's session is {gentlest.name}, "
                "the gentlest bodyweight routine.") in text
        assert app.coach.timer_plan().routine == gentlest.slug  # and the timer runs it


async def test_a_session_that_felt_right_again_ends_the_gentler_choice(make_app, onboarded, store):
    rated(store, WEEK_START - timedelta(days=4), "hard")
    rated(store, WEEK_START, "right")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        assert "felt too hard" not in screen_text(app)
        assert not app.coach.gentler_next()


async def test_after_too_hard_today_a_rest_day_says_next_time(make_app, history, today, store):
    tuesday = WEEK_START + timedelta(days=1)
    today.value = tuesday
    history.onboard().morning(tuesday)
    history.store.set_value("last_launch_day", tuesday.isoformat())
    rated(store, WEEK_START, "hard")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        text = screen_text(app)
        assert "Rest day" in text
        assert "Your last session felt too hard, so next time it's" in text


# --------------------------------------------------------------------------- Week


async def test_week_shows_the_effort_beside_the_moods(make_app, onboarded, store):
    store.add_session(Session(day=WEEK_START, seconds=1200, mood_before=3, mood_after=4,
                              effort="hard"))
    store.add_session(Session(day=WEEK_START + timedelta(days=2), seconds=1200, effort="right"))
    app = make_app(start="week")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WeekScreen) and app.at_home())
        text = screen_text(app)
        assert "3→4 hard" in text
        assert " ok " in f" {text} "
        assert "effort (easy/ok/hard)" in text


# --------------------------------------------------------------------------- What helps me


def lifts(store) -> None:
    for n, (style, before, after, hour) in enumerate([
        ("yoga", 2, 4, 7), ("yoga", 3, 3, 8), ("yoga", 2, 3, 18), ("bands", 3, 4, 12),
    ]):
        day = TODAY - timedelta(days=n + 1)
        store.add_session(Session(day=day, seconds=1200, style=style, mood_before=before,
                                  mood_after=after, time_of_day=f"{hour:02d}:00"))


async def open_what_helps_me(app, pilot) -> None:
    """From Today, i: What helps me."""
    await open_on_today(app, pilot)
    await pilot.press("i")
    await wait_for(pilot, lambda: isinstance(app.screen, InsightsScreen))


async def test_i_opens_what_helps_me_and_escape_goes_back(make_app, onboarded, store):
    lifts(store)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_what_helps_me(app, pilot)
        text = screen_text(app)
        assert "What helps me" in text and "By style" in text and "By time of day" in text
        assert "Yoga" in text and "3 sessions · better after 2" in text and "+1" in text
        assert f"1 session · {NOT_ENOUGH}" in text  # bands
        assert CHANCE_NOTE in text
        assert "Morning mood and anxiety, last 12 weeks" in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))


async def test_what_helps_me_is_in_the_palette(make_app, onboarded):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "What helps me" in titles
        await palette_shows(app, pilot, "what helps")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, InsightsScreen))


async def test_what_helps_me_on_a_new_database_says_what_will_come(make_app, onboarded):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_what_helps_me(app, pilot)
        text = screen_text(app)
        assert "Nothing to show yet" in text and "By style" not in text


async def test_what_helps_me_reads_afresh_after_a_session(make_app, onboarded, store):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_what_helps_me(app, pilot)
        assert "Nothing to show yet" in screen_text(app)
        app.coach.record_session(seconds=1200, style="pilates", mood_before=2, mood_after=4)
        await wait_for(pilot, lambda: "Pilates" in screen_text(app))


async def test_i_opens_what_helps_me_from_help_too(make_app, onboarded):
    from coach.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, InsightsScreen))


def footer_keys(app) -> set[str]:
    """The keys the footer of the screen on show offers."""
    from textual.widgets import Footer

    footer = app.screen.query_one(Footer)
    return {key.key for key in footer.query("FooterKey")}


async def test_from_what_helps_me_every_place_is_one_key_away(make_app, onboarded, store):
    from coach.screens.buddy import BuddyScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, InsightsScreen))
        await wait_for(pilot, lambda: {"t", "w", "m", "s", "b"} <= footer_keys(app))
        assert "i" not in footer_keys(app)  # the screen on show leaves the footer
        assert app.at_home()
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, WeekScreen) and app.at_home())
        assert len(app.screen_stack) == 1
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, InsightsScreen))
        await pilot.press("escape")  # back where it was opened from
        await wait_for(pilot, lambda: isinstance(app.screen, WeekScreen) and app.at_home())
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, InsightsScreen))
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, BuddyScreen))
        assert len(app.screen_stack) == 1
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen) and app.at_home())
        await wait_for(pilot, lambda: "i" in footer_keys(app))


async def test_the_morning_check_in_opens_over_what_helps_me_and_comes_back_to_it(
        make_app, onboarded, store):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, InsightsScreen))
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        assert not app.at_home()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, InsightsScreen) and app.at_home())


async def test_what_helps_me_opened_again_shows_what_was_recorded_meanwhile(
        make_app, onboarded, store):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, InsightsScreen))
        assert "Nothing to show yet" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        app.coach.record_session(seconds=1200, style="pilates", mood_before=2, mood_after=4)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, InsightsScreen))
        await wait_for(pilot, lambda: "Pilates" in screen_text(app))


async def test_moving_todays_session_from_the_palette_over_what_helps_me(make_app, onboarded):
    from coach.screens.offer import MoveScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, InsightsScreen))
        await palette_shows(app, pilot, "move today")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MoveScreen))
        assert isinstance(app.screen_stack[-2], TodayScreen)  # What helps me made way


async def test_what_helps_me_is_built_ahead_while_today_shows_and_nothing_of_it_is_seen(
        make_app, onboarded, store):
    lifts(store)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        await wait_for(pilot, lambda: app.is_screen_installed("insights"), timeout=10)
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen) and app.at_home()
        assert len(app.screen_stack) == 1
        assert "What helps me" not in screen_text(app)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, InsightsScreen))
        assert "3 sessions · better after 2" in screen_text(app)
        assert {"t", "w"} <= footer_keys(app) and "i" not in footer_keys(app)
