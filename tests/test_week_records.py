"""Correcting the history from Week (a day's records: edit, delete with a confirmation, undo),
inputs that take no control character, and stored text that never reaches the terminal raw,
checked on the bytes a real pseudo terminal gets."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from coach.exchange import export_json, import_data, validate
from coach.screens.offer import OfferScreen
from coach.screens.records import DayRecordsScreen, EditRecordScreen
from coach.screens.today import TodayScreen
from coach.screens.week import WeekScreen
from coach.store import Store
from tests.conftest import TODAY, WEEK_START, screen_text, wait_for
from tests.terminal import coach_in_a_terminal, read_until


async def open_week(app, pilot) -> WeekScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen) and app.at_home())
    await pilot.press("w")
    await wait_for(pilot, lambda: isinstance(app.screen, WeekScreen))
    return app.screen


async def open_day(app, pilot, key: str) -> DayRecordsScreen:
    await open_week(app, pilot)
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, DayRecordsScreen))
    return app.screen


def thursday(history) -> None:
    """Today (Thursday, the 4th column): a session with moods and a morning check-in."""
    history.onboard().launched_today().session(0, 20, before=2, after=4).morning(0, mood=3, note="fine")


async def test_a_day_lists_its_records_and_a_deletion_is_confirmed_and_undone(make_app, history, store):
    thursday(history)
    old_export = export_json(store)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_day(app, pilot, "4")
        assert screen.day == TODAY
        assert [e.kind for e in screen.entries] == ["checkin", "session"]
        text = screen_text(app)
        assert "20 minutes of bodyweight, mood 2 → 4" in text and 'mood 3, anxiety 2 · "fine"' in text
        await pilot.press("down", "d")
        await wait_for(pilot, lambda: isinstance(app.screen, OfferScreen))
        assert "Delete session s1" in screen_text(app)
        await pilot.press("n")  # kept
        await wait_for(pilot, lambda: isinstance(app.screen, DayRecordsScreen))
        assert len(store.sessions()) == 1
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, OfferScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, DayRecordsScreen)
                       and len(app.screen.entries) == 1)
        assert store.sessions() == [] and "Deleted the session. u brings it back." in screen_text(app)
        stones = store.tombstones()
        # The tombstones go out with the export and keep the export taken before from
        # bringing the session back.
        import_data(store, validate(json.loads(json.dumps(old_export))))
        assert store.sessions() == []
        with Store.open(store.path.with_name("other.db")) as other:
            import_data(other, validate(json.loads(json.dumps(old_export))))
            assert len(other.sessions()) == 1
            import_data(other, validate(json.loads(json.dumps(export_json(store)))))
            assert other.sessions() == []
            assert {s["uid"] for s in other.tombstones()} == {s["uid"] for s in stones}
        await pilot.press("u")
        await wait_for(pilot, lambda: len(app.screen.entries) == 2)
        assert len(store.sessions()) == 1 and store.tombstones() == []
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, WeekScreen))
        assert "20 min" in screen_text(app)


async def test_a_session_is_edited_from_week_with_the_checks_of_coach_edit(make_app, history, store):
    thursday(history)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_day(app, pilot, "4")
        await pilot.press("down", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, EditRecordScreen))
        minutes = app.screen.query_one("#edit-minutes", Input)
        assert minutes.value == "20"
        await pilot.press("backspace", "backspace", "9", "9", "9", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EditRecordScreen)  # refused, in one line
        assert "999 is not a session length coach records" in screen_text(app)
        assert store.sessions()[0].seconds == 1200
        await pilot.press("backspace", "backspace", "backspace", "3", "0", "tab", "tab", "tab",
                          "5", "backspace", "5", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DayRecordsScreen))
        (session,) = store.sessions()
        assert (session.seconds, session.mood_after) == (1800, 5)
        assert "Changed the session." in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, WeekScreen))
        assert "30 min" in screen_text(app)


async def test_a_sessions_style_effort_and_pain_are_edited_with_one_key_each(make_app, history,
                                                                               store):
    history.onboard().launched_today().session(0, 20, before=2, after=4)
    store.update_session(store.sessions()[0].id, effort="hard")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_day(app, pilot, "4")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, EditRecordScreen))
        form = app.screen
        values = {name: form.query_one(f"#edit-{name}", Input).value
                  for name in ("style", "effort", "pain")}
        assert values == {"style": "1", "effort": "3", "pain": "n"}
        assert "too hard" in screen_text(app)
        await pilot.press("tab")  # the style: its keys are shown while it has the focus
        await wait_for(pilot, lambda: "6 yoga" in screen_text(app))
        await pilot.press("backspace", "6")
        await wait_for(pilot, lambda: "yoga" in str(
            form.query_one("#edit-style-word").render()))
        await pilot.press("tab", "tab", "tab", "backspace", "2", "tab", "backspace", "y")
        assert "1 easy · 2 about right · 3 too hard" not in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DayRecordsScreen))
        (session,) = store.sessions()
        assert (session.style, session.effort, session.pain) == ("yoga", "right", True)
        assert "felt about right, something hurt" in screen_text(app)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, EditRecordScreen))
        await pilot.press("tab", "tab", "tab", "tab", "backspace")  # no effort: allowed
        await pilot.press("tab", "backspace", "enter")  # no answer to pain: refused
        assert isinstance(app.screen, EditRecordScreen)
        assert "Only the effort and the note can be left empty" in screen_text(app)
        await pilot.press("y", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DayRecordsScreen))
        assert store.sessions()[0].effort is None


async def test_a_checkin_note_is_edited_and_an_empty_day_says_so(make_app, history, store):
    thursday(history)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_day(app, pilot, "4")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, EditRecordScreen))
        note = app.screen.query_one("#edit-note", Input)
        note.focus()
        note.value = ""
        await pilot.press(*"better now", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DayRecordsScreen))
        assert [c.note for c in store.checkins(kind="morning")] == ["better now"]
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, WeekScreen))
        await pilot.press("1")  # Monday: nothing
        await wait_for(pilot, lambda: isinstance(app.screen, DayRecordsScreen))
        assert app.screen.day == WEEK_START
        assert "Nothing recorded on this day." in screen_text(app)


async def test_a_day_is_picked_with_a_click_too(make_app, history):
    thursday(history)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_week(app, pilot)
        await pilot.click("#day-3")
        await wait_for(pilot, lambda: isinstance(app.screen, DayRecordsScreen))
        assert app.screen.day == TODAY


async def test_inputs_take_no_control_character_typed_or_pasted(make_app, history):
    history.onboard().launched_today()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen) and app.at_home())
        await pilot.press("b")
        await wait_for(pilot, lambda: app.screen.query("#name"))
        name = app.screen.query_one("#name", Input)
        name.focus()
        await pilot.press(*"Sam")
        name.post_message(events.Paste("\x1b]52;c;UFdORUQ=\x07"))
        await pilot.pause()
        name.insert_text_at_cursor("\x9b2J")
        await pilot.press("ctrl+j")  # a control key sends no character
        await pilot.pause()
        assert name.value == "Sam"


# --------------------------------------------------------------------------- the day cursor


def cursor_day(app) -> object:
    """The day the cursor is on (its box has the class -cursor), or None when none shows."""
    week = app.screen
    marked = [i for i in range(7) if week.query_one(f"#day-{i}").has_class("-cursor")]
    assert len(marked) <= 1
    return week._days[marked[0]] if marked else None


async def test_up_and_down_move_a_day_cursor_across_weeks_and_enter_opens_the_day(make_app, history):
    """Down (or Tab) shows a cursor on today, then moves it a day on; Up (or Shift+Tab) a day
    back, into the previous week past its first day; Left and Right still change the week,
    the cursor keeping its weekday; Enter opens the day under it; Home brings it to today."""
    thursday(history)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        week = await open_week(app, pilot)
        assert cursor_day(app) is None  # Week looks as ever until a day is picked
        await pilot.press("down")
        assert cursor_day(app) == TODAY
        await pilot.press("down", "tab")
        assert cursor_day(app) == TODAY + timedelta(days=2)
        await pilot.press("left")  # the week before, on the same weekday
        assert week._days[0] == WEEK_START - timedelta(days=7)
        assert cursor_day(app) == TODAY - timedelta(days=5)
        await pilot.press("right")
        assert week._days[0] == WEEK_START and cursor_day(app) == TODAY + timedelta(days=2)
        await pilot.press(*["up"] * 6, "shift+tab")  # past Monday: the Sunday before
        assert cursor_day(app) == WEEK_START - timedelta(days=2)
        assert week._days[0] == WEEK_START - timedelta(days=7)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DayRecordsScreen))
        assert app.screen.day == WEEK_START - timedelta(days=2)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is week)
        await pilot.press("home")
        assert week._days[0] == WEEK_START and cursor_day(app) == TODAY
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DayRecordsScreen))
        assert app.screen.day == TODAY and [e.kind for e in app.screen.entries] == ["checkin",
                                                                                    "session"]


async def test_enter_before_the_cursor_shows_opens_today(make_app, history):
    thursday(history)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_week(app, pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DayRecordsScreen))
        assert app.screen.day == TODAY


# --------------------------------------------------------------------------- out of range


async def test_the_app_names_a_record_out_of_range_once_as_it_opens_and_goes_on(
        make_app, history, store, db_path):
    """A session dated 9999-12-31 (an older coach let it in): the app says which record it
    is and how to remove it, in the command line's words, in one notice, and opens as usual."""
    history.onboard().launched_today().session(0, 20)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("INSERT INTO sessions (uid, day, seconds) VALUES ('far', '9999-12-31', 1200)")
    conn.execute("INSERT INTO checkins (uid, day, kind, mood) VALUES ('early', '0001-01-02',"
                 " 'morning', 3)")
    conn.close()
    app = make_app()
    said: list[tuple[str, str]] = []
    shown = app.notify

    def notify(message: str, **kwargs) -> None:
        said.append((kwargs.get("title", ""), message))
        shown(message, **kwargs)

    app.notify = notify
    cleared: list[type] = []
    clear = app.clear_notifications

    def clear_notifications() -> None:
        cleared.append(type(app.screen))
        clear()

    app.clear_notifications = clear_notifications
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: any(title == "A record out of range" for title, _ in said))
        assert said == [("A record out of range",
                         "session s2 is dated 9999-12-31, outside the days coach keeps; remove it"
                         " with: coach delete s2\n"
                         "check-in c1 is dated 0001-01-02, outside the days coach keeps; remove"
                         " it with: coach delete c1")]
        assert isinstance(app.screen, TodayScreen)
        assert cleared == []
        await pilot.press("w")  # nothing stops: Week opens as ever
        await wait_for(pilot, lambda: isinstance(app.screen, WeekScreen))
        # Said once: the notice is taken away, not shown again over Week and a day's records.
        await wait_for(pilot, lambda: cleared == [WeekScreen])
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DayRecordsScreen))
        await pilot.press("escape", "t")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
    assert len(said) == 1 and cleared == [WeekScreen]


