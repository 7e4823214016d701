"""``coach pause`` and ``coach resume`` say what they do, and resume keeps a planned pause."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from conftest import TODAY, screen_text
from test_app_wording import blame_in

from coach import dates
from coach.cli import run
from coach.words import long_day
from coach.store import Store


@pytest.fixture
def db(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(dates, "today", lambda: TODAY)
    return tmp_path / "coach.db"


def coach(capsys, db: Path, *args: str, status: int = 0) -> tuple[str, str]:
    code = run(["--db", str(db), *args])
    out, err = capsys.readouterr()
    assert code == status, (out, err)
    assert not blame_in(out + err), out + err
    return out, err


def spans(db: Path) -> list[tuple[object, object]]:
    with Store.open(db) as store:
        return [(p.start, p.end) for p in store.pauses()]


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def test_a_pause_planned_for_later_outlives_pausing_and_resuming_today(db, capsys):
    later = (TODAY + timedelta(days=10), TODAY + timedelta(days=20))
    coach(capsys, db, "pause", "--from", day(10), "--until", day(20))
    coach(capsys, db, "pause")
    out, _ = coach(capsys, db, "resume")
    assert out.splitlines() == [
        "Today's pause is lifted: the plan runs as usual.",
        f"Still planned: a pause from {long_day(later[0])} until {long_day(later[1])} "
        "(coach pause --cancel 1 cancels it).",
    ]
    assert spans(db) == [later]


def test_pausing_while_paused_says_it_already_is_and_writes_nothing(db, capsys):
    coach(capsys, db, "pause", "--from", day(-3))
    before = db.read_bytes()
    out, _ = coach(capsys, db, "pause")
    assert out.strip() == (
        f"The plan is already paused, since {long_day(TODAY - timedelta(days=3))}, until you "
        "resume. Nothing changed; coach resume runs it again."
    )
    assert db.read_bytes() == before
    assert spans(db) == [(TODAY - timedelta(days=3), None)]


def test_a_pause_starting_inside_a_planned_one_says_so(db, capsys):
    coach(capsys, db, "pause", "--from", day(10), "--until", day(20))
    out, _ = coach(capsys, db, "pause", "--from", day(12))
    assert out.startswith("A pause is already planned from ")
    assert len(spans(db)) == 1


def test_resume_after_days_away_welcomes_back_and_ends_the_pause_yesterday(db, capsys):
    coach(capsys, db, "pause", "--from", day(-5))
    out, _ = coach(capsys, db, "resume")
    assert out.strip() == "Welcome back. The plan runs again from today, at an easy pace."
    assert spans(db) == [(TODAY - timedelta(days=5), TODAY - timedelta(days=1))]
    out, _ = coach(capsys, db, "resume")
    assert out.strip() == "The plan isn't paused today: nothing to resume."


def test_list_shows_the_pause_in_force_and_the_planned_ones(db, capsys):
    out, _ = coach(capsys, db, "pause", "--list")
    assert out.strip() == "No pause now, and none planned. To take a break: coach pause."
    coach(capsys, db, "pause", "--from", day(-40), "--until", day(-30))  # long over: not listed
    coach(capsys, db, "pause", "--from", day(-2), "--until", day(3))
    coach(capsys, db, "pause", "--from", day(30), "--until", day(33))
    out, _ = coach(capsys, db, "pause", "--list")
    assert out.splitlines() == [
        f"Paused now, since {long_day(TODAY - timedelta(days=2))}, until "
        f"{long_day(TODAY + timedelta(days=3))}. coach resume runs the plan again.",
        "Planned:",
        f"  3  from {long_day(TODAY + timedelta(days=30))} until "
        f"{long_day(TODAY + timedelta(days=33))}",
        "To cancel one: coach pause --cancel N.",
    ]


def test_a_planned_pause_is_cancelled_on_its_own(db, capsys):
    coach(capsys, db, "pause")
    coach(capsys, db, "pause", "--from", day(10), "--until", day(12))
    out, _ = coach(capsys, db, "pause", "--cancel", "2")
    assert out.startswith(f"Cancelled the pause planned from {long_day(TODAY + timedelta(10))}")
    assert spans(db) == [(TODAY, None)]  # the pause in force is untouched


@pytest.mark.parametrize(("args", "message"), [
    (("--cancel", "9"), "there is no planned pause 9"),
    (("--cancel", "1"), "pause 1 is in force today: coach resume lifts it"),
    (("--cancel", "0"), "--cancel"),
    (("--cancel", "x"), "--cancel"),
    (("--list", "--from", "2026-03-01"), "--list and --cancel take no --from or --until"),
    (("--list", "--cancel", "1"), "one at a time"),
])
def test_a_cancel_that_cannot_be_done_is_refused_in_one_line_and_writes_nothing(
        db, capsys, args, message):
    coach(capsys, db, "pause")
    before = db.read_bytes()
    _, err = coach(capsys, db, "pause", *args, status=2)
    assert message in err and len(err.strip().splitlines()) == 1
    assert db.read_bytes() == before


def test_cancel_on_a_database_not_there_creates_none(db, capsys):
    _, err = coach(capsys, db, "pause", "--cancel", "1", status=2)
    assert "there is no planned pause 1" in err
    assert not db.exists()


async def test_resuming_on_today_keeps_the_pause_planned_for_later(history, store, make_app):
    from conftest import open_on_today, wait_for

    history.onboard().launched_today().morning().pause(0).pause(10, 20)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_on_today(app, pilot)
        assert "Paused" in screen_text(app)
        await pilot.press("r")
        await wait_for(pilot, lambda: "20 minutes of bodyweight" in screen_text(app))
    assert [(p.start, p.end) for p in store.pauses()] == [
        (TODAY + timedelta(days=10), TODAY + timedelta(days=20))]
