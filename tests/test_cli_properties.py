"""Random command lines, for every command: each run exits 0, 1 or 2, never shows a
traceback, never sends a control character it was given to the terminal raw, and when it
refuses (exit 2) the database is byte for byte as it was, or still absent."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach import cli
from coach.models import Checkin, Session
from coach.store import Store

TODAY = date.today()
RAW_CONTROL = re.compile("[\x1b\x80-\x9f]")

evil_text = st.sampled_from([
    "Sam\x1b]52;c;UFdORUQ=\x07\x1b[2J", "a\x9bb", "line\nbreak", "tab\there", "\x00", "\x7f",
    os.fsdecode(b"bad\xff"), os.fsdecode(b"\xc3"), "", " ", "x" * 600, "ok", "=1+1", "³", "٣",
])
any_text = evil_text | st.text(max_size=12)
moods = st.sampled_from(["0", "1", "3", "5", "6", "-1", "³", "1.5", "", " 3 ", "9" * 40]) | any_text
minutes = st.sampled_from(["0", "1", "20", "600", "601", "-5", "1e3", "9" * 5000, "abc"]) | any_text
days = st.sampled_from([
    "today", "yesterday", TODAY.isoformat(), (TODAY - timedelta(days=9)).isoformat(),
    (TODAY + timedelta(days=1)).isoformat(), "0001-01-01", "0001-01-02", "9999-12-31",
    "1969-12-31", "1970-01-01", "2026-02-30", "20261105", "2026-1-5", "",
]) | any_text
specs = st.sampled_from(["40/20x8", "40/x", "0/10", "1" * 5000 + "/20", "3600/3600x100",
                         "3601/0", "bodyweight-gentle-start", "yoga", "-1/-1x-1"]) | any_text
refs = st.sampled_from(["s1", "c2", "s99", "S1", "p1", "x", "", "s" + "9" * 30]) | any_text
outs = st.sampled_from(["out.json", "out.zip", "outdir", ".", "coach.db", "coach.db-wal",
                        "coach.db-status", "missing/x.json", "-"]) | any_text.map(lambda t: "x" + t)
imports = st.sampled_from(["good.json", "bad.json", "missing.json", ".", "coach.db"])
efforts = st.sampled_from(["easy", "right", "HARD", "7", "", "too hard"]) | any_text
clocks = st.sampled_from(["07:30", "7:05", "00:00", "23:59", "24:00", "24:61", "0700", "7",
                          ""]) | any_text

OPTIONS: dict[str, dict[str, st.SearchStrategy[str] | None]] = {
    "status": {},
    "plan": {"--date": days, "--json": None},
    "log": {"--minutes": minutes, "--date": days, "--style": st.sampled_from(["yoga", "zumba", ""])
            | any_text, "--mood-before": moods, "--mood-after": moods, "--pain": None,
            "--note": any_text},
    "checkin": {"--mood": moods, "--anxiety": moods, "--note": any_text, "--date": days},
    "buddy": {"--contact": any_text, "--remove": None},
    "pause": {"--from": days, "--until": days},
    "resume": {},
    "export": {"--format": st.sampled_from(["json", "csv", "xml"]), "-o": outs},
    "import": {},
    "timer": {},
    "history": {"--from": days, "--until": days, "--json": None},
    "edit": {"--minutes": minutes, "--style": any_text, "--mood-before": moods,
             "--mood-after": moods, "--pain": None, "--no-pain": None, "--mood": moods,
             "--anxiety": moods, "--note": any_text, "--date": days, "--effort": efforts,
             "--no-effort": None, "--at": clocks},
    "delete": {"--yes": None},
    "undo": {},
}
ARGUMENTS: dict[str, st.SearchStrategy[str]] = {
    "buddy": any_text, "import": imports, "timer": specs, "edit": refs, "delete": refs,
}


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(sorted(OPTIONS)))
    args = [command]
    if command in ARGUMENTS and draw(st.integers(0, 4)):
        args.append(draw(ARGUMENTS[command]))
    options = OPTIONS[command]
    for name in draw(st.lists(st.sampled_from(sorted(options) or ["--help"]), max_size=4)):
        args.append(name)
        value = options.get(name)
        if value is not None:
            args.append(draw(value))
    if draw(st.integers(0, 9)) == 0:
        args.append(draw(any_text))  # something unexpected at the end
    return args


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with a little of everything, and the files an import may name."""
    folder = tmp_path_factory.mktemp("template")
    with Store.open(folder / "coach.db") as store:
        store.add_session(Session(day=TODAY - timedelta(days=2), seconds=1200, style="yoga",
                                  mood_before=2, mood_after=4))
        store.add_checkin(Checkin(day=TODAY, kind="morning", mood=3, note="fine"))
        store.set_buddy("Sam", "text Sam")
    assert cli.run(["--db", str(folder / "coach.db"), "export", "-o", str(folder / "good.json")]) == 0
    (folder / "bad.json").write_text('{"version": 2, "sessions": "\\u001b]52;c;eA=="}')
    return folder


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(args=command_lines(), fresh=st.booleans())
def test_any_command_line_exits_0_1_or_2_and_a_refusal_writes_nothing(template, monkeypatch,
                                                                       args, fresh):
    # The app is never opened here: a command that would open it opens the store and stops.
    monkeypatch.setattr(cli, "_run_app", lambda ctx, db, **kw: cli._open_store(ctx, db))
    with tempfile.TemporaryDirectory() as where:
        folder = Path(where)
        for name in ("good.json", "bad.json"):
            shutil.copy(template / name, folder / name)
        db = folder / "coach.db"
        if not fresh:
            shutil.copy(template / "coach.db", db)
        before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
        out, err = io.StringIO(), io.StringIO()
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = cli.run(["--db", str(db), *args])
        finally:
            os.chdir(cwd)
        after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert code in (0, 1, 2), (args, err.getvalue())
    assert "Traceback" not in err.getvalue()
    if "--help" not in args:
        assert not RAW_CONTROL.search(out.getvalue()), (args, out.getvalue())
    assert not RAW_CONTROL.search(err.getvalue()), (args, err.getvalue())
    if code == 2:
        assert len(err.getvalue().strip().splitlines()) == 1, (args, err.getvalue())
        assert after == before, (args, err.getvalue())
