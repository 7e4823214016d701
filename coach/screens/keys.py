"""The keys: as the bindings give them, so that a key is written in one place (Help's tables
and the palette's descriptions read them from here), and the keys typed ahead of the screen
they were meant for (:class:`KeysAhead`)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen


def action_keys(bindings: Iterable[BindingType]) -> dict[str, str]:
    """Each action's first key, as the footer shows it (``?``, not ``question_mark``)."""
    keys: dict[str, str] = {}
    for binding in Binding.make_bindings(bindings):
        keys.setdefault(binding.action, binding.key_display or binding.key)
    return keys


class KeysAhead:
    """The app's keys read last, each with the screen on top as it was read, so that a key
    typed in one go with the key that opened a screen (m, then 2 and 4) reaches that screen.

    The app calls :meth:`read` for every event it gets and :meth:`came_back` from its
    ``on_key``."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.sent: deque[tuple[events.Key, Screen[Any]]] = deque(maxlen=32)

    def read(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.sent.append((event, self.app.screen))

    def came_back(self, event: events.Key) -> None:
        """A key that comes back unused from a screen no longer on top is typed again, for
        the screen on top: it reaches what has the focus there, in the order typed."""
        sent_to = next((screen for key, screen in self.sent if key is event), None)
        if sent_to is None or sent_to is self.app.screen:
            return
        event.prevent_default()  # the bindings of the screen it went to are not on top now
        self.app.post_message(events.Key(event.key, event.character))
