"""Buddy: who you train with or check in with, how you reach them, and recent check-ins."""

from __future__ import annotations

from datetime import timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from coach.screens.base import CoachScreen
from coach.text import INPUT_PATTERN
from coach.widgets.footer import CoachFooter
from coach.words import short_day

REASON_WORDS = {
    "after_session": "share a win",
    "quiet": "say hello",
    "week_start": "share the week's plan",
    "find_buddy": "find a buddy",
}
RECENT_DAYS = 60
RECENT_SHOWN = 8


class BuddyScreen(CoachScreen):
    CSS_PATH = "buddy.tcss"
    AUTO_FOCUS = None
    BINDINGS = [
        Binding("escape", "leave", "Back"),
        Binding("e", "edit", "Edit", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="buddy-page"):
            yield Label("Your workout buddy", classes="page-title")
            yield Static("", id="buddy-who", markup=False)
            yield Static(
                "coach never sends anything: it suggests a check-in now and then, and you "
                "reach out your own way.",
                classes="muted",
                id="buddy-about",
            )
            with Vertical(id="buddy-form"):
                yield Label("Name", classes="field-label")
                yield Input(placeholder="e.g. Sam (leave empty for no buddy)", id="name",
                            max_length=60, compact=True, restrict=INPUT_PATTERN)
                yield Label("How you reach them", classes="field-label")
                yield Input(placeholder="e.g. text Sam, call mum", id="contact",
                            max_length=120, compact=True, restrict=INPUT_PATTERN)
                yield Static("Press e to edit, Enter to save, Escape to leave the fields.",
                             classes="muted")
            yield Label("Recent check-ins", classes="page-heading")
            yield Static("", id="buddy-recent", markup=False)
        yield CoachFooter()

    def refresh_data(self) -> None:
        coach = self.coach
        buddy = coach.buddy()
        who = self.query_one("#buddy-who", Static)
        if buddy is None:
            who.update("No buddy named yet. A friend who knows your plan makes it easier to "
                       "keep going. Add one below if you like.")
        elif buddy.contact:
            who.update(f"{buddy.name}: {buddy.contact}")
        else:
            who.update(buddy.name)
        name = self.query_one("#name", Input)
        contact = self.query_one("#contact", Input)
        if not name.has_focus and not contact.has_focus:
            name.value = buddy.name if buddy else ""
            contact.value = buddy.contact if buddy else ""
        since = coach.today() - timedelta(days=RECENT_DAYS)
        recent = [c for c in coach.buddy_marks(since) if c.status in ("done", "dismissed")]
        lines = []
        for c in reversed(recent[-RECENT_SHOWN:]):
            what = REASON_WORDS.get(c.reason, c.reason)
            done = "done" if c.status == "done" else "not that day"
            lines.append(f"{short_day(c.day):<11} {what}: {done}")
        self.query_one("#buddy-recent", Static).update(
            "\n".join(lines) if lines else "None yet. That's fine."
        )

    def action_edit(self) -> None:
        self.query_one("#name", Input).focus()

    def action_leave(self) -> None:
        if self.focused is not None and isinstance(self.focused, Input):
            self.set_focus(None)
            self.refresh_data()
            return
        self.host.action_go_back()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = self.query_one("#name", Input).value.strip()
        contact = self.query_one("#contact", Input).value.strip()
        if event.input.id == "name" and name and not contact:
            self.query_one("#contact", Input).focus()
            return
        coach = self.coach
        if not name and coach.buddy() is None:
            self.set_focus(None)
            return
        saved = False
        with self.saving():
            coach.set_buddy(name or None, contact)
            saved = True
        self.set_focus(None)
        if name:
            self.notify(f"Saved: {name}." if saved else "Not saved.", markup=False)
        elif saved:
            self.notify("Buddy removed. You can add one any time.")
        self.refresh_data()
