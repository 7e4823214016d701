"""The interval timer: a plan of intervals run against a monotonic clock.

Nothing here knows about Textual. The clock is passed in (``time.monotonic`` by default), so
tests drive the timer with a fake clock and never wait.

How time is kept
----------------
The timer never counts ticks. It keeps one number, the *anchor*: the clock reading at which the
plan would have started had it never been paused or skipped. The deadline of interval ``i`` is
``anchor + ends[i]`` (``ends`` are the cumulative planned seconds), and its time left is
``deadline - now``. Pausing freezes ``now`` at the moment of the pause; resuming moves the
anchor forward by the paused time; skipping re-anchors so the next interval starts now.
Crossing several interval boundaries at once (a slow refresh, say) just walks the deadlines
forward, so the timer cannot drift: after any number of pauses its time left is exact.

Seconds trained
---------------
Time actually spent running an interval: paused time is not counted, and the part of an
interval that was skipped is not counted. It can never exceed the planned total.

When the machine sleeps
-----------------------
On Linux ``time.monotonic`` stands still while the machine is suspended, so the timer simply
carries on where it was after a wake. Where the clock keeps running during sleep, the timer
would see a jump forward. It does not credit that time: if two looks at the clock while
running are more than ``max_gap`` seconds apart (30 s by default; the timer screen looks
several times a second), the timer pauses itself as it stood at the earlier look and reports a
``suspended`` event, so the user finds the session waiting for them, paused, with nothing
made up. Callers that look at the clock only rarely (a benchmark jumping a fake clock, say)
pass ``max_gap=None``.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Sequence

from coach.record import record

PHASES: tuple[str, ...] = ("warmup", "work", "rest", "cooldown")
PHASE_WORDS: dict[str, str] = {
    "warmup": "WARM-UP",
    "work": "WORK",
    "rest": "REST",
    "cooldown": "COOL-DOWN",
    "done": "DONE",
}

#: The last seconds before a WORK interval in which the screen may beep a count-in.
COUNT_IN_SECONDS = 3
#: Default longest gap between two looks at the clock that still counts as running time.
MAX_GAP = 30.0

MAX_SPEC_SECONDS = 3600
MAX_SPEC_ROUNDS = 100

Clock = Callable[[], float]


@record
class Interval:
    """One stretch of the plan.

    ``round`` is 1..``rounds`` for work and rest intervals and 0 for warm-up and cool-down.
    """

    phase: str
    seconds: int
    exercise: str = ""
    cue: str = ""
    easier: str = ""
    round: int = 0
    rounds: int = 0

    def __post_init__(self) -> None:
        if self.phase not in PHASES:
            raise ValueError(f"unknown phase {self.phase!r} (expected one of {', '.join(PHASES)})")
        if self.seconds <= 0:
            raise ValueError(f"an interval lasts at least 1 second, not {self.seconds}")

    @property
    def word(self) -> str:
        """The phase in words: WARM-UP, WORK, REST or COOL-DOWN."""
        return PHASE_WORDS[self.phase]

    @property
    def label(self) -> str:
        """What to show as the move: the exercise, or the phase's word when there is none."""
        return self.exercise or self.word


@record
class TimerEvent:
    """Something the screen may want to signal (a bell, a beep, a message).

    kinds: ``change`` (an interval ran out and the next began; ``index`` is the new one),
    ``skip`` (the user skipped to ``index``), ``count_in`` (``value`` seconds before a WORK
    interval: 3, 2, 1), ``suspended`` (the clock jumped; the timer paused itself) and
    ``finished`` (the plan is over, by running out or ending early).
    """

    kind: str
    index: int
    value: int = 0


@record
class TimerState:
    """The timer at one instant. Times are in seconds."""

    index: int
    interval: Interval | None  # None once finished
    next_interval: Interval | None
    phase: str  # one of PHASES, or "done"
    word: str  # WARM-UP / WORK / REST / COOL-DOWN / DONE
    time_left: float  # of the current interval
    round: int  # 0 during warm-up and cool-down
    rounds: int
    elapsed: float  # position in the whole plan (skipped parts count as passed)
    total: float  # the whole plan
    session_time_left: float
    seconds_trained: float  # time actually spent in intervals
    started: bool
    paused: bool
    finished: bool
    ended_early: bool
    count_in: int | None  # 3, 2, 1 in the last seconds before a WORK interval, else None

    @property
    def progress(self) -> float:
        """Share of the whole plan passed, 0.0 to 1.0."""
        return min(1.0, self.elapsed / self.total) if self.total else 1.0

    @property
    def running(self) -> bool:
        return self.started and not self.paused and not self.finished


