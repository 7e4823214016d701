"""The mood check-in and screener modals, driven by keys as a person would."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import screen_text, wait_for
from textual.app import App
from textual.screen import Screen

from coach import mood, resources
from coach.record import fields as record_fields
from coach.screens import checkin as checkin_module
from coach.screens import screener as screener_module
from coach.screens.checkin import Choice, CheckinResult, CheckinScreen
from coach.screens.screener import ScreenerResultScreen, ScreenerScreen

NOTHING_YET = object()


class Host(App[None]):
    """A bare app that pushes one modal and keeps what it dismissed with."""

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.modal = screen
        self.result: object = NOTHING_YET

    def on_mount(self) -> None:
        self.push_screen(self.modal, self._keep)

    def _keep(self, result: object) -> None:
        self.result = result


def visible_text(app: App) -> str:
    """The words on the terminal, lines joined, box drawing dropped, spaces collapsed."""
    return screen_text(app)


async def run(screen: Screen, *keys: str, size: tuple[int, int] = (80, 24)):
    """Push ``screen`` on a bare app, press ``keys``; returns (app, text on screen after)."""
    app = Host(screen)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        text = visible_text(app)
    return app, text


# ---------------------------------------------------------------- morning


async def test_morning_two_four_enter_saves_mood_two_and_anxiety_four():
    app, _ = await run(CheckinScreen("morning"), "2", "4", "enter")
    assert app.result == CheckinResult(mood=2, anxiety=4, note=None, pain=None)


async def test_morning_answers_are_shown_in_words_before_enter_saves():
    app = Host(CheckinScreen("morning"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Your answers" not in visible_text(app)
        await pilot.press("2")
        await pilot.pause()
        assert "Your answers: mood 2 low" in visible_text(app)
        await pilot.press("4")
        await pilot.pause()
        assert "Your answers: mood 2 low · anxiety 4 anxious" in visible_text(app)
        assert app.result is NOTHING_YET  # shown, not yet saved
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == CheckinResult(mood=2, anxiety=4, note=None, pain=None)


async def test_morning_backspace_goes_back_to_change_the_mood():
    app, _ = await run(CheckinScreen("morning"), "2", "backspace", "3", "4", "enter")
    assert app.result == CheckinResult(mood=3, anxiety=4, note=None, pain=None)


async def test_morning_backspace_on_the_first_question_stays_there():
    app = Host(CheckinScreen("morning"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("backspace")
        assert app.screen.focused is app.screen.query_one("#mood")
        await pilot.press("5", "enter")
        await pilot.pause()
    assert app.result == CheckinResult(mood=5, anxiety=None, note=None, pain=None)


async def test_morning_escape_writes_nothing_even_after_answers():
    app, _ = await run(CheckinScreen("morning"), "4", "2", "escape")
    assert app.result is None


async def test_morning_shows_the_questions_and_every_value_with_its_word():
    app = Host(CheckinScreen("morning"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = visible_text(app)
        assert "How are you feeling?" in text
        for value, word in mood.MOOD_WORDS.items():
            assert f"{value} {word}" in text
        for value, word in mood.ANXIETY_WORDS.items():
            assert f"{value} {word}" in text
        assert "A note, if you like (optional)" in text
        assert isinstance(app.screen, CheckinScreen)
        assert app.screen.focused is app.screen.query_one("#mood")


async def test_morning_digit_names_the_choice_and_moves_on_to_the_next_question():
    app = Host(CheckinScreen("morning"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("4")
        mood_question = app.screen.query_one("#mood", Choice)
        assert mood_question.value == 4
        assert mood_question.border_subtitle == "4 good"
        assert app.screen.focused is app.screen.query_one("#anxiety")
        await pilot.press("3")
        assert app.screen.query_one("#anxiety", Choice).border_subtitle == "3 a bit anxious"
        assert app.screen.focused is app.screen.query_one("#note")
        assert mood_question.value == 4


async def test_a_letter_on_a_number_question_says_which_keys_answer_it():
    app = Host(CheckinScreen("morning"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert "How are you feeling? Press 1-5." in visible_text(app)
        assert app.screen.query_one("#mood", Choice).value is None
        assert app.screen.focused is app.screen.query_one("#mood")


async def test_morning_digits_typed_in_the_note_go_into_the_note():
    keys = ["3", "4", *"slept 8h, 2 coffees", "enter"]
    app, _ = await run(CheckinScreen("morning"), *keys)
    assert app.result == CheckinResult(mood=3, anxiety=4, note="slept 8h, 2 coffees", pain=None)


async def test_morning_escape_from_the_note_writes_nothing():
    app, _ = await run(CheckinScreen("morning"), "3", "tab", *"tired", "escape")
    assert app.result is None


async def test_morning_blank_note_is_none_and_anxiety_is_optional():
    app, _ = await run(CheckinScreen("morning"), "2", "tab", "tab", "space", "space", "enter")
    assert app.result == CheckinResult(mood=2, anxiety=None, note=None, pain=None)


async def test_morning_enter_without_a_mood_asks_gently_and_stays_open():
    app = Host(CheckinScreen("morning"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab", "2", "enter")
        await wait_for(pilot, lambda: "pick a number from 1 to 5" in visible_text(app))
        assert app.result is NOTHING_YET  # Enter was answered with words, not by closing
        assert isinstance(app.screen, CheckinScreen)
        assert app.screen.focused is app.screen.query_one("#mood")
        await pilot.press("5", "enter")
        await pilot.pause()
    assert app.result == CheckinResult(mood=5, anxiety=2, note=None, pain=None)


async def test_shift_tab_goes_back_and_a_new_digit_changes_the_answer():
    app, _ = await run(
        CheckinScreen("morning"), "4", "2", "shift+tab", "shift+tab", "1", "enter"
    )
    assert app.result == CheckinResult(mood=1, anxiety=2, note=None, pain=None)


async def test_arrow_keys_step_through_options_and_between_questions():
    app, _ = await run(
        CheckinScreen("morning"), "right", "right", "right", "left", "down", "right", "enter"
    )
    assert app.result == CheckinResult(mood=2, anxiety=1, note=None, pain=None)


async def test_clicking_an_option_chooses_it():
    app = Host(CheckinScreen("morning"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        question = app.screen.query_one("#mood", Choice)
        # Border and padding (2 cells), then " 1 very low " (12 cells), then " 2 low ".
        await pilot.click(question, offset=(2 + 12 + 2, 2))
        await pilot.pause()
        assert question.value == 2
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == CheckinResult(mood=2, anxiety=None, note=None, pain=None)


async def test_a_title_replaces_the_heading():
    _, text = await run(CheckinScreen("morning", title="Welcome back"))
    assert "Welcome back" in text
    assert "Good to see you" not in text


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="morning, before, after"):
        CheckinScreen("evening")


# ---------------------------------------------------------------- before


async def test_before_is_one_key():
    app, text = await run(CheckinScreen("before"), "3")
    assert app.result == CheckinResult(mood=3, anxiety=None, note=None, pain=None)


async def test_before_asks_how_the_mood_is_and_ignores_other_keys():
    app = Host(CheckinScreen("before"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Before you start: how's your mood?" in visible_text(app)
        await pilot.press("7", "0", "x", "enter")
        await wait_for(pilot, lambda: "pick a number from 1 to 5" in visible_text(app))
        assert app.result is NOTHING_YET  # no key so far was an answer
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("5")
        await pilot.pause()
    assert app.result == CheckinResult(mood=5, anxiety=None, note=None, pain=None)


async def test_before_takes_only_the_first_key_when_two_arrive_at_once():
    app = Host(CheckinScreen("before"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        question = app.screen.query_one("#mood", Choice)
        question.press("2")  # both answers are queued before the screen can close
        question.press("4")
        await pilot.pause()
        await pilot.pause()
    assert app.result == CheckinResult(mood=2, anxiety=None, note=None, pain=None)


@pytest.mark.parametrize("key", ["s", "escape"])
async def test_before_can_be_skipped(key):
    app, _ = await run(CheckinScreen("before"), key)
    assert app.result is None


# ---------------------------------------------------------------- after


async def test_after_mood_and_pain_yes():
    app, text = await run(CheckinScreen("after"), "4", "y")
    assert "How do you feel now?" in text
    assert "Any pain?" in text
    assert "Go gently" in text
    assert app.result is NOTHING_YET  # Enter saves, not y


@pytest.mark.parametrize(
    ("keys", "pain"), [(("4", "y"), True), (("2", "n"), False), (("5",), None)]
)
async def test_after_saves_mood_and_pain_on_enter(keys, pain):
    app, _ = await run(CheckinScreen("after"), *keys, "enter")
    mood_value = int(keys[0])
    assert app.result == CheckinResult(mood=mood_value, anxiety=None, note=None, pain=pain)


async def test_after_a_digit_answers_the_mood_and_moves_on_to_pain():
    app = Host(CheckinScreen("after"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3")
        assert app.screen.focused is app.screen.query_one("#pain")
        await pilot.press("y")
        assert app.screen.focused is app.screen.query_one("#effort")
        await pilot.press("2")
        await pilot.pause()
        # The last question keeps the focus; the answers are named before Enter saves.
        assert app.screen.focused is app.screen.query_one("#effort")
        assert "Your answers: mood 3 okay · pain yes · effort 2 about right" in visible_text(app)
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == CheckinResult(mood=3, anxiety=None, note=None, pain=True,
                                       effort="right")


@pytest.mark.parametrize("keys, effort", [
    (("4", "n", "1"), "easy"), (("4", "n", "2"), "right"), (("4", "n", "3"), "hard"),
    (("4", "n"), None),  # skippable, like the rest
])
async def test_after_asks_how_hard_that_was_with_one_key(keys, effort):
    app, text = await run(CheckinScreen("after"), *keys)
    assert "How hard was that?" in text
    assert "1 easy" in text and "2 about right" in text and "3 too hard" in text
    if effort == "hard":
        assert "Next time starts gentler" in text
    app, _ = await run(CheckinScreen("after"), *keys, "enter")
    assert app.result == CheckinResult(mood=4, pain=False, effort=effort)


async def test_after_effort_takes_only_1_to_3():
    app = Host(CheckinScreen("after"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("4", "n", "5")
        await pilot.pause()
        assert app.screen.query_one("#effort", Choice).value is None
        assert "How hard was that? Press 1-3." in visible_text(app)


async def test_after_a_key_answers_only_the_question_in_focus():
    app = Host(CheckinScreen("after"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")  # the mood question is in focus: n does not answer pain
        await pilot.pause()
        assert app.screen.query_one("#pain", Choice).value is None
        assert "How do you feel now? Press 1-5." in visible_text(app)
        await pilot.press("4", "5")  # 5 reaches pain, which takes y or n
        await pilot.pause()
        assert app.screen.query_one("#mood", Choice).value == 4
        assert "Any pain? Press y or n." in visible_text(app)
        await pilot.press("backspace", "2", "n", "enter")
        await pilot.pause()
    assert app.result == CheckinResult(mood=2, anxiety=None, note=None, pain=False)


async def test_after_escape_dismisses_none_and_enter_alone_asks_gently():
    app = Host(CheckinScreen("after"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab", "y", "enter")
        await wait_for(pilot, lambda: "pick a number from 1 to 5" in visible_text(app))
        assert app.result is NOTHING_YET
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.result is not NOTHING_YET)
    assert app.result is None


# ---------------------------------------------------------------- screener


async def test_screener_shows_the_published_stem_items_options_and_credit():
    for size in [(80, 24), (120, 40)]:
        app, text = await run(ScreenerScreen(), size=size)
        assert mood.SCREENER_STEM in text
        for item in mood.SCREENER_ITEMS:
            assert item in text
        for value, words in mood.SCREENER_OPTIONS:
            assert f"{value} {words}" in text
        assert mood.SCREENER_CREDIT in text
        assert app.result is NOTHING_YET


async def test_screener_each_digit_answers_the_next_question():
    app, _ = await run(ScreenerScreen(), "2", "2", "1", "2", "enter")
    assert app.result == (2, 2, 1, 2)


async def test_screener_shows_the_answers_in_words_and_backspace_goes_back():
    app = Host(ScreenerScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2", "0")
        await pilot.pause()
        assert "Your answers: 1. More than half the days · 2. Not at all" in visible_text(app)
        await pilot.press("backspace", "backspace", "1", "1", "3", "3", "enter")
        await pilot.pause()
    assert app.result == (1, 1, 3, 3)


async def test_screener_answers_by_keys_with_arrows():
    # Arrows choose without moving on; Down moves to the next question.
    app, _ = await run(ScreenerScreen(), "right", "right", "down", "3", "0", "left", "enter")
    assert app.result == (1, 3, 0, 3)


async def test_screener_enter_waits_for_all_four_answers():
    app = Host(ScreenerScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("1", "tab", "2", "enter")
        await wait_for(pilot, lambda: "questions 2 and 4 still need an answer" in visible_text(app))
        assert app.result is NOTHING_YET
        assert app.screen.focused is app.screen.query_one("#item-2")
        await pilot.press("0")
        await pilot.pause()
        assert "question 4 still needs an answer" in visible_text(app)
        await pilot.press("down", "3", "enter")
        await pilot.pause()
    assert app.result == (1, 0, 2, 3)


async def test_screener_escape_cancels():
    app, _ = await run(ScreenerScreen(), "3", "3", "escape")
    assert app.result is None


async def test_screener_result_below_three_is_calm_and_names_no_resources():
    app, text = await run(ScreenerResultScreen((1, 1, 2, 0)))
    assert "Mood questions (PHQ-2): 2 of 6." in text
    assert "Worry questions (GAD-2): 2 of 6." in text
    assert "doctor or therapist" not in text
    assert "988" not in text
    assert app.result is NOTHING_YET  # it stays until closed


@pytest.mark.parametrize(
    ("answers", "phq", "gad"), [((2, 1, 0, 0), 3, 0), ((0, 0, 1, 2), 0, 3), ((3, 3, 3, 3), 6, 6)]
)
async def test_screener_result_at_three_suggests_talking_and_shows_resources(answers, phq, gad):
    _, text = await run(ScreenerResultScreen(answers))
    assert f"Mood questions (PHQ-2): {phq} of 6." in text
    assert f"Worry questions (GAD-2): {gad} of 6." in text
    assert "talk with a doctor or therapist" in text
    assert resources.CRISIS_HEADING in text
    for line in resources.CRISIS_RESOURCES:
        assert line in text


async def test_screener_result_accepts_a_scored_result_and_closes_on_enter():
    app, _ = await run(ScreenerResultScreen(mood.screener_result((0, 1, 0, 1))), "enter")
    assert app.result is None


# ---------------------------------------------------------------- wording

BLAME = re.compile(
    r"\b(fail\w*|miss(ed|ing)?|broke|streak|lost|behind|lazy|should|must|"
    r"depress\w*|diagnos\w*|disorder|you are)\b",
    re.IGNORECASE,
)


def _without_published_items(text: str) -> str:
    """The PHQ-2/GAD-2 items and stem keep their published words; everything else is coach's."""
    for published in (mood.SCREENER_STEM, *mood.SCREENER_ITEMS, mood.SCREENER_CREDIT):
        text = text.replace(published, "")
    return text


