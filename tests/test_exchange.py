"""Export and import: the file formats, merging without duplicates, refusing bad files whole,
round trips (a year of history, and arbitrary valid files), and damaged files never half-read."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import random
import shutil
import stat
import time
import zipfile
from datetime import date, datetime, time as dtime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from coach.exchange import (
    ADDED_FIELDS,
    EXPORT_VERSION,
    TOP_KEYS,
    ExchangeError,
    ImportSummary,
    csv_files,
    csv_text,
    csv_text_value,
    export_json,
    import_file,
    write_export,
)
from coach.models import CHECKIN_KINDS, STYLES, Checkin, Move, Session
from coach.store import RECORD_FIELDS, Store

START = date(2025, 3, 3)  # a Monday
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet runs as a formula
TABLE_FILES = ["buddy.csv", "buddy_checkins.csv", "checkins.csv", "moves.csv", "pauses.csv",
               "sessions.csv", "settings.csv", "tombstones.csv"]


@pytest.fixture
def no_umask():
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def a_year(store: Store, days: int = 365, seed: int = 1) -> None:
    """A year of use as the app would write it: mornings, sessions with moods, short and
    unfinished ones, a pause, a buddy and their check-ins, moved days, settings."""
    rng = random.Random(seed)
    store.save_settings(onboarded=True, days_two=(0, 3), style="bands", week_starts_sunday=True)
    store.set_value("last_launch_day", (START + timedelta(days=days - 1)).isoformat())
    store.set_buddy("Sam", "text Sam")
    store.add_pause(START + timedelta(days=100), START + timedelta(days=113))
    for i in range(days):
        day = START + timedelta(days=i)
        if rng.random() < 0.85:
            store.add_checkin(Checkin(day=day, kind="morning", mood=rng.randint(1, 5),
                                      anxiety=rng.randint(1, 5),
                                      note=rng.choice([None, "slept badly", "sunny ☀", "ok"]),
                                      at=datetime.combine(day, dtime(7, rng.randrange(60)))))
        if day.weekday() in (0, 3) and not 100 <= i <= 113 and rng.random() < 0.8:
            s = store.add_session(Session(
                day=day, seconds=rng.choice([600, 1140, 1200, 1500, 1800]),
                started_at=datetime.combine(day, dtime(8, rng.randrange(60))),
                style=rng.choice(STYLES), routine="gentle-start",
                mood_before=rng.choice([None, 1, 2, 3]), mood_after=rng.choice([None, 3, 4, 5]),
                pain=rng.random() < 0.05, note=rng.choice([None, "knees fine", "tired"]),
                finished=rng.random() < 0.97))
            if rng.random() < 0.5:
                store.record_buddy_checkin(day, "after_session", rng.choice(["done", "dismissed"]))
            if s.mood_before is None and rng.random() < 0.5:
                store.add_checkin(Checkin(day=day, kind="before", mood=2, session_id=s.id))
        if day.weekday() == 6:
            store.record_buddy_checkin(day, "week_start", "suggested")
            if rng.random() < 0.3:
                store.add_checkin(Checkin(day=day, kind="screener",
                                          answers=tuple(rng.randint(0, 3) for _ in range(4))))
        if day.weekday() == 0 and rng.random() < 0.1:
            store.add_move(Move(from_day=day, to_day=day + timedelta(days=1)))
    store.add_pause(START + timedelta(days=days - 3))  # paused now, until resumed


def without_stamp(export: dict) -> dict:
    out = dict(export)
    out.pop("exported_at")
    return out


def db_state(store: Store) -> tuple[dict, bytes, bytes]:
    """What the database holds, and its files' bytes (a refused import must change neither)."""
    wal = Path(f"{store.path}-wal")
    return store.dump(), store.path.read_bytes(), wal.read_bytes() if wal.exists() else b""


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """Four months of history (read only: tests write to ``target``)."""
    with Store.open(tmp_path_factory.mktemp("source") / "source.db") as s:
        a_year(s, days=120)
        yield s


@pytest.fixture
def target(tmp_path):
    with Store.open(tmp_path / "target.db") as s:
        yield s


# --------------------------------------------------------------------------- the JSON export