def clock_text(seconds: float) -> str:
    """A countdown as ``M:SS`` (``H:MM:SS`` from an hour), rounded up: an interval of 40 s
    shows 0:40 at once and 0:01 in its last second, and 0:00 only when it is over."""
    whole = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def whole_seconds(seconds: float) -> int:
    """Seconds trained as a whole number to store: rounded to the nearest, halves up."""
    return int(math.floor(seconds + 0.5)) if seconds > 0 else 0


class IntervalTimer:
    """Runs a list of intervals against a monotonic clock.

    Every method takes an optional ``now`` (a reading of the same clock); without it the
    clock is read. A clock reading earlier than one already seen is treated as that one.
    """

    def __init__(
        self,
        intervals: Sequence[Interval],
        clock: Clock = time.monotonic,
        *,
        name: str = "",
        max_gap: float | None = MAX_GAP,
    ) -> None:
        if not intervals:
            raise ValueError("a timer needs at least one interval")
        self.intervals: tuple[Interval, ...] = tuple(intervals)
        self.clock = clock
        self.name = name
        self.max_gap = max_gap
        self._ends: list[int] = []
        total = 0
        for interval in self.intervals:
            total += interval.seconds
            self._ends.append(total)
        self.total: int = total
        self.rounds: int = max((i.rounds for i in self.intervals), default=0)
        self._index = 0
        self._anchor: float = 0.0  # clock reading at which the plan would have begun
        self._paused_at: float | None = None
        self._started = False
        self._finished = False
        self._ended_early = False
        self._done: float = 0.0  # seconds trained in intervals before the current one
        self._final: float = 0.0  # seconds trained, frozen once finished
        self._final_elapsed: float = 0.0
        self._last_seen: float | None = None
        self._last_count: tuple[int, int] | None = None
        self._events: list[TimerEvent] = []

    # -- controls ---------------------------------------------------------------------------

    def start(self, now: float | None = None) -> None:
        """Start the plan from its first interval (no-op once started)."""
        if self._started:
            return
        t = self._now(now)
        self._started = True
        self._anchor = t - self._start_of(self._index)
        self._last_seen = t

    def pause(self, now: float | None = None) -> None:
        if not self._started or self._finished:
            return
        t = self._sync(now)
        if self._paused_at is None and not self._finished:
            self._paused_at = t

    def resume(self, now: float | None = None) -> None:
        if not self._started:
            self.start(now)
            return
        t = self._sync(now)
        if self._paused_at is not None and not self._finished:
            self._anchor += t - self._paused_at
            self._paused_at = None

    def toggle(self, now: float | None = None) -> bool:
        """Start, pause or resume; returns True when the timer is now paused."""
        if not self._started:
            self.start(now)
        elif self._paused_at is None:
            self.pause(now)
        else:
            self.resume(now)
        return self._paused_at is not None

    def skip(self, now: float | None = None) -> None:
        """Go on to the next interval now; the rest of this one is not counted as trained.

        Skipping the last interval finishes the plan. A paused timer stays paused.
        """
        if self._finished:
            return
        t = self._sync(now)
        if self._finished:  # the interval ran out just before the skip
            return
        self._done += self._run_in_current(t)
        self._index += 1
        if self._index >= len(self.intervals):
            self._finish(self.total, early=False)
            return
        start = self._start_of(self._index)
        if not self._started:
            return
        if self._paused_at is not None:
            self._paused_at = t
        self._anchor = t - start
        self._events.append(TimerEvent(kind="skip", index=self._index))

    def end_early(self, now: float | None = None) -> None:
        """Stop here; what was trained so far is kept."""
        if self._finished:
            return
        t = self._sync(now)
        if self._finished:
            return
        run = self._run_in_current(t)
        self._done += run
        self._finish(self._start_of(self._index) + run, early=True)

    # -- reading ----------------------------------------------------------------------------

    def state(self, now: float | None = None) -> TimerState:
        t = self._sync(now)
        if self._finished:
            elapsed = self._final_elapsed
            return TimerState(
                index=self._index,
                interval=None,
                next_interval=None,
                phase="done",
                word=PHASE_WORDS["done"],
                time_left=0.0,
                round=0,
                rounds=self.rounds,
                elapsed=elapsed,
                total=float(self.total),
                session_time_left=max(0.0, self.total - elapsed),
                seconds_trained=self._final,
                started=self._started,
                paused=False,
                finished=True,
                ended_early=self._ended_early,
                count_in=None,
            )
        n = len(self.intervals)
        interval = self.intervals[self._index]
        left = self._time_left(t)
        elapsed = self._ends[self._index] - left
        return TimerState(
            index=self._index,
            interval=interval,
            next_interval=self.intervals[self._index + 1] if self._index + 1 < n else None,
            phase=interval.phase,
            word=interval.word,
            time_left=left,
            round=interval.round,
            rounds=self.rounds,
            elapsed=elapsed,
            total=float(self.total),
            session_time_left=self.total - elapsed,
            seconds_trained=self._done + (interval.seconds - left),
            started=self._started,
            paused=self._paused_at is not None,
            finished=False,
            ended_early=False,
            count_in=self._count_in(left) if self._running else None,
        )

    def until_next_change(self, now: float | None = None) -> float | None:
        """Seconds until what a countdown shows next changes, or None while nothing moves.

        Time left is shown in whole seconds rounded up, and intervals, count-ins and the
        session's time left all turn over on the same whole seconds of the interval, so a
        display needs to look again only then: once a second, exactly on the change. A timer
        that is paused, not started or finished moves only when told to, so: None.
        """
        s = self.state(now)
        if s.finished or s.paused or not s.started:
            return None
        left = s.time_left
        whole = math.ceil(left - 1e-9)
        if whole <= 0:  # a hair from the change itself
            return max(left, 0.0)
        return left - (whole - 1)

    def poll(self, now: float | None = None) -> list[TimerEvent]:
        """Bring the timer up to ``now`` and return the events since the last poll."""
        self._sync(now)
        events, self._events = self._events, []
        return events

    @property
    def seconds_trained(self) -> float:
        return self.state().seconds_trained

    @property
    def finished(self) -> bool:
        return self._finished

    # -- inside -----------------------------------------------------------------------------

    @property
    def _running(self) -> bool:
        return self._started and self._paused_at is None and not self._finished

    def _now(self, now: float | None) -> float:
        t = self.clock() if now is None else now
        if self._last_seen is not None and t < self._last_seen:
            t = self._last_seen
        return t

    def _start_of(self, index: int) -> int:
        return self._ends[index] - self.intervals[index].seconds

    def _ref(self, t: float) -> float:
        """The reading the timer runs against: ``t``, or the moment it was paused."""
        return self._paused_at if self._paused_at is not None else t

    def _time_left(self, t: float) -> float:
        if not self._started:
            return float(self.intervals[self._index].seconds)
        return self._anchor + self._ends[self._index] - self._ref(t)

    def _run_in_current(self, t: float) -> float:
        if not self._started:
            return 0.0
        return self.intervals[self._index].seconds - self._time_left(t)

    def _sync(self, now: float | None) -> float:
        """Walk the plan forward to ``now``; returns the clock reading used."""
        t = self._now(now)
        if not self._running:
            self._last_seen = t
            return t
        last = self._last_seen
        if self.max_gap is not None and last is not None and t - last > self.max_gap:
            # The clock jumped (the machine slept): stand still as of the last look.
            self._paused_at = last
            self._last_seen = t
            self._events.append(TimerEvent(kind="suspended", index=self._index))
            return t
        self._last_seen = t
        n = len(self.intervals)
        while self._anchor + self._ends[self._index] <= t:
            self._done += self.intervals[self._index].seconds
            self._index += 1
            if self._index >= n:
                self._finish(self.total, early=False)
                return t
            self._events.append(TimerEvent(kind="change", index=self._index))
        left = self._anchor + self._ends[self._index] - t
        count = self._count_in(left)
        # No count-in beep at the very start of an interval: the change bell covers that.
        seconds = self.intervals[self._index].seconds
        if count is not None and count < seconds and self._last_count != (self._index, count):
            self._last_count = (self._index, count)
            self._events.append(TimerEvent(kind="count_in", index=self._index, value=count))
        return t

    def _count_in(self, left: float) -> int | None:
        nxt = self._index + 1
        if nxt >= len(self.intervals) or self.intervals[nxt].phase != "work":
            return None
        if 0 < left <= COUNT_IN_SECONDS:
            return math.ceil(left)
        return None

    def _finish(self, elapsed: float, *, early: bool, quiet: bool = False) -> None:
        self._finished = True
        self._ended_early = early
        self._paused_at = None
        self._final = min(self._done, float(self.total))
        self._final_elapsed = min(float(elapsed), float(self.total))
        if not quiet:
            self._events.append(TimerEvent(kind="finished", index=self._index))


