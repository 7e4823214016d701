"""Journeys through the app with Pilot, on real SQLite files: what a person does each morning."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import (
    TODAY,
    WEEK_START,
    all_words,
    open_on_today,
    palette_shows,
    screen_text,
    wait_for,
)
from textual.color import Color

from textual.widgets import Input

from coach.screens.buddy import BuddyScreen
from coach.screens.help import HelpScreen
from coach.screens.offer import MoveScreen, OfferScreen
from coach.screens.today import TodayScreen
from coach.screens.week import WeekScreen
from coach.screens.welcome import WelcomeScreen
from coach.store import Store, StoreError


# --------------------------------------------------------------------------- first launch


async def test_first_launch_welcome_enter_through_then_checkin_then_today(make_app, db_path):
    from coach.screens.checkin import CheckinScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert "Welcome" in screen_text(app)
        await pilot.press("enter", "enter", "enter", "enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        assert "How are you feeling" in screen_text(app)
        await pilot.press("4", "2", "enter")
        await open_on_today(app, pilot)
        text = screen_text(app)
        assert "Today · Thursday 12 March" in text
        assert "20 minutes of bodyweight" in text
        assert "This morning: mood 4 good, anxiety 2 mostly calm." in text
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, WeekScreen))
        text = screen_text(app)
        for name in ("Mon 9", "Tue 10", "Wed 11", "Thu 12", "Fri 13", "Sat 14", "Sun 15"):
            assert name in text
        await pilot.press("left")
        await pilot.pause()
        assert "Last week · 2–8 March 2026" in screen_text(app)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        await pilot.press("q")
    assert app.return_code == 0

    with Store.open(db_path) as store:
        settings = store.settings()
        assert settings.onboarded
        assert settings.days_two == (0, 3) and settings.style == "bodyweight"
        assert not settings.week_starts_sunday
        assert store.buddy() is None
        [morning] = store.checkins("morning")
        assert (morning.day, morning.mood, morning.anxiety) == (TODAY, 4, 2)
        assert store.get_value("last_launch_day") == TODAY.isoformat()


async def test_welcome_choices_are_saved(make_app, db_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press("down", "enter")  # Tuesday and Friday
        await pilot.press("down", "enter")  # weeks start on Sunday
        await pilot.press("down", "down", "enter")  # weights
        await pilot.press(*"Sam", "enter", *"text Sam", "enter")
        await pilot.press("enter")  # no if-then cue: Enter skips it
        await wait_for(pilot, lambda: not isinstance(app.screen, WelcomeScreen))
    with Store.open(db_path) as store:
        settings = store.settings()
        assert settings.days_two == (1, 4)
        assert 1 in settings.days_three and 4 in settings.days_three
        assert settings.week_starts_sunday
        assert settings.style == "weights"
        assert store.buddy().name == "Sam" and store.buddy().contact == "text Sam"


async def test_welcome_enter_through_keeps_a_stored_buddy_with_control_characters_as_it_was(
        make_app, db_path):
    """An older coach stored a name with ESC and BEL: Welcome shows them as ␛ and ␇, and
    Enter (which keeps what is set) saves back the stored name, not the pictures."""
    name, contact = "Sam\x1b]52;c;UFdORUQ=\x07\x1b[2J", "text\x1b[31m Sam"
    with Store.open(db_path) as store:
        store.set_buddy(name, contact)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert app.screen.query_one("#buddy-name", Input).value == "Sam␛]52;c;UFdORUQ=␇␛[2J"
        await pilot.press("enter", "enter", "enter", "enter", "enter", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, WelcomeScreen))
    with Store.open(db_path) as store:
        assert store.settings().onboarded
        assert (store.buddy().name, store.buddy().contact) == (name, contact)


async def test_the_buddy_screen_changes_the_contact_and_keeps_a_stored_name_as_it_was(
        make_app, history, store):
    name = "Sam\x1b[2J"
    history.onboard().launched_today().buddy(name, "text Sam")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, BuddyScreen))
        assert app.screen.query_one("#name", Input).value == "Sam␛[2J"
        await pilot.press("e")
        contact = app.screen.query_one("#contact", Input)
        contact.focus()
        contact.value = "call Sam"
        await pilot.press("enter")
        await wait_for(pilot, lambda: store.buddy().contact == "call Sam")
    assert store.buddy().name == name


async def test_second_launch_the_same_day_opens_straight_on_today(make_app, history):
    history.onboard().morning(mood=3)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await pilot.pause(0.2)
        assert isinstance(app.screen, TodayScreen)  # no check-in: one was given today
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await pilot.pause(0.2)
        assert isinstance(app.screen, TodayScreen)


async def test_morning_checkin_escape_skips_and_writes_nothing(make_app, history, store):
    from coach.screens.checkin import CheckinScreen

    history.onboard()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        await pilot.press("escape")
        await open_on_today(app, pilot)
        assert "Press m to check in" in screen_text(app)
    assert store.checkins("morning") == []
    # Opened again the same day: the check-in waits for m rather than opening by itself.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await pilot.pause(0.2)
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        await pilot.press("3", "enter")
        await open_on_today(app, pilot)
        assert "This morning: mood 3 okay" in screen_text(app)


# --------------------------------------------------------------------------- an unfinished session


@pytest.mark.parametrize("key", ["y", "n", "escape"])
async def test_unfinished_session_is_offered(make_app, history, store, key):
    """y records it, n lets it go, Escape leaves the question for another time."""
    history.onboard().launched_today().morning()
    history.session(0, minutes=12, finished=False, hour=7)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, OfferScreen))
        text = screen_text(app)
        assert "You have an unfinished session from this morning: 12 minutes. Record it?" in text
        await pilot.press(key)
        await open_on_today(app, pilot)
        text = screen_text(app)
        if key == "y":
            assert "Done today: 12 minutes" in text
        else:
            assert "20 minutes of bodyweight" in text
    finished = [s.seconds for s in store.sessions(TODAY, TODAY)]
    unfinished = [s.seconds for s in store.unfinished_sessions()]
    assert finished == ([720] if key == "y" else [])
    assert unfinished == ([720] if key == "escape" else [])


# --------------------------------------------------------------------------- a morning


async def test_a_morning_checkin_a_session_and_the_week(make_app, history, store):
    """Check in, do the session (recorded as the timer would), and see it on Today and Week."""
    from coach.screens.checkin import CheckinScreen

    history.onboard().session(WEEK_START, 20, before=3, after=4)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        await pilot.press("4", "2", "enter")
        await open_on_today(app, pilot)
        assert "So far: 1 of 2 sessions, 20 minutes in all." in screen_text(app)
        history.session(0, 21, before=3, after=5)
        app.coach.changed()
        await pilot.pause()
        text = screen_text(app)
        assert "Done today: 21 minutes. Nice work." in text
        assert "Week complete: 2 of 2 sessions, 41 minutes in all. Well done." in text
        assert "You felt better after 2 of 2 sessions" in text
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, WeekScreen))
        text = screen_text(app)
        assert "This week · 9–15 March 2026" in text
        assert "● done" in text and "21 min" in text and "3→5" in text and "mood 4" in text
        assert "2 of 2 sessions · 41 minutes · level 1 · mood lift +1.5" in text


async def test_s_starts_todays_session_on_the_timer(make_app, history):
    TimerScreen = pytest.importorskip("coach.screens.timer").TimerScreen

    history.onboard().launched_today().morning()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("s")
        # First the one-key question about mood before the session; s skips it.
        await wait_for(pilot, lambda: "Before you start" in screen_text(app))
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, TimerScreen))
        assert "WARM-UP" in screen_text(app)
        with Store.open(app.store.path) as other:
            [running] = other.unfinished_sessions()
        assert running.mood_before is None
        # Global keys stay out of the way while the timer runs.
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, TimerScreen)


async def test_low_mood_morning_offers_ten_minutes_without_pressure(make_app, history):
    history.onboard().launched_today().morning(mood=2)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        text = screen_text(app)
        assert "Hard morning? 10 minutes counts as showing up" in text
        assert "10 minutes of bodyweight" in text
        await pilot.press("h")
        await pilot.pause()
        assert "20 minutes of bodyweight" in screen_text(app)
        assert app.coach.short_choice[TODAY] is False


async def test_safety_net_leads_with_people_and_crisis_lines(make_app, history):
    history.onboard().launched_today().buddy("Sam", "text Sam")
    for offset in (-2, -1, 0):
        history.morning(offset, mood=1)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_on_today(app, pilot)
        text = screen_text(app)
        assert "Reach out to Sam: text Sam." in text
        assert "988" in text and "116 123" in text
        assert text.index("Reach out to Sam") < text.index("minutes of bodyweight")


# --------------------------------------------------------------------------- days and weeks


async def test_rest_day_says_why_rest_helps_and_asks_before_an_extra_session(
    make_app, history, today
):
    tuesday = WEEK_START + timedelta(days=1)
    today.value = tuesday
    history.onboard().session(WEEK_START, 20).morning(tuesday, mood=4)
    history.store.set_value("last_launch_day", tuesday.isoformat())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        text = screen_text(app)
        assert "Today · Tuesday 10 March" in text
        assert "Rest day" in text
        assert "Rest is part of the plan" in text
        assert "Next session: Thursday." in text
        assert "So far: 1 of 2 sessions, 20 minutes in all." in text
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, OfferScreen))
        assert "rest day" in screen_text(app).lower()
        await pilot.press("n")
        await open_on_today(app, pilot)


async def test_navigating_weeks(make_app, history):
    history.onboard().launched_today().morning()
    history.trained(weeks=3)
    app = make_app(start="week")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WeekScreen) and app.at_home())
        assert "This week · 9–15 March 2026" in screen_text(app)
        await pilot.press("left")
        assert "Last week · 2–8 March 2026" in screen_text(app)
        # Two complete weeks before it: that week was planned one step up.
        assert "2 of 2 sessions · 40 minutes · level 2" in screen_text(app)
        await pilot.press("left", "left")
        assert "Week of 16–22 February 2026" in screen_text(app)
        assert "2 of 2 sessions · 40 minutes · level 1" in screen_text(app)
        await pilot.press("left")
        assert "before your first week with coach" in screen_text(app)
        await pilot.press("right", "right", "right", "right", "right")
        assert "Next week · 16–22 March 2026" in screen_text(app)
        await pilot.press("home")
        assert "This week · 9–15 March 2026" in screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40), (133, 40)])
async def test_the_seven_days_are_boxes_of_one_width(make_app, history, size):
    history.onboard().launched_today().morning()
    app = make_app(start="week")
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WeekScreen) and app.at_home())
        await pilot.pause()
        boxes = [app.screen.query_one(f"#day-{i}").region for i in range(7)]
        assert len({box.width for box in boxes}) == 1, [box.width for box in boxes]
        row = app.screen.query_one("#days").region
        left, right = boxes[0].x - row.x, row.right - boxes[-1].right
        assert 0 <= left <= right <= left + 1  # what is left over is shared out, not at one end
        assert all(a.right == b.x for a, b in zip(boxes, boxes[1:]))


async def test_paused_week_shows_paused_days_and_resumes(make_app, history, store):
    history.onboard().launched_today().morning().pause(WEEK_START)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        text = screen_text(app)
        assert "The plan is paused" in text
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, WeekScreen))
        days = screen_text(app).split("The last twelve weeks")[0]
        assert days.count("‖ paused") == 7
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        await pilot.press("r")
        await pilot.pause()
        assert "20 minutes of bodyweight" in screen_text(app)
    assert store.pauses()[0].end == TODAY - timedelta(days=1)


async def test_returning_after_a_month_away(make_app, history):
    """Welcome back, an easier plan, and never a count of the days away."""
    away_since = TODAY - timedelta(weeks=5)
    history.onboard().trained(weeks=6, ending=away_since, minutes=25)
    history.store.set_value("last_launch_day", (TODAY - timedelta(days=35)).isoformat())
    before = app_level = None
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        from coach.screens.checkin import CheckinScreen

        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        await pilot.press("escape")
        await open_on_today(app, pilot)
        before = app.coach.planner().level_for(away_since - timedelta(days=7), TODAY).number
        app_level = app.coach.planner().plan_week(TODAY, TODAY).level.number
        text = all_words(app)
        assert "Welcome back" in text
        assert not re.search(r"\b\d+ (days?|weeks?) (away|ago|since)", text)
        assert "days" not in text.lower().replace("two days", "")
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, WeekScreen))
        assert "Welcome back" in screen_text(app)
    assert before is not None and app_level < before


async def test_moving_todays_session_with_d(make_app, history, store):
    history.onboard().launched_today().morning()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, MoveScreen))
        text = screen_text(app)
        assert "Move today's session to" in text
        assert "Tomorrow, Friday 13 March" in text
        await pilot.press("enter")
        await open_on_today(app, pilot)
        assert "Rest day" in screen_text(app)
        assert "Next session: tomorrow." in screen_text(app)
    [move] = store.moves()
    assert (move.from_day, move.to_day) == (TODAY, TODAY + timedelta(days=1))


@pytest.mark.parametrize("key,status", [("c", "done"), ("x", "dismissed")])
async def test_buddy_suggestion_done_or_dismissed_is_recorded(
    make_app, history, store, key, status
):
    history.onboard().launched_today().morning().buddy("Sam", "text Sam")
    history.session(0, 20)  # a session that counts: "share the win"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        assert "Want to share the win? Maybe text Sam." in screen_text(app)
        await pilot.press(key)
        # The mark is written and Today drawn again without the suggestion.
        await wait_for(pilot, lambda: store.buddy_checkins()
                       and "share the win" not in screen_text(app))
    [checkin] = store.buddy_checkins()
    assert (checkin.day, checkin.reason, checkin.status) == (TODAY, "after_session", status)


async def test_the_day_rolls_over_at_midnight(make_app, history, today):
    history.onboard().launched_today().morning()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        assert "Thursday 12 March" in screen_text(app)
        today.value = TODAY + timedelta(days=1)
        app.check_day()
        await pilot.pause()
        text = screen_text(app)
        assert "Friday 13 March" in text
        assert "Press m to check in" in text


# --------------------------------------------------------------------------- buddy and help


async def test_buddy_screen_edit_and_save(make_app, history, store):
    history.onboard().launched_today().morning()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, BuddyScreen))
        assert "No buddy named yet" in screen_text(app)
        await pilot.press("e", *"Alex", "enter", *"call Alex", "enter")
        await pilot.pause()
        assert "Alex: call Alex" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
    assert store.buddy().name == "Alex" and store.buddy().contact == "call Alex"


async def test_help_lists_keys_ladder_and_crisis_resources(make_app, history):
    history.onboard().launched_today().morning()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        words = all_words(app)
        assert "coach is not medical care" in words
        assert "988" in words and "116 123" in words and "findahelpline.com" in words
        for row in ("1 2 20 40", "4 3 20 60", "6 3 30 90"):
            assert row in words
        assert "Move today's session" in words
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))


# --------------------------------------------------------------------------- the shell


async def test_too_small_terminal_gets_a_polite_notice(make_app, history):
    history.onboard().launched_today().morning()
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await open_on_today(app, pilot)
        await wait_for(pilot, lambda: "make it a little bigger" in screen_text(app))
        assert "Today's session" not in screen_text(app)  # the notice is all there is
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: "Today's session" in screen_text(app))
        assert "make it a little bigger" not in screen_text(app)


# A morning note long enough that Today runs off the end of the smallest window even with
# the least detail (most mornings fit: see test_today_fits.py).
LONG_NOTE = ("Slept badly again, woke at four and could not get back to sleep; the day ahead "
             "looks long, with the dentist at ten and the big meeting after lunch, so maybe a "
             "walk at lunch instead, or just the short session tonight if there is time left. "
             "Text Sam about Saturday, and ask about the walk by the river on Sunday; "
             "maybe bring the dog along, and the flask, if the weather holds up for once.")


async def test_arrow_keys_scroll_today_when_it_is_longer_than_the_window(make_app, history):
    history.onboard().launched_today().buddy("Sam", "text Sam")
    history.trained(weeks=6, minutes=22, before=2, after=4).morning(mood=3, note=LONG_NOTE)
    app = make_app()
    async with app.run_test(size=(80, 22)) as pilot:  # the smallest: the panels run off the end
        await open_on_today(app, pilot)
        await pilot.pause()
        panels = app.screen.query_one("#today")
        assert panels.max_scroll_y > 0
        assert app.screen.focused is panels
        await pilot.press("end")
        await pilot.pause()
        assert panels.scroll_y == panels.max_scroll_y
        await pilot.press("m")  # a check-in over Today, then back: the keys still scroll
        await wait_for(pilot, lambda: not isinstance(app.screen, TodayScreen))
        await pilot.press("escape")
        await open_on_today(app, pilot)
        await pilot.press("home")
        await pilot.pause()
        assert panels.scroll_y == 0


async def test_garbage_collection_held_off_by_start_up_is_back_once_today_is_shown(
    make_app, history
):
    """coach turns collection off while it starts (coach.entry); the app must turn it on."""
    import gc

    history.onboard().launched_today().morning()
    app = make_app()
    gc.disable()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await open_on_today(app, pilot)
            await wait_for(pilot, gc.isenabled)  # a moment after the first frame
    finally:
        gc.enable()


async def too_small_for_a_while(pilot, size: tuple[int, int]) -> None:
    """The window made too small for coach, then back to ``size``."""
    await pilot.resize_terminal(60, 15)
    await pilot.pause(0.1)
    await pilot.resize_terminal(*size)
    await pilot.pause(0.1)


async def test_today_gets_the_keys_back_after_the_window_was_too_small(make_app, history):
    history.onboard().launched_today().buddy("Sam", "text Sam")
    history.trained(weeks=6, minutes=22, before=2, after=4).morning(mood=3, note=LONG_NOTE)
    app = make_app()
    async with app.run_test(size=(60, 15)) as pilot:
        await open_on_today(app, pilot)
        assert "make it a little bigger" in screen_text(app)
        await pilot.resize_terminal(80, 22)
        await pilot.pause(0.1)
        panels = app.screen.query_one("#today")
        assert app.screen.focused is panels
        await pilot.press("end")
        await pilot.pause()
        assert panels.max_scroll_y > 0 and panels.scroll_y == panels.max_scroll_y
        await too_small_for_a_while(pilot, (80, 22))  # again, then a check-in, then back
        await pilot.press("m")
        await wait_for(pilot, lambda: not isinstance(app.screen, TodayScreen))
        await pilot.press("escape")
        await open_on_today(app, pilot)
        assert app.screen.focused is panels
        await pilot.press("home")
        await pilot.pause()
        assert panels.scroll_y == 0


async def test_a_question_gets_the_keys_back_after_the_window_was_too_small(make_app, history):
    from coach.screens.checkin import CheckinScreen

    history.onboard().launched_today().morning()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        await too_small_for_a_while(pilot, (80, 24))
        mood = app.screen.query_one("#mood")
        assert app.focused is mood
        await pilot.press("right", "right")  # the arrows move along the focused question
        await pilot.pause()
        assert mood.value is not None and mood.border_subtitle in screen_text(app)


async def test_theme_choice_is_remembered(make_app, history, store):
    history.onboard().launched_today().morning()
    app = make_app()
    assert app.theme == "coach"
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        app.theme = "nord"
        await pilot.pause()
    assert store.settings().theme == "nord"
    assert make_app().theme == "nord"


@pytest.mark.parametrize("theme", ["coach", "coach-light", "nord", "textual-light"])
async def test_todays_words_are_drawn_in_the_themes_text_colour(make_app, history, store, theme):
    """The words come out in the theme's own colours, dark themes and light, never in the
    background's."""
    history.onboard().launched_today().morning()
    store.save_settings(theme=theme)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        expected = Color.parse(app.get_css_variables()["foreground"])
        background = Color.parse(app.get_css_variables()["background"])
        for name in ("#progress", "#morning"):
            [first, *_] = app.screen.query_one(name).render_line(0)
            assert first.text.strip()
            drawn = first.style.color.triplet
            assert (drawn.red, drawn.green, drawn.blue) == expected.rgb
            assert first.style.bgcolor.triplet != first.style.color.triplet
        assert (app.screen.styles.background.rgb) == background.rgb


