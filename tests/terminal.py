"""coach as a real process in a pseudo terminal, for the tests that look at what a real
terminal sends and gets (POSIX only)."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def coach_in_a_terminal(db: Path, *args: str, rows: int = 24,
                        columns: int = 80) -> Iterator[tuple[subprocess.Popen, int]]:
    """``coach --db DB ARGS...`` on a pseudo terminal of ``rows`` x ``columns``: the process
    and the terminal's side to read and write (not blocking). Killed at the end."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    os.set_blocking(master, False)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", "--db", str(db), *args],
        stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
    )
    os.close(slave)
    try:
        yield proc, master
    finally:
        proc.kill()
        proc.wait(timeout=15)
        os.close(master)


def read_until(fd: int, word: bytes | None, timeout: float) -> bytes:
    """Read the terminal's output until ``word`` appears (fail after ``timeout``), or with
    ``word`` None, all that comes in ``timeout`` seconds."""
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (word is None or word not in seen):
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            time.sleep(0.05)
            continue
        except OSError:  # the child has gone
            break
        seen += chunk
    if word is not None and word not in seen:
        raise AssertionError(f"{word!r} never appeared on the terminal")
    return seen
