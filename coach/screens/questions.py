"""What the app asks over its screens, and what it saves from the answers: an unfinished
session, the morning check-in, the weekly questions, how a timed session felt.

The functions take the app as a :class:`coach.screens.base.FlowHost`, so this module does not
import it; the ones that wait for an answer run in the app's workers (the launch flow, the
weekly questions after a check-in).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.screen import Screen

from coach.screens.base import FlowHost, saving
from coach.words import recorded, unfinished_text


def checkin_screen(kind: str) -> Screen[Any]:
    """The check-in of ``kind`` ("morning", "before", "after")."""
    from coach.screens.checkin import CheckinScreen

    return CheckinScreen(kind)


async def offer_unfinished(host: FlowHost) -> None:
    """Each session the timer left unfinished: record it, let it go, or decide later."""
    from coach.screens.offer import OfferScreen

    coach = host.coach
    for session in coach.unfinished_sessions():
        if session.id is None:
            continue
        keep = await host.push_screen_wait(
            OfferScreen(
                unfinished_text(session, coach.today()),
                yes="Record it",
                no="Let it go",
                title="An unfinished session",
                later=True,
            )
        )
        if keep is None:
            continue  # Escape: decide another time; it stays as it is
        with saving(host):
            if keep:
                coach.keep_unfinished(session.id)
                host.notify(recorded(session.seconds))
            else:
                coach.drop_session(session.id)


async def weekly_screener(host: FlowHost) -> None:
    """The optional weekly PHQ-2 / GAD-2 questions, then what the answers mean."""
    from coach.screens.screener import ScreenerResultScreen, ScreenerScreen

    answers = await host.push_screen_wait(ScreenerScreen())
    if answers is None:
        return  # not now: asked again on another day this week
    with saving(host):
        host.coach.save_checkin("screener", answers=tuple(answers))
        await host.push_screen_wait(ScreenerResultScreen(tuple(answers)))


def open_checkin(host: FlowHost) -> Any:
    """The check-in (m), then the weekly questions when they are due (turned on today, say).

    The check-in is pushed at once, not from a worker, and what this returns is awaited
    until it is on screen: the keys typed right after m are the check-in's."""
    day = host.coach.today()

    def checked_in(result: Any) -> None:
        save_morning(host, result, day)
        if result is not None and host.coach.screener_due():
            host.run_worker(weekly_screener(host), exclusive=True, group="checkin")

    return host.push_screen(checkin_screen("morning"), checked_in)


def save_morning(host: FlowHost, result: Any, day: date | None = None) -> None:
    """Store a morning check-in's answer for ``day`` (default today); None: skipped."""
    if result is None or getattr(result, "mood", None) is None:
        return
    with saving(host):
        host.coach.save_checkin("morning", day=day, mood=result.mood,
                                anxiety=getattr(result, "anxiety", None),
                                note=getattr(result, "note", None))


def record_session(host: FlowHost, done: Any, answer: Any = None) -> None:
    """Store a timed session as finished, with the after check-in's mood and pain (if any)."""
    with saving(host):
        host.coach.record_session(
            session_id=done.session_id, seconds=done.seconds, style=done.style,
            routine=done.routine, mood_before=done.mood_before,
            mood_after=getattr(answer, "mood", None),
            pain=bool(getattr(answer, "pain", None)),
            effort=getattr(answer, "effort", None), easier=done.easier,
        )
        host.notify(recorded(done.seconds))