async def test_every_action_is_in_the_command_palette(make_app, history):
    history.onboard().launched_today().morning()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
    for title in ("Today", "Week", "Mood check-in", "Start today's session",
                  "Move today's session", "Buddy", "Help", "Quit"):
        assert title in titles


def test_a_damaged_database_is_refused_in_one_line(tmp_path):
    from coach.app import CoachApp

    bad = tmp_path / "coach.db"
    bad.write_bytes(b"this is not a database at all" * 10)
    with pytest.raises(StoreError) as caught:
        CoachApp(bad)
    assert "\n" not in str(caught.value)


def a_database_damaged_where_today_does_not_read(path, where: str = "checkins_by_session"):
    """A year of sessions, with one page of an index Today never reads scrambled: the header,
    the schema and Today's reads are fine, and only the check of every page finds it.
    (``where="sessions"`` damages a page Today does read.)"""
    import random
    import sqlite3

    from coach.models import Session

    with Store.open(path) as s:
        for i in range(200):
            s.add_session(Session(day=TODAY - timedelta(days=i), seconds=1200, mood_before=2,
                                  mood_after=4))
    probe = sqlite3.connect(path)
    try:
        pages = [r[0] for r in probe.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (where,))]
    except sqlite3.OperationalError:
        pytest.skip("this SQLite cannot say which page holds what (no dbstat)")
    finally:
        probe.close()
    page = pages[len(pages) // 2]
    size = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    data = path.read_bytes()
    noise = bytes(random.Random(page).randrange(256) for _ in range(size))
    path.write_bytes(data[: (page - 1) * size] + noise + data[page * size:])


def test_a_database_damaged_where_today_does_not_read_is_refused_at_opening(tmp_path):
    """Every page is checked as the app opens: damage is found before anything is shown,
    with one line, and the file is left as it was."""
    from coach.app import CoachApp

    path = tmp_path / "coach.db"
    a_database_damaged_where_today_does_not_read(path)
    before = path.read_bytes()
    with pytest.raises(StoreError) as refused:
        CoachApp(path)
    problem = str(refused.value)
    assert problem.startswith(f"{path}: ") and "damaged" in problem and "\n" not in problem
    assert path.read_bytes() == before


@pytest.mark.parametrize("where", ["checkins_by_session", "sessions"],
                         ids=["in-an-index", "in-the-sessions"])
def test_coach_says_what_the_check_found_and_keeps_no_status_lines(
    tmp_path, monkeypatch, capsys, where
):
    from coach.app import CoachApp
    from coach.entry import run_app

    path = tmp_path / "coach.db"
    a_database_damaged_where_today_does_not_read(path, where)
    before = path.read_bytes()
    real_run = CoachApp.run
    monkeypatch.setattr(CoachApp, "run", lambda self: real_run(self, headless=True))
    assert run_app(str(path)) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"coach: {path}: ") and "damaged" in err
    assert err.rstrip().endswith("it was left unchanged")  # however it was found
    assert err.count("\n") == 1 and "Traceback" not in err  # one line, not a traceback
    assert path.read_bytes() == before
    assert not (tmp_path / "coach.db-status").exists()


