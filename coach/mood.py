"""Mood check-ins: the before/after insight, the morning trend, the safety net, the screener.

Plain functions over ``coach.models`` data. Every function that depends on the day takes
``today`` as an argument. Nothing here knows about SQL or Textual.

One morning per day: when a day holds several morning check-ins, the latest one counts
(latest by ``at``, then by ``id``, then by position in the list).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta

from coach.dates import week_start
from coach.models import Buddy, Checkin, Session
from coach.record import record
from coach.resources import crisis_lines
from coach.words import plural

MOOD_WORDS: dict[int, str] = {1: "very low", 2: "low", 3: "okay", 4: "good", 5: "great"}
ANXIETY_WORDS: dict[int, str] = {
    1: "calm",
    2: "mostly calm",
    3: "a bit anxious",
    4: "anxious",
    5: "very anxious",
}

LOW_MOOD_LEVELS: frozenset[int] = frozenset({1, 2})
#: One line on Today at 80 columns: the session under it says what the 10 minutes are.
LOW_MOOD_OFFER = "Hard morning? 10 minutes counts as showing up, and rest is fine too."

# The safety net looks at the three most recent morning check-ins (one per day). It applies
# only while the latest of them is recent: dated today or up to SAFETY_NET_RECENT_DAYS days
# before. A low from weeks ago should not take over Today for good; a fresh morning
# check-in (which opens by itself each day) decides again.
SAFETY_NET_RUN = 3
SAFETY_NET_RECENT_DAYS = 3
SAFETY_NET_MESSAGE = (
    "The last few mornings have been really hard. You don't have to carry this alone: "
    "reaching out to someone today matters more than any workout."
)


# --------------------------------------------------------------------------- validation


def _check_scale(value: object, name: str, low_word: str, high_word: str) -> int:
    hint = f"{name} is 1 to 5 (1 {low_word}, 5 {high_word})"
    if isinstance(value, bool):
        raise ValueError(f"{hint}, not {value}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() \
            and len(value.strip()) < 10:
        number = int(value.strip())
    else:
        shown = value if value is not None and str(value).strip() else "empty"
        raise ValueError(f"{hint}, not {shown}")
    if not 1 <= number <= 5:
        raise ValueError(f"{hint}, not {value}")
    return number


def check_mood(value: object) -> int:
    """The mood as an int 1-5; ValueError with one clear line otherwise."""
    return _check_scale(value, "mood", MOOD_WORDS[1], MOOD_WORDS[5])


def check_anxiety(value: object) -> int:
    """The anxiety as an int 1-5; ValueError with one clear line otherwise."""
    return _check_scale(value, "anxiety", ANXIETY_WORDS[1], ANXIETY_WORDS[5])


def mood_label(value: int) -> str:
    """'4 good'."""
    return f"{value} {MOOD_WORDS[value]}"


def anxiety_label(value: int) -> str:
    """'2 mostly calm'."""
    return f"{value} {ANXIETY_WORDS[value]}"


# --------------------------------------------------------------------------- insight


@record
class Insight:
    """Before/after mood over sessions that have both numbers."""

    better: int  # sessions with mood_after > mood_before
    total: int  # sessions with both moods (always >= 1)
    average_lift: float  # mean of mood_after - mood_before

    @property
    def headline(self) -> str:
        """'You felt better after N of M sessions' ('1 of 1 session'; the same words everywhere)."""
        return f"You felt better after {self.better} of {plural(self.total, 'session')}"

    @property
    def lift_text(self) -> str:
        """The average lift in kind, honest words, as one sentence."""
        shown = round(self.average_lift, 1)
        lead = "On average your mood" if self.total > 1 else "Your mood"
        if shown > 0:
            return f"{lead} rose by {_points(shown)}."
        if shown == 0:
            return f"{lead} stayed about the same afterwards. Showing up still counts."
        return (
            f"{lead} was {_points(-shown)} lower afterwards. "
            "Some days are heavy, and showing up still counts."
        )

    @property
    def text(self) -> str:
        """'You felt better after 3 of 4 sessions. On average your mood rose by 0.8 points.'"""
        return f"{self.headline}. {self.lift_text}"

    @property
    def short_lift(self) -> str:
        """The average lift for a summary line: '+0.8', '0', '-0.5'."""
        return format_lift(self.average_lift)


def _points(value: float) -> str:
    """'0.8 points', '1 point', '2 points' (value already rounded to one decimal, >= 0)."""
    if float(value).is_integer():
        whole = int(value)
        return f"{whole} point" if whole == 1 else f"{whole} points"
    return f"{value:.1f} points"


def format_lift(value: float) -> str:
    """A mood change, always with one decimal: '+0.8', '0.0', '-0.5', '+1.0', '-1.0'."""
    shown = round(value, 1)
    if shown == 0:
        return "0.0"
    return f"{shown:+.1f}"


def rated_sessions(sessions: Iterable[Session]) -> list[Session]:
    """Finished sessions that have both a before and an after mood."""
    return [
        s
        for s in sessions
        if s.finished and s.mood_before is not None and s.mood_after is not None
    ]


def insight(sessions: Iterable[Session]) -> Insight | None:
    """The before/after insight over finished sessions with both moods; None if there are none."""
    rated = rated_sessions(sessions)
    if not rated:
        return None
    lifts = [s.mood_after - s.mood_before for s in rated]  # type: ignore[operator]
    better = sum(1 for lift in lifts if lift > 0)
    return Insight(better=better, total=len(rated), average_lift=sum(lifts) / len(lifts))


def sessions_in_week(
    sessions: Iterable[Session], day: date, first_weekday: int = 0
) -> list[Session]:
    """The sessions dated in the week that holds ``day``."""
    start = week_start(day, first_weekday)
    end = start + timedelta(days=6)
    return [s for s in sessions if start <= s.day <= end]


def week_insight(
    sessions: Iterable[Session], day: date, first_weekday: int = 0
) -> Insight | None:
    """The insight over the week that holds ``day`` only (for the week view's mood lift)."""
    return insight(sessions_in_week(sessions, day, first_weekday))


# --------------------------------------------------------------------------- mornings


def _order_key(indexed: tuple[int, Checkin]) -> tuple[datetime, int, int]:
    index, checkin = indexed
    return (checkin.at or datetime.min, checkin.id if checkin.id is not None else -1, index)


def mornings_by_day(checkins: Iterable[Checkin], today: date | None = None) -> dict[date, int]:
    """The morning mood of each day (the latest morning check-in of that day counts).

    Check-ins after ``today`` (when given) and morning check-ins without a mood are ignored.
    """
    return {day: c.mood for day, c in latest_mornings(checkins, today).items()}  # type: ignore[misc]


def latest_mornings(
    checkins: Iterable[Checkin], today: date | None = None
) -> dict[date, Checkin]:
    """The morning check-in that counts for each day: the latest one with a mood.

    Check-ins after ``today`` (when given) and morning check-ins without a mood are ignored.
    """
    latest: dict[date, tuple[tuple[datetime, int, int], Checkin]] = {}
    for indexed in enumerate(checkins):
        checkin = indexed[1]
        if checkin.kind != "morning" or checkin.mood is None:
            continue
        if today is not None and checkin.day > today:
            continue
        key = _order_key(indexed)
        held = latest.get(checkin.day)
        if held is None or key > held[0]:
            latest[checkin.day] = (key, checkin)
    return {day: c for day, (_, c) in latest.items()}


def morning_mood(checkins: Iterable[Checkin], day: date) -> int | None:
    """The morning mood recorded for ``day``, or None."""
    return mornings_by_day(checkins).get(day)


def morning_checkin_due(checkins: Iterable[Checkin], today: date) -> bool:
    """True when there is no morning check-in for today yet."""
    return not any(c.kind == "morning" and c.day == today for c in checkins)


def low_mood_today(checkins: Iterable[Checkin], today: date) -> bool:
    """True when today's morning mood is 1 or 2 (offer the 10-minute session)."""
    return morning_mood(checkins, today) in LOW_MOOD_LEVELS


def safety_net(checkins: Iterable[Checkin], today: date) -> bool:
    """True when the three most recent morning check-ins are all mood 1.

    One check-in per day counts (the latest of the day); days without a check-in are simply
    not looked at, so "in a row" means three check-ins in a row, not three calendar days.
    The latest of the three must be dated today or within SAFETY_NET_RECENT_DAYS days before.
    Any better morning among the three (a low after a good day) means no safety net.
    """
    moods = mornings_by_day(checkins, today)
    if len(moods) < SAFETY_NET_RUN:
        return False
    recent = sorted(moods)[-SAFETY_NET_RUN:]
    if (today - recent[-1]).days > SAFETY_NET_RECENT_DAYS:
        return False
    return all(moods[day] == 1 for day in recent)


@record
class Care:
    """What a morning asks of every place a person reads the day (Today, ``coach status``,
    ``coach plan``): the safety net leads with people to talk to, and the low-mood offer is
    the 10-minute session in place of a planned one."""

    safety_net: bool
    low_mood_offer: bool


def care(checkins: Iterable[Checkin], day: date, *, session_planned: bool) -> Care:
    """The care ``day``'s morning calls for. The low-mood offer needs a session planned that
    day (there is nothing to offer in its place on a rest day or once one is done)."""
    checkins = list(checkins)
    return Care(
        safety_net=safety_net(checkins, day),
        low_mood_offer=session_planned and low_mood_today(checkins, day),
    )


def safety_net_lines(buddy: Buddy | None = None) -> list[str]:
    """What Today leads with when the safety net is on: a kind line, the buddy, the resources."""
    lines = [SAFETY_NET_MESSAGE]
    if buddy is not None and buddy.name.strip():
        contact = buddy.contact.strip()
        if contact:
            lines.append(f"Reach out to {buddy.name.strip()}: {contact}.")
        else:
            lines.append(f"Reach out to {buddy.name.strip()} today.")
    lines.extend(crisis_lines())
    return lines


def morning_trend(
    mornings: Mapping[date, int], last_week: date, until: date, weeks: int = 12
) -> list[float | None]:
    """Average morning mood per week, oldest first: the ``weeks`` weeks up to the one that
    starts on ``last_week``, counting the days up to ``until``. A week without a morning
    check-in is None. ``mornings`` is what :func:`mornings_by_day` gives (read once for all
    the weeks a screen shows).
    """
    trend: list[float | None] = []
    for n in range(weeks - 1, -1, -1):
        start = last_week - timedelta(weeks=n)
        days = (start + timedelta(days=i) for i in range(7))
        moods = [mornings[d] for d in days if d <= until and d in mornings]
        trend.append(sum(moods) / len(moods) if moods else None)
    return trend


# --------------------------------------------------------------------------- screener

SCREENER_STEM = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
PHQ2_ITEMS: tuple[str, str] = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
)
GAD2_ITEMS: tuple[str, str] = (
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
)
# The order answers are stored in (Checkin.answers): PHQ-2 items, then GAD-2 items.
SCREENER_ITEMS: tuple[str, ...] = PHQ2_ITEMS + GAD2_ITEMS
SCREENER_OPTIONS: tuple[tuple[int, str], ...] = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)
SCREENER_CREDIT = (
    "PHQ-2 and GAD-2 were developed by Drs. Robert L. Spitzer, Janet B.W. Williams, "
    "Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. "
    "No permission required to reproduce, translate, display or distribute."
)
SCREENER_THRESHOLD = 3  # a score of 3 or more on either scale suggests talking to someone