def test_the_json_export_is_one_object_of_iso_dates_and_uids(source):
    data = export_json(source, now=datetime(2026, 3, 12, 9, 30, 15, 123))
    assert tuple(data) == TOP_KEYS
    assert data["version"] == EXPORT_VERSION == 2
    assert datetime.fromisoformat(data["exported_at"]).replace(tzinfo=None) == datetime(2026, 3, 12, 9, 30, 15)
    assert datetime.fromisoformat(data["exported_at"]).tzinfo is not None
    assert data["buddy"] == {"name": "Sam", "contact": "text Sam"}
    assert data["settings"]["week_starts_sunday"] is True
    assert data["settings"]["days_two"] == [0, 3]
    for table, names in RECORD_FIELDS.items():
        assert data[table], table
        for record in data[table]:
            assert tuple(record) == names and "id" not in record
    session = data["sessions"][0]
    assert date.fromisoformat(session["day"]) >= START
    assert datetime.fromisoformat(session["started_at"]).date().isoformat() == session["day"]
    assert isinstance(session["pain"], bool) and isinstance(session["finished"], bool)
    screener = next(c for c in data["checkins"] if c["kind"] == "screener")
    assert len(screener["answers"]) == 4
    assert len({s["uid"] for s in data["sessions"]}) == len(data["sessions"])
    json.dumps(data, allow_nan=False)  # plain JSON, nothing Python-only


def test_json_goes_to_standard_output_by_default(source, capsys):
    assert write_export(source, "json", None) is None
    printed = json.loads(capsys.readouterr().out)
    assert without_stamp(printed) == without_stamp(export_json(source))
    write_export(source, "json", "-")
    assert json.loads(capsys.readouterr().out)["version"] == 2


def test_a_json_export_file_is_private_and_replaced_whole(source, tmp_path, no_umask):
    out = tmp_path / "backup.json"
    out.write_text("an older file")
    os.chmod(out, 0o644)
    assert write_export(source, "json", out) == out
    assert mode(out) == 0o600
    assert without_stamp(json.loads(out.read_text())) == without_stamp(export_json(source))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("where, words", [
    ("missing/backup.json", "does not exist"),
    (".", "is a folder"),
])
def test_an_export_that_cannot_be_written_is_one_line(source, tmp_path, where, words):
    with pytest.raises(ExchangeError) as caught:
        write_export(source, "json", tmp_path / where)
    assert words in str(caught.value) and "\n" not in str(caught.value)


# --------------------------------------------------------------------------- the CSV export


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def check_csv_tables(files: dict[str, str], export: dict) -> None:
    assert sorted(files) == TABLE_FILES
    for table, names in RECORD_FIELDS.items():
        text = files[f"{table}.csv"]
        assert text.splitlines()[0] == ",".join(names)
        rows = read_csv(text)
        assert len(rows) == len(export[table])
        for row, record in zip(rows, export[table]):
            for name in names:
                value = record[name]
                expected = ("" if value is None else "true" if value is True else
                            "false" if value is False else json.dumps(value)
                            if isinstance(value, list) else str(value))
                assert row[name] == expected
    settings = {r["key"]: json.loads(r["value"]) for r in read_csv(files["settings.csv"])}
    assert settings == export["settings"]
    assert read_csv(files["buddy.csv"]) == [{"name": "Sam", "contact": "text Sam"}]


def test_csv_to_a_folder_is_one_private_file_per_table_with_a_header(source, tmp_path, no_umask):
    folder = tmp_path / "coach-export"
    write_export(source, "csv", folder)
    assert mode(folder) == 0o700
    assert sorted(p.name for p in folder.iterdir()) == TABLE_FILES
    assert all(mode(p) == 0o600 for p in folder.iterdir())
    check_csv_tables({p.name: p.read_text() for p in folder.iterdir()}, export_json(source))


def test_csv_to_a_zip_holds_the_same_files(source, tmp_path, no_umask):
    out = tmp_path / "coach.zip"
    write_export(source, "csv", out)
    assert mode(out) == 0o600
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        files = {n: archive.read(n).decode() for n in archive.namelist()}
    check_csv_tables(files, export_json(source))


def test_csv_needs_a_place_to_go_and_a_known_format_is_needed(source, tmp_path):
    with pytest.raises(ExchangeError, match="CSV export needs -o FOLDER or -o FILE.zip"):
        write_export(source, "csv", None)
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(ExchangeError, match="is a file"):
        write_export(source, "csv", blocker)
    with pytest.raises(ExchangeError, match="not an export format"):
        write_export(source, "xml", tmp_path / "x.xml")


FORMULAS = ['=HYPERLINK("http://x","click")', "+1+1", "-2+3", "@SUM(A1:A2)", "\tx", "\r=1+1",
            "'=1+1", "''@x"]