@pytest.mark.parametrize("read", ["unfinished_sessions", "recent_history"],
                         ids=["in-the-launch-worker", "under-today"])
def test_a_store_failing_after_opening_closes_the_app_in_one_line(
    tmp_path, monkeypatch, capsys, read
):
    """A read failing once the app is open (a disk error, say), in the worker that asks the
    first questions or as Today reads, closes the app with its one line, not a traceback."""
    from coach.app import CoachApp
    from coach.entry import run_app

    path = tmp_path / "coach.db"
    with Store.open(path) as s:
        s.save_settings(onboarded=True)

    def failing(self, *args, **kwargs):
        raise StoreError(f"{self.path}: cannot be read (disk I/O error)")

    monkeypatch.setattr(Store, read, failing)
    real_run = CoachApp.run
    monkeypatch.setattr(CoachApp, "run", lambda self: real_run(self, headless=True))
    assert run_app(str(path)) == 1
    err = capsys.readouterr().err
    assert err == f"coach: {path}: cannot be read (disk I/O error)\n"
    assert not (tmp_path / "coach.db-status").exists()


async def test_a_store_failing_under_today_closes_the_app_with_its_one_line(
    make_app, history, monkeypatch
):
    history.onboard().launched_today().morning()

    def failing(self, today, days=14):
        raise StoreError(f"{self.path}: cannot be read (disk I/O error)")

    monkeypatch.setattr(Store, "recent_history", failing)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.store_problem is not None)
    assert app.store_problem.endswith(": cannot be read (disk I/O error)")
    assert app.return_code == 1


