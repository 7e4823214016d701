"""coach as a real process in a real (pseudo) terminal: killed mid-session, and closed in a hurry.

Killed with SIGKILL, nothing in the process gets a chance to clean up, so what the next
launch finds is exactly what the timer saved as it went.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from coach.dates import today
from coach.store import Store
from tests.terminal import coach_in_a_terminal, read_until

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")


def test_killing_the_timer_keeps_the_session_for_the_next_launch(tmp_path: Path):
    db = tmp_path / "coach.db"
    with Store.open(db) as s:
        s.save_settings(onboarded=True, bell=False)
    with coach_in_a_terminal(db, "timer", "60/10x5") as (proc, master):
        read_until(master, b"Before you start", timeout=30)
        os.write(master, b"s")  # skip the one-key mood question
        read_until(master, b"WORK", timeout=15)
        deadline = time.monotonic() + 30
        running = []
        while time.monotonic() < deadline:  # until a save with some seconds lands
            time.sleep(0.5)
            with Store.open(db) as s:
                running = [x for x in s.unfinished_sessions() if x.seconds >= 5]
            if running:
                break
        assert running, "the running session was never saved"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    with Store.open(db) as s:
        [left] = s.unfinished_sessions()
        assert left.routine == "60/10x5" and left.seconds >= 5 and not left.finished
        assert s.sessions() == []  # not counted until the user says so


def test_keys_typed_right_after_q_do_not_break_the_way_out(tmp_path: Path):
    """q then s at once (a quick typist, or keys held down): coach closes cleanly."""
    db = tmp_path / "coach.db"
    with Store.open(db) as s:
        s.save_settings(onboarded=True, bell=False)
        s.set_value("last_launch_day", today().isoformat())  # no morning question
    with coach_in_a_terminal(db, rows=30, columns=100) as (proc, master):
        read_until(master, b"Today", timeout=30)
        os.write(master, b"qstion")
        proc.wait(timeout=20)
        output = read_until(master, None, timeout=1)
    assert proc.returncode == 0
    assert b"Error" not in output and b"Traceback" not in output


def test_coach_timer_yoga_opens_the_gentlest_yoga_routine(tmp_path: Path):
    db = tmp_path / "coach.db"
    with Store.open(db) as s:
        s.save_settings(onboarded=True, bell=False)
    with coach_in_a_terminal(db, "timer", "yoga") as (proc, master):
        read_until(master, b"Before you start", timeout=30)
        os.write(master, b"s")
        read_until(master, b"Seated breathing", timeout=15)  # the gentle flow's first move
        deadline = time.monotonic() + 30
        started = []
        while time.monotonic() < deadline and not started:
            time.sleep(0.5)
            with Store.open(db) as s:
                started = s.unfinished_sessions()
    assert [(x.routine, x.style) for x in started] == [("yoga-gentle-flow", "yoga")]


def opened_today(db: Path) -> Path:
    """A set-up database already opened today: no check-in opens by itself."""
    with Store.open(db) as s:
        s.save_settings(onboarded=True)
        s.set_value("last_launch_day", today().isoformat())
    return db


def mornings_saved(db: Path, timeout: float = 15) -> list[tuple[int | None, int | None]]:
    """(mood, anxiety) of the morning check-ins, once one is saved (or ``timeout`` passed)."""
    deadline = time.monotonic() + timeout
    while True:
        with Store.open(db) as s:
            mornings = s.checkins("morning")
        if mornings or time.monotonic() > deadline:
            return [(c.mood, c.anxiety) for c in mornings]
        time.sleep(0.2)


def test_two_digits_typed_in_one_go_answer_mood_then_anxiety(tmp_path: Path):
    """m, then 2 and 4 and Enter arriving together, as a quick typist sends them."""
    db = opened_today(tmp_path / "coach.db")
    with coach_in_a_terminal(db) as (proc, master):
        read_until(master, b"Today", timeout=30)
        os.write(master, b"m")
        read_until(master, b"Good to see you", timeout=15)  # the check-in, not Today's prompt
        os.write(master, b"24\r")  # one write: the keys arrive together
        assert mornings_saved(db) == [(2, 4)]


def test_m_and_two_digits_in_one_write_answer_the_check_in_m_opens(tmp_path: Path):
    """m 2 4 and Enter in one write, as tmux send-keys sends them: the digits typed before
    the check-in is on screen answer it."""
    db = opened_today(tmp_path / "coach.db")
    with coach_in_a_terminal(db) as (proc, master):
        read_until(master, b"Today", timeout=30)
        os.write(master, b"m24\r")  # one write: the keys arrive together
        assert mornings_saved(db) == [(2, 4)]
