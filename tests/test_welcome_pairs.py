"""First launch respects what is there, and offers every pair of days with a rest day between.

Driven by the keys a person presses, on a real database file.
"""

from __future__ import annotations

from conftest import TODAY, open_on_today, screen_text, wait_for
from test_app_wording import blame_in

from coach.screens.today import TodayScreen
from coach.screens.welcome import DAY_PAIRS, PICK_LABEL, WelcomeScreen, pair_label
from coach.store import Store
from coach.words import SETTINGS_KEPT


def test_every_pair_with_a_rest_day_between_is_offered():
    expected = {(a, b) for a in range(7) for b in range(a + 1, 7) if 2 <= b - a <= 5}
    assert set(DAY_PAIRS) == expected and len(DAY_PAIRS) == len(expected) == 14
    assert DAY_PAIRS[0] == (0, 3)  # the default comes first
    assert (0, 4) in DAY_PAIRS  # Monday and Friday
    assert (0, 6) not in DAY_PAIRS  # Sunday then Monday: two days in a row


async def test_monday_and_friday_can_be_chosen_with_the_keys(make_app, db_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press(*["down"] * DAY_PAIRS.index((0, 4)))
        await pilot.pause()
        assert pair_label((0, 4)) == "Monday and Friday"
        await pilot.press("enter", "enter", "enter", "enter", "enter")  # the cue: skipped
        await wait_for(pilot, lambda: not isinstance(app.screen, WelcomeScreen))
    with Store.open(db_path) as store:
        assert store.settings().days_two == (0, 4)


async def test_let_me_pick_takes_any_two_days_and_names_two_in_a_row(make_app, db_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press("end")
        await pilot.pause()
        assert PICK_LABEL in screen_text(app)
        await pilot.press("enter")  # "Let me pick": Monday and Thursday are picked already
        await wait_for(pilot, lambda: "Space picks or unpicks a day" in screen_text(app))
        await pilot.press("space", "enter")  # Monday off: one day is not two
        await wait_for(pilot, lambda: "Pick two days (Space), then Enter." in screen_text(app))
        await pilot.press("down", "down", "down", "down", "space", "enter")  # Thursday, Friday
        await wait_for(pilot, lambda: "next to each other" in screen_text(app))
        assert not blame_in(screen_text(app))
        await pilot.press("enter")  # kept anyway
        await wait_for(pilot, lambda: "Which day does your week start on?" in screen_text(app))
        await pilot.press("escape")  # back: the days step, as the list again
        await wait_for(pilot, lambda: "Step 1 of 5" in screen_text(app)
                       and "Space picks" not in screen_text(app))
        await pilot.press("end", "enter")
        await wait_for(pilot, lambda: "Space picks or unpicks a day" in screen_text(app))
        await pilot.press("escape")  # Escape leaves picking for the list
        await wait_for(pilot, lambda: "Space picks" not in screen_text(app))
        await pilot.press("home", "down", "enter", "enter", "enter", "enter", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, WelcomeScreen))
    with Store.open(db_path) as store:
        assert store.settings().days_two == (1, 4)


async def test_enter_at_every_step_keeps_a_buddy_named_before(make_app, store, db_path):
    store.set_buddy("Sam", "text Sam")  # named at the command line, no history yet
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press("enter", "enter", "enter")
        await wait_for(pilot, lambda: "A workout buddy" in screen_text(app))
        await pilot.press("enter", "!", "enter")  # a key after Enter adds, it does not replace
        await pilot.press("enter")  # no if-then cue
        await wait_for(pilot, lambda: not isinstance(app.screen, WelcomeScreen))
    with Store.open(db_path) as other:
        buddy = other.buddy()
    assert (buddy.name, buddy.contact) == ("Sam", "text Sam!")


async def test_a_database_with_history_skips_the_welcome_and_keeps_its_settings(
        make_app, history, store):
    # Recorded with the command line (or imported): sessions, a morning, chosen days.
    store.save_settings(days_two=(1, 4), style="yoga")
    history.session(-3).morning(-1, mood=3).launched_today()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        assert isinstance(app.screen, TodayScreen)
        assert not any(isinstance(s, WelcomeScreen) for s in app.screen_stack)
        await wait_for(pilot, lambda: "Your history is here" in screen_text(app))
        assert "minutes of yoga" in screen_text(app) or "Rest day" in screen_text(app)
    settings = store.settings()
    assert settings.onboarded and settings.days_two == (1, 4) and settings.style == "yoga"
    # Said once: the next launch opens on Today without it.
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await open_on_today(again, pilot)
        await pilot.pause(0.2)
        assert "Your history is here" not in screen_text(again)
    assert TODAY  # (the frozen day these run on)
    assert "ctrl+p" in SETTINGS_KEPT
