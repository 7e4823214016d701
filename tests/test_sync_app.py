"""The app syncs beside the person using it: after the first frame, after writes, at quit."""

from __future__ import annotations

from datetime import datetime
import shutil
from pathlib import Path

from coach.models import Session
from coach.screens.checkin import CheckinScreen
from coach.screens.today import TodayScreen
from coach.store import Store
from coach.sync import sync
from tests.conftest import TODAY, WEEK_START, open_on_today, screen_text, wait_for


def _has(path: Path, what: str) -> bool:
    return any(what in f.read_text() for f in path.parent.glob("coach-*.jsonl"))


async def test_the_app_syncs_in_a_worker_while_the_person_checks_in(make_app, history, store,
                                                                    tmp_path: Path) -> None:
    folder = tmp_path / "S"
    history.onboard().launched_today()
    sync(store, folder)
    # Another machine logged this week's Monday session and synced.
    with Store.open(tmp_path / "desktop.db") as other:
        other.add_session(Session(day=WEEK_START, seconds=25 * 60, style="yoga"))
        sync(other, folder, host="desktop")
    app = make_app()
    app.sync_delay = 0.05
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("m")  # while the launch sync runs beside Today
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        await pilot.press("4", "2", "enter")
        await open_on_today(app, pilot)
        await wait_for(pilot, lambda: len(store.sessions()) == 1)  # the launch sync's doing
        await wait_for(pilot, lambda: store.sync_pending() is False and bool(
            [f for f in folder.iterdir() if '"kind":"checkins"' in f.read_text()]))
        await wait_for(pilot, lambda: "1 of 2" in _today_text(app))
    [morning] = store.checkins("morning")
    assert (morning.day, morning.mood, morning.anxiety) == (TODAY, 4, 2)
    with Store.open(tmp_path / "desktop.db") as other:
        sync(other, folder, host="desktop")
        assert [c.mood for c in other.checkins("morning")] == [4]


def _today_text(app) -> str:
    return screen_text(app)


async def test_what_is_written_last_goes_out_as_the_app_closes(make_app, history, store,
                                                               tmp_path: Path) -> None:
    folder = tmp_path / "S"
    history.onboard().launched_today()
    sync(store, folder)
    app = make_app()
    app.sync_delay = 3600  # never before the app closes
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, CheckinScreen))
        await pilot.press("3", "enter")
        await open_on_today(app, pilot)
        assert store.sync_pending()
    assert not store.sync_pending()
    assert any('"kind":"checkins"' in f.read_text() for f in folder.iterdir())


async def test_a_folder_gone_missing_is_one_calm_line(make_app, history, store,
                                                      tmp_path: Path) -> None:
    folder = tmp_path / "usb" / "S"
    folder.parent.mkdir()
    history.onboard().launched_today().morning()
    sync(store, folder)
    shutil.rmtree(folder.parent)  # the stick was taken out
    app = make_app()
    said: list[tuple[str, str]] = []
    shown = app.notify

    def notify(message: str, **kwargs) -> None:
        said.append((kwargs.get("title") or "", message))
        shown(message, **kwargs)

    app.notify = notify
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await wait_for(pilot, lambda: bool(said))
        assert isinstance(app.screen, TodayScreen)
    [(title, line)] = said
    assert title == "Not synced this time" and "does not exist" in line and "\n" not in line
