"""A day's records, to correct them: picked from Week, each session or check-in can be edited
or deleted (with a confirmation), and the last deletion brought back.

The screens only ask; ``self.coach`` (``edit_entry``, ``delete_entry``, ``undo_delete``) does
the work, exactly as ``coach edit``, ``coach delete`` and ``coach undo`` do. Every stored text
is shown through ``coach.corrections.summary``, which makes its control characters visible.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from coach.corrections import KIND_WORDS, EditError, describe, short_day, summary
from coach.models import STYLE_NAMES, STYLES, Checkin, Entry, Session
from coach.screens.checkin import EFFORT_OPTIONS, PAIN_OPTIONS
from coach.screens.base import CoachAccess
from coach.screens.dialog import Dialog
from coach.screens.offer import OfferScreen
from coach.text import INPUT_PATTERN, NOTE_LIMIT, visible
from coach.words import long_day

RECORDS_CSS = """
DayRecordsScreen .records-title, EditRecordScreen .records-title {
    text-style: bold;
    color: $primary;
    margin-bottom: 1;
}
DayRecordsScreen OptionList {
    height: auto;
    max-height: 10;
    margin-bottom: 1;
}
DayRecordsScreen .records-hint, EditRecordScreen .records-hint {
    color: $text-muted;
}
DayRecordsScreen #records-message, EditRecordScreen #edit-message {
    margin-bottom: 1;
}
EditRecordScreen .edit-row {
    height: auto;
    margin-bottom: 1;
}
EditRecordScreen .edit-label {
    width: 22;
}
EditRecordScreen Input {
    width: 1fr;
}
EditRecordScreen Input.edit-choice {
    width: 4;
}
EditRecordScreen .edit-row .edit-word {
    width: 1fr;
    color: $text-muted;
    padding-left: 1;
}
"""

DAY_HINT = "e edit · d delete · u undo the last deletion · Escape back"
EMPTY_DAY_HINT = "u undo the last deletion · Escape back"  # nothing here to edit or delete
EDIT_HINT = "Enter saves · Tab next field · Escape leaves it as it was"
NOTHING = "Nothing recorded on this day."


class DayRecordsScreen(CoachAccess, Dialog[None]):
    """The sessions and check-ins of one day, to edit or delete one."""

    DEFAULT_CSS = RECORDS_CSS
    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("d,delete", "delete", "Delete"),
        Binding("u", "undo", "Undo"),
        Binding("escape", "close", "Back"),
    ]

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
        self.entries: list[Entry] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"{long_day(self.day)} {self.day.year}", classes="records-title",
                        markup=False)
            yield OptionList(id="records")
            yield Static("", id="records-message", markup=False)
            yield Static(DAY_HINT, classes="records-hint", markup=False)

    def on_mount(self) -> None:
        self.load()

    def load(self, keep: str | None = None) -> None:
        """Read the day's records again; keep ``keep`` (a short id) highlighted if it is there."""
        self.entries = self.coach.entries(since=self.day, until=self.day)
        options = self.query_one("#records", OptionList)
        options.clear_options()
        options.add_options([Option(summary(e), id=e.ref) for e in self.entries])
        options.display = bool(self.entries)
        self.query_one(".records-hint", Static).update(DAY_HINT if self.entries else EMPTY_DAY_HINT)
        if self.entries:
            refs = [e.ref for e in self.entries]
            options.highlighted = refs.index(keep) if keep in refs else 0
            options.focus()
        elif not self.message:
            self.say(NOTHING)

    @property
    def message(self) -> str:
        return str(self.query_one("#records-message", Static).content)

    def say(self, text: str) -> None:
        self.query_one("#records-message", Static).update(visible(text))

    def chosen(self) -> Entry | None:
        options = self.query_one("#records", OptionList)
        index = options.highlighted
        if index is None or not 0 <= index < len(self.entries):
            return None
        return self.entries[index]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        entry = self.chosen()
        if entry is None:
            return

        def edited(saved: bool | None) -> None:
            if saved:
                self.say(f"Changed the {KIND_WORDS[entry.kind][0]}.")
                self.load(keep=entry.ref)

        self.app.push_screen(EditRecordScreen(entry), edited)

    def action_delete(self) -> None:
        entry = self.chosen()
        if entry is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            with self.saving():
                self.coach.delete_entry(entry)
                self.say(f"Deleted the {KIND_WORDS[entry.kind][0]}. u brings it back.")
            self.load()

        self.app.push_screen(OfferScreen(
            f"Delete {describe(entry)}?", yes="Delete", no="Keep it",
            title="Delete this record?"), answered)

    def action_undo(self) -> None:
        with self.saving():
            back = self.coach.undo_delete()
            if back is None:
                self.say("Nothing to undo: no record was deleted.")
                return
            if back.day == self.day:
                self.say(f"Brought back the {KIND_WORDS[back.kind][0]}.")
            else:
                self.say(f"Brought back {describe(back)}.")
            self.load(keep=back.ref)

    def action_close(self) -> None:
        self.dismiss(None)


