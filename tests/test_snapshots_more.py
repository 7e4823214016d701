"""How the other screens look, kept as SVG snapshots (tests/__snapshots__/), on a frozen day:
Buddy, the weekly questions and their result, the short-session offer, the move dialog, the
too-small notice, Today with the safety net, and the light theme.

Regenerate with ``pytest tests/test_snapshots_more.py --snapshot-update`` and look at the
pictures before accepting them.
"""

from __future__ import annotations

from datetime import timedelta

from conftest import TODAY, WEEK_START
from test_snapshots_main import size_ids, until

from coach.screens.today import TodayScreen


def on_screen(screen_name: str, *keys: str):
    """A run_before: press ``keys`` one by one as the launch flow asks, until a screen of the
    class named ``screen_name`` is on top (the first key once a question is up)."""

    async def run_before(pilot) -> None:
        app = pilot.app
        pending = list(keys)
        for _ in range(1000):
            if type(app.screen).__name__ == screen_name and not pending:
                break
            if pending and type(app.screen).__name__ != "TodayScreen":
                await pilot.press(pending.pop(0))
            await pilot.pause(0.01)
        else:
            raise AssertionError(f"never reached {screen_name}: {app.screen!r}")
        await pilot.pause()

    return run_before


@size_ids
def test_buddy(snap_compare, make_app, history, size):
    history.onboard().launched_today().morning().buddy("Sam", "text Sam")
    for offset, reason, status in ((-10, "week_start", "done"), (-6, "after_session", "dismissed"),
                                   (-3, "after_session", "done")):
        history.store.record_buddy_checkin(TODAY + timedelta(days=offset), reason, status)
    assert snap_compare(make_app(), terminal_size=size, run_before=until(TodayScreen, "b"))


@size_ids
def test_screener_with_two_answers(snap_compare, make_app, history, size):
    history.onboard(screener=True)
    run_before = on_screen("ScreenerScreen", "3", "enter", "2", "1")
    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@size_ids
def test_screener_result(snap_compare, make_app, history, size):
    """A score of 3 or more: the gentle suggestion to talk to someone, and where help is."""
    history.onboard(screener=True)
    run_before = on_screen("ScreenerResultScreen", "3", "enter", "2", "1", "2", "1", "enter")
    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@size_ids
def test_today_offers_the_short_session_on_a_low_morning(snap_compare, make_app, history, size):
    history.onboard().launched_today().morning(mood=2, anxiety=4)
    assert snap_compare(make_app(), terminal_size=size, run_before=until(TodayScreen))


@size_ids
def test_move_dialog(snap_compare, make_app, history, size):
    history.onboard().launched_today().morning(mood=3, anxiety=2)
    history.session(WEEK_START, 20, before=3, after=4)
    assert snap_compare(make_app(), terminal_size=size, run_before=until(TodayScreen, "d"))


def test_too_small_notice(snap_compare, make_app, history):
    history.onboard().launched_today().morning()
    assert snap_compare(make_app(), terminal_size=(60, 18), run_before=until(TodayScreen))


@size_ids
def test_today_with_the_safety_net(snap_compare, make_app, history, size):
    """Three mornings in a row at mood 1: the buddy and the crisis lines come first."""
    history.onboard().launched_today().buddy("Sam", "text Sam")
    for offset in (-2, -1, 0):
        history.morning(offset, mood=1, anxiety=4)
    assert snap_compare(make_app(), terminal_size=size, run_before=until(TodayScreen))


@size_ids
def test_today_in_the_light_theme(snap_compare, make_app, history, size):
    history.onboard(theme="coach-light").launched_today().morning(mood=4, anxiety=2)
    history.session(WEEK_START, 20, before=3, after=4)
    assert snap_compare(make_app(), terminal_size=size, run_before=until(TodayScreen))
