"""A session from start to record: the offer to start anyway on a day without one, the timer,
then how it felt, and the session recorded.

The app (a :class:`coach.screens.base.FlowHost`) calls these for s, for a routine from the
palette and for ``coach timer``; the timer screen is imported when it first opens, so this
module costs nothing at start-up.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from coach.screens.base import FlowHost
from coach.screens.questions import checkin_screen, record_session
from coach.words import start_note

if TYPE_CHECKING:
    from coach.screens.timer import TimerDone


def start_session(host: FlowHost) -> None:
    """Today's session on the timer; on a day without one planned, ask first."""
    if not host.at_home():
        return
    note = start_note(host.coach.week(), host.coach.today())
    if note is None:
        start_timer(host, None)
        return
    from coach.screens.offer import OfferScreen

    def answered(go: bool | None) -> None:
        if go:
            start_timer(host, None)

    host.push_screen(OfferScreen(note, yes="Start anyway", no="Not now"), answered)


def start_timer(host: FlowHost, spec: str | None) -> None:
    """Push the timer: today's session (spec None), a routine by name, or a quick spec."""
    from coach.screens.timer import TimerScreen

    try:
        plan = host.coach.timer_plan(spec)
    except (ValueError, LookupError) as exc:
        host.notify(str(exc), title="Could not start the timer", severity="warning",
                    markup=False)
        return
    host.push_screen(
        TimerScreen(plan.intervals, routine=plan.routine, style=plan.style,
                    planned_minutes=plan.planned_minutes),
        partial(timer_done, host),
    )


def timer_done(host: FlowHost, done: TimerDone | None = None) -> None:
    """The timer has closed: with time trained, ask how they feel now, then record it."""
    host.coach.changed()
    if done is not None:
        host.push_screen(checkin_screen("after"), partial(record_session, host, done))