def test_no_color_is_honoured(make_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert make_app().no_color


async def test_weekly_questions_follow_the_morning_checkin_when_turned_on(make_app, history, store):
    from coach.screens.checkin import CheckinScreen
    from coach.screens.screener import ScreenerResultScreen, ScreenerScreen

    history.onboard(screener=True)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        await pilot.press("3", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ScreenerScreen))
        await pilot.press("2", "1", "0", "0", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ScreenerResultScreen))
        assert "PHQ-2" in screen_text(app)
        await pilot.press("enter")
        await open_on_today(app, pilot)
    [screener] = store.checkins("screener")
    assert (screener.day, screener.answers) == (TODAY, (2, 1, 0, 0))
    # Answered this week: the next launch goes straight to Today.
    store.set_value("last_launch_day", (TODAY - timedelta(days=1)).isoformat())
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        await pilot.pause(0.2)
        assert isinstance(app.screen, TodayScreen)


async def test_palette_turns_the_weekly_questions_on(make_app, history, store):
    history.onboard().launched_today().morning()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        [command] = [c for c in app.get_system_commands(app.screen)
                     if c.title.startswith("Weekly questions")]
        assert command.title == "Weekly questions (screener): turn on"
        command.callback()
        await pilot.pause()
    assert store.settings().screener is True


