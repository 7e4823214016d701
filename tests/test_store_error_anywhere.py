"""A database error met anywhere in the app ends in its one line, never a traceback."""

from __future__ import annotations

from textual.command import CommandPalette

from coach.screens.offer import OfferScreen
from coach.store import Store, StoreError
from conftest import open_on_today, wait_for


def failing(self, *args, **kwargs):
    raise StoreError(f"{self.path}: cannot be read (disk I/O error)")


async def test_a_command_from_the_palette_that_meets_a_store_error_closes_in_one_line(
    make_app, history, monkeypatch
):
    history.onboard().launched_today()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"cue every")
        await pilot.pause(0.3)
        monkeypatch.setattr(Store, "cues", failing)  # the command reads the cues again
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.store_problem is not None)
    assert app.store_problem.endswith(": cannot be read (disk I/O error)")
    assert app.return_code == 1


async def test_what_a_screen_gives_back_meeting_a_store_error_closes_in_one_line(
    make_app, history, monkeypatch
):
    history.onboard().launched_today()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_on_today(app, pilot)
        monkeypatch.setattr(Store, "cues", failing)
        app.push_screen(OfferScreen("Read the cues?"), lambda yes: app.coach.cues())
        await wait_for(pilot, lambda: isinstance(app.screen, OfferScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.store_problem is not None)
    assert app.store_problem.endswith(": cannot be read (disk I/O error)")
    assert app.return_code == 1
