"""The timer screen with Pilot: a fake clock moved by hand, the real store underneath."""

from __future__ import annotations

import pytest
from conftest import TODAY, open_on_today, screen_lines, screen_text, wait_for

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


async def ask_to_end(app, pilot, key: str) -> None:
    """Press ``key`` on the timer and wait for the "End early?" question."""
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, OfferScreen))


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


async def test_the_end_asks_how_you_feel_now_and_records_the_session(
    make_app, onboarded, clock, store
):
    app = make_app(start="timer", timer_spec="3/2x2")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_timer(app, pilot, "2")
        [running] = store.unfinished_sessions()
        assert running.mood_before == 2 and running.routine == "3/2x2"
        await run(pilot, clock, 8.5)
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        assert "How do you feel now" in screen_text(app)
        await pilot.press("4", "n", "enter")
        await wait_for(pilot, lambda: timer_gone(app))
    [session] = store.sessions()
    assert session.finished and session.seconds == 8
    assert (session.mood_before, session.mood_after, session.pain) == (2, 4, False)
    assert store.unfinished_sessions() == []


async def test_escape_asks_first_then_ends_early_keeping_what_was_done(
    make_app, onboarded, clock, store
):
    app = make_app(start="timer", timer_spec="10/5x2")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_timer(app, pilot)
        await run(pilot, clock, 7)
        await ask_to_end(app, pilot, "escape")
        assert "End the session here? What you did will be kept." in screen_text(app)
        # While the question is open the clock stands still.
        await run(pilot, clock, 20)
        assert screen.timer.state().seconds_trained == pytest.approx(7)
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        assert "How do you feel now" in screen_text(app)
        await pilot.press("escape")  # no answer today: the session is still kept
        await wait_for(pilot, lambda: timer_gone(app) and app.at_home())
        assert "Done today" in screen_text(app)
    [session] = store.sessions()
    assert session.finished and session.seconds == 7
    assert (session.mood_before, session.mood_after) == (3, None)


async def test_escape_just_after_the_last_interval_ran_out_goes_to_the_after_check_in(
    make_app, onboarded, clock, store
):
    """The plan ran out a moment before Escape, before the screen had looked at the clock:
    there is nothing left to end early, so the session is simply over."""
    app = make_app(start="timer", timer_spec="3/2x2")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_timer(app, pilot)
        clock.advance(8.001)  # no look at the clock in between
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        assert "How do you feel now" in screen_text(app)
        assert not any(isinstance(s, OfferScreen) for s in app.screen_stack)
        await pilot.press("4", "n", "enter")
        await wait_for(pilot, lambda: timer_gone(app))
    [session] = store.sessions()
    assert session.finished and session.seconds == 8 and session.mood_after == 4


async def test_the_end_reached_under_the_command_palette_waits_for_it_to_close(
    make_app, onboarded, clock, store
):
    app = make_app(start="timer", timer_spec="3/2x2")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_timer(app, pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: app.screen is not screen)
        palette = app.screen
        await run(pilot, clock, 9)
        assert screen.timer.finished
        # The end came with the palette on top: the screen keeps the session to hand back
        # once it is seen again, and dismisses nothing now (which would close the palette).
        await wait_for(pilot, lambda: screen._finish_when_back)
        assert app.screen is palette
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        assert "How do you feel now" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: timer_gone(app) and app.at_home())
    [session] = store.sessions()
    assert session.finished and session.seconds == 8


async def test_keep_going_carries_on_from_where_it_stopped(make_app, onboarded, clock, store):
    app = make_app(start="timer", timer_spec="10/5x2")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_timer(app, pilot)
        await run(pilot, clock, 4)
        await ask_to_end(app, pilot, "escape")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen)
        await run(pilot, clock, 2)
        assert screen.timer.state().seconds_trained == pytest.approx(6)
        assert "PAUSED" not in screen_text(app) and "0:19 left" in screen_text(app)
    [running] = store.unfinished_sessions()  # the app closed mid-session: kept for next time
    assert running.seconds == 6


