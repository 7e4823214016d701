"""Keys typed in one go reach the screen the first of them opens: m, then 2, 4 and Enter sent
before the check-in is on screen, as a quick typist (or tmux send-keys) sends them."""

from __future__ import annotations

from conftest import WEEK_START, open_on_today, wait_for
from textual import events

from coach.screens.records import DayRecordsScreen


def typed(app, *keys: tuple[str, str]) -> None:
    """The keys as the terminal's driver hands them over: all at once, no gap between."""
    for key, character in keys:
        app.post_message(events.Key(key, character))


async def test_m_2_4_enter_in_one_go_records_mood_2_and_anxiety_4(make_app, history, store):
    history.onboard().launched_today()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        typed(app, ("m", "m"), ("2", "2"), ("4", "4"), ("enter", "\r"))
        await wait_for(pilot, lambda: bool(store.checkins("morning")) and app.at_home())
    assert [(c.mood, c.anxiety) for c in store.checkins("morning")] == [(2, 4)]


async def test_w_then_a_day_in_one_go_opens_that_days_records_once(make_app, history):
    history.onboard().launched_today()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        typed(app, ("w", "w"), ("1", "1"))
        await wait_for(pilot, lambda: isinstance(app.screen, DayRecordsScreen))
        assert app.screen.day == WEEK_START
        assert sum(isinstance(s, DayRecordsScreen) for s in app.screen_stack) == 1
