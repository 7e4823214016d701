"""Plain data shared by the core, the store and the screens.

Nothing here knows about SQL or Textual. Dates are ``datetime.date`` (the user's local
calendar day); times of day are naive local ``datetime.datetime``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

STYLES: tuple[str, ...] = ("bodyweight", "bands", "weights", "pilates", "barre", "yoga")
STYLE_NAMES: dict[str, str] = {
    "bodyweight": "Bodyweight",
    "bands": "Resistance bands",
    "weights": "Weights",
    "pilates": "Pilates",
    "barre": "Barre",
    "yoga": "Yoga",
}

CHECKIN_KINDS: tuple[str, ...] = ("morning", "before", "after", "screener")
BUDDY_REASONS: tuple[str, ...] = ("after_session", "quiet", "week_start", "find_buddy")
BUDDY_STATUSES: tuple[str, ...] = ("suggested", "done", "dismissed")

# Weekdays as Python numbers them: Monday 0 ... Sunday 6.
DEFAULT_DAYS_TWO: tuple[int, ...] = (0, 3)  # Mon, Thu
DEFAULT_DAYS_THREE: tuple[int, ...] = (0, 2, 4)  # Mon, Wed, Fri


@dataclass(frozen=True)
class Session:
    """A training session, finished or (while the timer runs) unfinished."""

    day: date
    seconds: int
    id: int | None = None
    started_at: datetime | None = None
    style: str | None = None
    routine: str | None = None
    mood_before: int | None = None
    mood_after: int | None = None
    pain: bool = False
    note: str | None = None
    finished: bool = True

    @property
    def minutes(self) -> float:
        return self.seconds / 60


@dataclass(frozen=True)
class Checkin:
    """A mood check-in: morning, before or after a session, or the weekly screener.

    For ``screener`` check-ins ``answers`` holds the four item answers (0-3 each):
    PHQ-2 items 1-2 then GAD-2 items 1-2; mood and anxiety are then None.
    """

    day: date
    kind: str
    id: int | None = None
    at: datetime | None = None
    mood: int | None = None
    anxiety: int | None = None
    note: str | None = None
    session_id: int | None = None
    answers: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Pause:
    """The plan is paused from ``start`` to ``end`` inclusive; ``end`` None means until resumed."""

    start: date
    end: date | None = None
    id: int | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Buddy:
    name: str
    contact: str = ""


@dataclass(frozen=True)
class BuddyCheckin:
    """A buddy suggestion for a day and what the user did with it."""

    day: date
    reason: str
    status: str  # suggested / done / dismissed
    id: int | None = None
    at: datetime | None = None


@dataclass(frozen=True)
class Move:
    """The user moved the session planned on ``from_day`` to ``to_day`` (same week)."""

    from_day: date
    to_day: date
    id: int | None = None


@dataclass(frozen=True)
class Settings:
    days_two: tuple[int, ...] = DEFAULT_DAYS_TWO
    days_three: tuple[int, ...] = DEFAULT_DAYS_THREE
    week_starts_sunday: bool = False
    style: str = "bodyweight"
    bell: bool = True
    count_in: bool = True
    screener: bool = False
    theme: str = "coach"
    onboarded: bool = False

    @property
    def first_weekday(self) -> int:
        return 6 if self.week_starts_sunday else 0


@dataclass
class History:
    """Everything the rules need, as plain data. Order of the lists does not matter."""

    sessions: list[Session] = field(default_factory=list)
    pauses: list[Pause] = field(default_factory=list)
    checkins: list[Checkin] = field(default_factory=list)
    buddy: Buddy | None = None
    buddy_checkins: list[BuddyCheckin] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
