"""The optional weekly screener (PHQ-2 and GAD-2) and the screen that shows its result.

``ScreenerScreen`` dismisses with the four answers (PHQ-2 items, then GAD-2 items, 0-3 each)
or None; it writes nothing. ``ScreenerResultScreen`` shows the scores in neutral words and,
for 3 or more on either, a gentle suggestion to talk to someone and the crisis resources.
The items and answer options keep their published words; coach's own words never label the
person and never give a diagnosis.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from coach.mood import (
    SCREENER_CREDIT,
    SCREENER_ITEMS,
    SCREENER_OPTIONS,
    SCREENER_STEM,
    ScreenerResult,
    screener_result,
)
from coach.resources import CRISIS_HEADING, CRISIS_RESOURCES
from coach.screens.checkin import Choice, QuestionsScreen

Answers = tuple[int, int, int, int]

SCREENER_HEADING = "A few questions about the last two weeks"
SCREENER_HINT = "0-3 answers and moves on · Shift+Tab back · Enter save · Esc not now"
SCREENER_KEYS_HINT = "Each question takes 0-3."
RESULT_HEADING = "Your answers"
RESULT_HINT = "Enter or Esc to close"


def screener_options() -> list[tuple[str, int, str]]:
    """(key, value, words) for the published answer options: ('0', 0, 'Not at all'), ..."""
    return [(str(value), value, words) for value, words in SCREENER_OPTIONS]


def unanswered_message(missing: Sequence[int]) -> str:
    """A gentle nudge naming the questions (1-based) that still need an answer."""
    if len(missing) == 1:
        which = f"question {missing[0]} still needs"
    else:
        numbers = ", ".join(str(n) for n in missing[:-1]) + f" and {missing[-1]}"
        which = f"questions {numbers} still need"
    return f"Whenever you're ready: {which} an answer (0-3)."


class ScreenerScreen(QuestionsScreen[Answers | None]):
    """PHQ-2 and GAD-2, answered 0-3 by keys: a digit answers the question in focus and moves
    on to the next. Dismisses with the four answers or None."""

    CSS_PATH = "screener.tcss"

    BINDINGS = [
        Binding("escape", "cancel", "Not now", show=False),
        Binding("enter", "save", "Save", show=False),
    ]

    _nudged = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static(SCREENER_STEM, id="stem", markup=False)
            for number, item in enumerate(SCREENER_ITEMS, 1):
                yield Choice(
                    item,
                    screener_options(),
                    compact=True,
                    moves_on=number < len(SCREENER_ITEMS),
                    id=f"item-{number}",
                )
            yield Static(SCREENER_HINT, id="message", markup=False)
            yield Static("", id="answers", markup=False)
            yield Static(SCREENER_CREDIT, id="credit", markup=False)

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = SCREENER_HEADING
        self.show_answers()
        self.query_one("#item-1", Choice).focus()

    def on_resize(self) -> None:
        # Space between the questions when the terminal is tall enough for it.
        self.set_class(self.size.height >= 30, "-roomy")

    def answer_word(self, choice: Choice) -> str | None:
        """'2. Not at all': the question's number and the words of its answer."""
        number = self.choices.index(choice) + 1
        words = dict(SCREENER_OPTIONS).get(choice.value)  # type: ignore[call-overload]
        return None if words is None else f"{number}. {words}"

    def keys_hint(self, choice: Choice) -> str:
        return SCREENER_KEYS_HINT

    @property
    def answers(self) -> list[int | None]:
        """The answers so far, None where a question is still open."""
        return [choice.value for choice in self.choices]  # type: ignore[misc]

    @property
    def missing(self) -> list[int]:
        """The numbers (1-based) of the questions still open."""
        return [n for n, value in enumerate(self.answers, 1) if value is None]

    def _show_status(self, missing: Sequence[int]) -> None:
        message = self.query_one("#message", Static)
        message.update(unanswered_message(missing) if missing else SCREENER_HINT)
        message.set_class(bool(missing), "-nudge")

    def say(self, text: str) -> None:
        message = self.query_one("#message", Static)
        message.update(text)
        message.add_class("-nudge")

    @on(Choice.Changed)
    def _answered(self) -> None:
        if self._nudged:
            self._show_status(self.missing)
        else:
            self._show_status([])  # a hint about keys has done its work

    def action_save(self) -> None:
        missing = self.missing
        if missing:
            self._nudged = True
            self._show_status(missing)
            self.choices[missing[0] - 1].focus()
            return
        a, b, c, d = (int(value) for value in self.answers)  # type: ignore[arg-type]
        self.dismiss((a, b, c, d))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ScreenerResultScreen(ModalScreen[None]):
    """The two scores (0-6) in neutral words; for 3 or more on either, a gentle suggestion to
    talk to a doctor or therapist, and the crisis resources."""

    CSS_PATH = "screener.tcss"

    BINDINGS = [
        Binding("escape", "close", "Close", show=False),
        Binding("enter", "close", "Close", show=False),
    ]

    def __init__(self, result: ScreenerResult | Sequence[int]) -> None:
        super().__init__()
        self.result = result if isinstance(result, ScreenerResult) else screener_result(result)

    def compose(self) -> ComposeResult:
        said = [line for line in self.result.lines() if line not in CRISIS_RESOURCES]
        resources = [line for line in self.result.lines() if line in CRISIS_RESOURCES]
        with VerticalScroll(id="result") as dialog:
            dialog.border_title = RESULT_HEADING
            # ScreenerResult.lines(): a thank-you, the two scores, then what coach suggests.
            yield Static(said[0], classes="said", markup=False)
            yield Static("\n".join(said[1:3]), id="scores", classes="said", markup=False)
            for line in said[3:]:
                yield Static(line, classes="said", markup=False)
            if resources:
                with Vertical(id="resources"):
                    yield Static(CRISIS_HEADING, id="resources-heading", markup=False)
                    yield Static("\n".join(resources), id="resource-lines", markup=False)
            yield Static(RESULT_HINT, id="hint", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