async def test_palette_changes_days_and_style_later(make_app, history, store):
    history.onboard().launched_today().morning()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        [command] = [c for c in app.get_system_commands(app.screen)
                     if c.title == "Change days, style and buddy"]
        command.callback()
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        assert "Welcome to coach" not in screen_text(app)  # no first-launch words now
        await pilot.press("enter", "enter", "down", "down", "down", "enter", "enter", "enter")
        await open_on_today(app, pilot)
        assert "20 minutes of pilates" in screen_text(app)
    settings = store.settings()
    assert settings.style == "pilates" and settings.days_two == (0, 3)


async def test_the_command_palette_reaches_the_week(make_app, history):
    history.onboard().launched_today().morning()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"Week")
        await pilot.pause(0.5)
        assert "The week at a glance" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WeekScreen))


async def test_the_palette_lists_every_routine_and_starts_one(make_app, history, timer_stub):
    from coach.routines import routines

    history.onboard().launched_today().morning()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {f"Routine: {r.name}" for r in routines()} <= titles
        assert "Routine: Standing yoga strength" in await palette_shows(app, pilot, "standing yoga")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "TIMER" in screen_text(app))
    [run] = timer_stub
    assert run["routine"] == "yoga-standing-strength" and run["style"] == "yoga"
    assert sum(i.seconds for i in run["intervals"]) == 20 * 60