@pytest.fixture
def risky(tmp_path):
    """Text that a spreadsheet would run as a formula, in every kind of text cell."""
    with Store.open(tmp_path / "risky.db") as s:
        for i, text in enumerate(FORMULAS):
            day = START + timedelta(days=i)
            s.add_session(Session(day=day, seconds=1200, style=text, routine=text, note=text,
                                  mood_before=2, mood_after=4))
            s.add_checkin(Checkin(day=day, kind="morning", mood=3, note=text))
        s.set_buddy("=Sam", "+44 7700 900123")
        s.set_value("-odd key", -3)
        s.set_value("plain", "=JSON text, not a cell")
        yield s


def test_csv_text_cells_never_start_a_formula(risky):
    files = csv_files(export_json(risky))
    for name, text in files.items():
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(FORMULA_STARTS) or cell == "-3", (name, cell)
    sessions = read_csv(files["sessions.csv"])
    quoted = ["'" + text for text in FORMULAS]
    assert [r["note"] for r in sessions] == quoted
    assert [r["style"] for r in sessions] == [r["routine"] for r in sessions] == quoted
    assert [r["note"] for r in read_csv(files["checkins.csv"]) if r["kind"] == "morning"] == quoted
    assert read_csv(files["buddy.csv"]) == [{"name": "'=Sam", "contact": "'+44 7700 900123"}]
    settings = {r["key"]: r["value"] for r in read_csv(files["settings.csv"])}
    # A number stays a number, and a setting's value is JSON (text in quotes).
    assert settings["'-odd key"] == "-3"
    assert settings["plain"] == '"=JSON text, not a cell"'
    # Numbers, days and times are written as they are.
    first = sessions[0]
    assert (first["day"], first["seconds"], first["mood_before"]) == ("2025-03-03", "1200", "2")


def test_csv_text_cells_read_back_to_the_text_exported(risky):
    export = export_json(risky)
    files = csv_files(export)
    for table in ("sessions", "checkins"):
        rows = read_csv(files[f"{table}.csv"])
        assert len(rows) == len(export[table])
        for row, record in zip(rows, export[table]):
            assert csv_text_value(row["note"]) == (record["note"] or "")
    buddy = read_csv(files["buddy.csv"])[0]
    assert {k: csv_text_value(v) for k, v in buddy.items()} == export["buddy"]


