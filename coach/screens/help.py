"""Help: where to find help now, the keys, and how the plan builds up."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.containers import HorizontalGroup, Vertical, VerticalScroll
from textual.widgets import Label, Static

from coach.plan import LEVELS, TOP_LEVEL
from coach.resources import CRISIS_HEADING, CRISIS_RESOURCES, NOT_MEDICAL_CARE
from coach.screens.base import CoachScreen
from coach.screens.keys import action_keys
from coach.screens.timer import TimerScreen
from coach.screens.today import TodayScreen
from coach.widgets.footer import CoachFooter
from coach.words import KEY_HELP

PLAN_RULES: tuple[str, ...] = (
    "You start at level 1: two 20-minute sessions a week.",
    "A session counts toward the next step when it lasts at least three quarters of the "
    "level's minutes. Shorter sessions are kept and shown: showing up counts.",
    "Two complete weeks in a row, with no session marked painful or rated too hard, take you "
    "one step up. "
    "Steps are small: weekly minutes never rise by more than a quarter.",
    "A lighter week simply keeps your level. After two weeks without a session the plan "
    "eases down a step, so coming back is gentle.",
    "Rest days sit between sessions. To pause the plan for illness, travel or an injury, "
    "choose Pause the plan in the command palette (ctrl+p) or run coach pause in a terminal; "
    "r on Today resumes it. Your level is kept meanwhile.",
)


def key_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """Help's rows for these bindings: each action's first key and its words (KEY_HELP), in
    KEY_HELP's order; actions with the same words share a row ("c / x"). An action without
    words is left out."""
    keys = action_keys(bindings)
    rows: dict[str, list[str]] = {}
    for action, what in KEY_HELP.items():
        if action in keys:
            rows.setdefault(what, []).append(keys[action])
    return [(" / ".join(found), what) for what, found in rows.items()]


def keys_table(rows: Iterable[tuple[str, str]]) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0), expand=False)
    table.add_column(style="bold")
    table.add_column()
    for key, what in rows:
        table.add_row(key, what)
    return table


LADDER_HEADER = ("level", "sessions a week", "minutes each", "minutes a week")


def ladder_lines() -> list[str]:
    """The build-up ladder as aligned plain lines (a header, then one line per level)."""
    widths = [len(h) for h in LADDER_HEADER]
    lines = ["  ".join(LADDER_HEADER)]
    for number in sorted(LEVELS):
        lvl = LEVELS[number]
        cells = (number, lvl.sessions, lvl.minutes, lvl.weekly_minutes)
        line = "  ".join(str(v).rjust(w) for v, w in zip(cells, widths))
        if number == TOP_LEVEL:
            line += "  (the place to stay)"
        lines.append(line)
    return lines


class HelpScreen(CoachScreen):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape", "app.go_back", "Back"),
        # Still i, but out of the footer here: Help lists it, and at 80 columns the footer
        # would otherwise cut off q Quit.
        Binding("i", "app.show('insights')", "Helps", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Label("Help", classes="help-title")
            yield Static(NOT_MEDICAL_CARE, id="not-medical", markup=False)
            yield Static(
                "\n".join(CRISIS_RESOURCES), id="crisis", classes="box", markup=False
            )
            yield Label("Keys", classes="help-heading")
            palette = Binding(self.app.COMMAND_PALETTE_BINDING, "command_palette")
            keys = key_rows([*self.app.BINDINGS, *TodayScreen.BINDINGS, palette])
            yield Static(keys_table(keys), id="keys")
            yield Label("On the timer", classes="help-heading")
            yield Static(keys_table(key_rows(TimerScreen.BINDINGS)), id="timer-keys")
            yield Label("How the plan builds up", classes="help-heading")
            header, *rows = ladder_lines()
            yield Static(
                Content.assemble((header, "bold"), "\n", "\n".join(rows)), id="ladder"
            )
            with Vertical(id="rules"):
                for rule in PLAN_RULES:  # a bullet beside its text: wrapped lines align
                    with HorizontalGroup(classes="rule"):
                        yield Label("•", classes="bullet")
                        yield Static(rule, markup=False)
            yield Static(
                "Everything stays on this computer. One day at a time: the long game matters "
                "more than any single week.",
                id="closing",
                classes="muted",
                markup=False,
            )
        yield CoachFooter()

    def on_mount(self) -> None:
        self.query_one("#crisis", Static).border_title = CRISIS_HEADING

    def on_screen_resume(self) -> None:
        self.query_one("#help", VerticalScroll).focus()