async def _texts_in_every_state() -> list[str]:
    runs = [
        (CheckinScreen("morning"), ()),
        (CheckinScreen("morning"), ("enter",)),
        (CheckinScreen("morning"), ("4", "2")),
        (CheckinScreen("morning"), ("x",)),
        (CheckinScreen("morning"), ("1", "1", "enter")),
        (CheckinScreen("before"), ()),
        (CheckinScreen("after"), ()),
        (CheckinScreen("after"), ("y", "enter")),
        (CheckinScreen("after"), ("2", "n")),
        (CheckinScreen("after"), ("1", "y")),
        (CheckinScreen("after"), ("3", "3")),
        (ScreenerScreen(), ()),
        (ScreenerScreen(), ("1", "enter")),
        (ScreenerScreen(), ("3", "3", "3", "3")),
        (ScreenerScreen(), ("x",)),
        (ScreenerResultScreen((0, 0, 0, 0)), ()),
        (ScreenerResultScreen((3, 3, 3, 3)), ()),
    ]
    texts = []
    for screen, keys in runs:
        _, text = await run(screen, *keys)
        texts.append(text)
    return texts


async def test_no_blame_label_or_diagnosis_in_what_the_screens_show():
    for text in await _texts_in_every_state():
        assert not BLAME.search(_without_published_items(text)), text


