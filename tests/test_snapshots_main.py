"""How the main screens look, kept as SVG snapshots (tests/__snapshots__/), on a frozen day.

Regenerate with ``pytest tests/test_snapshots_main.py --snapshot-update`` and look at the
pictures before accepting them.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import WEEK_START

from coach.screens.today import TodayScreen
from coach.screens.week import WeekScreen
from coach.screens.welcome import WelcomeScreen

SIZES = [(80, 24), (120, 40)]
size_ids = pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")


def until(screen_type, *keys: str):
    """A run_before that waits for the launch flow to settle on ``screen_type``, then presses."""

    async def run_before(pilot) -> None:
        app = pilot.app
        for _ in range(500):
            if isinstance(app.screen, screen_type) and (
                screen_type is WelcomeScreen or app.at_home()
            ):
                break
            await pilot.pause(0.01)
        else:
            raise AssertionError(f"never reached {screen_type.__name__}: {app.screen!r}")
        if keys:
            await pilot.press(*keys)
        await pilot.pause()

    return run_before


def busy_history(history) -> None:
    """Eight weeks of sessions with before/after moods, mornings, a buddy, this week begun."""
    history.onboard().launched_today().buddy("Sam", "text Sam")
    history.trained(weeks=8, minutes=26, before=3, after=4)
    for offset in range(-20, 1):
        history.morning(offset, mood=[3, 4, 3, 2, 4, 5, 3][offset % 7], anxiety=2)
    history.session(WEEK_START, 31, before=2, after=4)


@size_ids
def test_welcome(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=until(WelcomeScreen))


@size_ids
def test_today_session_day(snap_compare, make_app, history, size):
    history.onboard().launched_today().morning(mood=4, anxiety=2)
    history.session(WEEK_START, 20, before=3, after=4)
    assert snap_compare(make_app(), terminal_size=size, run_before=until(TodayScreen))


@size_ids
def test_today_rest_day(snap_compare, make_app, history, today, size):
    tuesday = WEEK_START + timedelta(days=1)
    today.value = tuesday
    history.onboard().buddy("Sam", "text Sam")
    history.trained(weeks=2, ending=tuesday)
    history.session(WEEK_START, 22, before=2, after=4).morning(tuesday, mood=3, anxiety=3)
    history.store.set_value("last_launch_day", tuesday.isoformat())
    assert snap_compare(make_app(), terminal_size=size, run_before=until(TodayScreen))


@size_ids
def test_week_empty(snap_compare, make_app, history, size):
    history.onboard().launched_today()
    assert snap_compare(make_app(start="week"), terminal_size=size, run_before=until(WeekScreen))


@size_ids
def test_week_busy(snap_compare, make_app, history, size):
    busy_history(history)
    assert snap_compare(make_app(start="week"), terminal_size=size, run_before=until(WeekScreen))


@size_ids
def test_week_paused(snap_compare, make_app, history, size):
    history.onboard().launched_today().trained(weeks=3)
    history.session(WEEK_START, 20, before=3, after=3).pause(WEEK_START + timedelta(days=2))
    assert snap_compare(make_app(start="week"), terminal_size=size, run_before=until(WeekScreen))


@size_ids
def test_help(snap_compare, make_app, history, size):
    history.onboard().launched_today().morning()
    assert snap_compare(
        make_app(), terminal_size=size, run_before=until(TodayScreen, "question_mark")
    )



def into_the_session(clock, seconds, *keys: str):
    """A run_before: answer the mood question, then let ``seconds`` of the session pass.

    ``seconds`` is a number, or a function of the timer screen giving one.
    """

    async def run_before(pilot) -> None:
        from coach.screens.checkin import CheckinScreen
        from coach.screens.timer import TimerScreen

        app = pilot.app
        for _ in range(500):
            if isinstance(app.screen, CheckinScreen):
                break
            await pilot.pause(0.01)
        await pilot.press("3")
        for _ in range(500):
            if isinstance(app.screen, TimerScreen):
                break
            await pilot.pause(0.01)
        timer = app.screen
        total = seconds(timer) if callable(seconds) else seconds
        moved = 0.0
        while moved < total - 1e-9:  # small steps, as a real clock moves
            step = min(5.0, total - moved)
            clock.advance(step)
            moved += step
            timer.refresh_timer()
        if keys:
            await pilot.press(*keys)
        await pilot.pause()

    return run_before


@size_ids
def test_timer_mid_session(snap_compare, make_app, history, clock, size):
    """Today's routine, into the first work interval: the move, its cue, the next one."""
    history.onboard().launched_today().morning()
    app = make_app(start="timer")
    def past_the_warm_up(timer) -> float:
        return sum(i.seconds for i in timer.intervals if i.phase == "warmup") + 12.4

    assert snap_compare(app, terminal_size=size,
                        run_before=into_the_session(clock, past_the_warm_up))


@size_ids
def test_timer_paused(snap_compare, make_app, history, clock, size):
    history.onboard().launched_today().morning()
    app = make_app(start="timer", timer_spec="40/20x8")
    assert snap_compare(app, terminal_size=size,
                        run_before=into_the_session(clock, 47.5, "space"))


@size_ids
def test_timer_rest(snap_compare, make_app, history, clock, size):
    """The first rest of today's routine: the digits where they were on WORK, the next move."""
    history.onboard().launched_today().morning()
    app = make_app(start="timer")

    def into_the_first_rest(timer) -> float:
        first_rest = next(n for n, i in enumerate(timer.intervals) if i.phase == "rest")
        return sum(i.seconds for i in timer.intervals[:first_rest]) + 6.4

    assert snap_compare(app, terminal_size=size,
                        run_before=into_the_session(clock, into_the_first_rest))


@size_ids
def test_today_low_morning_with_a_buddy_suggestion(snap_compare, make_app, history, today, size):
    """The fullest Today: the 10-minute offer, the session, the week, the morning, the insight
    and the buddy's share-the-plan suggestion; at 80x24 all of it without scrolling."""
    today.value = WEEK_START
    history.today = WEEK_START
    history.onboard().launched_today().buddy("Sam", "text Sam")
    history.trained(weeks=4, before=2, after=4)
    history.morning(mood=2, anxiety=4)
    assert snap_compare(make_app(), terminal_size=size, run_before=until(TodayScreen))
