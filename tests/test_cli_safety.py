"""The command line as an attacker and a clumsy user try it: nothing stored reaches the
terminal raw, a refused command writes nothing, every oddity is one line with the right exit
status, and the history can be corrected (history, edit, delete, undo, tombstones)."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from coach.cli import run
from coach.corrections import short_day
from coach.models import Checkin, Session
from coach.store import Store

#: ESC, or any C1 control character, in decoded output.
RAW_CONTROL = re.compile("[\x1b\x80-\x9f]")
OSC52 = "Sam\x1b]52;c;UFdORUQ=\x07\x1b[2J"
TODAY = date.today()


def coach(capsys, *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def process(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[bytes]:
    """The real program, its output as the raw bytes a terminal would get."""
    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True,
                          timeout=60, input=stdin.encode() if stdin is not None else None)


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "coach.db"


@pytest.fixture
def filled(db: Path) -> Path:
    with Store.open(db) as store:
        store.add_session(Session(day=TODAY - timedelta(days=1), seconds=1200, style="yoga",
                                  mood_before=2, mood_after=4))
        store.add_checkin(Checkin(day=TODAY, kind="morning", mood=3, anxiety=2))
        store.set_buddy("Sam", "text Sam")
    return db


# --------------------------------------------------------------------------- the repro lines


REFUSED = {
    "an escape in a buddy's name": (["buddy", OSC52, "--contact", "text Sam"],
                                    "the name holds the control character ESC"),
    "a check-in in year 1": (["checkin", "--mood", "3", "--date", "0001-01-02"],
                             "0001-01-02 is before 1970-01-01"),
    "a pause in year 1": (["pause", "--from", "0001-01-01", "--until", "0001-01-03"],
                          "0001-01-01 is before 1970-01-01"),
    "a plan in 9999": (["plan", "--date", "9999-12-31"], "9999-12-31 is too far from today"),
    "an import of nothing": (["import", "/nonexistent.json"], "cannot be read"),
    "a contact with no buddy": (["buddy", "--contact", "x"], "name your buddy first"),
    "an export to a missing folder": (["export", "-o", "/nonexistent/x.json"],
                                      "the folder /nonexistent does not exist"),
    "an export to a folder": (["export", "-o", "."], "is a folder"),
    "invalid UTF-8 in a note": (["log", "--minutes", "20", "--note", os.fsdecode(b"ok\xff")],
                                "not valid UTF-8"),
    "invalid UTF-8 in a name": (["buddy", os.fsdecode(b"S\xffam")], "not valid UTF-8"),
    "invalid UTF-8 in a contact": (["buddy", "Sam", "--contact", os.fsdecode(b"\xfe")],
                                   "not valid UTF-8"),
    "a 5000-digit timer": (["timer", "1" * 5000 + "/20"], "an interval can be at most"),
    "an empty --db": (["--db", "", "status"], "the path is empty"),
    "a date without dashes": (["log", "--minutes", "20", "--date", "20261105"],
                              "use YYYY-MM-DD"),
    "a superscript mood": (["checkin", "--mood", "³"], "mood is 1 to 5 (1 very low, 5 great), not ³"),
    "a future log": (["log", "--minutes", "20", "--date", (TODAY + timedelta(days=2)).isoformat()],
                     "is in the future"),
    "delete with nobody to ask": (["delete", "s1"], "add --yes"),
    "delete of nothing": (["delete", "s99", "--yes"], "there is no record 's99'"),
    "edit of nothing": (["edit", "c42", "--mood", "3"], "there is no record 'c42'"),
    "a control character in an edit": (["edit", "s1", "--note", "a\x9bb"],
                                       "the note holds the control character U+009B"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_each_repro_is_one_line_exit_2_and_no_database_appears(tmp_path, capsys, case):
    args, words = REFUSED[case]
    db = tmp_path / "new.db"
    args = [a.replace("/nonexistent.json", str(tmp_path / "missing.json")) for a in args]
    before = set(tmp_path.iterdir())
    code, out, err = coach(capsys, *(["--db", str(db)] if args[0] != "--db" else []), *args)
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and words in err, err
    assert not RAW_CONTROL.search(err) and "Traceback" not in err
    assert set(tmp_path.iterdir()) == before  # no database, no file beside it


@pytest.mark.parametrize("case", [c for c in REFUSED if c != "an empty --db"])
def test_each_repro_leaves_an_existing_database_byte_for_byte(filled, capsys, case):
    args, words = REFUSED[case]
    args = [a.replace("/nonexistent.json", str(filled.parent / "missing.json")) for a in args]
    if case == "a contact with no buddy":
        with Store.open(filled) as store:
            store.set_buddy(None)
    before = files(filled.parent)
    code, out, err = coach(capsys, "--db", str(filled), *args)
    assert code == 2 and words in err, err
    assert files(filled.parent) == before


@pytest.mark.parametrize("value", ["", "  "])
@pytest.mark.parametrize("args", [["status"], ["status", "--quiet"], [], ["log", "--minutes", "20"]])
def test_an_empty_coach_db_is_refused_like_an_empty_db_option(tmp_path, value, args):
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "COACH_DB": value, "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    done = subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True,
                          timeout=60, env=env, stdin=subprocess.DEVNULL, cwd=home)
    err = done.stderr.decode()
    assert done.returncode == 2 and done.stdout == b""
    assert len(err.strip().splitlines()) == 1 and "COACH_DB is set but empty" in err, err
    assert list(home.iterdir()) == []  # no default database was made


def test_a_db_option_wins_over_an_empty_coach_db(tmp_path):
    db = tmp_path / "mine.db"
    env = {**os.environ, "COACH_DB": "", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "coach", "--db", str(db), "log", "--minutes",
                           "20"], capture_output=True, timeout=60, env=env,
                          stdin=subprocess.DEVNULL, cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert db.exists() and sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".db") == [
        "mine.db"]


def test_an_older_database_is_not_upgraded_by_a_refused_import(tmp_path, capsys):
    from coach.store import _apply_migrations

    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    _apply_migrations(conn, upto=2)
    conn.close()
    before = files(tmp_path)
    code, _, err = coach(capsys, "--db", str(old), "import", str(tmp_path / "nothing.json"))
    assert code == 2 and "cannot be read" in err
    assert files(tmp_path) == before


@pytest.mark.parametrize("name", ["coach.db", "coach.db-wal", "coach.db-shm", "coach.db-status",
                                  "coach.db.v2-20260101-101010.bak"])
def test_export_never_writes_over_the_database_or_a_file_beside_it(filled, capsys, name):
    before = files(filled.parent)
    code, _, err = coach(capsys, "--db", str(filled), "export", "-o", str(filled.parent / name))
    assert code == 2 and "is the database or a file coach keeps beside it" in err
    assert files(filled.parent) == before


def test_export_through_a_link_to_the_database_is_refused_too(filled, capsys, tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(filled)
    before = filled.read_bytes()
    code, _, err = coach(capsys, "--db", str(filled), "export", "-o", str(link))
    assert code == 2 and "is the database" in err
    assert filled.read_bytes() == before


def test_export_to_a_closed_output_or_a_full_disk_is_exit_1(filled, tmp_path):
    closed = subprocess.run(f'"{sys.executable}" -m coach --db "{filled}" export >&-', shell=True,
                            capture_output=True, timeout=60)
    assert closed.returncode == 1
    assert closed.stderr.decode().strip().splitlines() == [
        "coach: standard output is closed; nothing was exported (use -o FILE)"]
    if Path("/dev/full").exists():
        full = process("--db", str(filled), "export", "-o", "/dev/full")
        assert full.returncode == 1, full.stderr
        assert b"cannot be written" in full.stderr and b"Traceback" not in full.stderr


def test_a_pipe_at_the_database_path_is_named_as_one(tmp_path, capsys):
    fifo = tmp_path / "coach.db"
    os.mkfifo(fifo)
    code, _, err = coach(capsys, "--db", str(fifo), "status")
    assert code == 1 and "is not a regular file (a pipe or a device?)" in err


def test_db_before_the_command_wins_over_the_environment(filled, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COACH_DB", str(tmp_path / "other.db"))
    code, out, _ = coach(capsys, "--db", str(filled), "buddy")
    assert code == 0 and "Sam" in out


def test_a_past_log_stamps_its_moods_on_its_own_day(db, capsys):
    day = TODAY - timedelta(days=3)
    assert coach(capsys, "--db", str(db), "log", "--minutes", "20", "--date", day.isoformat(),
                 "--mood-before", "2", "--mood-after", "4")[0] == 0
    with Store.open(db) as store:
        assert {c.at.date() for c in store.checkins()} == {day}


def test_an_import_with_a_future_day_is_refused_as_log_refuses_it(db, capsys, tmp_path):
    with Store.open(tmp_path / "x.db") as other:
        other.add_checkin(Checkin(day=TODAY, kind="morning", mood=3))
        data = other.dump()
    data["checkins"][0]["day"] = (TODAY + timedelta(days=3)).isoformat()
    data.update(version=2, exported_at="2026-03-12T09:00:00+00:00")
    path = tmp_path / "future.json"
    path.write_text(json.dumps(data))
    code, _, err = coach(capsys, "--db", str(db), "import", str(path))
    assert code == 2 and "checkins, record 1" in err and "is in the future" in err
    assert not db.exists()


# --------------------------------------------------------------------------- escape injection


def plant(db: Path) -> None:
    """Control characters in every stored text, as an older coach let them in."""
    with Store.open(db) as store:
        store.set_buddy(OSC52, "text\x1b]8;;http://x\x1b\\Sam\x9b2J")
        store.add_session(Session(day=TODAY, seconds=1200, style="bodyweight",
                                  note="a\x1b[2Jb\x07\x9d", mood_before=2, mood_after=4))
        store.add_session(Session(day=TODAY - timedelta(days=1), seconds=1500,
                                  style="yo\x1b]52;c;U1RZTEU=\x07ga", routine="gentle\x9b2Jstart",
                                  mood_before=3, mood_after=4))
        store.add_checkin(Checkin(day=TODAY, kind="morning", mood=1, note="\x1b]52;c;eA==\x07"))
        store.save_settings(style="bo\x1b[5mdy\x9b2J")  # a style no coach offers, stored raw


@pytest.mark.parametrize("args", [["buddy"], ["plan"], ["status"], ["history"], ["export"],
                                  ["plan", "--json"], ["history", "--json"], ["delete", "s1", "--yes"],
                                  ["insights"], ["insights", "--json"],
                                  ["calendar"], ["routines"], ["cue"]])
def test_nothing_stored_reaches_standard_output_raw(db, args):
    plant(db)
    done = process("--db", str(db), *args)
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode("utf-8")
    assert not RAW_CONTROL.search(out), out
    assert not RAW_CONTROL.search(done.stderr.decode("utf-8"))


def test_what_is_stored_is_shown_with_its_control_characters_visible(db, capsys):
    plant(db)
    code, out, _ = coach(capsys, "--db", str(db), "buddy")
    assert code == 0 and "Sam␛]52;c;UFdORUQ=␇␛[2J" in out
    code, out, _ = coach(capsys, "--db", str(db), "history")
    assert 'a␛[2Jb␇�' in out
    assert "25 minutes of yo␛]52;c;U1RZTEU=␇ga" in out
    code, out, _ = coach(capsys, "--db", str(db), "insights")
    assert "yo␛]52;c;U1RZTEU=␇ga" in out.replace("Yo", "yo")


def test_an_import_with_an_escape_in_a_name_is_refused_saying_where(db, tmp_path, capsys):
    with Store.open(tmp_path / "x.db") as other:
        other.set_buddy("Sam")
        data = other.dump()
    data.update(version=2, exported_at="2026-03-12T09:00:00+00:00")
    data["buddy"]["name"] = "\u001b]52;c;UFdORUQ=\u0007"
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(data))
    code, _, err = coach(capsys, "--db", str(db), "import", str(path))
    assert code == 2
    assert "buddy, field name: holds the control character ESC (U+001B)" in err
    assert not RAW_CONTROL.search(err)
    assert not db.exists()


# --------------------------------------------------------------------------- out of range


def plant_out_of_range(db: Path) -> None:
    with Store.open(db) as store:
        store.save_settings(week_starts_sunday=True)
        store.add_session(Session(day=TODAY, seconds=1200))
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("INSERT INTO sessions (uid, day, seconds) VALUES ('far', '9999-12-31', 1200)")
    conn.execute("INSERT INTO checkins (uid, day, kind, mood) VALUES ('early', '0001-01-02',"
                 " 'morning', 3)")
    conn.execute("INSERT INTO pauses (uid, start, \"end\") VALUES ('p', '0001-01-01', '0001-01-03')")
    conn.close()


@pytest.mark.parametrize("args", [["status"], ["plan"], ["plan", "--json"], ["export"],
                                  ["log", "--minutes", "20"], ["checkin", "--mood", "3"],
                                  ["history"], ["buddy"]])
def test_a_record_out_of_range_never_stops_a_command_and_is_named(db, capsys, args):
    plant_out_of_range(db)
    code, out, err = coach(capsys, "--db", str(db), *args)
    assert code == 0, err
    assert "session s2 is dated 9999-12-31, outside the days coach keeps; remove it with: " \
           "coach delete s2" in err + out
    assert "check-in c1 is dated 0001-01-02" in err + out
    assert "pause p1 is dated 0001-01-01 to 0001-01-03" in err + out
    assert "Traceback" not in err


def test_a_record_out_of_range_is_removed_with_the_line_it_is_named_in(db, capsys):
    plant_out_of_range(db)
    for ref in ("s2", "c1", "p1"):
        code, out, err = coach(capsys, "--db", str(db), "delete", ref, "--yes")
        assert code == 0 and "Deleted" in out, err
    code, out, err = coach(capsys, "--db", str(db), "status")
    assert code == 0 and "outside" not in err + out
    done = process("status", "--db", str(db))
    assert done.returncode == 0 and b"outside" not in done.stdout + done.stderr


def test_history_lists_the_records_out_of_range_whatever_the_span_marked(db, capsys):
    plant_out_of_range(db)
    for span in ([], ["--from", "1970-01-01"], ["--from", TODAY.isoformat()]):
        code, out, err = coach(capsys, "--db", str(db), "history", *span)
        assert code == 0, err
        lines = out.strip().splitlines()
        marked = [line for line in lines if line.endswith("(outside the days coach keeps)")]
        assert [line.split()[0] for line in marked] == ["s2", "c1", "p1"], out
        assert "Fri 31 Dec 9999  20 minutes" in marked[0]
        assert "pause from 0001-01-01 to 0001-01-03" in marked[2]
        assert lines[0].startswith("Recorded from") and lines[1].startswith("s1 ") and lines[-1].startswith("Change one with coach edit")
    data = json.loads(coach(capsys, "--db", str(db), "history", "--json")[1])
    assert [r["id"] for r in data["records"]] == ["s1"]
    assert [(r["id"], r["day"]) for r in data["outside_range"]] == [
        ("s2", "9999-12-31"), ("c1", "0001-01-02"), ("p1", "0001-01-01")]
    assert coach(capsys, "--db", str(db), "delete", "s2", "--yes")[0] == 0
    code, out, _ = coach(capsys, "--db", str(db), "history", "--from", TODAY.isoformat())
    assert code == 0 and "s2" not in out and "c1 " in out


def test_the_quick_status_names_a_record_out_of_range_too(db):
    plant_out_of_range(db)
    for _ in range(2):  # worked out, then the kept lines
        done = process("status", "--db", str(db))
        assert done.returncode == 0, done.stderr
        assert b"coach delete s2" in done.stdout


# --------------------------------------------------------------------------- history


def test_history_json_delete_and_an_older_export_do_not_bring_it_back(db, tmp_path, capsys):
    """The issue's "done when": history --json lists a session, delete --yes removes it, and
    an export taken before the deletion does not bring it back."""
    assert coach(capsys, "--db", str(db), "log", "--minutes", "25", "--note", "park")[0] == 0
    old = tmp_path / "before.json"
    assert coach(capsys, "--db", str(db), "export", "-o", str(old))[0] == 0
    code, out, _ = coach(capsys, "--db", str(db), "history", "--json")
    records = json.loads(out)["records"]
    assert [(r["kind"], r["minutes"], r["note"]) for r in records] == [("session", 25, "park")]
    ref = records[0]["id"]
    code, out, err = coach(capsys, "--db", str(db), "delete", ref, "--yes")
    assert code == 0 and out.startswith(f"Deleted session {ref} (")
    code, out, _ = coach(capsys, "--db", str(db), "import", str(old))
    assert code == 0
    # Said as what it is, not as "already here":
    assert out.strip() == "Nothing new to add: 1 record was left out because you deleted it."
    assert json.loads(coach(capsys, "--db", str(db), "history", "--json")[1])["records"] == []
    code, out, _ = coach(capsys, "--db", str(db), "undo")
    assert code == 0 and out.startswith(f"Brought back session {ref} (")
    assert len(json.loads(coach(capsys, "--db", str(db), "history", "--json")[1])["records"]) == 1
    assert coach(capsys, "--db", str(db), "undo")[1].startswith("Nothing to undo")


def test_a_deletion_travels_in_the_export_to_another_database(db, tmp_path, capsys):
    other = tmp_path / "other.db"
    assert coach(capsys, "--db", str(db), "checkin", "--mood", "2")[0] == 0
    shared = tmp_path / "shared.json"
    coach(capsys, "--db", str(db), "export", "-o", str(shared))
    coach(capsys, "--db", str(other), "import", str(shared))
    assert coach(capsys, "--db", str(db), "delete", "c1", "--yes")[0] == 0
    coach(capsys, "--db", str(db), "export", "-o", str(shared))
    code, out, _ = coach(capsys, "--db", str(other), "import", str(shared))
    assert code == 0 and "1 deletion" in out
    assert json.loads(coach(capsys, "--db", str(other), "history", "--json")[1])["records"] == []


def test_edit_changes_a_session_with_the_checks_log_makes(db, capsys):
    day = TODAY - timedelta(days=1)
    coach(capsys, "--db", str(db), "log", "--minutes", "20", "--mood-before", "2", "--mood-after",
          "3", "--date", day.isoformat())
    code, out, err = coach(capsys, "--db", str(db), "edit", "s1", "--minutes", "30", "--style",
                           "yoga", "--mood-after", "5", "--pain", "--note", "new", "--date",
                           TODAY.isoformat())
    assert code == 0, err
    assert out.startswith("Changed session s1 (") and "30 minutes of yoga, mood 2 → 5" in out
    with Store.open(db) as store:
        (session,) = store.sessions()
        assert (session.day, session.seconds, session.pain, session.note) == (TODAY, 1800, True, "new")
        assert {(c.kind, c.mood, c.day) for c in store.checkins()} == {("before", 2, TODAY),
                                                                       ("after", 5, TODAY)}
    for args, words in [(["--minutes", "0"], "--minutes"), (["--mood", "3"], "--mood is not"),
                        (["--mood-after", "9"], "mood is 1 to 5"), ([], "say what to change"),
                        (["--date", (TODAY + timedelta(days=1)).isoformat()], "future")]:
        before = files(db.parent)
        code, _, err = coach(capsys, "--db", str(db), "edit", "s1", *args)
        assert code == 2 and words in err and len(err.strip().splitlines()) == 1, err
        assert files(db.parent) == before


def test_edit_corrects_effort_and_the_level_of_the_next_week_is_derived_afresh(db, capsys):
    """Two complete weeks at level 1, one session mistyped as too hard: corrected to about
    right, the third week steps up; rated too hard again, it holds; cleared, it steps up."""
    monday = TODAY - timedelta(days=TODAY.weekday())
    first = monday - timedelta(weeks=2)
    for n, day in enumerate([first, first + timedelta(days=3), first + timedelta(weeks=1),
                             first + timedelta(weeks=1, days=3)]):
        extra = ["--effort", "hard"] if n == 2 else []
        assert coach(capsys, "--db", str(db), "log", "--minutes", "20", "--date",
                     day.isoformat(), *extra)[0] == 0

    def level() -> int:
        code, out, err = coach(capsys, "--db", str(db), "plan", "--json")
        assert code == 0, err
        return json.loads(out)["level"]

    assert level() == 1
    code, out, err = coach(capsys, "--db", str(db), "edit", "s3", "--effort", "right")
    assert code == 0 and "felt about right" in out, err
    assert level() == 2
    assert coach(capsys, "--db", str(db), "edit", "s3", "--effort", "HARD")[0] == 0
    assert level() == 1
    code, out, err = coach(capsys, "--db", str(db), "edit", "s3", "--no-effort")
    assert code == 0 and "felt" not in out, err
    with Store.open(db) as store:
        assert [s.effort for s in store.sessions()] == [None, None, None, None]
    assert level() == 2


def test_edit_corrects_the_time_of_day_with_the_checks_log_makes(db, capsys):
    day = TODAY - timedelta(days=1)
    coach(capsys, "--db", str(db), "log", "--minutes", "20", "--date", day.isoformat(),
          "--at", "07:05")
    coach(capsys, "--db", str(db), "checkin", "--mood", "3")
    code, _, err = coach(capsys, "--db", str(db), "edit", "s1", "--at", "18:30")
    assert code == 0, err
    with Store.open(db) as store:
        (session,) = store.sessions()
    assert (session.time_of_day, session.started_at) == ("18:30", datetime.combine(day, time(18, 30)))
    code, _, err = coach(capsys, "--db", str(db), "edit", "s1", "--at", "6:00", "--date",
                         TODAY.isoformat())
    assert code == 0, err
    with Store.open(db) as store:
        (session,) = store.sessions()
    assert (session.day, session.started_at) == (TODAY, datetime.combine(TODAY, time(6, 0)))
    records = json.loads(coach(capsys, "--db", str(db), "history", "--json")[1])["records"]
    checkin = next(r["id"] for r in records if r["kind"] == "checkin")
    later = datetime.now() + timedelta(minutes=2)
    refusals = [("s1", ["--effort", "7"], "--effort"),
                ("s1", ["--effort", "right", "--no-effort"], "not both"),
                ("s1", ["--at", "24:61"], "not a time of day"),
                ("s1", ["--at", "7"], "not a time of day"),
                ("s1", ["--at", ""], "not a time of day"),
                (checkin, ["--at", "07:00"], "--at is not something a check-in has"),
                (checkin, ["--no-effort"], "--effort is not something a check-in has")]
    if later.date() == TODAY:  # not in the last two minutes of the day
        refusals.append(("s1", ["--at", f"{later:%H:%M}"], "later than now"))
    for ref, args, words in refusals:
        before = files(db.parent)
        code, _, err = coach(capsys, "--db", str(db), "edit", ref, *args)
        assert code == 2 and words in err and len(err.strip().splitlines()) == 1, (args, err)
        assert files(db.parent) == before


def test_edit_changes_a_checkin(db, capsys):
    coach(capsys, "--db", str(db), "checkin", "--mood", "2", "--note", "tired")
    code, out, _ = coach(capsys, "--db", str(db), "edit", "c1", "--mood", "4", "--anxiety", "1",
                         "--note", "")
    assert code == 0 and "mood 4, anxiety 1" in out
    with Store.open(db) as store:
        (morning,) = store.checkins()
        assert (morning.mood, morning.anxiety, morning.note) == (4, 1, None)


def test_delete_asks_on_a_terminal(db, capsys, monkeypatch):
    coach(capsys, "--db", str(db), "checkin", "--mood", "2")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("click.confirm", lambda *a, **k: False)
    code, out, _ = coach(capsys, "--db", str(db), "delete", "c1")
    assert code == 0 and out.strip() == "Nothing was deleted."
    monkeypatch.setattr("click.confirm", lambda *a, **k: True)
    code, out, _ = coach(capsys, "--db", str(db), "delete", "c1")
    assert code == 0 and out.startswith("Deleted check-in c1")


def test_history_lists_a_range_and_refuses_one_backwards(filled, capsys):
    code, out, _ = coach(capsys, "--db", str(filled), "history")
    assert code == 0
    lines = out.strip().splitlines()[1:]  # after the line saying which days are listed
    assert lines[0].startswith("s1  ") and "20 minutes of yoga, mood 2 → 4" in lines[0]
    assert lines[1].startswith("c3  ") and "morning check-in, mood 3, anxiety 2" in lines[1]
    code, out, _ = coach(capsys, "--db", str(filled), "history", "--from", TODAY.isoformat())
    assert [line[:2] for line in out.strip().splitlines()[1:-1]] == ["c3"]
    code, _, err = coach(capsys, "--db", str(filled), "history", "--from", TODAY.isoformat(),
                         "--until", (TODAY - timedelta(days=3)).isoformat())
    assert code == 2 and "is before --from" in err


def test_history_says_which_days_it_lists_and_how_to_see_earlier_ones(filled, capsys):
    code, out, _ = coach(capsys, "--db", str(filled), "history")
    first = out.splitlines()[0]
    since = TODAY - timedelta(days=27)
    assert code == 0 and first == (
        f"Recorded from {short_day(since)} to {short_day(TODAY)} "
        "(earlier days: coach history --from YYYY-MM-DD):")
    old = (TODAY - timedelta(days=400)).isoformat()
    code, out, _ = coach(capsys, "--db", str(filled), "history", "--from", old, "--until", old)
    assert code == 0 and out.strip().startswith("Nothing recorded from ")
    assert "--from" in out and len(out.strip().splitlines()) == 1


def test_undo_on_no_database_creates_none(tmp_path, capsys):
    code, out, _ = coach(capsys, "--db", str(tmp_path / "none.db"), "undo")
    assert code == 0 and out.startswith("Nothing to undo")
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_setting_is_one_line_its_default_is_used_and_nothing_is_written(tmp_path, capsys):
    """Another program wrote a value that is not JSON into the settings: every command goes
    on with the default, says in one line which setting and how to set it again, and a read
    leaves the file byte for byte."""
    db = tmp_path / "coach.db"
    with Store.open(db) as store:
        store.save_settings(style="yoga", onboarded=True)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE settings SET value = '{not json' WHERE key = 'style'")
    conn.close()
    before = files(tmp_path)
    for args in (["status"], ["plan"], ["export"], ["history"]):
        code, out, err = coach(capsys, "--db", str(db), *args)
        assert code == 0, (args, err)
        assert "Traceback" not in out + err
        named = [line for line in (out + err).splitlines() if "\u201cstyle\u201d" in line]
        assert len(named) == 1, (args, out, err)
        assert "default" in named[0] and "set it again" in named[0]
    after = files(tmp_path)
    after.pop("coach.db-status", None)  # the status lines kept beside it, as always
    assert after == before
    with Store.open(db) as store:
        assert store.settings().style == "bodyweight"
        assert store.damaged_settings() == ["style"]
        store.save_settings(style="yoga")  # set again: read as written
        assert store.settings().style == "yoga" and store.damaged_settings() == []
