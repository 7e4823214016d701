"""The core's record classes behave as the frozen value objects coach relies on."""

from __future__ import annotations

import typing
from datetime import date
from typing import ClassVar

import pytest

from coach.models import Move, Pause, Session, Settings
from coach.record import defaults, fields, record, replace
from coach.timer import Interval

DAY = date(2026, 3, 2)


def test_made_by_keyword_or_position_with_defaults():
    by_name = Session(day=DAY, seconds=1200, pain=True)
    by_place = Session(DAY, 1200, None, None, None, None, None, None, True)
    assert by_name == by_place
    assert by_name.id is None and by_name.finished is True and by_name.minutes == 20
    with pytest.raises(TypeError):
        Session(day=DAY)  # seconds has no default


def test_frozen():
    session = Session(day=DAY, seconds=60)
    with pytest.raises(AttributeError):
        session.seconds = 120  # type: ignore[misc]
    with pytest.raises(AttributeError):
        session.colour = "red"  # type: ignore[attr-defined]


def test_equal_and_hashed_by_value_only_within_a_class():
    assert Pause(DAY, DAY) == Pause(DAY, DAY)
    assert len({Pause(DAY, DAY), Pause(DAY, DAY), Pause(DAY)}) == 2
    # The same values in another record class, or in a bare tuple, are something else.
    assert Pause(DAY, DAY) != Move(DAY, DAY)
    assert Move(DAY, DAY) != (DAY, DAY, None)
    assert not (Pause(DAY, DAY) == Move(DAY, DAY))


def test_no_order_of_their_own():
    with pytest.raises(TypeError):
        sorted([Session(day=DAY, seconds=2), Session(day=DAY, seconds=1)])
    with pytest.raises(TypeError):
        Move(DAY, DAY) < (DAY,)  # noqa: B015 - nor against a bare tuple
    with pytest.raises(TypeError):
        (DAY,) >= Move(DAY, DAY)  # noqa: B015


def test_replace_makes_a_changed_copy_and_checks_it():
    before = Session(day=DAY, seconds=60)
    after = replace(before, id=7, seconds=90)
    assert (after.id, after.seconds, after.day) == (7, 90, DAY)
    assert before.id is None and before.seconds == 60
    interval = Interval("work", 30)
    with pytest.raises(ValueError, match="at least 1 second"):
        replace(interval, seconds=0)
    with pytest.raises(ValueError, match="unknown phase"):
        Interval("sprint", 30)


def test_fields_and_defaults_describe_the_class():
    assert fields(Settings)[:2] == ("days_two", "days_three")
    assert defaults(Settings)["style"] == "bodyweight"
    assert fields(Move) == ("from_day", "to_day", "id")
    assert defaults(Move) == {"id": None}


def test_a_class_body_that_cannot_be_a_record_is_refused():
    with pytest.raises(TypeError, match="mutable default"):
        @record
        class Shared:
            items: list = []  # noqa: RUF012

    with pytest.raises(TypeError, match="follows one that has"):
        @record
        class Backwards:
            first: int = 0
            second: int

    class Base:
        def describe(self) -> str:
            return "a base"

    with pytest.raises(TypeError, match="cannot be a subclass"):
        @record
        class Derived(Base):
            value: int

    with pytest.raises(TypeError, match="no class variables"):
        @record
        class Counted:
            made: ClassVar[int] = 0
            value: int = 0

    with pytest.raises(TypeError, match="no class variables"):
        @record
        class CountedToo:
            made: typing.ClassVar[int] = 0
            value: int = 0

    @record
    class Named:  # a type whose name merely starts like ClassVar is a field like any other
        kind: ClassVariant  # noqa: F821 - never looked up
        value: int = 0

    assert fields(Named) == ("kind", "value")

    with pytest.raises(TypeError, match="at least one field"):
        @record
        class Empty:
            """Nothing in it (and, as a tuple, it would be false)."""


def test_methods_properties_and_docstring_are_kept():
    @record
    class Span:
        """Two days."""

        start: date
        end: date

        @property
        def days(self) -> int:
            return (self.end - self.start).days + 1

        def covers(self, day: date) -> bool:
            return self.start <= day <= self.end

    span = Span(DAY, date(2026, 3, 8))
    assert span.days == 7 and span.covers(date(2026, 3, 4))
    assert Span.__doc__ == "Two days."
    assert repr(span) == "Span(start=datetime.date(2026, 3, 2), end=datetime.date(2026, 3, 8))"