def test_no_blame_label_or_diagnosis_in_any_string_of_these_screens():
    for module in (checkin_module, screener_module):
        tree = ast.parse(Path(module.__file__).read_text())
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
            ):
                assert not BLAME.search(node.value), (module.__name__, node.value)


def test_the_screener_items_keep_their_published_word():
    # The one place "depressed" may appear is the published PHQ-2 item, word for word.
    assert "Feeling down, depressed, or hopeless" in mood.SCREENER_ITEMS


# ---------------------------------------------------------------- questions as data


def test_every_question_fills_a_field_of_the_result():
    names = record_fields(CheckinResult)
    for kind, questions in checkin_module.QUESTIONS.items():
        assert questions, kind
        for question in questions:
            assert question.id in names, (kind, question.id)
            assert len({key for key, _, _ in question.options}) == len(question.options)


async def test_a_question_added_to_a_form_is_asked_named_and_saved(monkeypatch):
    # Forms are data: a question appended to QUESTIONS is asked after the others, a key
    # answers it, and its answer is named and saved in the result field of its id.
    extra = checkin_module.Question(
        id="anxiety", prompt="And how tense?", options=(("1", 1, "loose"), ("2", 2, "tight")),
        name="tension", keys="1 or 2",
    )
    after = (*checkin_module.QUESTIONS["after"], extra)
    monkeypatch.setitem(checkin_module.QUESTIONS, "after", after)
    app = Host(CheckinScreen("after"))
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        await pilot.press("4", "n", "1", "2")
        await pilot.pause()
        assert "And how tense?" in visible_text(app)
        assert ("Your answers: mood 4 good · pain no · effort 1 easy · tension 2 tight"
                in visible_text(app))
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == CheckinResult(mood=4, anxiety=2, note=None, pain=False, effort="easy")


async def test_screener_a_letter_says_the_keys():
    _, text = await run(ScreenerScreen(), "x")
    assert screener_module.SCREENER_KEYS_HINT in text


async def test_the_answered_screener_fits_80x24_with_its_credit_in_view():
    from conftest import screen_lines, screen_text

    from coach.mood import SCREENER_CREDIT

    app = Host(ScreenerScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2", "1", "0", "3")
        await pilot.pause()
        assert app.screen.query_one("#dialog").max_scroll_y == 0
        text = screen_text(app)
        assert " ".join(SCREENER_CREDIT.split()) in text
        assert "4. Nearly every day" in text
        # Each question's four options on one line.
        assert sum("0 Not at all  1 Several days  2 More than half the days  3 Nearly every day"
                   in line for line in screen_lines(app)) == 4
