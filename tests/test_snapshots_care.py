"""Today with the safety net on, kept as SVG snapshots (tests/__snapshots__/), on a frozen day.

Regenerate with ``pytest tests/test_snapshots_care.py --snapshot-update`` and look at the
pictures before accepting them.
"""

from __future__ import annotations

import pytest
from test_snapshots_main import SIZES, until

from coach.screens.today import TodayScreen


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_today_with_the_safety_net(snap_compare, make_app, history, size):
    # Three mood-1 mornings in a row, today a session day, a buddy to reach out to.
    history.onboard().launched_today().buddy("Sam", "text Sam")
    history.session(-10, 20).morning(-2, mood=1).morning(-1, mood=1).morning(0, mood=1)
    assert snap_compare(make_app(), terminal_size=size, run_before=until(TodayScreen))
