"""The command palette's entries: every screen's actions, the routines, the cues, the settings.

``palette_commands(host)`` gives them in the order the palette shows them; the app adds them to
Textual's own (theme, keys, quit) over its main screens. The host is the app seen as a
:class:`PaletteHost`, so this module does not import it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import Protocol

from textual.app import SystemCommand

from coach.screens.base import CoachHost


class PaletteHost(CoachHost, Protocol):
    """The app's actions the palette runs."""

    def action_show(self, mode: str) -> None: ...
    def action_checkin(self) -> None: ...
    def action_start_session(self) -> None: ...
    def action_move_session(self) -> None: ...
    def action_pause_plan(self) -> None: ...
    def action_change_choices(self) -> None: ...
    def toggle_setting(self, name: str) -> None: ...
    def start_timer(self, spec: str | None) -> None: ...
    def edit_cue(self, days: list[int]) -> None: ...


def routine_commands(host: PaletteHost) -> Iterator[SystemCommand]:
    """One command per routine: the timer on it, for today's minutes."""
    from coach.routines import routines

    for routine in routines():
        what = f"{routine.style_name}: {routine.summary}" if routine.summary else routine.style_name
        yield SystemCommand(f"Routine: {routine.name}", what,
                            partial(host.start_timer, routine.slug))


def cue_commands(host: PaletteHost) -> list[SystemCommand]:
    """If-then cues: one palette command for every day at once, one per preferred day."""
    from coach.cues import cue_line
    from coach.words import WEEKDAY_LONG

    settings = host.coach.settings()
    cues = host.coach.cues()
    first = settings.first_weekday
    days = sorted(set(settings.days_two) | set(settings.days_three) | set(cues),
                  key=lambda d: (d - first) % 7)
    commands = [SystemCommand("If-then cue: every day",
                              "When and where you train, and a plan for if it feels hard",
                              lambda: host.edit_cue(list(range(7))))]
    for day in days:
        cue = cues.get(day)
        commands.append(SystemCommand(
            f"If-then cue: {WEEKDAY_LONG[day]}",
            cue_line(cue) if cue is not None else "When and where, and if it feels hard",
            lambda day=day: host.edit_cue([day]),
        ))
    return commands


def palette_commands(host: PaletteHost) -> Iterable[SystemCommand]:
    """coach's own palette commands, in the order they are listed."""
    settings = host.coach.settings()
    if host.coach.paused_today():
        pause = SystemCommand("Resume the plan", "Start the plan again from today (r)",
                              host.action_resume_plan)
    else:
        pause = SystemCommand("Pause the plan", "A break for illness, travel or a hard "
                              "time; your level is kept", host.action_pause_plan)
    return (
        SystemCommand("Today", "Today's plan (t)", lambda: host.action_show("today")),
        SystemCommand("Week", "The week at a glance (w)", lambda: host.action_show("week")),
        SystemCommand("Mood check-in", "How are you feeling? (m)", host.action_checkin),
        SystemCommand("Start today's session", "Open the timer (s)",
                      host.action_start_session),
        SystemCommand("Move today's session", "To another day this week (d)",
                      host.action_move_session),
        *routine_commands(host),
        SystemCommand("Buddy", "Your workout buddy (b)", lambda: host.action_show("buddy")),
        pause,
        SystemCommand("Change days, style and buddy", "The choices made at the welcome",
                      host.action_change_choices),
        *cue_commands(host),
        # Titles carry the words people look for: the palette matches titles only.
        SystemCommand(
            "Weekly questions (screener): turn " + ("off" if settings.screener else "on"),
            "Two short questionnaires (PHQ-2, GAD-2) once a week; off unless you want them",
            lambda: host.toggle_setting("screener"),
        ),
        SystemCommand("Timer sound, the bell: turn " + ("off" if settings.bell else "on"),
                      "One soft bell at each change of interval",
                      lambda: host.toggle_setting("bell")),
        SystemCommand("Timer sound, the count-in: turn "
                      + ("off" if settings.count_in else "on"),
                      "A beep in the last seconds before each change; off unless you want it",
                      lambda: host.toggle_setting("count_in")),
        SystemCommand("What helps me", "Your mood lift by style, time of day and length, "
                      "and your mornings (i)", lambda: host.action_show("insights")),
        SystemCommand("Help", "Keys, the plan, where to find help (?)",
                      lambda: host.action_show("help")),
    )
