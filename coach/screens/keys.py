"""The keys as the bindings give them, so that a key is written in one place: Help's tables
and the palette's descriptions read them from here."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding, BindingType


def action_keys(bindings: Iterable[BindingType]) -> dict[str, str]:
    """Each action's first key, as the footer shows it (``?``, not ``question_mark``)."""
    keys: dict[str, str] = {}
    for binding in Binding.make_bindings(bindings):
        keys.setdefault(binding.action, binding.key_display or binding.key)
    return keys