# --------------------------------------------------------------------------- what the timer is given


@pytest.fixture
def timer_stub(monkeypatch):
    """Stand in for the timer screen, keeping what the app asked it to run."""
    import sys
    import types

    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Static

    started: list[dict] = []

    class StubTimer(Screen[None]):
        BINDINGS = [Binding("escape", "dismiss", "End")]

        def __init__(self, intervals, **options):
            super().__init__()
            started.append({"intervals": list(intervals), **options})

        def compose(self):
            yield Static("TIMER")

    module = types.ModuleType("coach.screens.timer")
    module.TimerScreen = StubTimer
    monkeypatch.setitem(sys.modules, "coach.screens.timer", module)
    return started


async def test_the_timer_gets_todays_routine_at_the_levels_minutes(make_app, history, timer_stub):
    history.onboard(style="yoga").launched_today().morning()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: "TIMER" in screen_text(app))
        history.session(0, 20)  # what the timer records
        await pilot.press("escape")
        await open_on_today(app, pilot)
        assert "Done today: 20 minutes" in screen_text(app)
    [run] = timer_stub
    assert sum(i.seconds for i in run["intervals"]) == 20 * 60
    assert run["style"] == "yoga" and run["routine"].startswith("yoga-")
    assert run["planned_minutes"] == 20


