"""Small modal questions: an offer to accept or let go, and a day picker for moving a session."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from coach.screens.dialog import Dialog
from coach.words import day_label

OFFER_CSS = """
OfferScreen > Vertical, MoveScreen > Vertical {
    width: 64;
}
OfferScreen .offer-title, MoveScreen .offer-title {
    text-style: bold;
    color: $primary;
    margin-bottom: 1;
}
OfferScreen .offer-text {
    margin-bottom: 1;
}
OfferScreen Horizontal {
    height: auto;
    align-horizontal: right;
}
OfferScreen Button {
    margin-left: 2;
    min-width: 14;
}
MoveScreen OptionList {
    height: auto;
    max-height: 12;
    margin-bottom: 1;
}
"""


class OfferScreen(Dialog["bool | None"]):
    """A question with two kind answers; dismisses True (yes) or False (no).

    Escape means no, or with ``later=True`` "not now": it dismisses None and the caller
    leaves things as they are (the question comes back another time).
    """

    DEFAULT_CSS = OFFER_CSS
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", show=False),
        Binding("n", "answer(False)", "No", show=False),
        Binding("escape", "escape", "Not now"),
    ]

    def __init__(
        self, text: str, *, yes: str = "Yes", no: str = "No", title: str = "", later: bool = False
    ) -> None:
        super().__init__()
        self.text = text
        self.yes_label = yes
        self.no_label = no
        self.title_text = title
        self.later = later

    def compose(self) -> ComposeResult:
        with Vertical():
            if self.title_text:
                yield Label(self.title_text, classes="offer-title", markup=False)
            yield Static(self.text, classes="offer-text", markup=False)
            if self.later:
                yield Static("Escape: decide another time.", classes="muted")
            with Horizontal():
                yield Button(f"{self.no_label} (n)", id="no", variant="default")
                yield Button(f"{self.yes_label} (y)", id="yes", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def action_escape(self) -> None:
        self.dismiss(None if self.later else False)


class MoveScreen(Dialog["date | None"]):
    """Pick the day this week to move today's session to; dismisses the day or None."""

    DEFAULT_CSS = OFFER_CSS
    BINDINGS = [Binding("escape", "cancel", "Keep it today")]

    def __init__(self, days: list[date], *, today: date) -> None:
        super().__init__()
        self.days = days
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Move today's session to…", classes="offer-title")
            if self.days:
                yield OptionList(
                    *(Option(day_label(day, self.today), id=day.isoformat()) for day in self.days)
                )
                yield Static("Enter moves it. Escape keeps it today.", classes="muted")
            else:
                yield Static(
                    "There is no other day left this week that keeps a rest day around it. "
                    "Today's session can simply wait for next week; that's fine.",
                    classes="offer-text",
                )
                yield Static("Escape to go back.", classes="muted")

    def on_mount(self) -> None:
        if self.days:
            self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(date.fromisoformat(str(event.option.id)))

    def action_cancel(self) -> None:
        self.dismiss(None)
