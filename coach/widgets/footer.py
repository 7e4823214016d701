"""The footer every screen shows: Textual's, rebuilt only when its keys change.

Textual's Footer rebuilds all its keys each time a screen says its bindings may have changed,
which happens several times while a screen opens (focus, resume, idle). Each rebuild restyles
every key twice (a key takes the compact class only once mounted). Here the footer is compact
from the start and its keys are made with the class, so a key is styled once, and its
stylesheet (in ``app.tcss``) spaces the keys as the ordinary footer does; and a rebuild that
would show the same keys is skipped.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class CoachFooter(Footer):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("compact", True)
        super().__init__(**kwargs)
        self._shown_keys: tuple[Any, ...] | None = None

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

    def compose(self) -> ComposeResult:
        # A key sets its compact class itself once mounted, which styles it a second time;
        # with the class already in place, there is nothing left for it to change.
        for widget in super().compose():
            if self.compact and isinstance(widget, FooterKey):
                widget.add_class("-compact", update=False)
            yield widget

    async def recompose(self) -> None:
        keys = self._keys()
        if keys == self._shown_keys and self.children:
            return
        self._shown_keys = keys
        await super().recompose()
