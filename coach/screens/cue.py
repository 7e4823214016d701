"""The if-then cue form: when and where, an optional time, and a plan for if it feels hard.

``CueForm`` is the three answers (the welcome's optional step uses it too); ``CueScreen`` is
the form on its own, opened from the command palette for one day or for every day. Enter
moves to the next answer and, on the last, saves; Escape leaves the cue as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from coach.cues import MAX_CUE_TEXT, Cue, CueError, days_words, make_cue
from coach.screens.base import CoachHost, saving
from coach.screens.dialog import Dialog
from coach.text import INPUT_PATTERN

if TYPE_CHECKING:
    from coach.service import Coach

CUE_INTRO = (
    "Deciding when and where ahead, with a plan for the moment it feels hard, makes a plan "
    "much easier to keep. All three are optional."
)

CUE_CSS = """
CueScreen .cue-title {
    text-style: bold;
    color: $primary;
}
CueScreen .cue-hint {
    color: $text-muted;
}
"""


class CueForm(Vertical):
    """Three answers: when and where, a time (HH:MM, optional), if it feels hard."""

    DEFAULT_CSS = """
    CueForm { height: auto; }
    CueForm Label { margin-top: 1; }
    CueForm Input { width: 100%; }
    CueForm #cue-error { color: $warning; height: auto; }
    """

    def __init__(self, cue: Cue | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cue = cue or Cue()

    def compose(self) -> ComposeResult:
        yield Label("When and where?")
        yield Input(self.cue.when, placeholder="e.g. after my morning coffee, in the living room",
                    id="cue-when", max_length=MAX_CUE_TEXT, restrict=INPUT_PATTERN,
                    select_on_focus=False)
        yield Label("At what time? (HH:MM, or leave it empty)")
        yield Input(self.cue.at or "", placeholder="e.g. 07:30", id="cue-at", max_length=5,
                    restrict=r"[0-9:]*", select_on_focus=False)
        yield Label("If it feels hard, I will…")
        yield Input(self.cue.if_hard, placeholder="e.g. do the 10-minute version",
                    id="cue-if-hard", max_length=MAX_CUE_TEXT, restrict=INPUT_PATTERN,
                    select_on_focus=False)
        yield Static("", id="cue-error", markup=False)

    @property
    def inputs(self) -> list[Input]:
        return [self.query_one(f"#{name}", Input) for name in ("cue-when", "cue-at", "cue-if-hard")]

    def focus_first(self) -> None:
        self.screen.set_focus(self.inputs[0])

    def next_input(self) -> bool:
        """Move the focus to the next answer; False when it is on the last (or none)."""
        inputs = self.inputs
        focused = self.screen.focused
        if focused in inputs and focused is not inputs[-1]:
            self.screen.set_focus(inputs[inputs.index(focused) + 1])
            return True
        return False

    def read(self) -> Cue | None:
        """The cue as answered (an empty Cue clears it), or None with the problem shown."""
        when, at, if_hard = (i.value for i in self.inputs)
        error = self.query_one("#cue-error", Static)
        try:
            cue = make_cue(when, at, if_hard)
        except CueError as exc:
            error.update(str(exc))
            return None
        error.update("")
        return cue


class CueScreen(Dialog["Cue | None"]):
    """The cue for some days; dismisses the new cue (empty: no cue) or None (Escape)."""

    DEFAULT_CSS = CUE_CSS
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("enter", "next", "Next / save", priority=True),
    ]

    def __init__(self, days: list[int], cue: Cue | None = None) -> None:
        super().__init__()
        self.days = days
        self.cue = cue

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"If-then cue: {days_words(self.days)}", classes="cue-title")
            yield Static(CUE_INTRO, classes="cue-hint")
            yield CueForm(self.cue)
            yield Static("Enter: next, and save on the last · Escape: leave it as it was",
                         classes="cue-hint")

    def on_mount(self) -> None:
        self.query_one(CueForm).focus_first()

    def action_next(self) -> None:
        form = self.query_one(CueForm)
        if form.next_input():
            return
        cue = form.read()
        if cue is not None:
            self.dismiss(cue)


def cue_screen(coach: Coach, days: list[int]) -> CueScreen:
    """The cue form for ``days``, showing their cue when they all share one."""
    cues = coach.cues()
    same = all(cues.get(d) == cues.get(days[0]) for d in days)
    return CueScreen(days, cues.get(days[0]) if same else None)


def save_cue(host: CoachHost, days: list[int], cue: Cue | None) -> None:
    """Save what the cue form gave back for ``days`` (None: left as it was), and say so."""
    if cue is None:
        return
    with saving(host):
        host.coach.save_cue(days, cue)
        host.notify("Cue cleared." if cue.empty else "Cue saved.")
