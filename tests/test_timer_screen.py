"""The timer screen with Pilot: a fake clock moved by hand, the real store underneath."""

from __future__ import annotations

import pytest
from conftest import TODAY, screen_text
from test_app_journeys import open_on_today, wait_for

from coach.screens.checkin import CheckinScreen
from coach.screens.offer import OfferScreen
from coach.screens.timer import TimerScreen


async def run(pilot, clock, seconds: float, step: float = 0.5) -> None:
    """Move the fake clock on, letting the timer screen look at it along the way."""
    app = pilot.app
    moved = 0.0
    while moved < seconds - 1e-9:
        d = min(step, seconds - moved)
        clock.advance(d)
        moved += d
        timers = [s for s in app.screen_stack if isinstance(s, TimerScreen)]
        if not timers:
            break
        timers[-1].refresh_timer()
    await pilot.pause()


async def start_timer(app, pilot, mood_key: str = "3") -> TimerScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
    assert "how's your mood" in screen_text(app)
    await pilot.press(mood_key)
    await wait_for(pilot, lambda: isinstance(app.screen, TimerScreen))
    return app.screen


def timer_gone(app) -> bool:
    return not any(isinstance(s, TimerScreen) for s in app.screen_stack)


@pytest.fixture
def onboarded(history):
    return history.onboard().launched_today().morning()


async def test_shows_work_then_rest_with_round_and_session_left(make_app, onboarded, clock):
    app = make_app(start="timer", timer_spec="3/2x2")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_timer(app, pilot)
        text = screen_text(app)
        assert "WORK" in text and "Round 1 of 2" in text
        assert "0:08 left" in text  # 3 + 2 + 3
        assert "Next: rest (0:02)" in text
        await run(pilot, clock, 3.2)
        text = screen_text(app)
        assert "REST" in text and "0:05 left" in text
        assert "Next: work (0:03)" in text


async def test_space_pauses_and_time_stands_still(make_app, onboarded, clock):
    app = make_app(start="timer", timer_spec="10/5x2")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_timer(app, pilot)
        await run(pilot, clock, 2.5)
        await pilot.press("space")
        await pilot.pause()
        assert "PAUSED" in screen_text(app)
        left = screen.timer.state().time_left
        assert "0:23 left" in screen_text(app)
        await run(pilot, clock, 20)
        assert screen.timer.state().time_left == pytest.approx(left)
        assert "0:23 left" in screen_text(app) and "PAUSED" in screen_text(app)
        await pilot.press("space")
        await run(pilot, clock, 1)
        assert "PAUSED" not in screen_text(app)
        assert "0:22 left" in screen_text(app)


async def test_n_skips_to_the_next_interval(make_app, onboarded, clock):
    app = make_app(start="timer", timer_spec="10/5x2")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_timer(app, pilot)
        await run(pilot, clock, 1)
        await pilot.press("n")
        await pilot.pause()
        state = screen.timer.state()
        assert state.phase == "rest" and state.index == 1
        assert "REST" in screen_text(app)