async def test_the_timer_gets_ten_minutes_on_a_low_morning(make_app, history, timer_stub):
    history.onboard().launched_today().morning(mood=1)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: "TIMER" in screen_text(app))
    [run] = timer_stub
    assert sum(i.seconds for i in run["intervals"]) == 10 * 60
    assert run["planned_minutes"] == 10


@pytest.mark.parametrize("spec,seconds,routine", [
    ("40/20x3", 40 * 3 + 20 * 2, "40/20x3"),
    ("Gentle start", 20 * 60, "bodyweight-gentle-start"),
    ("yoga", 20 * 60, "yoga-gentle-flow"),
    ("Pilates", 20 * 60, "pilates-mat-basics"),
    (None, 20 * 60, None),
])
async def test_coach_timer_opens_straight_on_the_timer(
    make_app, history, timer_stub, spec, seconds, routine
):
    history.onboard().launched_today().morning()
    app = make_app(start="timer", timer_spec=spec)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "TIMER" in screen_text(app))
        await pilot.press("escape")
        await open_on_today(app, pilot)
    [run] = timer_stub
    assert sum(i.seconds for i in run["intervals"]) == seconds
    if routine is not None:
        assert run["routine"] == routine


async def test_coach_timer_on_a_fresh_database_skips_the_welcome(make_app, timer_stub, store):
    app = make_app(start="timer", timer_spec="3/2x2")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "TIMER" in screen_text(app))
    assert len(timer_stub) == 1
    assert store.settings().onboarded is False  # Welcome comes on the first plain launch


