"""What the app says as it opens: a setting in the database that could not be read (its
default is used), and records out of range that an older coach let in (how to remove them).

``opening_notices(host)`` runs once as the app mounts, ``first_frame_notices(host)`` once
Today is on screen; each notice stops nothing, and says what the command line says.
"""

from __future__ import annotations

from coach.screens.base import FlowHost
from coach.words import ODD_RECORDS_TITLE, SETTING_RESET, damaged_setting


def opening_notices(host: FlowHost) -> None:
    """One notice for each setting coach could not read."""
    for key in host.coach.store.damaged_settings():
        line = damaged_setting(key)
        host.notify(line[0].upper() + line[1:] + ".", title=SETTING_RESET,
                    severity="warning", markup=False)


def first_frame_notices(host: FlowHost) -> None:
    """The records out of range, in one notice that stays a while (a StoreError goes to the
    caller). Shown once: it is taken away as the person goes on to another of the app's
    places (Week, ...), where it would otherwise show again until its time is up."""
    odd = host.coach.odd_records_note()
    if not odd:
        return
    host.notify(odd, title=ODD_RECORDS_TITLE, severity="warning", markup=False, timeout=20)
    home = host.screen_stack[0]  # under the questions a launch may ask first

    def screen_changed(screen: object) -> None:
        # Another place (Week, ...) is the first screen of its own stack; the questions a
        # launch asks, and a screen made ahead, go over this one.
        if screen is not home and host.screen_stack[:1] == [screen]:
            host.screen_change_signal.unsubscribe(home)
            host.clear_notifications()

    host.screen_change_signal.subscribe(home, screen_changed, immediate=True)