async def test_the_out_of_range_notice_stays_over_the_morning_check_in_and_goes_with_week(
        make_app, history, store, db_path):
    history.onboard().session(0, 20)  # not opened today: the check-in comes first
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("INSERT INTO sessions (uid, day, seconds) VALUES ('far', '9999-12-31', 1200)")
    conn.close()
    app = make_app()
    said: list[str] = []
    cleared: list[type] = []
    shown, clear = app.notify, app.clear_notifications

    def notify(message: str, **kwargs) -> None:
        said.append(message)
        shown(message, **kwargs)

    def clear_notifications() -> None:
        cleared.append(type(app.screen))
        clear()

    app.notify, app.clear_notifications = notify, clear_notifications
    async with app.run_test(size=(80, 24)) as pilot:
        from coach.screens.checkin import CheckinScreen

        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen) and bool(said))
        await pilot.press("3", "2", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen) and app.at_home())
        assert len(store.checkins(kind="morning")) == 1
        assert cleared == []  # back on Today, where it was said: still there for its time
        await pilot.press("w")
        await wait_for(pilot, lambda: cleared == [WeekScreen])
    assert [m for m in said if "coach delete s2" in m] == said[:1]


# --------------------------------------------------------------------------- a real terminal


#: A session's style and routine, and the style chosen in the settings, as an older coach let
#: them in (shown on Week's records, What helps me, Today and by the commands).
STYLE_ESC = "yo\x1b]52;c;U1RZTEU=\x07ga"
ROUTINE_C1 = "gentle\x9b2Jstart"
SETTING_STYLE = "bo\x1b[5mdy\x9b2J"


