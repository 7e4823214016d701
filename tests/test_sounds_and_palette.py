"""Gentler sounds, a palette that finds commands by the words people use, and the weekly
questions offered at the next check-in once turned on. Driven by real keys."""

from __future__ import annotations

import pytest
from conftest import open_on_today, palette_shows, screen_text, wait_for
from test_timer_screen import run, start_timer

from coach.models import Settings
from coach.screens.checkin import CheckinScreen
from coach.screens.screener import ScreenerScreen


def test_the_count_in_is_off_unless_wanted_and_the_bell_on():
    assert Settings().count_in is False
    assert Settings().bell is True


@pytest.mark.parametrize(("count_in", "rings"), [(False, 2), (True, 2 + 3)])
async def test_one_soft_bell_per_change_and_a_count_in_only_when_turned_on(
        make_app, history, clock, count_in, rings):
    history.onboard(count_in=count_in).launched_today().morning()
    app = make_app(start="timer", timer_spec="10/5x2")  # work, rest, work: two changes
    heard: list[int] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.bell = lambda: heard.append(1)  # the terminal's bell, counted
        await start_timer(app, pilot)
        await run(pilot, clock, 24.5)
    assert len(heard) == rings


@pytest.mark.parametrize(("words", "title"), [
    ("sound", "Timer sound, the bell"),
    ("bell", "Timer sound, the bell"),
    ("count-in", "Timer sound, the count-in"),
    ("screener", "Weekly questions (screener)"),
    ("questions", "Weekly questions (screener)"),
    ("pause", "Pause the plan"),
])
async def test_the_palette_finds_commands_by_the_words_people_use(
        make_app, history, words, title):
    history.onboard().launched_today().morning()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        text = await palette_shows(app, pilot, words)
        assert title in text


async def test_the_bell_is_turned_off_from_the_palette(make_app, history, store):
    history.onboard().launched_today().morning()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        await palette_shows(app, pilot, "bell")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not store.settings().bell)
    assert store.settings().count_in is False


async def test_weekly_questions_turned_on_come_with_the_next_check_in_that_day(
        make_app, history, store):
    history.onboard().launched_today().morning(mood=3)  # today's check-in already done
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        await palette_shows(app, pilot, "questions")
        await pilot.press("enter")
        await wait_for(pilot, lambda: store.settings().screener and app.at_home())
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        await pilot.press("3", "2", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ScreenerScreen))
        await pilot.press("1", "0", "1", "0", "enter")
        await wait_for(pilot, lambda: "Your answers" in screen_text(app))
    assert [c.answers for c in store.checkins("screener")] == [(1, 0, 1, 0)]


async def test_a_check_in_skipped_brings_no_questions(make_app, history, store):
    history.onboard(screener=True).launched_today().morning(mood=3)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        await pilot.press("escape")
        await app.workers.wait_for_complete()  # the check-in's worker, all the way through
        await wait_for(pilot, lambda: app.at_home())
        assert not isinstance(app.screen, ScreenerScreen)
    assert store.checkins("screener") == []


def test_the_palette_names_a_commands_key_as_the_bindings_have_it(make_app, history, store):
    """The keys in the palette's descriptions come from the app's and Today's bindings: they
    read as before, and a key bound elsewhere would be named so."""
    from textual.binding import Binding

    from coach.app import CoachApp
    from coach.screens.palette import palette_commands

    history.onboard().launched_today().morning()
    described = {c.title: c.help for c in palette_commands(make_app())}
    assert described["Today"] == "Today's plan (t)"
    assert described["Week"] == "The week at a glance (w)"
    assert described["Mood check-in"] == "How are you feeling? (m)"
    assert described["Start today's session"] == "Open the timer (s)"
    assert described["Move today's session"] == "To another day this week (d)"
    assert described["Buddy"] == "Your workout buddy (b)"
    assert described["What helps me"].endswith("and your mornings (i)")
    assert described["Help"] == "Keys, the plan, where to find help (?)"

    class WeekOnV(CoachApp):
        BINDINGS = [Binding("v", "show('week')", "Week"),
                    *(b for b in CoachApp.BINDINGS
                      if not isinstance(b, Binding) or b.action != "show('week')")]

    described = {c.title: c.help for c in palette_commands(WeekOnV(store=store))}
    assert described["Week"] == "The week at a glance (v)"
    history.pause(0)  # paused: the palette offers to resume, with Today's key
    described = {c.title: c.help for c in palette_commands(make_app())}
    assert described["Resume the plan"] == "Start the plan again from today (r)"