async def test_ending_before_anything_was_timed_records_nothing(make_app, onboarded, store):
    app = make_app(start="timer", timer_spec="10/5x2")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_timer(app, pilot)
        await ask_to_end(app, pilot, "escape")
        assert "Nothing has been timed yet, so there is nothing to record." in screen_text(app)
        await pilot.press("y")
        await wait_for(pilot, lambda: timer_gone(app) and app.at_home())
    assert store.sessions() == [] and store.unfinished_sessions() == []


async def test_a_database_left_mid_session_offers_the_unfinished_session(
    make_app, onboarded, clock, db_path, tmp_path
):
    """The files as a crash leaves them (copied while the timer runs), opened next morning."""
    import shutil

    from coach.store import Store

    crashed = tmp_path / "crashed"
    crashed.mkdir()
    app = make_app(start="timer", timer_spec="60/10x5")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_timer(app, pilot)
        await run(pilot, clock, 72)
        with Store.open(db_path) as other:
            [running] = other.unfinished_sessions()
        assert 65 <= running.seconds <= 72  # saved every five seconds or so
        for suffix in ("", "-wal"):
            shutil.copy(f"{db_path}{suffix}", crashed / f"coach.db{suffix}")

    relaunched = make_app(db_path=crashed / "coach.db")
    async with relaunched.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(relaunched.screen, OfferScreen))
        text = screen_text(relaunched)
        assert "unfinished session" in text and "1 minute" in text
        await pilot.press("y")
        await open_on_today(relaunched, pilot)
    with Store.open(crashed / "coach.db") as kept:
        [session] = kept.sessions()
        assert session.finished and session.seconds == running.seconds


async def test_q_mid_session_asks_before_ending(make_app, onboarded, clock, store):
    app = make_app(start="timer", timer_spec="10/5x2")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_timer(app, pilot)
        await run(pilot, clock, 3)
        assert "q Quit" not in screen_text(app)
        await ask_to_end(app, pilot, "q")
        assert "End the session here?" in screen_text(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, TimerScreen))
        assert app.is_running


def digit_rows(app) -> tuple[int, int, int, int]:
    """Where the big clock's blocks are on screen: first row, last row, first and last column."""
    lines = screen_lines(app)
    rows = [n for n, line in enumerate(lines) if any(ch in line for ch in "█▀▄")]
    cols = [n for line in lines for n, ch in enumerate(line) if ch in "█▀▄"]
    assert rows, "no big digits on screen"
    return rows[0], rows[-1], min(cols), max(cols)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_digits_are_big_and_stay_put_from_work_to_rest(make_app, onboarded, clock, size):
    app = make_app(start="timer", timer_spec="40/20x3")
    async with app.run_test(size=size) as pilot:
        await start_timer(app, pilot)
        assert "WORK" in screen_text(app) and "Round 1 of 3" in screen_text(app)
        top, bottom, _, _ = work = digit_rows(app)
        assert bottom - top + 1 >= (5 if size == (80, 24) else 14)
        await run(pilot, clock, 25)  # 0:15 left: other digits, same place
        assert digit_rows(app)[:2] == work[:2]
        await run(pilot, clock, 16)
        text = screen_text(app)
        assert "REST" in text and "Round 1 of 3" in text and "Next: work (0:40)" in text
        assert digit_rows(app)[:2] == work[:2]
        await run(pilot, clock, 20)
        assert "WORK" in screen_text(app) and "Round 2 of 3" in screen_text(app)
        assert digit_rows(app) == work


async def test_warm_up_and_cool_down_say_how_many_rounds(make_app, onboarded, clock):
    app = make_app(start="timer")  # today's routine: warm-up, rounds, cool-down
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_timer(app, pilot)
        rounds = screen.timer.rounds
        assert "WARM-UP" in screen_text(app) and f"{rounds} rounds to come" in screen_text(app)
        while screen.timer.state().phase != "cooldown":
            await pilot.press("n")
            await pilot.pause()
        assert "COOL-DOWN" in screen_text(app) and f"{rounds} rounds done" in screen_text(app)