def plant(db: Path) -> None:
    """Stored text with escapes in it, as an older coach let it in."""
    with Store.open(db) as s:
        s.save_settings(onboarded=True, bell=False)
        s.set_value("last_launch_day", time.strftime("%Y-%m-%d"))
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("UPDATE settings SET value = ? WHERE key = 'style'", (json.dumps(SETTING_STYLE),))
    conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('style', ?)",
                 (json.dumps(SETTING_STYLE),))
    day = time.strftime("%Y-%m-%d")
    earlier = time.strftime("%Y-%m-%d", time.localtime(time.time() - 3 * 86400))
    conn.execute("INSERT INTO buddy (id, name, contact) VALUES (1, ?, ?)",
                 ("Sam\x1b]52;c;UFdORUQ=\x07", "text\x9b31mSam"))
    conn.execute("INSERT INTO checkins (uid, day, at, kind, mood, note) VALUES"
                 " ('m', ?, ?, 'morning', 1, ?)", (day, f"{day}T07:00:00", "EVIL\x1b[2J\x1b]8;;x\x07"))
    conn.execute("INSERT INTO sessions (uid, day, seconds, style, routine, note, mood_before,"
                 " mood_after) VALUES ('s', ?, 1200, ?, ?, ?, 2, 4)",
                 (day, STYLE_ESC, ROUTINE_C1, "NOTE\x1b]52;c;eA==\x07"))
    # No style of its own: What helps me counts it under the style of the settings.
    conn.execute("INSERT INTO sessions (uid, day, seconds, routine, mood_before, mood_after)"
                 " VALUES ('t', ?, 1200, ?, 3, 4)", (earlier, ROUTINE_C1))
    conn.close()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")