SCREENER_THANKS = "Thank you for taking a moment for these questions."
SCREENER_NOT_A_VERDICT = (
    "Your answers are a way to notice how the last two weeks have been, not a verdict on you."
)
SCREENER_SUGGEST = (
    "It could help to talk with a doctor or therapist about how you've been feeling. "
    "Reaching out is a strong step, and you deserve support."
)
SCREENER_GENTLE = (
    "Keep looking after yourself. If things get harder, the help screen (?) lists "
    "people you can talk to, any time."
)


@record
class ScreenerResult:
    phq2: int  # 0-6
    gad2: int  # 0-6
    suggest_talking: bool

    def lines(self) -> list[str]:
        """What coach says about the result. Never a label, never a diagnosis."""
        lines = [
            SCREENER_THANKS,
            f"Mood questions (PHQ-2): {self.phq2} of 6.",
            f"Worry questions (GAD-2): {self.gad2} of 6.",
            SCREENER_NOT_A_VERDICT,
        ]
        if self.suggest_talking:
            lines.append(SCREENER_SUGGEST)
            lines.extend(crisis_lines())
        else:
            lines.append(SCREENER_GENTLE)
        return lines

    @property
    def message(self) -> str:
        return "\n".join(self.lines())


def check_screener_answers(answers: Sequence[object]) -> tuple[int, ...]:
    """Four answers 0-3 (PHQ-2 then GAD-2) as a tuple of ints; ValueError otherwise."""
    if isinstance(answers, (str, bytes)) or len(answers) != len(SCREENER_ITEMS):
        raise ValueError(f"the screener has {len(SCREENER_ITEMS)} answers, each 0 to 3")
    result: list[int] = []
    for value in answers:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3:
            raise ValueError(f"each screener answer is 0 to 3, not {value}")
        result.append(value)
    return tuple(result)


def screener_result(answers: Sequence[int]) -> ScreenerResult:
    """Score PHQ-2 (answers 0-1) and GAD-2 (answers 2-3), 0-6 each."""
    values = check_screener_answers(answers)
    phq2 = values[0] + values[1]
    gad2 = values[2] + values[3]
    return ScreenerResult(
        phq2=phq2,
        gad2=gad2,
        suggest_talking=phq2 >= SCREENER_THRESHOLD or gad2 >= SCREENER_THRESHOLD,
    )


def screener_due(
    checkins: Iterable[Checkin], today: date, enabled: bool, first_weekday: int = 0
) -> bool:
    """True when the screener is on and has not been answered yet in the week holding today."""
    if not enabled:
        return False
    start = week_start(today, first_weekday)
    return not any(c.kind == "screener" and start <= c.day <= today for c in checkins)