@given(st.text(max_size=12) | st.sampled_from(FORMULAS).map(lambda t: "''" + t))
def test_csv_text_is_never_a_formula_and_is_reversed_exactly(text):
    cell = csv_text(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (text, "'" + text)
    assert csv_text_value(cell) == text


def test_import_reads_json_only_and_keeps_the_text_as_written(risky, target, tmp_path):
    write_export(risky, "csv", tmp_path / "out")
    with pytest.raises(ExchangeError, match="is not valid JSON"):
        import_file(target, tmp_path / "out" / "sessions.csv")
    write_export(risky, "csv", tmp_path / "out.zip")
    with pytest.raises(ExchangeError, match="is a zip file; coach imports its JSON export only"):
        import_file(target, tmp_path / "out.zip")
    write_export(risky, "json", tmp_path / "out.json")
    # A tab in a style, a carriage return in a note: written before text was checked, refused.
    with pytest.raises(ExchangeError, match="field style: holds a tab, which coach does not store"):
        import_file(target, tmp_path / "out.json")
    data = json.loads((tmp_path / "out.json").read_text())
    for table in ("sessions", "checkins"):
        data[table] = [r for r in data[table] if not any(
            isinstance(v, str) and ("\t" in v or "\r" in v) for v in r.values())]
    kept = {s["uid"] for s in data["sessions"]}
    data["checkins"] = [c for c in data["checkins"] if c["session_uid"] in (None, *kept)]
    (tmp_path / "out.json").write_text(json.dumps(data))
    import_file(target, tmp_path / "out.json")
    assert [s.note for s in target.sessions()] == [f for f in FORMULAS if f[0] not in "\t\r"]


# --------------------------------------------------------------------------- importing


def test_a_year_survives_export_import_export_unchanged(tmp_path):
    with Store.open(tmp_path / "a.db") as a, Store.open(tmp_path / "b.db") as b:
        a_year(a)
        out = tmp_path / "year.json"
        write_export(a, "json", out)
        summary = import_file(b, out)
        first, second = export_json(a), export_json(b)
        assert without_stamp(first) == without_stamp(second)
        assert summary.added["sessions"] == len(first["sessions"]) > 60
        own = [c for c in first["checkins"] if c["session_uid"] is None]
        assert summary.added["checkins"] == len(own) > 300  # moods count with their session
        assert summary.total_unchanged == 0
        ha, hb = a.history(), b.history()
        assert ha.sessions == hb.sessions and ha.checkins == hb.checkins
        assert ha.settings == hb.settings and ha.settings.first_weekday == 6
        assert (ha.pauses, ha.moves, ha.buddy) == (hb.pauses, hb.moves, hb.buddy)


def test_the_summary_counts_a_sessions_moods_with_it_not_as_check_ins(tmp_path):
    """One session with a mood before and after, and one morning check-in: the person
    recorded one session and one check-in, and that is what the summary says."""
    with Store.open(tmp_path / "a.db") as a, Store.open(tmp_path / "b.db") as b:
        a.add_session(Session(day=date(2026, 3, 2), seconds=1200, style="yoga",
                              mood_before=2, mood_after=4))
        a.add_checkin(Checkin(day=date(2026, 3, 3), kind="morning", mood=3))
        assert len(export_json(a)["checkins"]) == 3  # the two moods, as linked check-ins
        out = tmp_path / "backup.json"
        write_export(a, "json", out)
        assert str(import_file(b, out)) == "Imported 1 session and 1 check-in."
        assert str(import_file(b, out)) == (
            "Nothing new to add: all 2 records in the file were already here.")
        assert len(b.checkins()) == 3


def test_importing_the_same_file_twice_changes_nothing(source, target, tmp_path):
    out = tmp_path / "backup.json"
    write_export(source, "json", out)
    first = import_file(target, out)
    state = target.dump()
    again = import_file(target, out)
    assert target.dump() == state
    assert again.total_added == 0
    assert again.unchanged == first.added
    assert str(again).startswith("Nothing new to add: all ")


def test_a_merge_adds_what_is_new_and_keeps_what_is_here(source, target, tmp_path):
    out = tmp_path / "backup.json"
    write_export(source, "json", out)
    exported = json.loads(out.read_text())
    # The target already has its own history, its own buddy and its own preferred days,
    # and already has one of the exported sessions (edited since).
    target.save_settings(days_two=(1, 4))
    target.set_buddy("Alex", "call Alex")
    mine = target.add_session(Session(day=START, seconds=900, mood_before=4))
    shared = exported["sessions"][0]
    target.merge({"settings": {}, "buddy": None, "sessions": [dict(shared, seconds=1799,
                  mood_before=None, mood_after=None)], "checkins": [], "buddy_checkins": [],
                  "pauses": [], "moves": []})
    summary = import_file(target, out)
    after = export_json(target)
    assert after["settings"]["days_two"] == [1, 4]  # a setting already here is kept
    assert after["settings"]["style"] == "bands"  # one not set here comes in
    assert after["buddy"] == {"name": "Alex", "contact": "call Alex"}
    assert summary.unchanged["buddy"] == 1 and summary.added["buddy"] == 0
    assert len(after["sessions"]) == len(exported["sessions"]) + 1
    kept = next(s for s in after["sessions"] if s["uid"] == shared["uid"])
    assert kept["seconds"] == 1799  # the copy here wins
    # no check-in came in for the kept session: its moods and check-ins still agree
    assert not [c for c in after["checkins"] if c["session_uid"] == shared["uid"]]
    assert summary.added["sessions"] == len(exported["sessions"]) - 1
    assert summary.unchanged["sessions"] == 1
    assert any(s.id == mine.id for s in target.sessions())
    assert str(summary).startswith("Imported ")


def test_the_summary_is_plain_and_kind():
    summary = ImportSummary(added={"sessions": 1, "checkins": 12, "pauses": 0},
                            unchanged={"sessions": 3})
    assert str(summary) == "Imported 1 session and 12 check-ins. 3 records were already here and kept as is."
    assert str(ImportSummary()) == "The file holds no records; nothing was changed."


def test_the_summary_says_apart_what_was_left_out_because_it_was_deleted():
    deleted = ImportSummary(added={"sessions": 1}, unchanged={"sessions": 3},
                            deleted={"sessions": 1, "checkins": 1})
    assert str(deleted) == ("Imported 1 session. 3 records were already here and kept as is."
                            " 2 records were left out because you deleted them.")
    assert str(ImportSummary(deleted={"checkins": 1})) == (
        "Nothing new to add: 1 record was left out because you deleted it.")
    assert str(ImportSummary(unchanged={"sessions": 2}, deleted={"sessions": 1})) == (
        "Nothing new to add: 2 records were already here, and 1 record was left out because"
        " you deleted it.")


def test_an_import_counts_a_record_deleted_here_apart_from_one_already_here(source, target,
                                                                            tmp_path):
    out = tmp_path / "backup.json"
    write_export(source, "json", out)
    first = import_file(target, out)
    (gone,) = [e for e in target.entries() if e.kind == "session"][:1]
    target.delete_entry(gone)
    again = import_file(target, out)
    assert again.deleted == dict.fromkeys(again.deleted, 0) | {"sessions": 1}
    assert again.unchanged["sessions"] == first.added["sessions"] - 1
    assert "1 record was left out because you deleted it" in str(again)


@pytest.mark.parametrize("zone_out, zone_in", [("America/Los_Angeles", "Pacific/Auckland"),
                                               ("Pacific/Auckland", "Europe/London")])
def test_days_and_times_do_not_move_between_time_zones(tmp_path, zone_out, zone_in):
    old = os.environ.get("TZ")
    try:
        os.environ["TZ"] = zone_out
        time.tzset()
        with Store.open(tmp_path / "a.db") as a:
            a.add_session(Session(day=date(2026, 3, 8), seconds=1200,
                                  started_at=datetime(2026, 3, 8, 23, 30), mood_before=2))
            a.add_checkin(Checkin(day=date(2026, 3, 9), kind="morning", mood=3,
                                  at=datetime(2026, 3, 9, 0, 15)))
            write_export(a, "json", tmp_path / "e.json")
            sent = export_json(a)
        os.environ["TZ"] = zone_in
        time.tzset()
        with Store.open(tmp_path / "b.db") as b:
            import_file(b, tmp_path / "e.json")
            got = export_json(b)
            assert [s.day for s in b.sessions()] == [date(2026, 3, 8)]
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()
    assert without_stamp(got) == without_stamp(sent)
    assert got["sessions"][0]["started_at"] == "2026-03-08T23:30:00"


# --------------------------------------------------------------------------- refusing bad files


def last(table: str, **changes):
    """Change the last record of ``table`` (so an importer that wrote as it read would already
    have written every earlier record)."""

    def edit(data: dict) -> None:
        data[table][-1].update(changes)

    return edit


def drop_field(table: str, name: str):
    def edit(data: dict) -> None:
        del data[table][-1][name]

    return edit


def linked_checkin(data: dict) -> dict:
    return next(c for c in reversed(data["checkins"]) if c["session_uid"])


BAD_EDITS = {
    "mood 7": (last("sessions", mood_before=7), "field mood_before: must be a mood from 1 to 5, not 7"),
    "mood as text": (last("sessions", mood_after="4"), "field mood_after: must be a whole number, not '4'"),
    "negative seconds": (last("sessions", seconds=-1), "field seconds: must be a number of seconds from 0 to 86400, not -1"),
    "fractional seconds": (last("sessions", seconds=12.5), "field seconds: must be a whole number, not 12.5"),
    "31 February": (last("sessions", day="2026-02-31"), "field day: '2026-02-31' is not a real date"),
    "a day as people write it": (last("pauses", start="12/03/2026"), "field start: must be a date like 2026-03-12"),
    "a time without seconds": (last("sessions", started_at="2026-03-12T08:30"), "field started_at: must be a time like"),
    "hour 25": (last("checkins", at="2026-03-12T25:00:00"), "field at: '2026-03-12T25:00:00' is not a real date and time"),
    "a broken character": (last("sessions", note="tired \ud800"), "field note: holds a byte that is not valid UTF-8, which coach does not store"),
    "pain as yes": (last("sessions", pain="yes"), "field pain: must be true or false, not 'yes'"),
    "an unknown kind": (last("checkins", kind="evening"), "field kind: must be one of morning, before, after, screener"),
    "an unknown reason": (last("buddy_checkins", reason="bored"), "field reason: must be one of"),
    "an unknown status": (last("buddy_checkins", status="maybe"), "field status: must be one of suggested, done, dismissed"),
    "three answers": (last("checkins", answers=[0, 1, 2]), "field answers: must be a list of four answers"),
    "an answer of 4": (last("checkins", answers=[0, 1, 2, 4]), "field answers: must be an answer from 0 to 3, not 4"),
    "a pause that ends first": (last("pauses", end="2025-01-01"), "field end: the pause ends before it starts"),
    "an empty uid": (last("moves", uid=" "), "field uid: must not be empty"),
    "a missing field": (drop_field("sessions", "note"), "field note is missing"),
    "an unknown field": (last("moves", colour="red"), "has a field coach does not know: 'colour'"),
    "a uid twice": (lambda d: d["sessions"].append(copy.deepcopy(d["sessions"][0])),
                    "field uid: the same uid appears twice"),
    "a record that is a list": (lambda d: d["pauses"].append([1, 2]), "is not an object"),
    "a mood that disagrees with its session": (
        lambda d: linked_checkin(d).update(mood=(linked_checkin(d)["mood"] % 5) + 1),
        "field mood: "),
    "a check-in for a session not in the file": (
        lambda d: linked_checkin(d).update(session_uid="nope"),
        "field session_uid: names a session that is not in the file"),
    "a morning tied to a session": (
        lambda d: d["checkins"][-1].update(kind="morning", session_uid=d["sessions"][-1]["uid"]),
        "only before and after check-ins belong to a session"),
    "a weekday 7": (lambda d: d["settings"].update(days_two=[0, 7]), "settings, 'days_two': must be a weekday from 0 to 6, not 7"),
    "an unknown style": (lambda d: d["settings"].update(style="running"), "settings, 'style': must be one of"),
    "a buddy with no name": (lambda d: d.update(buddy={"name": "", "contact": "x"}), "buddy, field name: must not be empty"),
    "a newer version": (lambda d: d.update(version=3), "was made by a newer version of coach (export version 3); please update coach to import it"),
    "version as text": (lambda d: d.update(version="1"), "version: must be a whole number, not '1'"),
    "version 0": (lambda d: d.update(version=0), "version: 0 is not an export version coach knows"),
    "no sessions": (lambda d: d.pop("sessions"), "is not a whole coach export ('sessions' is missing)"),
    "an unknown part": (lambda d: d.update(photos=[]), "has a part coach does not know: 'photos'"),
    "sessions not a list": (lambda d: d.update(sessions={}), "sessions: must be a list of records"),
    "a bad export time": (lambda d: d.update(exported_at="yesterday"), "exported_at: must be a date and time"),
}


@pytest.mark.parametrize("case", list(BAD_EDITS))
def test_a_partly_invalid_file_is_refused_whole_saying_where(source, target, tmp_path, case):
    edit, words = BAD_EDITS[case]
    data = export_json(source)
    edit(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    target.add_session(Session(day=START, seconds=600))
    before = db_state(target)
    with pytest.raises(ExchangeError) as caught:
        import_file(target, bad)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{bad}: ")
    assert words in message
    assert db_state(target) == before


def test_the_place_of_a_bad_value_names_the_record_and_its_uid(source, target, tmp_path):
    data = export_json(source)
    n = len(data["sessions"])
    uid = data["sessions"][-1]["uid"]
    data["sessions"][-1]["mood_before"] = 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(ExchangeError) as caught:
        import_file(target, bad)
    assert str(caught.value) == (f"{bad}: sessions, record {n} (uid {uid[:11]}…), field mood_before:"
                                 " must be a mood from 1 to 5, not 0")


RAW_BAD = {
    "cut short": (lambda text: text[: len(text) // 2].encode(), "is not valid JSON (line "),
    "not UTF-8": (lambda text: text.encode()[:40] + b"\xff\xfe" + text.encode()[40:],
                  "is not UTF-8 text (at byte 40)"),
    "a list": (lambda text: b"[1, 2, 3]", "is not a coach export (it is not one JSON object)"),
    "empty": (lambda text: b"", "is not valid JSON (line 1, column 1"),
    "NaN": (lambda text: text.replace('"seconds": 1200', '"seconds": NaN', 1).encode(),
            "NaN is not a number JSON allows"),
    "a key twice": (lambda text: text.replace('"version": 2,', '"version": 2, "version": 2,', 1).encode(),
                    "the key 'version' appears twice"),
    "a zip": (lambda text: b"PK\x03\x04" + b"\x00" * 40, "is a zip file; coach imports its JSON export only"),
    "no version": (lambda text: b'{"sessions": []}', "is not a coach export (it has no version)"),
}


@pytest.mark.parametrize("case", list(RAW_BAD))
def test_a_file_that_is_not_a_coach_export_is_refused_in_one_line(source, target, tmp_path, case):
    make, words = RAW_BAD[case]
    text = json.dumps(export_json(source), indent=2, ensure_ascii=False)
    assert '"seconds": 1200' in text
    bad = tmp_path / "bad.json"
    bad.write_bytes(make(text))
    before = db_state(target)
    with pytest.raises(ExchangeError) as caught:
        import_file(target, bad)
    assert "\n" not in str(caught.value) and words in str(caught.value)
    assert db_state(target) == before


def test_a_missing_file_or_a_folder_is_one_line(target, tmp_path):
    with pytest.raises(ExchangeError, match=r"nothing.json: cannot be read \(no such file"):
        import_file(target, tmp_path / "nothing.json")
    with pytest.raises(ExchangeError, match="is a folder"):
        import_file(target, tmp_path)


# --------------------------------------------------------------------------- properties

# Text as coach stores it (no control characters, no lone surrogates), and days up to the
# tests' today (records lie between 1970 and today).
texts = st.text(st.characters(blacklist_categories=("Cc", "Cs"),
                              blacklist_characters="\u2028\u2029"), max_size=30)
maybe_text = st.none() | texts
days = st.dates(min_value=date(1970, 1, 1), max_value=date(2026, 3, 12))
times = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2026, 3, 12, 23, 59)).map(
    lambda t: t.replace(microsecond=0).isoformat())
moods = st.none() | st.integers(1, 5)
uids = st.uuids().map(lambda u: u.hex)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)
known_settings = st.fixed_dictionaries({}, optional={
    "days_two": st.lists(st.integers(0, 6), min_size=1, max_size=3, unique=True),
    "days_three": st.lists(st.integers(0, 6), min_size=1, max_size=3, unique=True),
    "week_starts_sunday": st.booleans(),
    "style": st.sampled_from(STYLES),
    "bell": st.booleans(),
    "theme": texts,
    "onboarded": st.booleans(),
})


@st.composite
def exports(draw) -> dict:
    """Any valid export file: every table, linked check-ins in step with their sessions."""
    settings = draw(known_settings)
    settings.update(draw(st.dictionaries(texts.filter(bool).filter(
        lambda k: k not in known_settings_names), json_values, max_size=3)))
    sessions = []
    linked = []
    for uid in draw(st.lists(uids, max_size=6, unique=True)):
        day = draw(days).isoformat()
        s = {"uid": uid, "day": day, "started_at": draw(st.none() | times),
             "seconds": draw(st.integers(0, 86400)), "style": draw(maybe_text),
             "routine": draw(maybe_text), "mood_before": draw(moods), "mood_after": draw(moods),
             "pain": draw(st.booleans()), "note": draw(maybe_text), "finished": draw(st.booleans()),
             "effort": draw(st.sampled_from([None, "easy", "right", "hard"])),
             "easier": draw(st.lists(texts.filter(str.strip),
                                     max_size=3)),
             "time_of_day": draw(st.none() | st.times().map(lambda t: f"{t:%H:%M}"))}
        sessions.append(s)
        for kind in ("before", "after"):
            if s[f"mood_{kind}"] is not None and draw(st.booleans()):
                linked.append({"uid": draw(uids), "day": day, "at": draw(st.none() | times),
                               "kind": kind, "mood": s[f"mood_{kind}"], "anxiety": draw(moods),
                               "note": draw(maybe_text), "session_uid": uid, "answers": None})
    free = [{"uid": draw(uids), "day": draw(days).isoformat(), "at": draw(st.none() | times),
             "kind": draw(st.sampled_from(CHECKIN_KINDS)), "mood": draw(moods),
             "anxiety": draw(moods), "note": draw(maybe_text), "session_uid": None,
             "answers": draw(st.none() | st.lists(st.integers(0, 3), min_size=4, max_size=4))}
            for _ in range(draw(st.integers(0, 5)))]
    checkins = draw(st.permutations(linked + free))
    pauses = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(days)
        end = draw(st.none() | st.integers(0, 60).map(lambda n, s=start: (s + timedelta(days=n)).isoformat()))
        pauses.append({"uid": draw(uids), "start": start.isoformat(), "end": end})
    return {
        "version": 2,
        "exported_at": "2026-03-12T09:00:00+01:00",
        "settings": settings,
        "sessions": sessions,
        "checkins": checkins,
        "buddy": draw(st.none() | st.fixed_dictionaries({
            "name": texts.filter(str.strip), "contact": texts})),
        "buddy_checkins": [
            {"uid": draw(uids), "day": draw(days).isoformat(),
             "reason": draw(st.sampled_from(["after_session", "quiet", "week_start", "find_buddy"])),
             "status": draw(st.sampled_from(["suggested", "done", "dismissed"])),
             "at": draw(st.none() | times)}
            for _ in range(draw(st.integers(0, 3)))],
        "pauses": pauses,
        "moves": [{"uid": draw(uids), "from_day": draw(days).isoformat(),
                   "to_day": draw(days).isoformat()} for _ in range(draw(st.integers(0, 3)))],
        # Deletions of records this file does not hold (a tombstone keeps its own out).
        "tombstones": sorted(
            ({"uid": f"gone-{n}", "kind": draw(st.sampled_from(Store.TOMBSTONE_KINDS)),
              "deleted_at": draw(times)} for n in range(draw(st.integers(0, 3)))),
            key=lambda stone: stone["deleted_at"]),
    }


known_settings_names = {"days_two", "days_three", "week_starts_sunday", "style", "bell",
                        "count_in", "screener", "theme", "onboarded"}


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> Path:
    """A new, closed database to copy for each example (faster than creating one each time)."""
    path = tmp_path_factory.mktemp("template") / "coach.db"
    Store.open(path).close()
    return path


def fresh_copy(template: Path, folder: Path) -> Store:
    folder.mkdir(parents=True, exist_ok=True)
    for p in folder.iterdir():
        p.unlink()
    shutil.copyfile(template, folder / "coach.db")
    return Store.open(folder / "coach.db")


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=exports())
def test_any_valid_file_imports_whole_and_exports_the_same(empty_db, tmp_path, data):
    text = json.dumps(data, ensure_ascii=False, indent=2)
    file = tmp_path / "in.json"
    file.write_text(text, encoding="utf-8")
    with fresh_copy(empty_db, tmp_path / "db") as store:
        summary = import_file(store, file)
        assert without_stamp(export_json(store)) == without_stamp(data)
        again = import_file(store, file)
        assert again.total_added == 0 and without_stamp(export_json(store)) == without_stamp(data)
        assert summary.total_added == again.total_unchanged


