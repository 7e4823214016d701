"""``coach status``: two or three plain lines for a shell's start-up file.

Imported without click or Textual so that it stays fast.
"""

from __future__ import annotations

import sys
from datetime import date

from coach.store import Store, StoreError


def status_text(store: Store, today: date) -> str:
    from coach import plan as rules
    from coach import report
    from coach.mood import insight

    history = store.history()
    week = rules.plan_week(history, today, today)
    found = insight(history.sessions)
    lines = report.status_lines(week, insight_line=found.text if found else None)
    return "\n".join(lines)


def run_status(db: str | None) -> int:
    from coach.dates import today
    from coach.paths import resolve_db_path

    try:
        store = Store.open(resolve_db_path(db))
    except StoreError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 1
    try:
        print(status_text(store, today()))
    except StoreError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    return 0
