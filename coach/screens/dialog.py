"""The frame every small dialog shares: centred over the screen it opens from, which shows dimmed
behind it, in a bordered box as wide as the dialog asks (72 cells unless it says otherwise)."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

R = TypeVar("R")


class Dialog(ModalScreen[R]):
    """A modal screen whose content is one ``Vertical``: the move and short-session offers,
    the cue form, a day's records and the edit form."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
        background: $background 60%;
    }
    Dialog > Vertical {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 1 2;
        border: round $primary;
        background: $surface;
    }
    """
