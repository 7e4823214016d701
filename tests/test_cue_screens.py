"""If-then cues on screen: Today shows today's cue, the palette changes cues, and the kept
calendar file follows a move made in the app."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from conftest import TODAY, open_on_today, palette_shows, screen_text, wait_for
from icalendar import Calendar

from coach.cues import Cue
from coach.screens.cue import CueScreen
from coach.screens.offer import MoveScreen
from coach.screens.palette import change_choices, edit_cue
from coach.screens.today import TodayScreen

COFFEE = Cue(when="after my morning coffee, in the living room", at="07:30",
             if_hard="the 10-minute version")


async def test_today_shows_the_cue_of_todays_session(make_app, history, store):
    history.onboard().launched_today().morning(mood=4)
    store.save_cues({TODAY.weekday(): COFFEE})
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        text = screen_text(app)
        assert "At 07:30, after my morning coffee, in the living room" in text
        # One short line: the if-it-feels-hard plan does not fit beside this one.
        (line,) = [line for line in _lines(app) if "07:30" in line]
        assert "If it feels hard" not in line and "living room" in line


async def test_on_a_low_morning_the_if_hard_plan_comes_first(make_app, history, store):
    history.onboard().launched_today().morning(mood=2)
    store.save_cues({TODAY.weekday(): Cue(when="after my coffee", if_hard="just the warm-up")})
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        (line,) = [line for line in _lines(app) if "warm-up" in line]
        assert line.index("If it feels hard: just the warm-up") < line.index("After my coffee")


async def test_a_rest_day_shows_no_cue(make_app, history, store, today):
    history.onboard().launched_today()
    store.save_cues({d: COFFEE for d in range(7)})
    today.value = TODAY + timedelta(days=1)  # Friday: a rest day
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        assert "07:30" not in screen_text(app)


async def test_the_palette_changes_the_cues(make_app, history, store):
    history.onboard().launched_today().morning()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await palette_shows(app, pilot, "cue every day")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CueScreen))
        await pilot.press(*"after work, in the hall", "enter", *"1830", "enter")
        # A time that is not one is said in one line, and nothing is saved yet.
        await pilot.press("enter")
        await pilot.pause()
        assert "not a time of day" in screen_text(app)
        assert store.cues() == {}
        await pilot.press("shift+tab", *["backspace"] * 4, *"18:30", "tab")
        await pilot.press(*"text Sam first", "enter")
        await open_on_today(app, pilot)
        assert "At 18:30, after work, in the hall" in screen_text(app)
    expected = Cue(when="after work, in the hall", at="18:30", if_hard="text Sam first")
    assert store.cues() == {d: expected for d in range(7)}


async def test_escape_leaves_the_cue_as_it_was(make_app, history, store):
    history.onboard().launched_today().morning()
    store.save_cues({0: COFFEE})
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        edit_cue(app, [0])
        await wait_for(pilot, lambda: isinstance(app.screen, CueScreen))
        assert "after my morning coffee" in screen_text(app)  # the form starts from the cue
        await pilot.press("x", "escape")
        await open_on_today(app, pilot)
    assert store.cues() == {0: COFFEE}


def _events(path) -> dict[date, object]:
    found = {}
    for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
        start = event.decoded("DTSTART")
        found[start.date() if isinstance(start, datetime) else start] = event
    return found


async def test_the_kept_calendar_file_follows_a_move_in_the_app(make_app, history, store,
                                                                tmp_path):
    history.onboard().launched_today().morning()
    store.save_cues({d: COFFEE for d in range(7)})
    target = tmp_path / "plan.ics"
    store.keep_calendar(str(target), 2, 15)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, MoveScreen))
        await pilot.press("enter")  # to tomorrow
        await open_on_today(app, pilot)
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, TodayScreen)
    found = _events(target)
    tomorrow = TODAY + timedelta(days=1)
    assert TODAY not in found and tomorrow in found
    assert found[tomorrow].decoded("DTSTART") == datetime(2026, 3, 13, 7, 30)


def _lines(app) -> list[str]:
    from conftest import screen_lines

    return screen_lines(app)


async def test_the_welcome_has_one_optional_cue_step(make_app, db_path):
    from coach.screens.welcome import WelcomeScreen
    from coach.store import Store

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press("enter", "enter", "enter", "enter")  # days, week, style, no buddy
        await pilot.pause()
        assert "When and where will you train?" in screen_text(app)
        assert "Step 5 of 5" in screen_text(app)
        await pilot.press(*"after my morning coffee", "enter", *"07:30", "enter",
                          *"the 10-minute version", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, WelcomeScreen))
        await pilot.press("escape")  # the morning check-in: not now
        await open_on_today(app, pilot)
        assert "At 07:30, after my morning coffee" in screen_text(app)
    with Store.open(db_path) as store:
        cue = Cue(when="after my morning coffee", at="07:30", if_hard="the 10-minute version")
        # The chosen days (and the third day for later) carry it: Monday, Wednesday, Thursday,
        # Friday with the default pair.
        assert store.cues() == {0: cue, 2: cue, 3: cue, 4: cue}


async def test_enter_skips_the_cue_step_and_keeps_a_cue_already_set(make_app, history, store):
    history.onboard().launched_today().morning()
    store.save_cues({0: COFFEE, 3: COFFEE})
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        change_choices(app)
        from coach.screens.welcome import WelcomeScreen

        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press("enter", "enter", "enter", "enter")
        await pilot.pause()
        assert "after my morning coffee" in screen_text(app)  # the form starts from it
        await pilot.press("enter", "enter", "enter")
        await open_on_today(app, pilot)
    assert store.cues() == {0: COFFEE, 3: COFFEE}  # unchanged: nothing rewritten
