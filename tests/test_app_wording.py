"""No blame in anything the main screens say, in every state a person can meet them in."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import TODAY, WEEK_START, all_words

from coach.screens.buddy import BuddyScreen
from coach.screens.help import HelpScreen
from coach.screens.offer import MoveScreen, OfferScreen
from coach.screens.today import TodayScreen
from coach.screens.week import WeekScreen
from coach.screens.welcome import WelcomeScreen

BLAME = re.compile(
    r"\b(fail\w*|miss(ed|ing)? (a|your|the)? ?(session|day|week)s?|missed|broke your streak|"
    r"lost|behind|lazy|should have|gave up|give up)\b",
    re.IGNORECASE,
)
DAYS_AWAY = re.compile(r"\b\d+\s+days?\b", re.IGNORECASE)


def blame_in(text: str) -> list[str]:
    return [m.group(0) for m in BLAME.finditer(text)] + [m.group(0) for m in DAYS_AWAY.finditer(text)]


def test_the_checks_would_catch_blame():
    assert blame_in("You missed 2 sessions and broke your streak")
    assert blame_in("You were away for 35 days")
    assert blame_in("You're behind on your plan")
    assert not blame_in("A lighter week: 1 of 2 sessions. That's okay.")


async def settled_words(app, pilot) -> str:
    """The active screen's words once it has mounted them (a busy machine can take a while)."""
    await pilot.pause(0.1)
    words = all_words(app)
    for _ in range(100):
        if words:
            break
        await pilot.pause(0.02)
        words = all_words(app)
    return words


async def collect(app, *steps) -> list[tuple[str, str]]:
    """Run the app and gather every word on each screen reached, after each step."""
    seen: list[tuple[str, str]] = []
    async with app.run_test(size=(100, 40)) as pilot:
        for _ in range(300):
            if app.at_home() or not isinstance(app.screen, (TodayScreen, WeekScreen)):
                break
            await pilot.pause(0.01)
        words = await settled_words(app, pilot)
        seen.append((type(app.screen).__name__, words))
        for step in steps:
            if isinstance(step, str):
                await pilot.press(step)
            else:
                step(app)
            words = await settled_words(app, pilot)
            seen.append((type(app.screen).__name__, words))
    return seen


def scenario_first_launch(history):
    return (), ("enter", "enter", "enter", "escape", "escape", "escape")


def scenario_session_day(history):
    history.onboard().launched_today().morning(mood=4)
    return (), ("d", "escape", "w", "left", "left", "b", "question_mark")


def scenario_low_mood(history):
    history.onboard().launched_today().morning(mood=2, note="rough night")
    return (), ("h", "h")


def scenario_safety_net(history):
    history.onboard().launched_today().buddy("Sam", "")
    for offset in (-3, -1, 0):
        history.morning(offset, mood=1)
    return (), ("w",)


def scenario_done_and_extra(history):
    history.onboard().launched_today().morning()
    history.session(WEEK_START, 20).session(0, 20).session(0, 15)
    return (), ("s", "n", "w")


def scenario_short_session(history):
    history.onboard().launched_today().morning().session(0, 6)
    return (), ("w",)


def scenario_lighter_weeks_and_quiet(history):
    history.onboard().launched_today().buddy("Sam", "text Sam")
    history.session(TODAY - timedelta(weeks=2), 12)
    history.session(TODAY - timedelta(weeks=1, days=3), 25)
    return (), ("escape", "w", "left", "left", "left")


def scenario_welcome_back(history):
    history.onboard().trained(weeks=4, ending=TODAY - timedelta(weeks=6), minutes=30)
    return (), ("escape", "w", "left")


def scenario_paused(history):
    history.onboard().launched_today().morning().pause(WEEK_START - timedelta(days=3))
    return (), ("s", "n", "w", "left", "t", "r")


def scenario_rest_day_and_week_complete(history):
    history.onboard().launched_today().morning()
    history.session(WEEK_START, 20).session(WEEK_START + timedelta(days=2), 20)
    return (), ("s", "n", "d", "escape")


def scenario_unfinished(history):
    history.onboard().launched_today().morning().session(-2, 9, finished=False)
    return (), ("n",)


SCENARIOS = [
    scenario_first_launch,
    scenario_session_day,
    scenario_low_mood,
    scenario_safety_net,
    scenario_done_and_extra,
    scenario_short_session,
    scenario_lighter_weeks_and_quiet,
    scenario_welcome_back,
    scenario_paused,
    scenario_rest_day_and_week_complete,
    scenario_unfinished,
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda f: f.__name__.removeprefix("scenario_"))
async def test_no_blame_on_any_screen(scenario, history, make_app):
    _, steps = scenario(history)
    seen = await collect(make_app(), *steps)
    screens = {name for name, _ in seen}
    assert screens & {
        TodayScreen.__name__, WeekScreen.__name__, WelcomeScreen.__name__, HelpScreen.__name__,
        BuddyScreen.__name__, OfferScreen.__name__, MoveScreen.__name__,
    }
    for name, words in seen:
        assert words, f"{name} showed no words"
        assert not blame_in(words), f"{name}: {blame_in(words)} in: {words}"
