"""Plain data shared by the core, the store and the screens.

Nothing here knows about SQL or Textual. Dates are ``datetime.date`` (the user's local
calendar day); times of day are naive local ``datetime.datetime``.
"""

from __future__ import annotations

from datetime import date, datetime

from coach.record import record

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
#: How hard a session felt, as the after-session check-in asks it: 1 easy, 2 about right,
#: 3 too hard. A session rated "hard" holds the next step up of the ladder.
EFFORTS: tuple[str, ...] = ("easy", "right", "hard")

# Weekdays as Python numbers them: Monday 0 ... Sunday 6.
DEFAULT_DAYS_TWO: tuple[int, ...] = (0, 3)  # Mon, Thu
DEFAULT_DAYS_THREE: tuple[int, ...] = (0, 2, 4)  # Mon, Wed, Fri


@record
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
    effort: str | None = None  # one of EFFORTS, or None when not asked or skipped
    easier: tuple[str, ...] = ()  # the exercises switched to their easier variant, in order
    time_of_day: str | None = None  # "HH:MM" the session started, when known (else any time)

    @property
    def minutes(self) -> float:
        return self.seconds / 60


@record
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


@record
class Pause:
    """The plan is paused from ``start`` to ``end`` inclusive; ``end`` None means until resumed."""

    start: date
    end: date | None = None
    id: int | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@record
class Buddy:
    name: str
    contact: str = ""


@record
class BuddyCheckin:
    """A buddy suggestion for a day and what the user did with it."""

    day: date
    reason: str
    status: str  # suggested / done / dismissed
    id: int | None = None
    at: datetime | None = None


@record
class Move:
    """The user moved the session planned on ``from_day`` to ``to_day`` (same week)."""

    from_day: date
    to_day: date
    id: int | None = None


@record
class Entry:
    """One record of the history as it is listed for correcting: a session or a check-in
    (or, to remove one that is out of range, a pause, a moved session, a buddy check-in).

    ``ref`` is its short id (``s12`` for session 12, ``c7`` for check-in 7), the one
    ``coach edit`` and ``coach delete`` take; ``uid`` is the id it keeps everywhere (exports,
    other machines).
    """

    kind: str  # "session", "checkin"; also "pause", "move", "buddy_checkin"
    id: int
    uid: str
    item: Session | Checkin | Pause | Move | BuddyCheckin

    @property
    def ref(self) -> str:
        return f"{ENTRY_LETTERS[self.kind]}{self.id}"

    @property
    def day(self) -> date:
        item = self.item
        if isinstance(item, Pause):
            return item.start
        if isinstance(item, Move):
            return item.from_day
        return item.day


#: The first letter of a short id, by kind of record.
ENTRY_LETTERS: dict[str, str] = {
    "session": "s", "checkin": "c", "pause": "p", "move": "m", "buddy_checkin": "b",
}


@record
class Settings:
    days_two: tuple[int, ...] = DEFAULT_DAYS_TWO
    days_three: tuple[int, ...] = DEFAULT_DAYS_THREE
    week_starts_sunday: bool = False
    style: str = "bodyweight"
    bell: bool = True  # one soft bell at each change of interval
    count_in: bool = False  # a beep in the last seconds before each change: off unless wanted
    screener: bool = False
    theme: str = "coach"
    onboarded: bool = False

    @property
    def first_weekday(self) -> int:
        return 6 if self.week_starts_sunday else 0


class History:
    """Everything the rules need, as plain data. Order of the lists does not matter."""

    __slots__ = ("sessions", "pauses", "checkins", "buddy", "buddy_checkins", "moves", "settings")

    def __init__(
        self,
        sessions: list[Session] | None = None,
        pauses: list[Pause] | None = None,
        checkins: list[Checkin] | None = None,
        buddy: Buddy | None = None,
        buddy_checkins: list[BuddyCheckin] | None = None,
        moves: list[Move] | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.sessions: list[Session] = [] if sessions is None else sessions
        self.pauses: list[Pause] = [] if pauses is None else pauses
        self.checkins: list[Checkin] = [] if checkins is None else checkins
        self.buddy = buddy
        self.buddy_checkins: list[BuddyCheckin] = [] if buddy_checkins is None else buddy_checkins
        self.moves: list[Move] = [] if moves is None else moves
        self.settings: Settings = Settings() if settings is None else settings

    def __repr__(self) -> str:
        return (f"History({len(self.sessions)} sessions, {len(self.checkins)} check-ins, "
                f"{len(self.pauses)} pauses, {len(self.moves)} moves, buddy={self.buddy!r})")
