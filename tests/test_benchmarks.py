"""The benchmark suite's pieces: the seeded generator builds a valid database the app opens on
Today, and the runner's parts import and work. No timing is asserted here."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

import clock_error  # noqa: E402
import gen  # noqa: E402
import run  # noqa: E402

from coach.plan import Planner  # noqa: E402
from coach.mood import morning_checkin_due  # noqa: E402
from coach.store import Store  # noqa: E402

TODAY = date(2026, 3, 12)


def test_month_database_is_onboarded_with_todays_check_in_and_matches_its_counts(tmp_path):
    path = tmp_path / "month.db"
    counts = gen.build(path, "month", today=TODAY)
    with Store.open(path) as store:
        history = store.history()
        assert store.settings().onboarded
        assert not morning_checkin_due(history.checkins, TODAY)  # nothing covers Today
        assert store.unfinished_sessions() == []
        assert len(history.sessions) == counts["sessions"] > 0
        assert len(history.checkins) == counts["checkins"]
        assert all(s.mood_before and s.mood_after for s in history.sessions)
        week = Planner(history).plan_week(TODAY, TODAY)
        assert week.today_plan is not None


def test_same_seed_same_data(tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    gen.build(a, "month", today=TODAY)
    gen.build(b, "month", today=TODAY)
    with Store.open(a) as sa, Store.open(b) as sb:
        assert [(s.day, s.seconds, s.mood_before) for s in sa.sessions()] == [
            (s.day, s.seconds, s.mood_before) for s in sb.sessions()
        ]


def test_empty_database_holds_only_todays_check_in(tmp_path):
    path = tmp_path / "empty.db"
    gen.build(path, "empty", today=TODAY)
    with Store.open(path) as store:
        assert [c.day for c in store.checkins()] == [TODAY]
        assert store.sessions() == []


def test_unknown_size_is_refused(tmp_path):
    with pytest.raises(ValueError):
        gen.build(tmp_path / "x.db", "huge")


def test_timer_model_keeps_exact_time_through_pauses():
    # Five simulated minutes: the timer's time left matches exact arithmetic.
    assert clock_error.simulate(seed=1, seconds=300) < 1e-6


def test_proc_readers_and_table():
    pid = os.getpid()
    assert run.cpu_seconds(pid) > 0
    assert run.memory_mb(pid) > 1
    assert run.memory_mb(pid, "VmHWM") >= run.memory_mb(pid)
    row = run.Row("coach status", "s", [0.05, 0.04, 0.06], "python -c pass", [0.01, 0.01, 0.01],
                  "<= 6x", lambda r: r.ratio <= 6)
    assert row.ratio == pytest.approx(5.0)
    text = run.table([row, run.Row("timer", "%", note="not measured")])
    assert "coach status" in text and "5.00x" in text and "yes" in text
    assert "not measured" in text


def test_the_other_scripts_import():
    import bare_app
    import week_nav

    assert bare_app.READY
    assert week_nav.directions(4) == ["left", "left", "right", "right"]
