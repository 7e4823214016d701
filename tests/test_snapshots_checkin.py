"""How the check-in looks, kept as SVG snapshots (tests/__snapshots__/).

Regenerate with ``pytest tests/test_snapshots_checkin.py --snapshot-update`` and look at the
pictures before accepting them.
"""

from __future__ import annotations

import pytest
from textual.app import App

from coach.screens.checkin import CheckinScreen

SIZES = [(80, 24), (120, 40)]


class CheckinHost(App[None]):
    """A bare app showing one check-in."""

    TITLE = "coach"

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def on_mount(self) -> None:
        self.push_screen(CheckinScreen(self.kind))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_morning_checkin_with_its_answers_shown(snap_compare, size):
    # 2 answers the mood and moves on; 4 answers anxiety and moves on to the note.
    assert snap_compare(CheckinHost("morning"), press=["2", "4"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_after_checkin_with_mood_and_pain_answered(snap_compare, size):
    assert snap_compare(CheckinHost("after"), press=["3", "y"], terminal_size=size)


class ScreenerHost(App[None]):
    """A bare app showing the weekly screener."""

    TITLE = "coach"

    def on_mount(self) -> None:
        from coach.screens.screener import ScreenerScreen

        self.push_screen(ScreenerScreen())


def test_screener_answered_fits_80x24_with_its_credit(snap_compare):
    # All four answered: the answers in words, then the authors' credit, nothing scrolled.
    assert snap_compare(ScreenerHost(), press=["2", "1", "0", "3"], terminal_size=(80, 24))
