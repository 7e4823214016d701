"""coach's benchmarks: one command, one table.

    python benchmarks/run.py [--quick] [--runs N]

Every figure is measured N times (the first frame 3N times: a start-up is short, so it is
the most easily moved by a busy moment), side by side with its baseline in the same run (the
two interleaved), and printed as its median and min-max with the ratio of the medians. For the
first frame, each round starts the bare app and coach one right after the other, and the ratio
is the median of the rounds' own ratios. These machines are shared and noisy, so the ratios
are what to compare, not the absolute times.

What is measured (each against its baseline):

1. time to first frame of Today in a real terminal (tmux, polling the screen), empty database
   and ten years of data, against a bare Textual app (Header, a line of text, Footer);
2. ``coach status``, the whole process, against ``python -c pass``: as a new shell usually
   finds it (the lines kept from the last run still match) and the first run after a write;
3. week navigation at ten years of data: Left/Right through Textual's Pilot, until the new
   week is drawn, against the same key press on a bare app that redraws one line;
4. the timer screen running (``coach timer 40/20x8``): CPU % and resident memory, against
   ``termdown`` in the same run, and the timer model's clock error after 30 simulated minutes
   with pauses;
5. peak memory (VmHWM) of the app after opening Today, Week and the timer with ten years of
   data, against the bare Textual app.

The databases are built fresh in a temporary folder by ``benchmarks/gen.py`` (seeded). The
code measured is this working tree's (``PYTHONPATH`` points at it), run by the Python that runs
this script. ``termdown`` comes from ``benchmarks/requirements.txt``: it is looked for next to
this Python, in ``benchmarks/.venv`` and on ``PATH``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

PY = sys.executable
WIDTH, HEIGHT = 100, 30
POLL = 0.002  # seconds between two looks at the terminal
CLK_TCK = os.sysconf("SC_CLK_TCK")
TIMER_SPEC = "40/20x8"


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("COACH_DB", None)
    env.pop("TEXTUAL", None)  # no devtools
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


# --------------------------------------------------------------------------- results


@dataclass
class Row:
    name: str
    unit: str
    values: list[float] = field(default_factory=list)
    base_name: str = ""
    base_values: list[float] = field(default_factory=list)
    target: str = ""
    holds: Callable[["Row"], bool] | None = None
    note: str = ""
    #: Each round's own ratio, where a round measures the figure and its baseline one right
    #: after the other (the first frame): the ratio is then their median, which a slow patch
    #: of the shared machine moves much less than it moves either median.
    round_ratios: list[float] = field(default_factory=list)

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None

    @property
    def base_median(self) -> float | None:
        return statistics.median(self.base_values) if self.base_values else None

    @property
    def ratio(self) -> float | None:
        if self.round_ratios:
            return statistics.median(self.round_ratios)
        if self.median is None or not self.base_median:
            return None
        return self.median / self.base_median

    def verdict(self) -> str:
        if not self.values or self.holds is None:
            return ""
        try:
            return "yes" if self.holds(self) else "NO"
        except TypeError:  # a figure it needs is missing
            return ""


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        if 0 < value < 0.05:
            return f"{value:.0e} ms"
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "%":
        return f"{value:.2f}%"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value:.3g} {unit}"


def fmt_range(values: list[float], unit: str) -> str:
    if not values:
        return "-"
    lo, hi = min(values), max(values)
    a, b = fmt(lo, unit).split(" ")[0].rstrip("%"), fmt(hi, unit)
    return f"{a}-{b}"


def table(rows: list[Row]) -> str:
    head = ["measure", "median", "min-max", "n", "baseline", "ratio", "target", "holds"]
    lines = []
    for r in rows:
        base = f"{r.base_name} {fmt(r.base_median, r.unit)}" if r.base_name else "-"
        if r.base_name and r.base_median is None:
            base = r.base_name
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else "-"
        median = fmt(r.median, r.unit) if r.values else ("see notes" if r.note else "not measured")
        lines.append([r.name, median, fmt_range(r.values, r.unit) if r.values else "",
                      str(len(r.values)) if r.values else "", base, ratio, r.target, r.verdict()])
    widths = [max(len(x[i]) for x in [head, *lines]) for i in range(len(head))]
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() for line in lines]
    notes = [f"  {r.name}: {r.note}" for r in rows if r.note]
    if notes:
        out += ["", "notes:", *notes]
    return "\n".join(out)


# --------------------------------------------------------------------------- terminal


class Tmux:
    """A private tmux server with a fixed-size window per program under test.

    Commands go through one control-mode client (``tmux -C``), so looking at the screen every
    few milliseconds costs the tmux server a little work and spawns no process that would
    compete with the program measured.
    """

    def __init__(self) -> None:
        self.socket = f"coach-bench-{os.getpid()}"
        self.env = child_env()
        self._run("-f", "/dev/null", "new-session", "-d", "-s", "bench", "-x", str(WIDTH),
                  "-y", str(HEIGHT), "sleep 86400")
        self._run("set-option", "-g", "default-size", f"{WIDTH}x{HEIGHT}")
        self._run("set-option", "-g", "remain-on-exit", "off")
        self.client: subprocess.Popen[bytes] | None = subprocess.Popen(
            ["tmux", "-L", self.socket, "-C", "attach-session", "-f", "no-output,ignore-size",
             "-t", "bench"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=self.env,
        )

    def _run(self, *args: str) -> str:
        out = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True,
                             env=self.env)
        if out.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {out.stderr.strip()}")
        return out.stdout

    def tmux(self, *args: str) -> str:
        """Run one tmux command (through the control client when it is there)."""
        client = self.client
        if client is None or client.stdin is None or client.stdout is None:
            return self._run(*args)
        client.stdin.write(" ".join(_quote(a) for a in args).encode() + b"\n")
        client.stdin.flush()
        while True:  # skip notifications up to the answer to this command
            line = client.stdout.readline()
            if not line:
                self.client = None
                raise RuntimeError("the tmux control client ended")
            if line.startswith(b"%begin") and line.split()[-1] == b"1":
                break
        out: list[bytes] = []
        while True:
            line = client.stdout.readline()
            if line.startswith((b"%end", b"%error")):
                text = b"".join(out).decode("utf-8", "replace")
                if line.startswith(b"%error"):
                    raise RuntimeError(f"tmux {' '.join(args)}: {text.strip()}")
                return text
            out.append(line)

    def start(self, command: list[str], cwd: Path = ROOT) -> tuple[str, int, float]:
        """Open a window running ``command``; returns (pane id, pid, the time it was asked)."""
        line = "cd " + _quote(str(cwd)) + " && exec " + " ".join(_quote(c) for c in command)
        t0 = time.perf_counter()
        out = self.tmux("new-window", "-d", "-P", "-F", "#{pane_id} #{pane_pid}", "-t", "bench:",
                        line)
        pane, pid = out.split()
        return pane, int(pid), t0

    def screen(self, pane: str) -> str:
        try:
            return self.tmux("capture-pane", "-p", "-t", pane)
        except RuntimeError:
            return ""

    def keys(self, pane: str, *keys: str) -> None:
        self.tmux("send-keys", "-t", pane, *keys)

    def size(self, pane: str) -> str:
        return self.tmux("display-message", "-p", "-t", pane, "#{pane_width}x#{pane_height}").strip()

    def wait_for(self, pane: str, markers: list[str], timeout: float = 20.0,
                 pid: int | None = None) -> tuple[float | None, str]:
        """Poll the screen until one of ``markers`` shows; returns (time of the look, screen)."""
        deadline = time.perf_counter() + timeout
        text = ""
        while True:
            looked = time.perf_counter()
            text = self.screen(pane)
            if any(m in text for m in markers):
                return looked, text
            if looked > deadline or (pid is not None and not _alive(pid)):
                return None, text
            time.sleep(POLL)

    def close(self, pane: str, pid: int) -> None:
        try:
            self.tmux("kill-pane", "-t", pane)
        except RuntimeError:
            pass
        _wait_gone(pid)

    def shutdown(self) -> None:
        if self.client is not None:
            self.client.kill()
            self.client.wait()
            self.client = None
        try:
            self._run("kill-server")
        except RuntimeError:
            pass


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_gone(pid: int, timeout: float = 5.0) -> None:
    deadline = time.perf_counter() + timeout
    while _alive(pid) and time.perf_counter() < deadline:
        time.sleep(0.01)
    if _alive(pid):
        try:
            os.kill(pid, 9)
        except OSError:
            pass


# --------------------------------------------------------------------------- /proc


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, in seconds (from /proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


def memory_mb(pid: int, key: str = "VmRSS") -> float:
    """A ``VmRSS``/``VmHWM`` line of /proc/PID/status, in MB (10^6 bytes)."""
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024 / 1e6
    raise KeyError(key)


# --------------------------------------------------------------------------- databases


def build_databases(folder: Path, quick: bool) -> dict[str, Path]:
    import gen

    dbs: dict[str, Path] = {}
    for size in ("empty", "month", "years"):
        path = folder / f"{size}.db"
        start = time.perf_counter()
        counts = gen.build(path, size)
        took = time.perf_counter() - start
        what = ", ".join(f"{v} {k}" for k, v in counts.items() if v)
        print(f"  {size:5} database: {what} ({took:.1f} s)", flush=True)
        dbs[size] = path
    return dbs


def fresh_copy(src: Path, name: str) -> Path:
    """A copy of a database for a run that writes to it (the timer saves progress)."""
    dest = src.with_name(name)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{dest}{suffix}").unlink(missing_ok=True)
    import sqlite3

    source = sqlite3.connect(str(src))
    target = sqlite3.connect(str(dest))
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    os.chmod(dest, 0o600)
    return dest


def today_marker() -> str:
    """What Today shows once its data is in: its title with the day's name."""
    from coach.dates import today
    from coach.words import WEEKDAY_LONG

    return f"Today · {WEEKDAY_LONG[today().weekday()]}"


