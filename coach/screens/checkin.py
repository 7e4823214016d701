"""The mood check-in: morning, before a session and after it.

A modal screen that dismisses with a ``CheckinResult`` (or None when skipped). It never writes
to the store: whoever pushed it records the result.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, Literal, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.geometry import Size
from textual.message import Message
from textual.screen import ModalScreen
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from coach.mood import ANXIETY_WORDS, MOOD_WORDS
from coach.record import record
from coach.text import INPUT_PATTERN

R = TypeVar("R")

CheckinKind = Literal["morning", "before", "after"]
KINDS: tuple[str, ...] = ("morning", "before", "after")

HEADINGS: dict[str, str] = {
    "morning": "Good to see you",  # the first launch of a day may be any time of day
    "before": "One quick question",
    "after": "After your session",
}
MORNING_MOOD_PROMPT = "How are you feeling?"
MORNING_ANXIETY_PROMPT = "How calm or anxious do you feel?"
NOTE_LABEL = "A note, if you like (optional)"
NOTE_PLACEHOLDER = "anything on your mind"
BEFORE_PROMPT = "Before you start: how's your mood?"
AFTER_LEAD = "Thank you for showing up."
AFTER_MOOD_PROMPT = "How do you feel now?"
PAIN_PROMPT = "Any pain?"
PAIN_YES_NOTE = "Thanks for saying. Go gently: rest or an easier variant is fine."
EFFORT_PROMPT = "How hard was that?"
EFFORT_HARD_NOTE = (
    "Thanks for saying. Next time starts gentler, and the next step up waits for sessions "
    "that feel about right."
)
PICK_A_NUMBER = "Whenever you're ready, pick a number from 1 to 5 for your mood."
ANSWERS_LEAD = "Your answers:"
FORM_HINT = "A key answers and moves on · Shift+Tab back · Enter save · Esc skip"
HINTS: dict[str, str] = {
    "morning": FORM_HINT,
    "before": "Press 1-5 · s or Esc to skip",
    "after": FORM_HINT,
}


def keys_hint(prompt: str, keys: str) -> str:
    """What to say when a key does not answer the question in focus."""
    return f"{prompt} Press {keys}."


def answers_line(answers: Sequence[str]) -> str:
    """'Your answers: mood 2 low · anxiety 4 anxious'; empty before anything is chosen."""
    return f"{ANSWERS_LEAD} {' · '.join(answers)}" if answers else ""


@record
class CheckinResult:
    """What the person answered. Fields a form does not ask are None."""

    mood: int | None = None
    anxiety: int | None = None
    note: str | None = None
    pain: bool | None = None
    effort: str | None = None  # easy / right / hard (coach.models.EFFORTS)


def scale_options(words: dict[int, str]) -> tuple[tuple[str, int, str], ...]:
    """(key, value, word) for a 1-5 scale: ('1', 1, 'very low'), ..."""
    return tuple((str(value), value, words[value]) for value in sorted(words))


PAIN_OPTIONS: tuple[tuple[str, bool, str], ...] = (("y", True, "yes"), ("n", False, "no"))
EFFORT_OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("1", "easy", "easy"), ("2", "right", "about right"), ("3", "hard", "too hard"),
)


@record
class Question:
    """One question of a check-in, answered with one key.

    ``id`` is the ``CheckinResult`` field the answer fills (and the widget's id); ``name``
    names the answer in the line of answers ("mood 2 low"); ``keys`` says in words which keys
    answer it ("1-5"); ``said`` is something said when an option is chosen, by value.
    """

    id: str
    prompt: str
    options: tuple[tuple[str, Hashable, str], ...]
    name: str
    keys: str
    said: tuple[tuple[Hashable, str], ...] = ()

    def saying(self, value: Hashable) -> str:
        """What to say when ``value`` is chosen ('' for nothing)."""
        for option_value, text in self.said:
            if option_value == value and type(option_value) is type(value):
                return text
        return ""


MORNING_MOOD = Question(
    id="mood", prompt=MORNING_MOOD_PROMPT, options=scale_options(MOOD_WORDS), name="mood",
    keys="1-5",
)
MORNING_ANXIETY = Question(
    id="anxiety", prompt=MORNING_ANXIETY_PROMPT, options=scale_options(ANXIETY_WORDS),
    name="anxiety", keys="1-5",
)
BEFORE_MOOD = Question(
    id="mood", prompt=BEFORE_PROMPT, options=scale_options(MOOD_WORDS), name="mood", keys="1-5"
)
AFTER_MOOD = Question(
    id="mood", prompt=AFTER_MOOD_PROMPT, options=scale_options(MOOD_WORDS), name="mood",
    keys="1-5",
)
PAIN = Question(
    id="pain", prompt=PAIN_PROMPT, options=PAIN_OPTIONS, name="pain", keys="y or n",
    said=((True, PAIN_YES_NOTE),),
)
EFFORT = Question(
    id="effort", prompt=EFFORT_PROMPT, options=EFFORT_OPTIONS, name="effort", keys="1-3",
    said=(("hard", EFFORT_HARD_NOTE),),
)

# The questions of each check-in, in the order they are asked. A question added here is
# asked, named in the line of answers and saved in the CheckinResult field of its id.
QUESTIONS: dict[str, tuple[Question, ...]] = {
    "morning": (MORNING_MOOD, MORNING_ANXIETY),
    "before": (BEFORE_MOOD,),
    "after": (AFTER_MOOD, PAIN, EFFORT),
}


class Choice(Widget, can_focus=True):
    """One question answered with one key: a prompt and a row of options.

    Options are (key, value, word). Pressing an option's key (or clicking it) chooses it;
    with ``moves_on``, a key that chose also moves the focus on to the next question.
    Left/Right step through the options; Up/Down move to the previous/next question.
    The chosen option is highlighted and named in the border subtitle. Options wrap onto
    more lines when the terminal is narrow, never splitting one option.
    """

    DEFAULT_CSS = """
    Choice {
        height: auto;
        text-wrap: nowrap;
        text-overflow: clip;
        padding: 0 1;
        border: round $foreground 25%;
        border-subtitle-color: $text;
    }
    Choice:focus {
        border: round $accent;
        background: $accent 12%;
        border-title-color: $accent;
    }
    Choice > .choice--prompt {
        text-style: bold;
    }
    Choice:focus > .choice--prompt {
        color: $text-accent;
    }
    Choice > .choice--option {
        color: $text-muted;
    }
    Choice:focus > .choice--option {
        color: $text;
    }
    Choice > .choice--chosen {
        background: $primary;
        color: $text;
        text-style: bold;
    }
    Choice:focus > .choice--chosen {
        background: $accent;
        color: $text;
        text-style: bold;
    }
    Choice.-compact {
        border: none;
        border-left: outer $foreground 10%;
        padding: 0 1;
    }
    Choice.-compact:focus {
        border: none;
        border-left: outer $accent;
    }
    """

    COMPONENT_CLASSES = {"choice--prompt", "choice--option", "choice--chosen"}

    # Options carry click actions; keep them looking like options, not links.
    auto_links = False

    BINDINGS = [
        Binding("left", "step(-1)", "Previous option", show=False),
        Binding("right", "step(1)", "Next option", show=False),
        Binding("up", "app.focus_previous", "Previous question", show=False),
        Binding("down", "app.focus_next", "Next question", show=False),
    ]

    class Changed(Message):
        """An option was chosen (posted even when it was already chosen)."""

        def __init__(self, choice: Choice, value: Hashable) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> Choice:
            return self.choice

    def __init__(
        self,
        prompt: str,
        options: Sequence[tuple[str, Hashable, str]],
        *,
        value: Hashable | None = None,
        compact: bool = False,
        moves_on: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.prompt = prompt
        self.options: list[tuple[str, Hashable, str]] = list(options)
        self._keys = {key.lower(): value for key, value, _ in self.options}
        self._value: Hashable | None = value
        self.moves_on = moves_on
        if compact:
            self.add_class("-compact")

    @property
    def value(self) -> Hashable | None:
        return self._value

    def label_for(self, value: Hashable | None) -> str | None:
        """'4 good' for the option holding ``value``; None when nothing is chosen."""
        for key, option_value, word in self.options:
            if value is not None and option_value == value and type(option_value) is type(value):
                return f"{key} {word}"
        return None

    @property
    def chosen_label(self) -> str | None:
        return self.label_for(self._value)

    def choose(self, value: Hashable) -> None:
        """Choose ``value`` (one of the options' values)."""
        self._value = value
        self.border_subtitle = self.chosen_label or ""
        self.refresh(layout=True)
        self.post_message(self.Changed(self, value))

    def on_mount(self) -> None:
        self.border_subtitle = self.chosen_label or ""

    def press(self, character: str | None) -> bool:
        """Choose the option whose key is ``character``; False when no option has that key."""
        key = (character or "").lower()
        if key not in self._keys:
            return False
        self.choose(self._keys[key])
        return True

    def on_key(self, event: Key) -> None:
        focused = self.screen.focused
        if focused is not self and focused is not None:
            # Keys typed together ("2" then "4" in one go) are all queued to the question that
            # had the focus; once one has moved the focus on, the rest belong to the question
            # (or the note) now in focus, in the order typed.
            if isinstance(focused, Choice):
                focused.answer(event)
            elif isinstance(focused, Input) and event.is_printable and event.character:
                event.stop()
                event.prevent_default()
                focused.insert_text_at_cursor(event.character)
            return
        self.answer(event)

    def answer(self, event: Key) -> bool:
        """Answer with the key of ``event`` when it is one of the options, and move on."""
        if not self.press(event.character):
            return False
        event.stop()
        event.prevent_default()
        if self.moves_on:
            # Now, not from a message handler: a key typed right after this one must
            # reach the next question.
            self.screen.focus_next()
        return True

    def action_choose(self, key: str) -> None:
        self.press(key)

    def action_step(self, delta: int) -> None:
        values = [value for _, value, _ in self.options]
        if self._value is None or self._value not in values:
            index = 0 if delta > 0 else len(values) - 1
        else:
            index = max(0, min(len(values) - 1, values.index(self._value) + delta))
        self.choose(values[index])

    def _lines(self, width: int) -> list[Content]:
        """The prompt (wrapped) and the options, packed so no option is split across lines."""
        width = max(width, 1)
        prompt_style = self.get_visual_style("choice--prompt")
        option_style = self.get_visual_style("choice--option")
        chosen_style = self.get_visual_style("choice--chosen")
        # The prompt sits one cell in, in line with the options' text (each option is padded).
        lines = [
            Content(" ") + line
            for line in Content(self.prompt).stylize(prompt_style).wrap(max(width - 1, 1))
        ]
        row: list[Content] = []
        used = 0
        for key, value, word in self.options:
            chosen = self._value is not None and value == self._value
            style = (chosen_style if chosen else option_style) + Style.from_meta(
                {"@click": f"choose({key!r})"}
            )
            piece = Content(f" {key} {word} ").stylize(style)
            if row and used + piece.cell_length > width:
                lines.append(Content.assemble(*row))
                row, used = [], 0
            row.append(piece)
            used += piece.cell_length
        if row:
            lines.append(Content.assemble(*row))
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_size.width))


