"""What helps me on a big database: the core's answer, and the screen opening.

The core: open the store, read what the insights need and work them out (as `coach
insights` and the screen do), timed in-process, several times. The screen: coach started in
a pseudo-terminal of 100x30 on the database, as a person starts it; once Today is drawn and
has settled, i is typed, and the time runs until the bytes that reach the terminal hold a
frame with the screen whole, its breakdowns and its footer (escape sequences taken out),
and that frame has come in full. Nothing inside the app is
touched, so this is what a terminal sees: the key read, the screen built and styled, laid
out, drawn and written. Each run is a new process (the first, warming the caches, is not
counted). The app's CPU time is read from /proc, from the key until the app has gone quiet
again (all the work the key set going, frames after the first one too). Prints one JSON line:
{"core": [seconds...], "screen": [seconds...], "screen_cpu": [seconds...], "problem": str}.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

ESCAPES = re.compile(r"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>()]")
SIZE = (100, 30)
TIMEOUT = 5.0
SETTLE = 2.0
TODAY_MARKER = "Helps"  # in Today's footer, drawn with its first frame
#: What helps me whole: a breakdown's title, and its footer's first key.
SCREEN_MARKERS = ("By time of day", "esc Back")
FRAME_GAP = 0.003  # seconds: the bytes of one frame come closer together than this
CLK_TCK = os.sysconf("SC_CLK_TCK")


def core_times(db: str, runs: int) -> list[float]:
    from coach.dates import today
    from coach.insights import WEEKS, insights
    from coach.store import Store

    day = today()
    times: list[float] = []
    with Store.open(db) as store:
        insights(store.recent_history(day, days=WEEKS * 7), day)  # warm: the first read
        for _ in range(runs):
            start = time.perf_counter()
            insights(store.recent_history(day, days=WEEKS * 7), day)
            times.append(time.perf_counter() - start)
    return times


def child_env() -> dict[str, str]:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(SIZE[0]),
           "LINES": str(SIZE[1])}
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"]
                                     if env.get("PYTHONPATH") else "")
    env.pop("TEXTUAL", None)  # no devtools
    return env


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


class Terminal:
    """coach in a pseudo-terminal of SIZE: what it writes is read as a terminal would get it."""

    def __init__(self, db: str) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        os.set_blocking(master, False)
        self.fd = master
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "coach", "--db", db], stdin=slave, stdout=slave,
            stderr=slave, env=child_env(), cwd=ROOT, start_new_session=True)
        os.close(slave)

    def read(self, timeout: float) -> bytes:
        """What the app writes within ``timeout`` seconds (returns early on output)."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(self.fd, 1 << 20)
        except (BlockingIOError, OSError):
            return b""

    def wait_for(self, *markers: str, timeout: float = TIMEOUT) -> float | None:
        """Read until all ``markers`` are in the text drawn so far and the frame holding them
        has come in full (the bytes after them follow within FRAME_GAP); the moment its last
        bytes arrived."""
        seen = b""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            seen += self.read(deadline - time.perf_counter())
            text = ESCAPES.sub("", seen.decode("utf-8", "replace"))
            if all(marker in text for marker in markers):
                last = time.perf_counter()
                while self.read(FRAME_GAP):
                    last = time.perf_counter()
                return last
        return None

    def quiet(self, seconds: float) -> None:
        """Read until nothing has been written for ``seconds``."""
        while self.read(seconds):
            pass

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        os.close(self.fd)


def settle(term: Terminal) -> None:
    """Wait until Today has done what it does a moment after it shows (it reads ahead for
    Week, turns garbage collection back on): at least SETTLE seconds, then until the app
    has used next to no CPU time for half a second."""
    time.sleep(SETTLE)
    deadline = time.perf_counter() + 10
    before = cpu_seconds(term.proc.pid)
    while time.perf_counter() < deadline:
        term.quiet(0.5)
        now = cpu_seconds(term.proc.pid)
        if now - before < 0.02:
            return
        before = now


def screen_time(db: str) -> tuple[float, float]:
    """i on Today until What helps me, whole, has reached the terminal (its first opening in
    this app): the wall time, and the app's CPU time for it (see the module's docstring)."""
    term = Terminal(db)
    try:
        if term.wait_for(TODAY_MARKER, timeout=30.0) is None:
            raise RuntimeError("Today was not drawn")
        settle(term)
        cpu = cpu_seconds(term.proc.pid)
        start = time.perf_counter()
        os.write(term.fd, b"i")
        seen = term.wait_for(*SCREEN_MARKERS)
        if seen is None:
            raise RuntimeError("What helps me was not drawn")
        term.quiet(0.3)  # all that the key set going, the frames after the first too
        return seen - start, cpu_seconds(term.proc.pid) - cpu
    finally:
        term.close()


def screen_times(db: str, runs: int) -> tuple[list[float], list[float]]:
    times: list[float] = []
    cpu: list[float] = []
    for n in range(runs + 1):  # the first warms the caches and is not counted
        took, used = screen_time(db)
        if n:
            times.append(took)
            cpu.append(used)
    return times, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    out: dict[str, Any] = {"core": [], "screen": [], "screen_cpu": [], "problem": ""}
    try:
        out["core"] = core_times(args.db, args.runs)
        out["screen"], out["screen_cpu"] = screen_times(args.db, max(3, args.runs // 2))
    except Exception as exc:  # noqa: BLE001 - said in the table
        out["problem"] = f"{type(exc).__name__}: {exc}"
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