#: The fields the edit form has, by kind of record: (field, label, input restriction).
FORM: dict[str, tuple[tuple[str, str, str], ...]] = {
    "session": (
        ("minutes", "Minutes", r"\d{0,3}"),
        ("style", "Style (1-6)", r"[1-6]?"),
        ("mood_before", "Mood before (1-5)", r"[1-5]?"),
        ("mood_after", "Mood after (1-5)", r"[1-5]?"),
        ("effort", "How hard (1-3)", r"[1-3]?"),
        ("pain", "Something hurt (y/n)", r"[yn]?"),
        ("note", "Note", INPUT_PATTERN),
    ),
    "checkin": (
        ("mood", "Mood (1-5)", r"[1-5]?"),
        ("anxiety", "Anxiety (1-5)", r"[1-5]?"),
        ("note", "Note", INPUT_PATTERN),
    ),
}

#: The fields answered with one key, as the check-in answers them: field -> (key, value, word).
CHOICES: dict[str, tuple[tuple[str, Any, str], ...]] = {
    "style": tuple((str(n), style, STYLE_NAMES[style].lower())
                   for n, style in enumerate(STYLES, start=1)),
    "effort": EFFORT_OPTIONS,
    "pain": PAIN_OPTIONS,
}

#: The fields that may be left empty: the note, and the effort (not asked, or skipped).
CLEARABLE = frozenset({"note", "effort"})


def choice_key(field: str, value: Any) -> Any:
    """The key that stands for ``value`` in a one-key field (None when no key does)."""
    return next((key for key, stored, _ in CHOICES[field] if stored == value), None)


def choice_word(field: str, key: str) -> str:
    """What a key means in a one-key field ('2' -> 'about right'); '' for no answer."""
    return next((word for k, _, word in CHOICES[field] if k == key), "")


def choice_hint(field: str) -> str:
    """The keys of a one-key field: '1 easy · 2 about right · 3 too hard'."""
    return " · ".join(f"{key} {word}" for key, _, word in CHOICES[field])


def form_values(entry: Entry) -> dict[str, str]:
    """What each field of the form starts with (stored text made visible)."""
    item = entry.item
    values: dict[str, Any] = {}
    if isinstance(item, Session):
        values = {"minutes": round(item.seconds / 60), "style": choice_key("style", item.style),
                  "mood_before": item.mood_before, "mood_after": item.mood_after,
                  "effort": choice_key("effort", item.effort),
                  "pain": choice_key("pain", item.pain), "note": item.note}
    elif isinstance(item, Checkin):
        values = {"mood": item.mood, "anxiety": item.anxiety, "note": item.note}
    return {k: "" if v is None else visible(str(v).replace("\n", " ")) for k, v in values.items()}


class EditRecordScreen(CoachAccess, Dialog[bool]):
    """Change a session's minutes, style, moods, effort, pain and note, or a check-in's mood,
    anxiety and note; dismisses True once saved. The checks are ``coach edit``'s."""

    DEFAULT_CSS = RECORDS_CSS
    BINDINGS = [Binding("escape", "cancel", "Leave it")]

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry
        self.start = form_values(entry)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Edit the {KIND_WORDS[self.entry.kind][0]} of "
                        f"{short_day(self.entry.day)}", classes="records-title", markup=False)
            for name, label, pattern in FORM.get(self.entry.kind, ()):
                with Horizontal(classes="edit-row"):
                    yield Label(label, classes="edit-label")
                    value = self.start.get(name, "")
                    yield Input(value, id=f"edit-{name}", restrict=pattern,
                                max_length=NOTE_LIMIT if name == "note" else 3, compact=True,
                                classes="edit-choice" if name in CHOICES else "")
                    if name in CHOICES:
                        yield Static(choice_word(name, value), id=f"edit-{name}-word",
                                     classes="edit-word", markup=False)
            yield Static("", id="edit-message", markup=False)
            yield Static(EDIT_HINT, id="edit-hint", classes="records-hint", markup=False)

    def on_mount(self) -> None:
        if self.entry.kind not in FORM:
            self.query_one("#edit-message", Static).update(
                f"A {KIND_WORDS[self.entry.kind][0]} cannot be edited, only deleted.")
            return
        self.query(Input).first().focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        field = (event.input.id or "").removeprefix("edit-")
        if field in CHOICES:
            self.query_one(f"#edit-{field}-word", Static).update(
                choice_word(field, event.value))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        field = (event.widget.id or "").removeprefix("edit-")
        self.query_one("#edit-hint", Static).update(
            choice_hint(field) if field in CHOICES else EDIT_HINT)

    def changes(self) -> dict[str, Any]:
        """What the form changes, as ``Coach.edit_entry`` takes it (a field left as it
        started is left out, so a stored text shown made visible is kept as stored)."""
        out: dict[str, Any] = {}
        for name, _, _ in FORM.get(self.entry.kind, ()):
            value = self.query_one(f"#edit-{name}", Input).value
            if value == self.start.get(name, ""):
                continue
            if name == "note":
                out[name] = value.strip() or None
            elif not value.strip():
                out[name] = None
            elif name in CHOICES:
                out[name] = next(v for k, v, _ in CHOICES[name] if k == value)
            else:
                out[name] = int(value)
        return out

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def save(self) -> None:
        changes = self.changes()
        message = self.query_one("#edit-message", Static)
        if not changes:
            self.dismiss(False)
            return
        cleared = [n for n, v in changes.items() if v is None and n not in CLEARABLE]
        if cleared:
            message.update("Only the effort and the note can be left empty; "
                           "delete the record instead.")
            return
        with self.saving():
            try:
                self.coach.edit_entry(self.entry, changes)
            except EditError as exc:
                message.update(visible(str(exc)))
                return
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
