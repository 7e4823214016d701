"""What the app says as it opens, before anything is asked: a setting in the database that
could not be read (its default is used).

``opening_notices(host)`` runs once, as the app mounts; each notice is one calm line that
stays a moment, as the command line says the same on standard error.
"""

from __future__ import annotations

from coach.screens.base import FlowHost
from coach.words import SETTING_RESET, damaged_setting


def opening_notices(host: FlowHost) -> None:
    """One notice for each setting coach could not read."""
    for key in host.coach.store.damaged_settings():
        line = damaged_setting(key)
        host.notify(line[0].upper() + line[1:] + ".", title=SETTING_RESET,
                    severity="warning", markup=False)