_SPEC = re.compile(r"^(?P<work>[+-]?\d+)/(?P<rest>[+-]?\d+)(?:[x*×](?P<rounds>[+-]?\d+))?$", re.ASCII)


class SpecError(ValueError):
    """A quick-timer spec that cannot be run; the message is one plain line."""


def parse_spec(text: str) -> list[Interval]:
    """``WORK/REST[xROUNDS]`` in seconds, e.g. ``40/20x8``; rounds default to 1.

    Each round is WORK then REST, except that the last round ends with its WORK: a rest
    right before the end would only be waiting. ``40/20x8`` is 8 x 40 s of work with 7 rests
    between them (7:00 in all); ``3/2x2`` is WORK 3, REST 2, WORK 3. A rest of 0 runs the work
    intervals back to back. Work is 1 to 3600 s, rest 0 to 3600 s, rounds 1 to 100.
    Raises SpecError with one plain line when the spec cannot be run.
    """
    work, rest, rounds = _spec_numbers(text)
    intervals: list[Interval] = []
    for r in range(1, rounds + 1):
        intervals.append(Interval(phase="work", seconds=work, cue="Your own move, at a pace you can keep.",
                                  round=r, rounds=rounds))
        if rest and r < rounds:
            intervals.append(Interval(phase="rest", seconds=rest, cue="Breathe easy.", round=r, rounds=rounds))
    return intervals


