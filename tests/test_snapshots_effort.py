"""The effort question, kept as SVG snapshots (tests/__snapshots__/).

Regenerate with ``pytest tests/test_snapshots_effort.py --snapshot-update`` and look at
the pictures before accepting them.
"""

from __future__ import annotations

import pytest
from test_snapshots_checkin import CheckinHost

SIZES = [(80, 24), (120, 40)]
size_ids = pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")


@size_ids
def test_after_checkin_asks_how_hard_that_was(snap_compare, size):
    assert snap_compare(CheckinHost("after"), press=["3", "n", "3"], terminal_size=size)
