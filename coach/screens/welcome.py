"""First launch: a short welcome that picks days, the week's first day, a style, a buddy and
an if-then cue (when and where, a time, if it feels hard) for the chosen days.

Enter accepts the highlighted answer at every step, so the defaults take five presses of Enter
(an empty answer skips the buddy and the cue).
The same screen, opened again from the command palette, changes these choices later.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from coach.cues import Cue
from coach.models import DEFAULT_DAYS_THREE, DEFAULT_DAYS_TWO, STYLE_NAMES, STYLES, Settings
from coach.screens.base import CoachAccess
from coach.screens.cue import CUE_INTRO, CueForm
from coach.text import INPUT_PATTERN
from coach.widgets.footer import CoachFooter
from coach.words import WEEKDAY_LONG

def _rest_between(first: int, second: int) -> bool:
    """At least one rest day between the two, this week and into the next (Sun then Mon is
    two days in a row)."""
    gap = (second - first) % 7
    return 2 <= gap <= 5


# Every pair of days for two sessions a week with a rest day between them, the evenest
# first (three or four days apart), then two apart and five apart; each by its first day.
DAY_PAIRS: tuple[tuple[int, int], ...] = tuple(sorted(
    ((a, b) for a in range(7) for b in range(a + 1, 7) if _rest_between(a, b)),
    key=lambda pair: (abs((pair[1] - pair[0]) - 3.5), pair[1] - pair[0], pair[0]),
))
PICK = "pick"
PICK_LABEL = "Let me pick"
PICK_HINT = "Space picks or unpicks a day · Enter when two are picked · Esc back to the list"
PICK_TWO = "Pick two days (Space), then Enter."
NEXT_TO_EACH_OTHER = (
    "Those two days are next to each other. A rest day between helps your body recover; "
    "press Enter again to keep them anyway."
)
STYLE_HINTS: dict[str, str] = {
    "bodyweight": "no equipment, just you and a bit of floor",
    "bands": "light, portable, easy on the joints",
    "weights": "a pair of light dumbbells",
    "pilates": "slow, steady core and posture work",
    "barre": "small movements, holds and balance",
    "yoga": "strength through held poses and breath",
}
STEPS = ("days", "week-start", "style", "step-buddy", "step-cue")


def days_three_for(pair: tuple[int, ...]) -> tuple[int, ...]:
    """Three training days for later that keep both chosen days and a rest day between all.

    The default pair keeps the default three (Mon, Wed, Fri).
    """
    pair = tuple(sorted(pair))
    if pair == DEFAULT_DAYS_TWO:
        return DEFAULT_DAYS_THREE
    best: tuple[int, tuple[int, ...]] | None = None
    for extra in range(7):
        if extra in pair:
            continue
        days = tuple(sorted((*pair, extra)))
        gaps = [(days[(i + 1) % 3] - days[i]) % 7 for i in range(3)]
        if best is None or min(gaps) > best[0]:
            best = (min(gaps), days)
    assert best is not None
    return best[1]


def pair_label(pair: tuple[int, ...]) -> str:
    first, second = (WEEKDAY_LONG[d] for d in pair)
    return f"{first} and {second}"


class WelcomeScreen(CoachAccess, Screen[bool]):
    """Dismisses True once the choices are saved."""

    CSS_PATH = "welcome.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        # A priority binding: each Enter moves one step at once, even when typed ahead.
        Binding("enter", "choose", "Choose", priority=True),
    ]

    def __init__(self, current: Settings | None = None) -> None:
        super().__init__()
        self.current = current
        self.step = 0
        self.choices: dict[str, object] = {}
        self._defaults = current or Settings()
        self._cue: Cue = Cue()

    def compose(self) -> ComposeResult:
        current = self.current or Settings()
        cues = self.coach.cues()  # the form starts from the cue already set, if any
        preferred = sorted(set(current.days_two) | set(current.days_three))
        self._cue = next((cues[d] for d in preferred if d in cues), Cue())
        again = self.current is not None and self.current.onboarded
        with VerticalScroll(id="welcome"):
            with Vertical(id="welcome-box"):
                yield Label(
                    "Your plan, your way" if again else "Welcome to coach", id="welcome-title"
                )
                yield Label("", id="welcome-step", classes="muted")
                if not again:
                    yield Static(
                        "coach helps you start strength training gently: two short sessions a "
                        "week to begin with, building up slowly, with rest days in between. "
                        "Press Enter to take the highlighted answer; you can change any of "
                        "this later (ctrl+p).",
                        id="welcome-intro",
                    )
                with ContentSwitcher(initial="days"):
                    with Vertical(id="days", classes="step"):
                        yield Label("Which two days suit you best?", classes="question")
                        yield OptionList(
                            *(Option(pair_label(p), id=f"{p[0]}{p[1]}") for p in DAY_PAIRS),
                            Option(PICK_LABEL, id=PICK),
                            id="days-list",
                        )
                    with Vertical(id="pick-days", classes="step"):
                        yield Label("Which two days suit you best?", classes="question")
                        yield SelectionList[int](
                            *((WEEKDAY_LONG[d], d) for d in range(7)), id="pick-list"
                        )
                        yield Static(PICK_HINT, id="pick-hint", classes="hint", markup=False)
                    with Vertical(id="week-start", classes="step"):
                        yield Label("Which day does your week start on?", classes="question")
                        yield OptionList(
                            Option("Monday", id="mon"), Option("Sunday", id="sun"),
                            id="week-start-list",
                        )
                    with Vertical(id="style", classes="step"):
                        yield Label("What would you like to train with?", classes="question")
                        yield OptionList(
                            *(Option(f"{STYLE_NAMES[s]}: {STYLE_HINTS[s]}", id=s) for s in STYLES),
                            id="style-list",
                        )
                    with Vertical(id="step-buddy", classes="step"):
                        yield Label("A workout buddy (you can skip this)", classes="question")
                        yield Static(
                            "Training with a friend, or just telling one, makes it easier to "
                            "keep going. coach never sends anything itself: it only suggests "
                            "when a message might help. Leave the name empty to skip.",
                            classes="hint",
                        )
                        # Not selected on focus: Enter keeps what is there, a key adds to it.
                        yield Input(placeholder="Their name, e.g. Sam", id="buddy-name",
                                    max_length=60, select_on_focus=False,
                                    restrict=INPUT_PATTERN)
                        yield Input(placeholder="How you reach them, e.g. text Sam",
                                    id="buddy-contact", max_length=120, select_on_focus=False,
                                    restrict=INPUT_PATTERN)
                    with Vertical(id="step-cue", classes="step"):
                        yield Label("When and where will you train? (you can skip this)",
                                    classes="question")
                        yield Static(f"{CUE_INTRO} Press Enter on an empty answer to skip.",
                                     classes="hint")
                        yield CueForm(self._cue)
        yield CoachFooter()

    def on_mount(self) -> None:
        current = self._defaults
        pair = tuple(sorted(current.days_two))
        days = self.query_one("#days-list", OptionList)
        # Days of one's own that are not in the list are kept under "Let me pick".
        days.highlighted = DAY_PAIRS.index(pair) if pair in DAY_PAIRS else len(DAY_PAIRS)
        picks = self.query_one("#pick-list", SelectionList)
        for day in pair:
            picks.select(day)
        self.query_one("#week-start-list", OptionList).highlighted = (
            1 if current.week_starts_sunday else 0
        )
        style = self.query_one("#style-list", OptionList)
        style.highlighted = STYLES.index(current.style) if current.style in STYLES else 0
        buddy = self.coach.buddy()
        if buddy is not None:
            self.query_one("#buddy-name", Input).value = buddy.name
            self.query_one("#buddy-contact", Input).value = buddy.contact
        self._show_step()

    # ------------------------------------------------------------------ steps

    picking = False
    """True while the days are picked one by one ("Let me pick")."""
    _warned_pair: tuple[int, ...] | None = None

    def _show_step(self) -> None:
        name = STEPS[self.step]
        if name == "days" and self.picking:
            self.query_one(ContentSwitcher).current = "pick-days"
            self.query_one("#pick-hint", Static).update(PICK_HINT)
            self.set_focus(self.query_one("#pick-list", SelectionList))
            return
        self.query_one(ContentSwitcher).current = name
        self.query_one("#welcome-step", Label).update(f"Step {self.step + 1} of {len(STEPS)}")
        intro = self.query("#welcome-intro")
        if intro:
            intro.first().display = self.step == 0
        # Focus at once (not on the next idle), so Enters typed ahead land on the new step.
        if name == "step-buddy":
            self.set_focus(self.query_one("#buddy-name", Input))
        elif name == "step-cue":
            self.query_one(CueForm).focus_first()
        else:
            self.set_focus(self.query_one(f"#{name}-list", OptionList))

    def action_choose(self) -> None:
        """Enter: take the highlighted answer (or the buddy fields) and go on."""
        name = STEPS[self.step]
        if name == "days" and self.picking:
            self._picked()
            return
        if name == "step-buddy":
            name_input = self.query_one("#buddy-name", Input)
            if self.focused is name_input and name_input.value.strip():
                self.set_focus(self.query_one("#buddy-contact", Input))
                return
            self.step = STEPS.index("step-cue")
            self._show_step()
            self.refresh_bindings()
            return
        if name == "step-cue":
            form = self.query_one(CueForm)
            skip = self.focused is form.inputs[0] and not form.inputs[0].value.strip()
            if not skip and form.next_input():  # Enter on an empty first answer skips the step
                return
            cue = form.read()
            if cue is not None:
                self._finish(cue)
            return
        option = self.query_one(f"#{name}-list", OptionList).highlighted_option
        if option is not None:
            self._select(name, option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click on an answer."""
        event.stop()
        name = str(event.option_list.id).removesuffix("-list")
        if name == STEPS[self.step]:
            self._select(name, event.option.id)

    def _picked(self) -> None:
        """Enter on the days picked one by one: two go on (a warning first, once, when they
        are next to each other); anything else asks for two."""
        hint = self.query_one("#pick-hint", Static)
        days = tuple(sorted(self.query_one("#pick-list", SelectionList).selected))
        if len(days) != 2:
            hint.update(PICK_TWO)
            return
        if not _rest_between(*days) and self._warned_pair != days:
            self._warned_pair = days
            hint.update(NEXT_TO_EACH_OTHER)
            return
        self.picking = False
        self._select("days", f"{days[0]}{days[1]}")

    def _select(self, name: str, value: object) -> None:
        if name == "days" and value == PICK:
            self.picking = True
            self._show_step()
            return
        self.choices[name] = value
        self.step = STEPS.index(name) + 1
        self._show_step()
        self.refresh_bindings()

    def action_back(self) -> None:
        if self.picking:  # back to the list of pairs
            self.picking = False
            self._show_step()
            return
        if self.step == 0:
            if self.current is not None and self.current.onboarded:
                self.dismiss(False)  # changing choices later: Escape leaves them as they were
            return
        self.step -= 1
        self._show_step()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back" and self.step == 0 and not self.picking:
            return self.current is not None and self.current.onboarded
        return True

    def _finish(self, cue: Cue | None = None) -> None:
        coach = self.coach
        kept = tuple(sorted(self._defaults.days_two))
        pair_id = str(self.choices.get("days", "".join(str(d) for d in kept) or "03"))
        pair = (int(pair_id[0]), int(pair_id[1]))
        style = str(self.choices.get("style", STYLES[0]))
        name = self.query_one("#buddy-name", Input).value.strip()
        contact = self.query_one("#buddy-contact", Input).value.strip()
        saved = False
        with self.saving():
            coach.save_settings(
                days_two=pair,
                days_three=days_three_for(pair),
                week_starts_sunday=self.choices.get("week-start") == "sun",
                style=style,
                onboarded=True,
            )
            saved = True
        if not saved:
            return
        with self.saving():
            if name:
                coach.set_buddy(name, contact)
            elif coach.buddy() is not None and self.current is not None:
                coach.set_buddy(None)
        if cue is not None and cue != self._cue:  # the preferred days get the cue
            with self.saving():
                coach.save_cue(sorted(set(pair) | set(days_three_for(pair))), cue)
        self.dismiss(True)
