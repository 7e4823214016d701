"""Today at 80x24 on the fullest morning: nothing cut off, nothing to scroll, toasts off the panels."""

from __future__ import annotations

import pytest
from conftest import WEEK_START, screen_lines, screen_text
from conftest import open_on_today, wait_for

from coach.screens.today import TodayScreen


def a_low_monday_with_a_buddy(history, today, note: str | None = None) -> None:
    """A Monday (a session day, and the buddy's share-the-plan day) after weeks of sessions,
    with a low morning: the offer, the session, the progress, the insight and the buddy."""
    today.value = WEEK_START
    history.today = WEEK_START
    history.onboard().launched_today().buddy("Sam", "text Sam")
    history.trained(weeks=4, before=2, after=4)
    history.morning(mood=2, anxiety=4, note=note)


def cut_off(app) -> list[str]:
    """What Today holds that a person at this size does not see."""
    screen = app.screen
    scroll = screen.query_one("#today")
    missing = []
    if scroll.max_scroll_y > 0:
        missing.append(f"{scroll.max_scroll_y} rows to scroll")
    return missing


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_fullest_morning_fits_without_scrolling(make_app, history, today, size):
    a_low_monday_with_a_buddy(history, today)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_on_today(app, pilot)
        await pilot.pause()
        print("\n".join(screen_lines(app)))
        assert cut_off(app) == []
        text = screen_text(app)
        for words in ("10 minutes", "So far: 0 of 2", "mood 2", "Buddy", "Sam"):
            assert words in text


NOTE = "Slept badly, and the day ahead looks long; a walk at lunch maybe, we'll see."


@pytest.mark.parametrize("rows, note, detail", [
    (24, None, 2), (23, None, 1), (22, None, 0), (24, NOTE, 1), (23, NOTE, 0),
])
async def test_on_a_smaller_window_the_details_give_way_first(make_app, history, today, rows,
                                                              note, detail):
    """80x22 is the least coach takes; a note on the morning check-in is a line or two more."""
    a_low_monday_with_a_buddy(history, today, note)
    app = make_app()
    async with app.run_test(size=(80, rows)) as pilot:
        await open_on_today(app, pilot)
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        # Today fits its details to the room once it is laid out (a moment on a busy machine).
        await wait_for(pilot, lambda: screen.detail == detail and not cut_off(app))
        text = screen_text(app)
        assert ("a first full-body session" in text) == (detail >= 2)
        assert ("You'll need" in text) == (detail >= 1)
        assert cut_off(app) == []
        for words in ("Hard morning?", "10 minutes of bodyweight: Gentle start",
                      "s start · h the full 30", "So far: 0 of 2"):
            assert words in text
        await pilot.resize_terminal(120, 40)  # room again: all of it again
        await wait_for(pilot, lambda: screen.detail == 2 and not cut_off(app))
        assert "a first full-body session" in screen_text(app)


@pytest.mark.parametrize("keys, words", [
    (("d", "enter"), "Moved to"),  # the buddy panel stays, down to the footer
    (("ctrl+p", *"pause the plan", "enter"), "Your level is kept"),
])
async def test_notices_never_cover_a_panel(make_app, history, today, keys, words):
    a_low_monday_with_a_buddy(history, today)
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_on_today(app, pilot)
        await pilot.pause()
        await pilot.press(*keys[:1])
        if len(keys) > 1:
            await pilot.pause(0.2)
            await pilot.press(*keys[1:-1])
            await pilot.pause(0.3)
            await pilot.press(keys[-1])
        for _ in range(100):
            toasts = list(app.screen.query("Toast"))
            if toasts and words in screen_text(app):
                break
            await pilot.pause(0.02)
        assert toasts and words in screen_text(app)
        panels = [w for w in app.screen.query(".panel, #progress, #morning, #insight, #today-title")
                  if w.display]
        assert panels
        assert any(p.id == "buddy" for p in panels) or keys[0] != "d"
        for toast in toasts:
            for panel in panels:
                assert not toast.region.overlaps(panel.region), (toast.region, panel.id)