async def test_the_plan_pauses_and_resumes_from_the_command_palette(make_app, history, store):
    history.onboard().launched_today().morning()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        await palette_shows(app, pilot, "pause the plan")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Paused" in screen_text(app) and app.at_home())
        assert "The plan is paused. Rest and recover" in screen_text(app)
        [pause] = store.pauses()
        assert (pause.start, pause.end) == (TODAY, None)
        await pilot.press("r")
        await wait_for(pilot, lambda: "20 minutes of bodyweight" in screen_text(app))
    assert store.pauses() == []  # paused and resumed the same day: nothing left


async def test_a_damaged_setting_opens_on_its_default_with_one_notice(make_app, db_path):
    import sqlite3

    with Store.open(db_path) as store:
        store.save_settings(onboarded=True, style="yoga")
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE settings SET value = 'yoga' WHERE key = 'style'")  # not JSON
    conn.close()
    app = make_app()
    notices: list[str] = []
    shown = app.notify

    def notify(message: str, **kwargs) -> None:
        notices.append(message)
        shown(message, **kwargs)

    app.notify = notify
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        assert len([m for m in notices if "\u201cstyle\u201d" in m]) == 1
        assert app.coach.settings().style == "bodyweight"


async def test_today_says_in_one_line_what_moved_where_and_why(make_app, history):
    # Two weeks trained on Monday and Thursday; this Monday went by without a session, so it
    # is Thursday and Saturday now. Today says so, once.
    history.onboard().launched_today().trained(weeks=2).morning(mood=4)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("end")
        await pilot.pause()
        text = all_words(app)
        assert text.count("Monday's session moved to Saturday: Monday has passed.") == 1
