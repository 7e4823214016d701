"""Correcting the history: listing records, editing, deleting with a tombstone, undoing.

The store's part: records are listed with short ids, a deletion leaves a tombstone (what was
deleted and when), an undo brings the record back whole, and tombstones travel in the export
so that an import never brings a deleted record back.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from coach.exchange import export_json, import_data, import_file, validate
from coach.models import Checkin, Session
from coach.store import Store, StoreError

DAY = date(2026, 3, 10)


def a_session(store: Store, day: date = DAY, minutes: int = 20, **kw) -> Session:
    return store.add_session(Session(day=day, seconds=minutes * 60, style="bodyweight",
                                     started_at=datetime.combine(day, datetime.min.time()).replace(hour=8),
                                     **kw))


def a_morning(store: Store, day: date = DAY, mood: int = 3, note: str | None = None) -> Checkin:
    return store.add_checkin(Checkin(day=day, kind="morning", mood=mood, note=note,
                                     at=datetime.combine(day, datetime.min.time()).replace(hour=7)))


def test_entries_are_sessions_and_their_own_checkins_in_order_with_short_ids(store):
    session = a_session(store, mood_before=2, mood_after=4)
    morning = a_morning(store)
    a_session(store, date(2026, 3, 1), finished=False)
    entries = store.entries()
    assert [(e.kind, e.ref) for e in entries] == [("checkin", f"c{morning.id}"),
                                                  ("session", f"s{session.id}")]
    assert entries[1].item == session
    assert len(entries[1].uid) == 32
    assert store.entries(since=date(2026, 3, 11)) == []
    assert [e.ref for e in store.entries(until=DAY, since=DAY)] == [e.ref for e in entries]


def test_an_entry_is_found_by_its_short_id_or_its_uid_and_a_sessions_mood_is_not_one(store):
    session = a_session(store, mood_before=2)
    morning = a_morning(store)
    found = store.entry(f"s{session.id}")
    assert found is not None and found.item == session
    assert store.entry(found.uid) == found
    assert store.entry(f"C{morning.id}").item.mood == 3
    linked = [c for c in store.checkins() if c.kind == "before"]
    assert len(linked) == 1
    assert store.entry(f"c{linked[0].id}") is None
    assert store.entry("s999") is None
    assert store.entry("x") is None
    assert store.entry("s" + "9" * 40) is None


def test_a_checkin_is_edited_but_a_sessions_mood_is_changed_through_the_session(store):
    morning = a_morning(store)
    changed = store.update_checkin(morning.id, mood=5, note="better", day=date(2026, 3, 9))
    assert (changed.mood, changed.note, changed.day) == (5, "better", date(2026, 3, 9))
    session = a_session(store, mood_after=4)
    after = next(c for c in store.checkins() if c.kind == "after")
    with pytest.raises(ValueError):
        store.update_checkin(after.id, mood=1)
    with pytest.raises(ValueError):
        store.update_checkin(morning.id, kind="after")
    with pytest.raises(StoreError):
        store.update_checkin(999, mood=1)
    assert store.session(session.id).mood_after == 4


def test_a_deleted_session_leaves_tombstones_and_undo_brings_it_back_whole(store):
    session = a_session(store, mood_before=2, mood_after=4, note="park")
    before = store.dump()
    entry = store.entry(f"s{session.id}")
    store.delete_entry(entry)
    assert store.sessions() == [] and store.checkins() == []
    stones = store.tombstones()
    assert {s["kind"] for s in stones} == {"sessions", "checkins"} and len(stones) == 3
    assert entry.uid in {s["uid"] for s in stones}
    with pytest.raises(StoreError):
        store.delete_entry(entry)
    back = store.undelete()
    assert back is not None and back.ref == entry.ref and back.item == session
    assert store.dump() == before
    assert store.undelete() is None


def test_undo_brings_back_the_latest_deletion_first(store):
    first, second = a_morning(store, mood=1), a_morning(store, mood=2)
    store.delete_entry(store.entry(f"c{first.id}"))
    store.delete_entry(store.entry(f"c{second.id}"))
    assert store.undelete().item.mood == 2
    assert store.undelete().item.mood == 1
    assert store.undelete() is None


def test_undo_after_the_old_id_was_taken_gives_the_record_a_new_one(store):
    morning = a_morning(store, mood=1)
    store.delete_entry(store.entry(f"c{morning.id}"))
    newer = a_morning(store, mood=5)
    assert newer.id == morning.id  # SQLite hands out the free id again
    back = store.undelete()
    assert back.id != newer.id and back.item.mood == 1
    assert sorted(c.mood for c in store.checkins()) == [1, 5]


def test_letting_an_unfinished_session_go_leaves_a_tombstone_but_nothing_to_undo(store):
    unfinished = a_session(store, finished=False)
    store.delete_session(unfinished.id)
    assert [s["kind"] for s in store.tombstones()] == ["sessions"]
    assert store.undelete() is None


def test_an_export_taken_before_a_deletion_does_not_bring_the_record_back(store, tmp_path):
    session = a_session(store, mood_before=3, mood_after=4)
    a_morning(store)
    old = tmp_path / "old.json"
    old.write_text(json.dumps(export_json(store)))
    store.delete_entry(store.entry(f"s{session.id}"))
    summary = import_file(store, old)
    assert summary.total_added == 0
    assert store.sessions() == [] and [c.kind for c in store.checkins()] == ["morning"]
    # The export carries the tombstones: another database holding the record loses it too.
    with Store.open(tmp_path / "other.db") as other:
        import_file(other, old)
        assert len(other.sessions()) == 1
        newer = export_json(store)
        assert len(newer["tombstones"]) == 3
        summary = import_data(other, validate(json.loads(json.dumps(newer))))
        assert summary.added["tombstones"] == 3
        assert other.sessions() == [] and [c.kind for c in other.checkins()] == ["morning"]
        assert {s["uid"] for s in other.tombstones()} == {s["uid"] for s in store.tombstones()}
        again = import_data(other, validate(json.loads(json.dumps(newer))))
        assert again.added["tombstones"] == 0
        # A deletion that came from elsewhere is not this database's to undo.
        assert other.undelete() is None


def test_undo_then_export_brings_the_record_back_everywhere_it_was_not_deleted(store, tmp_path):
    morning = a_morning(store, mood=2)
    store.delete_entry(store.entry(f"c{morning.id}"))
    store.undelete()
    data = export_json(store)
    assert data["tombstones"] == []
    with Store.open(tmp_path / "other.db") as other:
        import_data(other, validate(data))
        assert [c.mood for c in other.checkins()] == [2]


def test_an_export_from_before_tombstones_existed_still_imports(store, tmp_path):
    a_morning(store)
    data = export_json(store)
    data["version"] = 1
    del data["tombstones"]
    with Store.open(tmp_path / "other.db") as other:
        assert import_data(other, validate(data)).added["checkins"] == 1


@pytest.mark.parametrize("stone, words", [
    ({"uid": "x", "kind": "buddy", "deleted_at": "2026-03-01T08:00:00"}, "field kind"),
    ({"uid": "x", "kind": "sessions", "deleted_at": "yesterday"}, "field deleted_at"),
    ({"uid": "", "kind": "sessions", "deleted_at": "2026-03-01T08:00:00"}, "field uid"),
    ({"uid": "x", "kind": "sessions"}, "field deleted_at is missing"),
    ({"uid": "x", "kind": "sessions", "deleted_at": "2026-03-01T08:00:00", "by": 1},
     "a field coach does not know"),
    ("x", "is not an object"),
])
def test_a_bad_tombstone_in_a_file_is_refused_saying_where(store, stone, words):
    from coach.exchange import ExchangeError

    data = export_json(store)
    data["tombstones"] = [stone]
    with pytest.raises(ExchangeError) as caught:
        validate(json.loads(json.dumps(data)), "f.json")
    assert "tombstones, record 1" in str(caught.value) and words in str(caught.value)


def test_a_deletion_is_stamped_by_the_coachs_clock_not_the_real_one(store):
    """The deletion time (which undo and sync order deletions by) comes from the clock the
    Coach is given, as every other time it writes; so tests and replays are deterministic."""
    from coach.service import Coach

    times = iter([datetime(2031, 5, 6, 7, 8, 9, 123456), datetime(2031, 5, 6, 7, 8, 30)])
    coach = Coach(store, today=lambda: DAY, now=lambda: next(times))
    first, second = a_session(store), a_morning(store)
    coach.delete_entry(coach.entry(f"s{first.id}"))
    coach.delete_entry(coach.entry(f"c{second.id}"))
    stones = {s["kind"]: s["deleted_at"] for s in store.tombstones()}
    assert stones["sessions"] == "2031-05-06T07:08:09"
    assert stones["checkins"] == "2031-05-06T07:08:30"