def coach_command(db: Path, *args: str) -> list[str]:
    return [PY, "-m", "coach", "--db", str(db), *args]


BARE_COMMAND = [PY, str(BENCH / "bare_app.py")]


# --------------------------------------------------------------------------- 1. first frame


def measure_first_frame(tm: Tmux, dbs: dict[str, Path], runs: int) -> list[Row]:
    from bare_app import READY

    marker = today_marker()
    programs = {
        "bare": (BARE_COMMAND, [READY]),
        "empty": (coach_command(dbs["empty"]), [marker]),
        "years": (coach_command(dbs["years"]), [marker]),
        "synced": (coach_command(synced_copy(dbs["years"])), [marker]),
    }
    times: dict[str, list[float]] = {k: [] for k in programs}
    ratios: dict[tuple[str, str], list[float]] = {
        ("empty", "bare"): [], ("years", "bare"): [], ("years", "empty"): [],
        ("synced", "years"): []}
    problem = ""
    # A start-up is short, so one slow moment of the shared machine moves it a lot: three
    # rounds per run, each starting the three programs one right after the other.
    for run in range(3 * runs + 1):  # the first round warms the caches and is not counted
        order = list(programs)
        order = order[run % len(order):] + order[:run % len(order)]
        took: dict[str, float] = {}
        for key in order:
            command, markers = programs[key]
            pane, pid, t0 = tm.start(command)
            seen, text = tm.wait_for(pane, markers, pid=pid)
            tm.close(pane, pid)
            if seen is None:
                problem = problem or f"{key}: never showed {markers[0]!r}: {_last_lines(text)}"
                continue
            if run:
                took[key] = seen - t0
                times[key].append(took[key])
            time.sleep(0.05)
        for (a, b), found in ratios.items():
            if a in took and b in took:
                found.append(took[a] / took[b])
    bare = times["bare"]
    rows = [
        Row("Today first frame, empty db", "s", times["empty"], "bare Textual app", bare,
            "<= 1.25x (goal 1.1x)", lambda r: r.ratio <= 1.25,
            round_ratios=ratios["empty", "bare"]),
        Row("Today first frame, ten years", "s", times["years"], "bare Textual app", bare,
            "<= 1.25x (goal 1.1x)", lambda r: r.ratio <= 1.25,
            round_ratios=ratios["years", "bare"]),
        Row("Today first frame, ten years vs empty", "s", times["years"], "empty db",
            times["empty"], "<= 1.1x", lambda r: r.ratio <= 1.1,
            round_ratios=ratios["years", "empty"]),
        Row("Today first frame, ten years with a sync folder set", "s", times["synced"],
            "ten years, no sync folder", times["years"], "unchanged (<= 1.05x)",
            lambda r: r.ratio <= 1.05, round_ratios=ratios["synced", "years"]),
    ]
    if problem:
        for r in rows:
            r.note = problem
    return rows


