"""coach as a real process in a real (pseudo) terminal: killed mid-session, and closed in a hurry.

Killed with SIGKILL, nothing in the process gets a chance to clean up, so what the next
launch finds is exactly what the timer saved as it went.
"""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from coach.dates import today
from coach.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")


def read_until(fd: int, word: bytes, timeout: float) -> bytes:
    """Read the terminal's output until ``word`` appears (or fail after ``timeout``)."""
    seen = b""
    deadline = time.monotonic() + timeout
    while word not in seen:
        if time.monotonic() > deadline:
            raise AssertionError(f"{word!r} never appeared on the terminal")
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            time.sleep(0.05)
            continue
        except OSError:  # the child has gone
            break
        seen += chunk
    return seen


def test_killing_the_timer_keeps_the_session_for_the_next_launch(tmp_path: Path):
    db = tmp_path / "coach.db"
    with Store.open(db) as s:
        s.save_settings(onboarded=True, bell=False)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    os.set_blocking(master, False)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", "--db", str(db), "timer", "60/10x5"],
        stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
    )
    os.close(slave)
    try:
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
    finally:
        proc.kill()
        proc.wait()
        os.close(master)
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
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    os.set_blocking(master, False)
    env = {**os.environ, "TERM": "xterm-256color"}
    proc = subprocess.Popen([sys.executable, "-m", "coach", "--db", str(db)],
                            stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True)
    os.close(slave)
    try:
        read_until(master, b"Today", timeout=30)
        os.write(master, b"qstion")
        proc.wait(timeout=20)
        output = b""
        try:
            while chunk := os.read(master, 65536):
                output += chunk
        except OSError:
            pass
    finally:
        proc.kill()
        proc.wait()
        os.close(master)
    assert proc.returncode == 0
    assert b"Error" not in output and b"Traceback" not in output


def test_coach_timer_yoga_opens_the_gentlest_yoga_routine(tmp_path: Path):
    db = tmp_path / "coach.db"
    with Store.open(db) as s:
        s.save_settings(onboarded=True, bell=False)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    os.set_blocking(master, False)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", "--db", str(db), "timer", "yoga"],
        stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
    )
    os.close(slave)
    try:
        read_until(master, b"Before you start", timeout=30)
        os.write(master, b"s")
        read_until(master, b"Seated breathing", timeout=15)  # the gentle flow's first move
        deadline = time.monotonic() + 30
        started = []
        while time.monotonic() < deadline and not started:
            time.sleep(0.5)
            with Store.open(db) as s:
                started = s.unfinished_sessions()
    finally:
        proc.kill()
        proc.wait()
        os.close(master)
    assert [(x.routine, x.style) for x in started] == [("yoga-gentle-flow", "yoga")]


def test_two_digits_typed_in_one_go_answer_mood_then_anxiety(tmp_path: Path):
    """m, then 2 and 4 and Enter arriving together, as a quick typist sends them."""
    db = tmp_path / "coach.db"
    with Store.open(db) as s:
        s.save_settings(onboarded=True)
        s.set_value("last_launch_day", today().isoformat())  # no check-in opens by itself
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    os.set_blocking(master, False)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", "--db", str(db)],
        stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
    )
    os.close(slave)
    try:
        read_until(master, b"Today", timeout=30)
        os.write(master, b"m")
        read_until(master, b"Good to see you", timeout=15)  # the check-in, not Today's prompt
        os.write(master, b"24\r")  # one write: the keys arrive together
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with Store.open(db) as s:
                mornings = s.checkins("morning")
            if mornings:
                break
            time.sleep(0.2)
    finally:
        proc.kill()
        proc.wait(timeout=15)
        os.close(master)
    assert [(c.mood, c.anxiety) for c in mornings] == [(2, 4)]