def test_no_stored_escape_reaches_a_real_terminal(tmp_path: Path):
    db = tmp_path / "coach.db"
    plant(db)
    out = b""
    with coach_in_a_terminal(db, rows=30, columns=100) as (proc, master):
        out += read_until(master, "Today".encode(), 60)
        out += read_until(master, "EVIL".encode(), 20)  # the morning note, on Today
        for key, word in ((b"b", "Sam".encode()), (b"w", "This week".encode())):
            os.write(master, key)
            out += read_until(master, word, 20)
        os.write(master, str(time.localtime().tm_wday + 1).encode())  # today's column
        out += read_until(master, "NOTE".encode(), 20)  # the day's records
        os.write(master, b"\x1b")
        out += read_until(master, None, 1.0)
        os.write(master, b"i")  # What helps me: a row for each style
        out += read_until(master, "By time of day".encode(), 20)
        out += read_until(master, None, 1.0)
        os.write(master, b"q")
        out += read_until(master, None, 3.0)
    text = out.decode("utf-8", errors="replace")
    for raw in ("\x1b]52;c;UFdORUQ", "\x1b]52;c;eA==", "EVIL\x1b[2J", "\x1b]8;;x", "\x9b31m",
                "\x1b]52;c;U1RZTEU", "\x9b2J", "\x1b[5mdy"):
        assert raw not in text, raw
    assert "EVIL␛[2J" in text and "NOTE␛]52;c;eA==␇" in text
    assert "yo␛]52;c;U1RZTEU=␇ga" in text  # the session's style, on its record and by style
    assert "Bo␛[5mdy\ufffd2J" in text  # the settings' style, for the session without one


async def test_an_empty_day_offers_only_what_applies(make_app, history):
    history.onboard().launched_today()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_day(app, pilot, "2")  # Tuesday: nothing recorded
        await wait_for(pilot, lambda: "Nothing recorded on this day." in screen_text(app))
        text = screen_text(app)
        assert "e edit" not in text and "d delete" not in text and "u undo" in text
