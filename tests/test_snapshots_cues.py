"""Today with an if-then cue, kept as SVG snapshots at both sizes, on the frozen day.

Regenerate with ``pytest tests/test_snapshots_cues.py --snapshot-update`` and look at the
pictures before accepting them.
"""

from __future__ import annotations

from conftest import TODAY, WEEK_START
from test_snapshots_main import size_ids, until

from coach.cues import Cue
from coach.screens.today import TodayScreen


@size_ids
def test_today_with_a_cue(snap_compare, make_app, history, store, size):
    history.onboard().launched_today().morning(mood=4, anxiety=2)
    history.session(WEEK_START, 20, before=3, after=4)
    store.save_cues({TODAY.weekday(): Cue(when="after my morning coffee, in the living room",
                                          at="07:30", if_hard="the 10-minute version")})
    assert snap_compare(make_app(), terminal_size=size, run_before=until(TodayScreen))
