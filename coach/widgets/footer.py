"""The footer every screen shows: Textual's, compact, rebuilt only when its keys change.

Textual's Footer rebuilds all its keys each time a screen says its bindings may have changed,
which happens several times while a screen opens (focus, resume, idle). Here a rebuild that
would show the same keys is skipped; the footer's stylesheet (in ``app.tcss``) spaces the
compact keys as the ordinary footer does.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer


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

    async def recompose(self) -> None:
        keys = self._keys()
        if keys == self._shown_keys and self.children:
            return
        self._shown_keys = keys
        await super().recompose()
