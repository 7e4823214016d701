"""Two databases and one folder, driven through the real ``coach`` command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from coach.store import Store


def coach(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "COACH_DB"}
    return subprocess.run([sys.executable, "-m", "coach", "--db", str(db), *args],
                          capture_output=True, text=True, env=env, timeout=60)


def ok(db: Path, *args: str) -> str:
    result = coach(db, *args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def export(db: Path) -> dict:
    data = json.loads(ok(db, "export"))
    data.pop("exported_at")
    data["settings"].pop("last_launch_day", None)
    for key, value in data.items():
        if isinstance(value, list):
            data[key] = sorted(value, key=lambda r: r["uid"])
    return data


def test_two_databases_one_folder(tmp_path: Path) -> None:
    a, b, folder = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "S"
    for day, minutes in (("2026-03-02", "20"), ("2026-03-04", "25"), ("2026-03-06", "30")):
        ok(a, "log", "--minutes", minutes, "--date", day)
    ok(b, "checkin", "--mood", "3", "--date", "2026-03-03")
    ok(b, "checkin", "--mood", "4", "--date", "2026-03-05")
    assert "3 changes sent" in ok(a, "sync", str(folder))
    assert "3 changes taken in" in ok(b, "sync", str(folder))
    ok(a, "sync", str(folder))
    ea, eb = export(a), export(b)
    assert ea == eb
    assert len(ea["sessions"]) == 3 and len(ea["checkins"]) == 2
    assert ok(a, "plan", "--json", "--date", "2026-03-04") == ok(b, "plan", "--json",
                                                                 "--date", "2026-03-04")
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert all(oct(f.stat().st_mode & 0o777) == "0o600" for f in folder.iterdir())

    # A deletes a session and B edits a check-in; each command syncs after writing.
    with Store.open(a) as store:
        doomed = next(e for e in store.entries() if e.kind == "session")
        store.delete_entry(doomed)
    with Store.open(b) as store:
        morning = next(e for e in store.entries() if e.kind == "checkin")
        store.update_checkin(morning.id, mood=5, note="a good start")
    for _ in range(2):
        ok(a, "sync")
        ok(b, "sync")
    ea, eb = export(a), export(b)
    assert ea == eb
    assert len(ea["sessions"]) == 2 and doomed.uid not in {s["uid"] for s in ea["sessions"]}
    assert {c["note"] for c in ea["checkins"]} == {None, "a good start"}

    # A command that writes syncs by itself once a folder is set.
    ok(b, "log", "--minutes", "15", "--date", "2026-03-07")
    ok(a, "buddy", "Sam", "--contact", "text Sam")  # A writes, and takes in B's session
    assert len(export(a)["sessions"]) == 3
    status = ok(a, "sync", "--status")
    assert f"Sync folder: {folder}" in status and "Seen:" in status


def test_sync_words_and_refusals(tmp_path: Path) -> None:
    db, folder = tmp_path / "a.db", tmp_path / "S"
    result = coach(db, "sync")
    assert result.returncode == 2 and "no sync folder yet" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = coach(db, "sync", "--off", str(folder))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    (tmp_path / "file").write_text("")
    result = coach(db, "sync", str(tmp_path / "file"))
    assert result.returncode == 1 and "is a file" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Sync is off" in ok(db, "sync", "--status")
    ok(db, "sync", str(folder), "--name", "kitchen laptop")
    assert "This device: kitchen laptop" in ok(db, "sync", "--status")
    header = json.loads(next(folder.iterdir()).read_text().splitlines()[0])
    assert header["name"] == "kitchen laptop"
    assert "is left as it is" in ok(db, "sync", "--off")
    assert "Sync is off" in ok(db, "sync", "--status")
    assert folder.is_dir()
    ok(db, "log", "--minutes", "20")  # no folder: nothing to sync, nothing said
    assert "one line per record" in ok(db, "sync", str(folder), "--compact")
