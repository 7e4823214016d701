"""The timer model's clock error: 30 simulated minutes with pauses, against exact arithmetic.

A fake monotonic clock (starting at a large reading, as a real one does after days of uptime)
moves forward in uneven steps, as a screen's refreshes would look at it; the timer is paused
now and then for seconds to minutes. At every look, the timer's reported time left is compared
with the exact value computed in fractions from the running time alone.
"""

from __future__ import annotations

import random
import sys
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from coach.timer import Interval, IntervalTimer  # noqa: E402

SIMULATED_SECONDS = 30 * 60
START_READING = 987_654.321  # seconds: a monotonic clock on a machine up for 11 days


def plan() -> list[Interval]:
    """A 45-minute routine: warm-up, 35 rounds of 45 s work and 15 s rest, cool-down."""
    rounds = 35
    out = [Interval("warmup", 300, exercise="March in place")]
    for r in range(1, rounds + 1):
        out.append(Interval("work", 45, exercise="Squat", round=r, rounds=rounds))
        out.append(Interval("rest", 15, round=r, rounds=rounds))
    out.append(Interval("cooldown", 300, exercise="Stretch"))
    return out


def simulate(seed: int = 0, seconds: float = SIMULATED_SECONDS) -> float:
    """The largest difference, in seconds, between the timer's time left and the exact one."""
    rng = random.Random(seed)
    intervals = plan()
    ends: list[int] = []
    total = 0
    for interval in intervals:
        total += interval.seconds
        ends.append(total)

    exact_now = Fraction(START_READING)
    reading = [START_READING]
    timer = IntervalTimer(intervals, clock=lambda: reading[0])
    timer.start()
    start = exact_now
    running = Fraction(0)  # exact seconds the timer has been running
    paused_until: Fraction | None = None
    worst = 0.0
    while exact_now - start < seconds:
        step = Fraction(rng.uniform(0.03, 0.6))  # the next look at the clock
        if paused_until is None:
            running += step
        exact_now += step
        reading[0] = float(exact_now)
        if paused_until is not None and exact_now >= paused_until:
            # Resume exactly at this look: the pause lasted until now.
            timer.resume()
            paused_until = None
        elif paused_until is None and rng.random() < 0.004:
            timer.pause()
            paused_until = exact_now + Fraction(rng.uniform(3, 150))
        state = timer.state()
        index = next(i for i, end in enumerate(ends) if end > running)
        expected = ends[index] - running
        if state.index != index:
            return float("inf")
        worst = max(worst, abs(state.time_left - float(expected)))
    return worst


if __name__ == "__main__":
    for seed in range(5):
        print(f"seed {seed}: worst error {simulate(seed) * 1000:.6f} ms")
