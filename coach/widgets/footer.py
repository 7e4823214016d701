"""The footer every screen shows: Textual's, compact, rebuilt only when its keys change.

Textual's Footer rebuilds all its keys each time a screen says its bindings may have changed,
which happens several times while a screen opens (focus, resume, idle). Here a rebuild that
would show the same keys is skipped, and so is one while another screen covers the footer's
(the keys change as a screen is left: rebuilt then, they would hold up the next screen's
first frame for nobody to see); it is rebuilt when its screen shows again, if its keys
changed. The footer's stylesheet (in ``app.tcss``) spaces the compact keys as the ordinary
footer does.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.dom import NoScreen
from textual.screen import ModalScreen
from textual.widgets import Footer


class CoachFooter(Footer):
    def __init__(self, *, keys_at_once: bool = False, **kwargs: Any) -> None:
        """``keys_at_once``: the keys come with the screen's first frame. Textual's footer
        waits for its screen to say its keys are ready and draws them a frame later, so a
        screen opened by a key first shows with an empty footer line; with this, the screen
        appears whole."""
        kwargs.setdefault("compact", True)
        super().__init__(**kwargs)
        self._shown_keys: tuple[Any, ...] | None = None
        self.keys_at_once = keys_at_once

    def compose(self) -> ComposeResult:
        if self.keys_at_once and self._shown_keys is None:
            # What the screen saying so would do, now: the keys are composed with the
            # screen, and the rebuild that saying so asks for finds them unchanged.
            self.bindings_changed(self.screen)
            self._shown_keys = self._keys()
        yield from super().compose()

    def _keys(self) -> tuple[Any, ...]:
        """What the footer would show: each shown binding and whether it is enabled."""
        try:
            active = self.screen.active_bindings
        except Exception:  # not on a screen (yet)
            return ()
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (binding.key, binding.action, binding.description, binding.key_display, enabled,
             tooltip)
            for key, (_, binding, enabled, tooltip) in active.items()
            if binding.show or key == palette
        ) + (self.show_command_palette, self.app.ENABLE_COMMAND_PALETTE)

    def _covered(self) -> bool:
        """True while nobody sees this footer: its screen is not on show, or a screen other
        than a modal one (which lets the screen under it show through) is over it."""
        stack = self.app.screen_stack
        try:
            above = stack[stack.index(self.screen) + 1:]
        except (ValueError, NoScreen):  # another mode's screen, or on no screen (any more)
            return True
        return any(not isinstance(screen, ModalScreen) for screen in above)

    async def recompose(self) -> None:
        if self._covered():
            return  # rebuilt when its screen shows again (resumed, it says its keys changed)
        keys = self._keys()
        if keys == self._shown_keys and self.children:
            return
        self._shown_keys = keys
        await super().recompose()