def _last_lines(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " | ".join(lines[-3:])[:200] or "(blank screen)"


def synced_copy(years: Path) -> Path:
    """A copy of the ten-year database with a sync folder set, and another device's changes
    waiting in the folder: the launch sync (after the first frame) has something to take in."""
    from coach.models import Session
    from coach.store import Store
    from coach.sync import sync

    path = fresh_copy(years, "years-synced.db")
    folder = years.parent / "sync-folder-app"
    shutil.rmtree(folder, ignore_errors=True)
    with Store.open(path) as store:
        sync(store, folder)
    with Store.open(years.parent / "other-device.db") as other:
        for n in range(20):
            other.add_session(Session(day=date.today(), seconds=600 + n))
        sync(other, folder, host="other device")
    return path


# --------------------------------------------------------------------------- 2. status


def status_command(db: Path) -> list[str]:
    """``coach status`` as a shell runs it: the ``coach`` script beside this Python if there is
    one (it imports this tree's code through PYTHONPATH), else ``python -m coach``."""
    script = Path(PY).parent / "coach"
    if script.exists():
        return [str(script), "status", "--db", str(db)]
    return coach_command(db, "status")


def measure_status(dbs: dict[str, Path], runs: int) -> list[Row]:
    env = child_env()
    # The everyday case: no --db, the database in the user data folder (XDG_DATA_HOME here).
    data_home = dbs["years"].parent / "data-home"
    (data_home / "coach").mkdir(parents=True, exist_ok=True)
    fresh_copy(dbs["years"], "coach.db")
    default_db = dbs["years"].with_name("coach.db")
    os.replace(default_db, data_home / "coach" / "coach.db")
    default_env = {**env, "XDG_DATA_HOME": str(data_home)}
    script = Path(PY).parent / "coach"
    default_command = [str(script), "status"] if script.exists() else [PY, "-m", "coach", "status"]
    commands = {
        "pass": [PY, "-c", "pass"],
        "empty": status_command(dbs["empty"]),
        "month": status_command(dbs["month"]),
        "years": status_command(dbs["years"]),
        "years-cold": status_command(dbs["years"]),
        "default": default_command,
        "default-cold": default_command,
    }
    times: dict[str, list[float]] = {k: [] for k in commands}
    problem = ""
    n = max(6, runs * 3)
    for run in range(n + 1):
        for key, command in commands.items():
            if key.endswith("-cold"):
                # As after any write: the lines kept beside the database no longer match.
                db = data_home / "coach" / "coach.db" if key == "default-cold" else dbs["years"]
                Path(f"{db}-status").unlink(missing_ok=True)
            start = time.perf_counter()
            done = subprocess.run(command,
                                  env=default_env if key.startswith("default") else env,
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
            took = time.perf_counter() - start
            if done.returncode != 0:
                problem = problem or f"{key}: exit {done.returncode}: {done.stderr.strip()[:200]}"
                continue
            if run:
                times[key].append(took)
    rows = [
        Row("coach status, empty db", "s", times["empty"], "python -c pass", times["pass"],
            "<= 6x (goal 4x)", lambda r: r.ratio <= 6),
        Row("coach status, one month", "s", times["month"], "python -c pass", times["pass"],
            "<= 6x (goal 4x)", lambda r: r.ratio <= 6),
        Row("coach status, ten years", "s", times["years"], "python -c pass", times["pass"],
            "<= 6x (goal 4x)", lambda r: r.ratio <= 6),
        Row("coach status, ten years, default location", "s", times["default"],
            "python -c pass", times["pass"], "<= 6x (goal 4x)", lambda r: r.ratio <= 6),
        Row("coach status, ten years, first after a write", "s", times["years-cold"],
            "python -c pass", times["pass"], "<= 6x (goal 4x)", lambda r: r.ratio <= 6),
        Row("coach status, ten years, default location, first after a write", "s",
            times["default-cold"], "python -c pass", times["pass"], "<= 6x (goal 4x)",
            lambda r: r.ratio <= 6),
    ]
    if problem:
        for r in rows:
            r.note = problem
    return rows


# --------------------------------------------------------------------------- 3. week navigation


def measure_week_nav(dbs: dict[str, Path], runs: int, quick: bool) -> list[Row]:
    presses = 8 if quick else 20
    values: list[float] = []
    base: list[float] = []
    opened: list[float] = []
    at_once: list[float] = []
    problem = ""
    for _ in range(max(1, runs // 2) if not quick else 1):
        done = subprocess.run(
            [PY, str(BENCH / "week_nav.py"), "--db", str(dbs["years"]), "--presses", str(presses)],
            env=child_env(), cwd=ROOT, capture_output=True, text=True, timeout=300,
        )
        if done.returncode != 0:
            problem = (done.stderr.strip().splitlines() or ["no output"])[-1][:200]
            break
        result = json.loads(done.stdout.strip().splitlines()[-1])
        if result.get("problem"):
            problem = result["problem"]
        values += [v * 1000 for v in result["week"]]
        base += [v * 1000 for v in result["bare"]]
        if result.get("opened") is not None:
            opened.append(result["opened"] * 1000)
        if result.get("opened_at_once") is not None:
            at_once.append(result["opened_at_once"] * 1000)
    return [
        Row("Week Left/Right, ten years", "ms", values, "bare app key+redraw", base,
            "< 50 ms", lambda r: r.median < 50, note=problem),
        Row("Week opened from Today (w), ten years", "ms", opened, "bare app key+redraw", base,
            "-", None),
        Row("Week opened at once (w as Today shows), ten years", "ms", at_once,
            "bare app key+redraw", base, "-", None),
    ]


# --------------------------------------------------------------------------- what helps me


def measure_insights(dbs: dict[str, Path], runs: int) -> list[Row]:
    """What helps me on ten years: the core's answer (the store read and the arithmetic), and
    the screen opening from Today."""
    done = subprocess.run(
        [PY, str(BENCH / "insights.py"), "--db", str(dbs["years"]), "--runs", str(max(runs, 5))],
        env=child_env(), cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    if done.returncode != 0:
        problem = (done.stderr.strip().splitlines() or ["no output"])[-1][:200]
        return [Row("What helps me, core, ten years", "ms", note=problem)]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    problem = result.get("problem", "")
    return [
        Row("What helps me, core, ten years", "ms", [v * 1000 for v in result["core"]],
            target="< 50 ms", holds=lambda r: r.median < 50, note=problem),
        Row("What helps me opened from Today (i), ten years", "ms",
            [v * 1000 for v in result.get("screen", [])], target="< 150 ms",
            holds=lambda r: r.median < 150, note=problem),
        Row("What helps me opened from Today (i), ten years, CPU time", "ms",
            [v * 1000 for v in result.get("screen_cpu", [])], target="-", holds=None,
            note=problem),
    ]


# --------------------------------------------------------------------------- 4. timer


TIMER_MARKERS = ["WORK", "WARM-UP", "REST"]
#: What may stand between a key and the running timer, and the key that goes past it.
TIMER_STEPS = {"Start anyway": "y", "One quick question": "s"}


def reach_timer(tm: Tmux, pane: str, pid: int) -> tuple[float | None, str]:
    """Wait for the timer screen, answering a start offer (y) and skipping the before check-in."""
    text = ""
    for _ in range(4):
        seen, text = tm.wait_for(pane, TIMER_MARKERS + list(TIMER_STEPS), pid=pid, timeout=15)
        if seen is None:
            return None, text
        step = next((m for m in TIMER_STEPS if m in text), None)
        if step is None:
            return seen, text
        tm.keys(pane, TIMER_STEPS[step])
        time.sleep(0.3)
    return None, text


def find_termdown() -> str | None:
    candidates = [Path(PY).parent / "termdown", BENCH / ".venv" / "bin" / "termdown"]
    for c in candidates:
        if c.exists():
            return str(c)
    return shutil.which("termdown")


def measure_timer(tm: Tmux, dbs: dict[str, Path], seconds: float, repeats: int) -> list[Row]:
    termdown = find_termdown()
    cpu: list[float] = []
    rss: list[float] = []
    t_cpu: list[float] = []
    t_rss: list[float] = []
    problem = "" if termdown else (
        "termdown not found: pip install -r benchmarks/requirements.txt")
    for repeat in range(repeats):
        db = fresh_copy(dbs["years"], "timer.db")
        pane, pid, _ = tm.start(coach_command(db, "timer", TIMER_SPEC))
        other = None
        if termdown:
            # termdown counts down from a bit more than the window, so it runs all through it.
            other = tm.start([termdown, str(int(seconds) + 30)])
        seen, text = reach_timer(tm, pane, pid)
        if seen is None:
            problem = f"the timer never showed WORK/REST: {_last_lines(text)}"
            tm.close(pane, pid)
            if other:
                tm.close(other[0], other[1])
            break
        time.sleep(1.0)  # past start-up: measure the timer as it runs
        pids = [pid] + ([other[1]] if other else [])
        start_cpu = {p: cpu_seconds(p) for p in pids}
        start = time.perf_counter()
        peak = {p: 0.0 for p in pids}
        while time.perf_counter() - start < seconds:
            for p in pids:
                if _alive(p):
                    peak[p] = max(peak[p], memory_mb(p))
            time.sleep(min(1.0, max(0.0, seconds - (time.perf_counter() - start))))
        wall = time.perf_counter() - start
        ok = all(_alive(p) for p in pids)
        if ok:
            cpu.append(100 * (cpu_seconds(pid) - start_cpu[pid]) / wall)
            rss.append(peak[pid])
            if other:
                t_cpu.append(100 * (cpu_seconds(other[1]) - start_cpu[other[1]]) / wall)
                t_rss.append(peak[other[1]])
        else:
            problem = "a timer ended before the measure did"
        tm.close(pane, pid)
        if other:
            tm.close(other[0], other[1])
    window = f"{seconds:.0f} s window"
    return [
        Row(f"timer CPU, {TIMER_SPEC} ({window})", "%", cpu, "termdown", t_cpu,
            "<= 1.0x (goal 0.5x)", lambda r: r.ratio <= 1.0, note=problem),
        Row("timer resident memory (peak VmRSS)", "MB", rss, "termdown", t_rss, "< 60 MB",
            lambda r: r.median < 60, note=problem if not rss else ""),
    ]


def measure_clock_error(runs: int) -> list[Row]:
    import clock_error

    errors = [clock_error.simulate(seed) * 1000 for seed in range(max(3, runs))]
    return [Row("timer clock error, 30 min with pauses", "ms", errors, "", [], "< 50 ms",
                lambda r: max(r.values) < 50)]


# --------------------------------------------------------------------------- 5. peak memory


def measure_peak_memory(tm: Tmux, dbs: dict[str, Path], runs: int) -> list[Row]:
    """VmHWM of the app after it opened Today, then the Week, then the timer (ten years)."""
    from bare_app import READY

    after_week: list[float] = []
    after_timer: list[float] = []
    base: list[float] = []
    problem = ""
    marker = today_marker()
    for _ in range(max(1, runs // 2)):
        pane, pid, _ = tm.start(BARE_COMMAND)
        seen, _text = tm.wait_for(pane, [READY], pid=pid)
        if seen is not None:
            time.sleep(0.3)
            base.append(memory_mb(pid, "VmHWM"))
        tm.close(pane, pid)

        db = fresh_copy(dbs["years"], "peak.db")
        pane, pid, _ = tm.start(coach_command(db))
        try:
            for key, markers, what in ((None, [marker], "Today"), ("w", WEEK_MARKERS, "the Week"),
                                       ("t", [marker], "Today again")):
                if key:
                    tm.keys(pane, key)
                seen, text = tm.wait_for(pane, markers, pid=pid)
                if seen is None:
                    raise LookupError(f"{what} never showed: {_last_lines(text)}")
            time.sleep(0.5)
            after_week.append(memory_mb(pid, "VmHWM"))
            tm.keys(pane, "s")
            seen, text = reach_timer(tm, pane, pid)
            if seen is None:
                raise LookupError(f"the timer never showed: {_last_lines(text)}")
            time.sleep(2.0)  # let it run a little: a save or two, a few redraws
            after_timer.append(memory_mb(pid, "VmHWM"))
        except LookupError as exc:
            problem = str(exc)
        finally:
            tm.close(pane, pid)
        if problem:
            break
    return [
        Row("peak memory after Today and Week, ten years", "MB", after_week,
            "bare Textual app", base, "-", None),
        Row("peak memory after Today, Week and timer, ten years", "MB", after_timer,
            "bare Textual app", base, "-", None, note=problem),
    ]


WEEK_MARKERS = ["This week ·"]


# --------------------------------------------------------------------------- main


def machine_line(runs: int, quick: bool) -> str:
    try:
        from importlib.metadata import version

        textual = version("textual")
    except Exception:  # noqa: BLE001 - only for the header line
        textual = "?"
    cores = os.cpu_count()
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    mode = "quick" if quick else "full"
    return (f"coach benchmarks, {stamp}: {platform.system()} {platform.machine()}, {cores} cores, "
            f"Python {platform.python_version()}, Textual {textual}; {mode}, {runs} runs; "
            f"load average {load_average()}")


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


# --------------------------------------------------------------------------- sync


def measure_sync(dbs: dict[str, Path], runs: int) -> list[Row]:
    """The first sync of ten years onto a fresh device, and a sync with nothing new (in this
    process: the time of the sync itself, the database already open)."""
    from coach.store import Store
    from coach.sync import sync

    folder = dbs["years"].parent / "sync-folder"
    shutil.rmtree(folder, ignore_errors=True)
    source = fresh_copy(dbs["years"], "sync-source.db")
    with Store.open(source) as store:
        sync(store, folder)  # writes all ten years into its file in the folder
    first: list[float] = []
    again: list[float] = []
    cpu: list[float] = []
    problem = ""
    for run in range(runs + 1):  # the first run warms the caches and is not counted
        path = folder.parent / "sync-fresh.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        for own in folder.glob("coach-*.jsonl"):
            if own.stat().st_size < 1000:  # an earlier run's fresh device
                own.unlink()
        with Store.open(path) as store:
            start, cpu_start = time.perf_counter(), time.process_time()
            report = sync(store, folder, host=f"fresh-{run}")
            took = time.perf_counter() - start
            cpu.append(time.process_time() - cpu_start)
            if report.received < 6000:  # sessions carry their before/after check-ins
                problem = problem or f"the fresh device took in {report.received} changes only"
            start = time.perf_counter()
            report = sync(store, folder, host=f"fresh-{run}")
            quiet = time.perf_counter() - start
            if report.received or report.sent:
                problem = problem or "a sync with nothing new took something in"
        if run:
            first.append(took)
            again.append(quiet)
    rows = [
        Row("sync: ten years onto a fresh device", "s", first, target="< 2 s",
            holds=lambda r: r.median < 2),
        Row("sync: nothing new, ten years", "s", again, target="< 30 ms",
            holds=lambda r: r.median < 0.03),
    ]
    rows[0].note = problem or f"CPU time {statistics.median(cpu[1:] or cpu):.2f} s (median)"
    rows[1].note = problem
    return rows


MEASURES = ("frame", "status", "week", "insights", "timer", "clock", "memory", "sync")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run coach's benchmarks and print one table.")
    parser.add_argument("--quick", action="store_true", help="a one-minute check")
    parser.add_argument("--runs", type=int, default=None,
                        help="runs per figure (9; quick 3; three times as many for the first frame)")
    parser.add_argument("--timer-seconds", type=float, default=None,
                        help="how long the timer is measured, in seconds (60; quick 20: CPU "
                             "time is counted in hundredths of a second)")
    parser.add_argument("--only", nargs="+", choices=MEASURES, help="run only these measures")
    parser.add_argument("--keep", metavar="DIR", help="build the databases in DIR and keep them")
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 9)
    seconds = args.timer_seconds or (20.0 if args.quick else 60.0)
    timer_repeats = 1 if args.quick else 2
    chosen = set(args.only or MEASURES)

    print(machine_line(runs, args.quick), flush=True)
    started = time.perf_counter()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="coach-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    tm: Tmux | None = None
    try:
        dbs = build_databases(folder, args.quick)
        needs_tmux = chosen & {"frame", "timer", "memory"}
        if needs_tmux and shutil.which("tmux"):
            tm = Tmux()
        elif needs_tmux:
            print("  tmux not found: the terminal measures are left out", flush=True)
        steps: list[tuple[str, Callable[[], list[Row]]]] = [
            ("frame", lambda: measure_first_frame(tm, dbs, runs) if tm else []),
            ("status", lambda: measure_status(dbs, runs)),
            ("week", lambda: measure_week_nav(dbs, runs, args.quick)),
            ("insights", lambda: measure_insights(dbs, runs)),
            ("timer", lambda: measure_timer(tm, dbs, seconds, timer_repeats) if tm else []),
            ("clock", lambda: measure_clock_error(runs)),
            ("memory", lambda: measure_peak_memory(tm, dbs, runs) if tm else []),
            ("sync", lambda: measure_sync(dbs, runs)),
        ]
        for key, step in steps:
            if key not in chosen:
                continue
            t = time.perf_counter()
            print(f"  measuring {key} ...", flush=True)
            try:
                rows += step()
            except Exception as exc:  # noqa: BLE001 - one broken measure must not hide the rest
                rows.append(Row(f"{key}", "", note=f"could not measure: {type(exc).__name__}: {exc}"))
            print(f"    ({time.perf_counter() - t:.0f} s)", flush=True)
    finally:
        if tm is not None:
            tm.shutdown()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print()
    print(table(rows))
    print(f"\n(took {time.perf_counter() - started:.0f} s; load average at the end "
          f"{load_average()}; each figure and its baseline interleaved in the same run; "
          f"ratios are medians over medians, but for the first frame the median of each "
          f"round's ratio)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