@pytest.fixture(scope="module")
def damage_bench(tmp_path_factory):
    """A real export of a few weeks, and a database that already holds a different history."""
    folder = tmp_path_factory.mktemp("bench")
    with Store.open(folder / "source.db") as s:
        a_year(s, days=21, seed=5)
        s.record_buddy_checkin(START, "quiet", "done")
        text = json.dumps(export_json(s), indent=2, ensure_ascii=False)
    target = folder / "target.db"
    with Store.open(target) as t:  # its own history, no buddy and no settings
        for i in range(4):
            t.add_session(Session(day=START + timedelta(days=i), seconds=900, mood_before=3))
        t.add_checkin(Checkin(day=START, kind="morning", mood=2))
        t.add_pause(START + timedelta(days=40), START + timedelta(days=45))
    return text.encode("utf-8"), target


damages = st.lists(
    st.tuples(st.sampled_from(["flip", "set", "delete", "insert", "cut", "repeat", "digit",
                               "letter"]),
              st.floats(0, 1, exclude_max=True), st.integers(0, 255), st.integers(1, 40)),
    min_size=1, max_size=3,
)


def apply_damage(blob: bytes, steps) -> bytes:
    """Byte-level damage. "digit" and "letter" change one digit or lowercase letter into
    another, which keeps the file JSON more often, so the checks of values get exercised."""
    b = bytearray(blob)
    for how, where, byte, size in steps:
        if not b:
            break
        i = int(where * len(b))
        if how in ("digit", "letter"):
            low, count = (48, 10) if how == "digit" else (97, 26)
            spots = [k for k, c in enumerate(b) if low <= c < low + count]
            if spots:
                b[spots[int(where * len(spots))]] = low + byte % count
        elif how == "flip":
            b[i] ^= 1 << (byte % 8)
        elif how == "set":
            b[i] = byte
        elif how == "delete":
            del b[i:i + size]
        elif how == "insert":
            b[i:i] = bytes([byte]) * size
        elif how == "cut":
            del b[i:]
        else:
            b[i:i] = b[i:i + size]
    return bytes(b)


@settings(max_examples=250, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=damages)
def test_a_damaged_file_is_refused_whole_or_imported_whole_never_in_part(damage_bench, tmp_path, steps):
    blob, template = damage_bench
    damaged = apply_damage(blob, steps)
    assume(damaged != blob)
    file = tmp_path / "damaged.json"
    file.write_bytes(damaged)
    with fresh_copy(template, tmp_path / "db") as store:
        before = db_state(store)
        try:
            import_file(store, file)
        except ExchangeError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(f"{file}: ")
            assert db_state(store) == before
            return
        # it was still a valid file: then every record in it is here, exactly, beside the old
        got = store.dump()
    parsed = json.loads(damaged.decode("utf-8"))
    old = before[0]
    assert got["buddy"] == parsed["buddy"]
    assert got["settings"] == {**parsed["settings"], **old["settings"]}
    for table in RECORD_FIELDS:
        # A field newer coaches added may be missing from the file: it comes in as its default.
        defaults = ADDED_FIELDS.get(table, {})
        expected = [{**defaults, **record} for record in parsed[table]]
        assert got[table] == old[table] + expected, table
