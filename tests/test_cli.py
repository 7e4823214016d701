"""The command line, through click's runner and as the real ``coach`` process."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach import __version__
from coach.cli import cli, run
from coach.store import Store

BANNED = ("failed", "missed", "broke your streak", "lost", "behind", "lazy")


def coach(capsys, *args: str) -> tuple[int, str, str]:
    """Run the command line in-process as ``coach ARGS`` would; return (status, out, err)."""
    code = run(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def coach_process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        capture_output=True, text=True, env=full_env, timeout=60,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "coach.db"


def test_version_and_help_through_clicks_runner():
    runner = CliRunner()
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"coach {__version__}"
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("timer", "status", "plan", "log", "checkin", "buddy", "pause", "resume",
                    "export", "import"):
        assert command in result.output


@pytest.mark.parametrize("command", ["status", "plan", "log", "checkin", "buddy", "pause",
                                     "resume", "export", "import", "timer"])
def test_every_command_takes_db(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "--db" in result.output


def test_routines_lists_every_routine_with_its_style_minutes_and_equipment(db, capsys,
                                                                           monkeypatch):
    from coach.models import STYLE_NAMES
    from coach.routines import routines

    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = coach(capsys, "--db", str(db), "routines")
    assert code == 0, err
    assert "20 minutes today (level 1)" in out
    for routine in routines():
        [line] = [n for n, text in enumerate(out.splitlines()) if routine.slug in text.split()]
        assert f"{routine.name} · 20 min" in out.splitlines()[line]
        assert routine.equipment in out
        assert f"{STYLE_NAMES[routine.style]} (coach timer {routine.style})" in out
    yoga = out[out.index("Yoga (coach timer yoga)"):]
    assert "yoga-gentle-flow            Gentle yoga strength · 20 min · the gentlest" in yoga


def test_routines_wraps_long_lines_to_the_terminal_keeping_the_columns(db, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = coach(capsys, "--db", str(db), "routines")
    assert code == 0
    lines = out.splitlines()
    assert max(map(len, lines)) <= 60
    at = lines.index("  weights-light-full-body     Light weights, whole body · 20")
    assert lines[at + 1: at + 4] == [" " * 30 + "min · the gentlest",
                                     " " * 30 + "Two light dumbbells (water",
                                     " " * 30 + "bottles work) and a chair"]


@pytest.mark.parametrize("spec", ["yoga", "Yoga", "Gentle start", "pilates-mat-basics", "40/20x3"])
def test_coach_timer_takes_a_style_a_title_a_name_or_a_quick_timer(db, capsys, monkeypatch, spec):
    from coach.app import CoachApp

    opened = []
    monkeypatch.setattr(CoachApp, "run", lambda app: opened.append((app.start, app.timer_spec)))
    code, _, err = coach(capsys, "--db", str(db), "timer", spec)
    assert code == 0, err
    assert opened == [("timer", spec)]


@pytest.mark.parametrize("columns", ["50", "80", "120"])
def test_help_never_cuts_a_sentence_short(capsys, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    code, out, _ = coach(capsys, "--help")
    assert code == 0
    lines = out.splitlines()
    cut = [line for line in lines[1:] if line.rstrip().endswith(("...", "…"))]
    assert lines[0].startswith("Usage:") and not cut  # the usage line's [ARGS]... is click's
    commands = lines[lines.index("Commands:") + 1:]
    assert "routines" in " ".join(commands)
    for name in cli.commands:  # every description ends its sentence
        at = next(n for n, line in enumerate(commands) if line.split()[:1] == [name])
        described = " ".join(line.strip() for line in commands[at:at + 3])
        assert "." in described, name


def test_status_help_says_what_it_prints(capsys):
    code, out, _ = coach(capsys, "status", "--help")
    assert code == 0
    text = " ".join(out.split())
    assert "what today holds" in text and "the next step up needs" in text
    assert "start-up file" in text


def test_status_on_a_new_db_creates_a_private_file(db, capsys):
    code, out, err = coach(capsys, "--db", str(db), "status")
    assert code == 0, err
    assert db.exists()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    lines = [line for line in out.splitlines() if line.strip()]
    assert 2 <= len(lines) <= 4
    assert not any(word in out.lower() for word in BANNED)


def test_db_from_the_environment(tmp_path, capsys, monkeypatch):
    target = tmp_path / "env.db"
    monkeypatch.setenv("COACH_DB", str(target))
    code, _, err = coach(capsys, "checkin", "--mood", "3")
    assert code == 0, err
    with Store.open(target) as store:
        assert [c.mood for c in store.checkins(kind="morning")] == [3]


@pytest.mark.parametrize(
    "args, words",
    [
        (["checkin", "--mood", "7"], "mood is 1 to 5"),
        (["checkin", "--mood", "3", "--anxiety", "0"], "anxiety"),
        (["checkin", "--mood", "3", "--date", "2026-13-01"], "not a date"),
        (["log", "--minutes", "0"], "--minutes"),
        (["log", "--minutes", "601"], "--minutes"),
        (["log", "--minutes", "20", "--mood-before", "6"], "mood is 1 to 5"),
        (["log", "--minutes", "20", "--mood-after", "0"], "mood is 1 to 5"),
        (["log", "--minutes", "20", "--date", "2026-02-30"], "not a date"),
        (["log", "--minutes", "20", "--style", "zumba"], "--style"),
        (["pause", "--from", "2026-03-10", "--until", "2026-03-01"], "before"),
        (["timer", "40/x"], "40/x"),
        (["timer", "0/10"], "0/10"),
        (["timer", "abc"], "abc"),
        (["timer", "yga"], "Did you mean yoga?"),
        (["timer", "steady"], "Did you mean bodyweight-steady-strength?"),
        (["plan", "--date", "soon"], "not a date"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(db, capsys, args, words):
    code, out, err = coach(capsys, "--db", str(db), *args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert words in err
    assert "Traceback" not in err
    assert not db.exists() or _counts(db) == (0, 0, 0)


def _counts(db: Path) -> tuple[int, int, int]:
    with Store.open(db) as store:
        return (len(store.sessions(include_unfinished=True)), len(store.checkins()),
                len(store.pauses()))


def test_bad_input_leaves_an_existing_database_as_it_was(db, capsys):
    assert coach(capsys, "--db", str(db), "log", "--minutes", "20")[0] == 0
    before = _counts(db)
    code, _, _ = coach(capsys, "--db", str(db), "log", "--minutes", "20", "--mood-after", "9")
    assert code == 2
    assert _counts(db) == before


def test_future_dates_are_refused(db, capsys):
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    code, _, err = coach(capsys, "--db", str(db), "log", "--minutes", "20", "--date", tomorrow)
    assert code == 2
    assert "future" in err


def test_log_records_a_session_with_its_moods(db, capsys):
    code, out, err = coach(capsys, "--db", str(db), "log", "--minutes", "22", "--style", "yoga",
                           "--mood-before", "2", "--mood-after", "4", "--note", "stiff",
                           "--date", "2026-01-12")
    assert code == 0, err
    assert "Recorded 22 minutes of yoga" in out
    with Store.open(db) as store:
        [session] = store.sessions()
        assert (session.day, session.seconds, session.style) == (date(2026, 1, 12), 1320, "yoga")
        assert (session.mood_before, session.mood_after, session.note) == (2, 4, "stiff")
        kinds = sorted((c.kind, c.mood) for c in store.checkins())
        assert kinds == [("after", 4), ("before", 2)]


def test_checkin_records_a_morning_checkin(db, capsys):
    code, out, _ = coach(capsys, "--db", str(db), "checkin", "--mood", "2", "--anxiety", "4",
                         "--note", "tired", "--date", "2026-01-12")
    assert code == 0
    assert "10-minute" not in out  # a past day: nothing to offer for it now
    with Store.open(db) as store:
        [c] = store.checkins()
        assert (c.kind, c.day, c.mood, c.anxiety, c.note) == (
            "morning", date(2026, 1, 12), 2, 4, "tired")


def test_a_low_checkin_for_today_offers_the_short_session_gently(db, capsys):
    code, out, _ = coach(capsys, "--db", str(db), "checkin", "--mood", "2")
    assert code == 0
    assert "A short 10-minute session counts too, and so does rest." in out


def test_buddy_show_set_and_change_contact(db, capsys):
    code, out, _ = coach(capsys, "--db", str(db), "buddy")
    assert code == 0 and "No buddy yet" in out
    code, out, _ = coach(capsys, "--db", str(db), "buddy", "Sam", "--contact", "text Sam")
    assert code == 0 and "Sam" in out
    coach(capsys, "--db", str(db), "buddy", "--contact", "call Sam")
    code, out, _ = coach(capsys, "--db", str(db), "buddy")
    assert out.strip() == "Your buddy: Sam (call Sam)"
    code, _, err = coach(capsys, "--db", str(db), "buddy", "--remove", "Sam")
    assert code == 2
    coach(capsys, "--db", str(db), "buddy", "--remove")
    with Store.open(db) as store:
        assert store.buddy() is None


def test_pause_and_resume(db, capsys):
    code, out, _ = coach(capsys, "--db", str(db), "pause", "--from", "2026-01-05",
                         "--until", "2026-01-18")
    assert code == 0 and "level is kept" in out
    code, out, _ = coach(capsys, "--db", str(db), "pause")
    assert code == 0
    code, out, _ = coach(capsys, "--db", str(db), "resume")  # paused only since today
    assert code == 0 and "Today's pause is lifted" in out and "Welcome back" not in out
    with Store.open(db) as store:
        pauses = store.pauses()
    assert pauses[0].start == date(2026, 1, 5) and pauses[0].end == date(2026, 1, 18)
    assert all(p.end is not None for p in pauses)
    code, out, _ = coach(capsys, "--db", str(db), "resume")
    assert "isn't paused" in out


def test_resume_says_what_it_did_to_past_and_planned_pauses(db, capsys):
    from coach.dates import today

    day = today()
    with Store.open(db) as store:
        store.add_pause(day - timedelta(days=3))
        store.add_pause(day + timedelta(days=5), day + timedelta(days=9))
    code, out, _ = coach(capsys, "--db", str(db), "resume")
    assert code == 0
    assert "Welcome back. The plan runs again from today" in out
    assert "Still planned: a pause from " in out  # resume keeps the pause planned for later
    with Store.open(db) as store:
        assert [p.start for p in store.pauses()] == [day - timedelta(days=3),
                                                     day + timedelta(days=5)]


def test_plan_json_contract(db, capsys):
    for day in ("2026-01-05", "2026-01-08"):
        coach(capsys, "--db", str(db), "log", "--minutes", "20", "--date", day)
    code, out, err = coach(capsys, "--db", str(db), "plan", "--date", "2026-01-08", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["date"] == "2026-01-08"
    assert data["week_start"] == "2026-01-05"
    assert (data["level"], data["sessions_per_week"], data["minutes"]) == (1, 2, 20)
    assert data["counting_sessions"] == 2 and data["week_complete"] is True
    assert [d["date"] for d in data["days"]][0] == "2026-01-05" and len(data["days"]) == 7
    assert data["days"][0] == {"date": "2026-01-05", "status": "done", "minutes_done": 20,
                               "cue": None}
    assert data["next_step"]["level"] == 2
    assert data["paused"] is False


def test_plan_text_is_kind_and_shows_the_insight(db, capsys):
    coach(capsys, "--db", str(db), "log", "--minutes", "20", "--date", "2026-01-05",
          "--mood-before", "2", "--mood-after", "4")
    code, out, _ = coach(capsys, "--db", str(db), "plan", "--date", "2026-01-07")
    assert code == 0
    assert "You felt better after 1 of 1 session." in out  # one session, not "sessions"
    assert not any(word in out.lower() for word in BANNED)


def test_not_a_database_is_one_line_exit_1_and_untouched(tmp_path, capsys):
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"my notes, not a database\n" * 10)
    before = bad.read_bytes()
    code, out, err = coach(capsys, "--db", str(bad), "status")
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert str(bad) in err and "not a coach database" in err
    assert bad.read_bytes() == before
    assert not Path(f"{bad}-wal").exists()


# --------------------------------------------------------------------------- real processes


def test_real_process_version_help_and_status(db):
    result = coach_process("--version")
    assert result.returncode == 0 and __version__ in result.stdout
    result = coach_process("--help")
    assert result.returncode == 0 and "status" in result.stdout
    result = coach_process("status", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_real_process_bad_input(db):
    result = coach_process("--db", str(db), "checkin", "--mood", "7")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_status_fast_path_does_not_import_textual_or_click(db):
    code = (
        "import sys; from coach.entry import main\n"
        "try:\n    main(['status', '--db', sys.argv[1]])\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        "bad = [m for m in ('textual', 'click', 'sqlite_utils') if m in sys.modules]\n"
        "print('loaded:', bad)\n"
    )
    # First run creates the database (migrations may use sqlite_utils); the second is the
    # everyday case.
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, capture_output=True)
    result = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "loaded: []" in result.stdout


def test_two_processes_logging_at_once_lose_nothing(db):
    script = (
        "import sys\n"
        "from coach.cli import run\n"
        "for i in range(50):\n"
        "    assert run(['--db', sys.argv[1], 'log', '--minutes', '20', '--date', '2026-01-05',"
        " '--note', sys.argv[2] + str(i)]) == 0\n"
    )
    Store.open(db).close()
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(db), tag],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for tag in ("a", "b")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    with Store.open(db) as store:
        notes = sorted(s.note for s in store.sessions())
    assert len(notes) == 100
    assert notes == sorted([f"a{i}" for i in range(50)] + [f"b{i}" for i in range(50)])


@pytest.mark.parametrize("given, words", [
    ("-5", "-5 is not a session length coach records (1 to 600 minutes)"),
    ("601", "601 is not a session length coach records (1 to 600 minutes)"),
    ("abc", "'abc' is not a number of minutes"),
])
def test_log_refuses_minutes_in_plain_words(db, capsys, given, words):
    code, out, err = coach(capsys, "--db", str(db), "log", "--minutes", given)
    assert code == 2 and words in err and len(err.strip().splitlines()) == 1
    if db.exists():
        with Store.open(db) as store:
            assert store.sessions() == []


def test_log_for_an_earlier_week_says_that_week(db, capsys):
    code, out, _ = coach(capsys, "--db", str(db), "log", "--minutes", "20", "--date", "2025-01-06")
    assert code == 0 and "That's 1 of 2 that week." in out
    # Another year's day names its year: a slip of one digit is easy to see.
    assert "Recorded 20 minutes of bodyweight Monday 6 January 2025." in out


def test_status_plan_log_and_checkin_wrap_their_prose_to_the_terminal(db, capsys, monkeypatch):
    """Each line of prose fits the terminal's width, broken at spaces, no word lost."""
    from coach.text import terminal_width

    monkeypatch.setenv("COLUMNS", "44")
    assert terminal_width() == 44
    runs = [["checkin", "--mood", "2"], ["log", "--minutes", "20", "--pain"], ["plan"],
            ["status"]]
    for args in runs:
        code, out, err = coach(capsys, "--db", str(db), *args)
        assert code == 0, err
        assert max(map(len, out.splitlines())) <= 44, (args, out)
        monkeypatch.setenv("COLUMNS", "300")
        code, wide, _ = coach(capsys, "--db", str(db), *args)
        monkeypatch.setenv("COLUMNS", "44")
        assert " ".join(out.split()) == " ".join(wide.split())  # the same words, only wrapped
        assert max(map(len, wide.splitlines())) > 44, (args, wide)


def test_without_a_terminal_prose_is_not_wrapped(db, capsys, monkeypatch):
    from coach.text import NOT_WRAPPED, terminal_width

    monkeypatch.delenv("COLUMNS", raising=False)
    assert terminal_width() == NOT_WRAPPED  # pytest's output is not a terminal
    code, out, _ = coach(capsys, "--db", str(db), "checkin", "--mood", "2")
    assert code == 0
    assert "Go gently today. A short 10-minute session counts too, and so does rest." in out