class QuestionsScreen(ModalScreen[R]):
    """A modal of one-key questions (``Choice`` widgets): a key answers the question in focus
    and moves on, Backspace goes back to the previous question, and the answers chosen so far
    are named in words in ``#answers`` before Enter saves."""

    BINDINGS = [
        Binding("backspace", "previous_question", "Back", show=False),
    ]

    @property
    def choices(self) -> list[Choice]:
        return list(self.query(Choice))

    def answer_words(self) -> list[str]:
        """The answers chosen so far, in words, in the order asked."""
        return [label for choice in self.choices if (label := self.answer_word(choice))]

    def answer_word(self, choice: Choice) -> str | None:
        """``choice``'s answer in words ('4 good'), None while it is open."""
        return choice.chosen_label

    def show_answers(self) -> None:
        answers = self.query_one("#answers", Static)
        answers.update(answers_line(self.answer_words()))
        answers.display = bool(self.answer_words())

    def say(self, text: str) -> None:
        message = self.query_one("#message", Static)
        message.update(text)
        message.display = bool(text)  # no empty row while there is nothing to say

    def keys_hint(self, choice: Choice) -> str:
        """A gentle hint naming the keys that answer ``choice``."""
        return keys_hint(choice.prompt, ", ".join(key for key, _, _ in choice.options))

    def action_previous_question(self) -> None:
        choices = self.choices
        focused = self.focused
        if isinstance(focused, Choice) and focused in choices and choices.index(focused) > 0:
            choices[choices.index(focused) - 1].focus()

    def on_key(self, event: Key) -> None:
        """A letter or digit the question in focus does not take: say which keys it takes."""
        focused = self.focused
        character = event.character or ""
        if isinstance(focused, Choice) and len(character) == 1 and character.isalnum():
            event.stop()
            self.say(self.keys_hint(focused))

    @on(Choice.Changed)
    def _answers_changed(self) -> None:
        self.show_answers()


