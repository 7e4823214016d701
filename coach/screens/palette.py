"""The command palette's entries: every screen's actions, the routines, the cues, the settings.

``palette_commands(host)`` gives them in the order the palette shows them; the app adds them to
Textual's own (theme, keys, quit) over its main screens. What only the palette does (pause the
plan, move today's session from any screen, a setting, a cue, the welcome's choices again) is
here too. The host is the app seen as a :class:`PaletteHost`, so this module does not import it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any, ClassVar, Protocol

from textual.app import SystemCommand
from textual.binding import BindingType
from textual.screen import Screen

from coach.screens.base import FlowHost, saving
from coach.screens.keys import action_keys
from coach.screens.session_flow import start_timer
from coach.screens.today import TodayScreen, resume_plan
from coach.words import PAUSED_NOTE, PAUSED_TITLE, SETTING_TOGGLED


class PaletteHost(FlowHost, Protocol):
    """The app, as the palette finds it: its screens and the actions of its keys."""

    BINDINGS: ClassVar[list[BindingType]]

    @property
    def place(self) -> str: ...
    @property
    def screen(self) -> Screen[Any]: ...

    def action_show(self, mode: str) -> None: ...
    async def action_checkin(self) -> None: ...
    def action_start_session(self) -> None: ...


def move_session(host: PaletteHost) -> None:
    """Today's move dialog, from whichever screen the palette was opened on."""
    if host.place != "today":
        host.action_show("today")
    move = getattr(host.screen, "action_move", None)
    if move is not None:
        move()


def pause_plan(host: PaletteHost) -> None:
    """Pause the plan from today, open-ended (as ``coach pause`` does)."""
    if not host.at_home() or host.coach.paused_today():
        return
    with saving(host):
        host.coach.pause()
        host.notify(PAUSED_NOTE, title=PAUSED_TITLE)


def change_choices(host: PaletteHost) -> None:
    """The welcome's questions again, starting from the current answers."""
    if not host.at_home():
        return
    from coach.screens.welcome import WelcomeScreen

    host.push_screen(WelcomeScreen(host.coach.settings()), lambda _: host.coach.changed())


def toggle_setting(host: PaletteHost, name: str) -> None:
    """Flip a yes/no setting (the weekly questions, the timer's bell) and say so."""
    words = SETTING_TOGGLED[name]
    with saving(host):
        host.notify(words[0] if host.coach.toggle_setting(name) else words[1])


def edit_cue(host: PaletteHost, days: list[int]) -> None:
    """The cue form for ``days``; what it gives back is saved."""
    if host.at_home():
        from coach.screens.cue import cue_screen, save_cue

        host.push_screen(cue_screen(host.coach, days), partial(save_cue, host, days))


def routine_commands(host: PaletteHost) -> Iterator[SystemCommand]:
    """One command per routine: the timer on it, for today's minutes."""
    from coach.routines import routines

    for routine in routines():
        what = f"{routine.style_name}: {routine.summary}" if routine.summary else routine.style_name
        yield SystemCommand(f"Routine: {routine.name}", what,
                            partial(start_timer, host, routine.slug))


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
                              lambda: edit_cue(host, list(range(7))))]
    for day in days:
        cue = cues.get(day)
        commands.append(SystemCommand(
            f"If-then cue: {WEEKDAY_LONG[day]}",
            cue_line(cue) if cue is not None else "When and where, and if it feels hard",
            lambda day=day: edit_cue(host, [day]),
        ))
    return commands


def palette_commands(host: PaletteHost) -> Iterable[SystemCommand]:
    """coach's own palette commands, in the order they are listed; a command with a key of
    its own (the app's or Today's) names it, as the bindings give it."""
    keys = action_keys([*host.BINDINGS, *TodayScreen.BINDINGS])

    def key(what: str, action: str) -> str:
        return f"{what} ({keys[action]})"

    def show(mode: str) -> partial[None]:
        return partial(host.action_show, mode)

    settings = host.coach.settings()
    if host.coach.paused_today():
        pause = SystemCommand("Resume the plan", key("Start the plan again from today", "resume"),
                              partial(resume_plan, host))
    else:
        pause = SystemCommand("Pause the plan", "A break for illness, travel or a hard "
                              "time; your level is kept", partial(pause_plan, host))
    return (
        SystemCommand("Today", key("Today's plan", "show('today')"), show("today")),
        SystemCommand("Week", key("The week at a glance", "show('week')"), show("week")),
        SystemCommand("Mood check-in", key("How are you feeling?", "checkin"),
                      host.action_checkin),
        SystemCommand("Start today's session", key("Open the timer", "start_session"),
                      host.action_start_session),
        SystemCommand("Move today's session", key("To another day this week", "move"),
                      partial(move_session, host)),
        *routine_commands(host),
        SystemCommand("Buddy", key("Your workout buddy", "show('buddy')"), show("buddy")),
        pause,
        SystemCommand("Change days, style and buddy", "The choices made at the welcome",
                      partial(change_choices, host)),
        *cue_commands(host),
        # Titles carry the words people look for: the palette matches titles only.
        SystemCommand(
            "Weekly questions (screener): turn " + ("off" if settings.screener else "on"),
            "Two short questionnaires (PHQ-2, GAD-2) once a week; off unless you want them",
            lambda: toggle_setting(host, "screener"),
        ),
        SystemCommand("Timer sound, the bell: turn " + ("off" if settings.bell else "on"),
                      "One soft bell at each change of interval",
                      lambda: toggle_setting(host, "bell")),
        SystemCommand("Timer sound, the count-in: turn "
                      + ("off" if settings.count_in else "on"),
                      "A beep in the last seconds before each change; off unless you want it",
                      lambda: toggle_setting(host, "count_in")),
        SystemCommand("What helps me",
                      key("Your mood lift by style, time of day and length, and your mornings",
                          "show('insights')"), show("insights")),
        SystemCommand("Help", key("Keys, the plan, where to find help", "show('help')"),
                      show("help")),
    )
