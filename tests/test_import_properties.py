"""Random import files, through the command line: a real export changed around the edges
(wrong types, missing and extra fields, edge days and moods, huge numbers, control
characters, odd nesting, cut-off JSON, bytes that are not UTF-8). Every run exits 0, 1 or 2
with at most one line on stderr and no traceback; a refusal leaves the database byte for
byte as it was; an accepted file is imported whole, never in part."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import shutil
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from coach import cli
from coach.exchange import ADDED_FIELDS, export_json
from coach.models import Checkin, Session
from coach.store import RECORD_FIELDS, Store

TODAY = date.today()
TABLES = (*RECORD_FIELDS, "tombstones")

edge_days = st.sampled_from([
    "1969-12-31", "1970-01-01", TODAY.isoformat(), (TODAY + timedelta(days=1)).isoformat(),
    "9999-12-31", "0001-01-01", "not-a-date", "2026-02-30", "", "2026-1-5",
    f"{TODAY.isoformat()}T25:00:00", f"{TODAY.isoformat()}T08:30:00",
])
edge_moods = st.sampled_from([0, 1, 5, 6, -1, "3", 3.5, None, True, 10**30, -(10**30),
                              float("1e308")])
control_text = st.sampled_from([
    "esc\x1b[2J", "c1\x85here", "del\x7f", "\x9b31m", "nul\x00", "line\nbreak", "x" * 5000,
    "", " ", "ok", "\ud800", "=1+1",
])
odd_values = (edge_days | edge_moods | control_text
              | st.sampled_from([[], {}, [[]], {"a": {"b": [1]}}, [1, "2", None], 10**400 // 10**300,
                                 -0.0, 1e-300, False]))


def a_record_spot(data: dict[str, Any], draw: st.DrawFn) -> tuple[dict[str, Any], str] | None:
    """A record of the file and one of its field names (or None when the file has none)."""
    records = [r for t in TABLES if isinstance(data.get(t), list)
               for r in data[t] if isinstance(r, dict) and r]
    if isinstance(data.get("buddy"), dict) and data["buddy"]:
        records.append(data["buddy"])
    if not records:
        return None
    record = draw(st.sampled_from(records))
    return record, draw(st.sampled_from(sorted(record)))


@st.composite
def import_files(draw: st.DrawFn, base: dict[str, Any]) -> bytes:
    data = copy.deepcopy(base)
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 1, 2, 3]))):
        how = draw(st.sampled_from(["value", "day", "mood", "text", "drop", "extra", "nest",
                                    "top", "table", "version", "settings"]))
        spot = a_record_spot(data, draw)
        if how in ("value", "day", "mood", "text", "drop", "extra", "nest") and spot:
            record, key = spot
            if how == "value":
                record[key] = draw(odd_values)
            elif how == "day":
                record[key] = draw(edge_days)
            elif how == "mood":
                record[draw(st.sampled_from(sorted(record)))] = draw(edge_moods)
            elif how == "text":
                record[key] = draw(control_text)
            elif how == "drop":
                del record[key]
            elif how == "extra":
                record[draw(st.sampled_from(["extra", "id", "", key.upper()]))] = 1
            else:
                record[key] = {key: record[key]}
        elif how == "top":
            key = draw(st.sampled_from(["version", "exported_at", "sessions", "buddy", "extra",
                                        "tombstones"]))
            if key in data and draw(st.booleans()):
                del data[key]
            else:
                data[key] = draw(odd_values)
        elif how == "table":
            table = draw(st.sampled_from(TABLES))
            twice = data[table] * 2 if isinstance(data.get(table), list) else []
            data[table] = draw(st.sampled_from([None, {}, "x", [None], [[]], [1], twice]))
        elif how == "version":
            data["version"] = draw(st.sampled_from([0, 1, 2, 3, "2", 2.0, None, 10**30]))
        elif isinstance(data.get("settings"), dict):
            data["settings"][draw(st.sampled_from(["style", "bell", "days_two", "onboarded",
                                                   "new", ""]))] = draw(odd_values)
    shape = draw(st.sampled_from(["object"] * 12 + ["list", "string", "number", "null"]))
    if shape != "object":
        data = {"list": [data], "string": "coach", "number": 2, "null": None}[shape]
    try:
        blob = json.dumps(data, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    except (ValueError, OverflowError):
        blob = b"{"
    ending = draw(st.sampled_from(["whole"] * 12 + ["cut", "bad utf-8", "bom", "trailing"]))
    if ending == "cut" and blob:
        blob = blob[: draw(st.integers(0, len(blob) - 1))]
    elif ending == "bad utf-8":
        at = draw(st.integers(0, len(blob)))
        blob = blob[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\x80", b"\xed\xa0\x80"])) + blob[at:]
    elif ending == "bom":
        blob = b"\xef\xbb\xbf" + blob
    elif ending == "trailing":
        blob += draw(st.sampled_from([b" x", b"{}", b"\x00"]))
    return blob


def build_source(store: Store) -> None:
    for i in range(3):
        day = TODAY - timedelta(days=10 - i)
        s = store.add_session(Session(day=day, seconds=1200 + i, style="yoga",
                                      started_at=datetime.combine(day, time(8, i)),
                                      mood_before=2, mood_after=4, note="fine \u2600"))
        store.add_checkin(Checkin(day=day, kind="before", mood=2, session_id=s.id))
    store.add_checkin(Checkin(day=TODAY, kind="morning", mood=3, anxiety=2, note="ok"))
    store.add_checkin(Checkin(day=TODAY, kind="screener", answers=(0, 1, 2, 3)))
    store.set_buddy("Sam", "text Sam")
    store.record_buddy_checkin(TODAY - timedelta(days=1), "quiet", "done")
    store.add_pause(TODAY - timedelta(days=30), TODAY - timedelta(days=25))
    store.save_settings(style="bands")
    gone = store.add_session(Session(day=TODAY - timedelta(days=3), seconds=600))
    store.delete_session(gone.id)


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    """A valid export (version 2, with a deletion), and a database that already holds its own."""
    folder = tmp_path_factory.mktemp("bench")
    with Store.open(folder / "source.db") as source:
        build_source(source)
        base = export_json(source)
    assert base["version"] == 2 and base["tombstones"]
    target = folder / "target" / "coach.db"
    target.parent.mkdir()
    with Store.open(target) as store:
        for i in range(3):
            store.add_session(Session(day=TODAY - timedelta(days=20 + i), seconds=900, mood_before=3))
        store.add_checkin(Checkin(day=TODAY - timedelta(days=20), kind="morning", mood=2))
        store.add_pause(TODAY - timedelta(days=60), TODAY - timedelta(days=55))
    return base, target.parent


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()
            if p.name.startswith("coach.db") and not p.name.endswith("-shm")
            and not p.name.endswith("-status")}


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_import_file_is_refused_untouched_or_imported_whole(bench, data):
    base, template = bench
    blob = data.draw(import_files(base))
    with tempfile.TemporaryDirectory() as where:
        folder = Path(where)
        shutil.copytree(template, folder, dirs_exist_ok=True)
        db, file = folder / "coach.db", folder / "in.json"
        file.write_bytes(blob)
        with Store.open(db) as store:
            old = store.dump()
        before = files_of(folder)
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = cli.run(["--db", str(db), "import", str(file)])
        after = files_of(folder)
        with Store.open(db) as store:
            got = store.dump()
    said = err.getvalue()
    event(f"exit {code}")
    assert code in (0, 1, 2), said
    assert "Traceback" not in said
    assert len(said.strip().splitlines()) <= 1, said
    if code != 0:
        assert said.strip(), "a refusal says why"
        assert after == before, said
        assert got == old, said
        return
    parsed = json.loads(blob.decode("utf-8"))
    assert got["buddy"] == (old["buddy"] or parsed["buddy"])
    assert got["settings"] == {**parsed["settings"], **old["settings"]}
    for table in RECORD_FIELDS:  # the file's records joined the old ones, none left out
        # A field added in a later version may be missing (an older export): its default.
        added = ADDED_FIELDS.get(table, {})
        records = [{**added, **record} for record in parsed[table]]
        assert got[table] == old[table] + records, table
    key = lambda stone: stone["uid"]  # noqa: E731
    assert sorted(got["tombstones"], key=key) == sorted(old["tombstones"] + parsed["tombstones"],
                                                        key=key)