class CheckinScreen(QuestionsScreen[CheckinResult | None]):
    """A mood check-in. ``kind`` is "morning", "before" or "after"; its questions are
    ``QUESTIONS[kind]``.

    Dismisses with a ``CheckinResult`` when saved and with None when skipped.
    """

    CSS_PATH = "checkin.tcss"

    BINDINGS = [
        Binding("escape", "skip", "Skip", show=False),
        Binding("enter", "save", "Save", show=False),
        # Priority, so that keys typed quickly after Tab reach the next question.
        Binding("tab", "focus_next_question", "Next question", show=False, priority=True),
        Binding("shift+tab", "focus_previous_question", "Previous question", show=False,
                priority=True),
    ]

    def action_focus_next_question(self) -> None:
        self.focus_next()

    def action_focus_previous_question(self) -> None:
        self.focus_previous()

    def __init__(self, kind: str, *, title: str | None = None) -> None:
        if kind not in KINDS:
            raise ValueError(f"a check-in is one of {', '.join(KINDS)}, not {kind!r}")
        super().__init__(classes=f"-{kind}")
        self.kind = kind
        self.questions = QUESTIONS[kind]
        self._finished = False
        self.heading = title if title is not None else HEADINGS[kind]

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.heading, id="heading", markup=False)
            if self.kind == "after":
                yield Static(AFTER_LEAD, id="lead", markup=False)
            note = self.kind == "morning"
            for number, question in enumerate(self.questions, 1):
                # A key moves on to the next question, and from the last one to the note.
                yield Choice(
                    question.prompt,
                    question.options,
                    id=question.id,
                    moves_on=number < len(self.questions) or note,
                )
            if note:
                yield Label(NOTE_LABEL, id="note-label")
                yield Input(placeholder=NOTE_PLACEHOLDER, id="note", max_length=500, restrict=INPUT_PATTERN)
            yield Static("", id="message", markup=False)
            yield Static("", id="answers", markup=False)
            yield Static(HINTS[self.kind], id="hint", markup=False)

    def on_mount(self) -> None:
        self.say("")
        self.show_answers()
        self.choices[0].focus()

    # ------------------------------------------------------------------ state

    def _choice(self, name: str) -> Choice | None:
        found = self.query(f"#{name}")
        return found.first(Choice) if found else None

    def _question(self, choice: Choice) -> Question | None:
        return next((q for q in self.questions if q.id == choice.id), None)

    def answer_word(self, choice: Choice) -> str | None:
        question = self._question(choice)
        label = choice.chosen_label
        if question is None or label is None:
            return None
        key, _, word = label.partition(" ")
        # A number keeps its number ("mood 2 low"); a letter is only the key ("pain yes").
        return f"{question.name} {label if key.isdigit() else word}"

    def keys_hint(self, choice: Choice) -> str:
        question = self._question(choice)
        if question is None:
            return super().keys_hint(choice)
        return keys_hint(question.prompt, question.keys)

    def current_result(self) -> CheckinResult:
        """The answers as they stand (mood may still be None)."""
        answers: dict[str, Any] = {}
        for question in self.questions:
            choice = self._choice(question.id)
            answers[question.id] = choice.value if choice is not None else None
        if self.kind == "morning":
            answers["note"] = self.query_one("#note", Input).value.strip() or None
        return CheckinResult(**answers)

    # ------------------------------------------------------------------ events

    @on(Choice.Changed)
    def _chosen(self, event: Choice.Changed) -> None:
        if self.kind == "before" and event.choice.id == "mood":
            # The key that was pressed, even if another arrived before the screen closed.
            mood = event.value if isinstance(event.value, int) else None
            self._finish(CheckinResult(mood=mood))
            return
        question = self._question(event.choice)
        if question is not None:
            self.say(question.saying(event.value))

    def on_key(self, event: Key) -> None:
        if self.kind == "before":
            if (event.character or "").lower() == "s":
                event.stop()
                self._finish(None)
            return  # other keys: the one question waits for 1-5
        super().on_key(event)

    @on(Input.Submitted, "#note")
    def _note_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        result = self.current_result()
        if result.mood is None:
            self.say(PICK_A_NUMBER)
            self.query_one("#mood", Choice).focus()
            return
        self._finish(result)

    def action_skip(self) -> None:
        self._finish(None)

    def _finish(self, result: CheckinResult | None) -> None:
        """Dismiss once, even when keys arrive faster than the screen closes."""
        if not self._finished:
            self._finished = True
            self.dismiss(result)
