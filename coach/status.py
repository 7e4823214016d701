"""``coach status``: two or three plain lines for a shell's start-up file.

Imported without click or Textual so that it stays fast.
"""

from __future__ import annotations

import sys
from datetime import date

from coach.models import History
from coach.store import Store, StoreError


def status_history(store: Store) -> History:
    """What the status lines need, without reading years of check-ins.

    The plan reads check-ins for one thing only: the day of the first activity (a first
    check-in may come before the first session). So the check-ins read are those up to the
    first session's day, which always holds the earliest one; with no session yet, all of them.
    The lines come out exactly as from ``store.history()``.
    """
    sessions = store.sessions()
    first_session = sessions[0].day if sessions else None
    return History(
        sessions=sessions,
        pauses=store.pauses(),
        checkins=store.checkins(until=first_session),
        buddy=store.buddy(),
        buddy_checkins=store.buddy_checkins(),
        moves=store.moves(),
        settings=store.settings(),
    )


def status_text(store: Store, today: date) -> str:
    from coach import plan as rules
    from coach import report
    from coach.mood import insight

    history = status_history(store)
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