def spec_name(text: str) -> str:
    """The spec written the standard way, e.g. ``'40/20x8'`` for ``' 40 / 20 X 8 '``."""
    work, rest, rounds = _spec_numbers(text)
    return f"{work}/{rest}x{rounds}"


def _spec_numbers(text: str) -> tuple[int, int, int]:
    raw = text.strip()
    match = _SPEC.match(re.sub(r"\s+", "", raw).lower())
    if not match:
        raise SpecError(f"'{raw}' is not a timer: use WORK/REST[xROUNDS] in seconds, e.g. 40/20x8")
    if max(len(part or "") for part in match.groups()) > 9:  # far past any limit below
        raise SpecError(f"'{raw[:40]}': an interval can be at most {MAX_SPEC_SECONDS} seconds, "
                        f"and rounds at most {MAX_SPEC_ROUNDS}")
    work = int(match["work"])
    rest = int(match["rest"])
    rounds = int(match["rounds"]) if match["rounds"] is not None else 1
    if work < 1:
        raise SpecError(f"'{raw}': work must be at least 1 second")
    if rest < 0:
        raise SpecError(f"'{raw}': rest cannot be negative")
    if rounds < 1:
        raise SpecError(f"'{raw}': rounds must be at least 1")
    if work > MAX_SPEC_SECONDS or rest > MAX_SPEC_SECONDS:
        raise SpecError(f"'{raw}': an interval can be at most {MAX_SPEC_SECONDS} seconds")
    if rounds > MAX_SPEC_ROUNDS:
        raise SpecError(f"'{raw}': at most {MAX_SPEC_ROUNDS} rounds")
    return work, rest, rounds
