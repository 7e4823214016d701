"""The plan: the build-up ladder, the week's schedule and buddy check-in suggestions.

Plain rules over plain data (``coach.models``), asked through one :class:`Planner` per history.
Nothing here reads the database, the clock or the terminal: callers pass the history and the
day(s) they care about.

The level is derived from the history every time (never stored), walking week by week from the
week of the first recorded activity:

* a session *counts* when it lasted at least 75% of the level's minutes; at most one counting
  session per calendar day; unfinished sessions are ignored everywhere;
* a week is *complete* when its counting days reach the level's sessions per week;
* step up one level when the two most recent non-paused weeks since the last change of level
  were both complete with no session marked painful or rated too hard; never skip, never
  past 6;
* hold after a week that was not complete;
* step down one level (never below 1) after two empty weeks (no session at all), and one more
  for each further two;
* a week with a paused day that is not complete is a *paused* week: skipped by the rules above.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date, timedelta

from coach.dates import week_days, week_start
from coach.words import long_day
from coach.models import (
    DEFAULT_DAYS_THREE,
    DEFAULT_DAYS_TWO,
    Buddy,
    History,
    Move,
    Session,
    Settings,
)
from coach.record import record

# ---------------------------------------------------------------------------------------------
# The ladder


@record
class Level:
    number: int
    sessions: int  # sessions per week
    minutes: int  # minutes each

    @property
    def weekly_minutes(self) -> int:
        return self.sessions * self.minutes

    @property
    def count_seconds(self) -> int:
        """The shortest session (in whole seconds) that counts at this level: 75% of the minutes."""
        return -(-self.minutes * 60 * 3 // 4)  # ceil, so 25 min -> 1125 s, 20 min -> 900 s


LEVELS: dict[int, Level] = {
    1: Level(number=1, sessions=2, minutes=20),
    2: Level(number=2, sessions=2, minutes=25),
    3: Level(number=3, sessions=2, minutes=30),
    4: Level(number=4, sessions=3, minutes=20),
    5: Level(number=5, sessions=3, minutes=25),
    6: Level(number=6, sessions=3, minutes=30),
}
TOP_LEVEL = 6
STATUSES: tuple[str, ...] = ("planned", "done", "short", "extra", "rest", "paused")
QUIET_DAYS = 5  # days without a session before a "reach out" suggestion
WELCOME_BACK_DAYS = 14  # days without a session before a week opens with "welcome back"


def level(number: int) -> Level:
    """The ``Level`` for a number, clamped to 1..6."""
    return LEVELS[min(TOP_LEVEL, max(1, int(number)))]


def counts(session: Session, lvl: Level | int) -> bool:
    """Whether a session counts toward the level: finished and at least 75% of its minutes."""
    if not session.finished:
        return False
    if not isinstance(lvl, Level):
        lvl = level(lvl)
    return session.seconds * 4 >= lvl.minutes * 60 * 3


class PlanError(ValueError):
    """A request the plan cannot honour; the message is one kind line for the user."""


# ---------------------------------------------------------------------------------------------
# Plain results


@record
class DayPlan:
    day: date
    status: str  # planned / done / short / extra / rest / paused
    minutes_done: int  # whole minutes of finished sessions that day
    sessions: tuple[Session, ...] = ()  # finished sessions of the day, in a stable order
    planned: bool = False  # a session is planned for this day and not done yet
    is_today: bool = False
    paused: bool = False  # the plan is paused on this day
    planned_minutes: int = 0  # the minutes of the planned session (0 when none)
    in_place: bool = False  # a short session that took this planned day's place
    origin: date | None = None  # the usual day this week's session comes from (see _origins)


@record
class PlanChange:
    """A session of the week that is not on its usual day: where it was, where it is now, and
    why ("passed": its day went by; "asked": the user moved it; "rest": it followed another
    one to keep a rest day between sessions)."""

    from_day: date
    to_day: date
    reason: str


@record
class NextStep:
    level: Level
    complete_weeks_needed: int  # more complete weeks needed from now (0 = next week it's here)

    @property
    def sessions_per_week(self) -> int:
        return self.level.sessions

    @property
    def minutes(self) -> int:
        return self.level.minutes


@record
class WeekPlan:
    day: date  # the day asked about
    today: date
    week_start: date
    level: Level
    paused: bool  # the week counts as paused (a paused day and not complete)
    counting_sessions: int  # never above level.sessions
    complete: bool
    days: tuple[DayPlan, ...]
    next_step: NextStep | None  # None at the top level
    welcome_back: bool = False
    extra_note: str | None = None  # a gentle word when a session beyond the plan was done
    style: str = "bodyweight"
    minutes_done: int = 0  # whole minutes of all finished sessions in the week
    sessions_done: int = 0  # finished sessions in the week (any length)
    lighter: bool = False  # the week is over (or has no room left) below the plan, not paused
    painful: bool = False  # a session this week was marked painful
    too_hard: bool = False  # a session this week was rated too hard
    short_sessions: int = 0  # days with a short session (recorded, shown, showing up)
    shorts_in_place: int = 0  # short sessions that took a planned day's place
    changes: tuple[PlanChange, ...] = ()  # this week's sessions off their usual days (today's week)

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def planned_days(self) -> list[date]:
        return [d.day for d in self.days if d.status == "planned"]

    @property
    def remaining(self) -> int:
        """Sessions still planned this week."""
        return sum(1 for d in self.days if d.status == "planned")

    @property
    def today_plan(self) -> DayPlan | None:
        for d in self.days:
            if d.is_today:
                return d
        return None

    def day_plan(self, day: date) -> DayPlan | None:
        for d in self.days:
            if d.day == day:
                return d
        return None


@record
class WeekSummary:
    """One week of the history as the rules saw it."""

    week_start: date
    level: int  # the level the week was planned at
    sessions: int  # finished sessions of any length
    counting: int  # counting days, capped at the level's sessions per week
    complete: bool
    paused: bool  # a paused day and not complete (skipped by the rules)
    empty: bool  # no finished session at all
    painful: bool
    minutes: int  # whole minutes of finished sessions
    ready: int  # complete pain-free weeks already banked toward the next step (0 or 1)
    settled: bool  # the week is over (or complete), so it already counts for the rules
    too_hard: bool = False  # a session was rated too hard (it holds a step up, as pain does)


@record
class BuddySuggestion:
    reason: str  # after_session / quiet / week_start / find_buddy
    text: str


# ---------------------------------------------------------------------------------------------
# Grouping the history


class _Day:
    """The finished sessions of one day, as the rules group them."""

    __slots__ = ("seconds", "best", "pain", "hard", "sessions")

    def __init__(self) -> None:
        self.seconds = 0  # total seconds of finished sessions
        self.best = 0  # the longest finished session, in seconds
        self.pain = False
        self.hard = False  # a session of the day was rated too hard
        self.sessions: list[Session] = []


def _session_key(s: Session) -> tuple:
    return (
        s.started_at is not None,
        s.started_at.isoformat() if s.started_at else "",
        s.id is not None,
        s.id or 0,
        s.seconds,
        s.pain,
        s.style or "",
        s.routine or "",
        s.mood_before or 0,
        s.mood_after or 0,
        s.note or "",
        s.effort or "",
        s.time_of_day or "",
        s.easier,
    )


class _Index:
    """The history grouped once: finished sessions by day and by week, pauses, first activity."""

    def __init__(self, history: History):
        self.history = history
        self.settings: Settings = history.settings
        self.first_weekday = self.settings.first_weekday
        days: dict[date, _Day] = {}
        for s in history.sessions:
            if not s.finished:
                continue
            agg = days.get(s.day)
            if agg is None:
                agg = days[s.day] = _Day()
            seconds = s.seconds
            if seconds > 0:
                agg.seconds += seconds
            if seconds > agg.best:
                agg.best = seconds
            if s.pain:
                agg.pain = True
            if s.effort == "hard":
                agg.hard = True
            agg.sessions.append(s)
        for agg in days.values():
            if len(agg.sessions) > 1:  # most days hold one: nothing to put in order
                agg.sessions.sort(key=_session_key)
        self.days = days
        self.session_days: list[date] = sorted(days)
        by_week: dict[date, list[date]] = {}
        back = [timedelta(days=n) for n in range(7)]  # ten years hold some 1,500 session days
        first_weekday = self.first_weekday
        for d in self.session_days:
            ws = d - back[(d.weekday() - first_weekday) % 7]  # week_start(d, first_weekday)
            week = by_week.get(ws)
            if week is None:
                by_week[ws] = [d]
            else:
                week.append(d)
        self.by_week = by_week
        starts = [d for d in self.session_days[:1]]
        self.checkin_days: list[date] = sorted({c.day for c in history.checkins})
        if self.checkin_days:
            starts.append(self.checkin_days[0])
        self.first_activity: date | None = min(starts) if starts else None
        self.pauses = sorted(history.pauses, key=lambda p: (p.start, p.end or date.max))
        self.walks: dict[date | None, list[WeekSummary]] = {}

    def week_of(self, day: date) -> date:
        return week_start(day, self.first_weekday)

    def paused_on(self, day: date) -> bool:
        return any(p.covers(day) for p in self.pauses)

    def paused_in_week(self, ws: date) -> bool:
        we = ws + timedelta(days=6)
        return any(p.start <= we and (p.end is None or p.end >= ws) for p in self.pauses)

    def paused_weeks(self, first: date, last: date) -> set[date]:
        """Week starts between ``first`` and ``last`` (week starts) holding a paused day."""
        out: set[date] = set()
        for p in self.pauses:
            lo = max(self.week_of(p.start), first)
            hi = last if p.end is None else min(self.week_of(p.end), last)
            ws = lo
            while ws <= hi:
                out.add(ws)
                ws += timedelta(days=7)
        return out

    def last_session_on_or_before(self, day: date) -> date | None:
        i = bisect_right(self.session_days, day)
        return self.session_days[i - 1] if i else None

    def last_session_before(self, day: date) -> date | None:
        return self.last_session_on_or_before(day - timedelta(days=1))


def _counting_days(idx: _Index, ws: date, lvl: Level) -> list[date]:
    return [d for d in idx.by_week.get(ws, ()) if idx.days[d].best >= lvl.count_seconds]


# ---------------------------------------------------------------------------------------------
# The rules, week by week


def _walk(idx: _Index, until: date, today: date | None) -> list[WeekSummary]:
    """Summaries of every week from the first activity's week through the week ``until`` starts.

    Weeks that are not over yet (on or after ``today``'s week, when given) and not complete are
    neutral for the rules, so a week in progress never lowers a level it may still earn.
    """
    if idx.first_activity is None:
        return []
    first = idx.week_of(idx.first_activity)
    if until < first:
        return []
    paused_weeks = idx.paused_weeks(first, until)
    out: list[WeekSummary] = []
    number, ready, empty_run = 1, 0, 0
    ws = first
    week = timedelta(days=7)
    days, by_week = idx.days, idx.by_week
    six = timedelta(days=6)
    while ws <= until:
        lvl = LEVELS[number]
        day_list = by_week.get(ws, ())
        # One pass over the week's days (ten years of history is some 500 weeks).
        counting = sessions = seconds = 0
        painful = hard = False
        least = lvl.count_seconds
        for d in day_list:
            agg = days[d]
            if agg.best >= least:
                counting += 1
            sessions += len(agg.sessions)
            seconds += agg.seconds
            painful = painful or agg.pain
            hard = hard or agg.hard
        complete = counting >= lvl.sessions
        paused = ws in paused_weeks and not complete
        settled = complete or today is None or ws + six < today
        out.append(
            WeekSummary(
                week_start=ws,
                level=number,
                sessions=sessions,
                counting=min(counting, lvl.sessions),
                complete=complete,
                paused=paused,
                empty=not day_list,
                painful=painful,
                minutes=seconds // 60,
                ready=ready,
                settled=settled,
                too_hard=hard,
            )
        )
        if settled and not paused:
            ready = ready + 1 if complete and not painful and not hard else 0
            empty_run = empty_run + 1 if not day_list else 0
            if ready >= 2 and number < TOP_LEVEL:
                number, ready = number + 1, 0
            elif empty_run >= 2:
                number, ready, empty_run = max(1, number - 1), 0, 0
            ready = min(ready, 1)
        ws += week
    return out


def _until_week(idx: _Index, until: date | None, today: date | None) -> date:
    candidates = [d for d in (until, today) if d is not None]
    if until is None and idx.session_days:
        candidates.append(idx.session_days[-1])
    if not candidates:
        candidates.append(idx.first_activity or date.min)
    return idx.week_of(until if until is not None else max(candidates))


def _summary_for(idx: _Index, ws: date, today: date | None) -> WeekSummary | None:
    """The summary of the week starting ``ws`` (None before the first activity).

    A week's summary depends only on the weeks up to it, so one walk (memoized per ``today``
    on the index) answers every earlier week too.
    """
    if idx.first_activity is None or ws < idx.week_of(idx.first_activity):
        return None
    weeks = idx.walks.get(today)
    if not weeks or weeks[-1].week_start < ws:
        weeks = _walk(idx, max(ws, _until_week(idx, None, today)), today)
        idx.walks[today] = weeks
    first = weeks[0].week_start
    return weeks[(ws - first).days // 7]


# ---------------------------------------------------------------------------------------------
# Planning the week


def _base_offsets(settings: Settings, n: int, first_weekday: int) -> list[int]:
    """Offsets (0..6 from the week's first day) of the preferred days for ``n`` sessions.

    The user's days when they fit (n distinct weekdays, none next to each other in the week);
    otherwise their days are kept where possible and the rest spread out with a rest day between.
    """
    prefs = settings.days_two if n == 2 else settings.days_three
    default = DEFAULT_DAYS_TWO if n == 2 else DEFAULT_DAYS_THREE
    wanted = sorted({(int(d) - first_weekday) % 7 for d in prefs if 0 <= int(d) <= 6})
    if not wanted:
        wanted = sorted((d - first_weekday) % 7 for d in default)
    chosen: list[int] = []
    for off in wanted:
        if len(chosen) < n and all(abs(off - c) > 1 for c in chosen):
            chosen.append(off)
    for off in range(7):
        if len(chosen) >= n:
            break
        if off not in chosen and all(abs(off - c) > 1 for c in chosen):
            chosen.append(off)
    return sorted(chosen)


def _week_moves(moves: Iterable[Move], days: list[date]) -> list[Move]:
    """The moves within the week of ``days``, in the order they were made (by id; moves not
    yet stored last, as given)."""
    inweek = set(days)
    found = [m for m in moves if m.from_day in inweek and m.to_day in inweek]
    order = sorted(range(len(found)), key=lambda i: (found[i].id is None, found[i].id or 0, i))
    return [found[i] for i in order]


def _moves_in_week(moves: list[Move]) -> tuple[set[date], set[date]]:
    """(pinned, excluded): days sessions were moved to, and days they were moved away from,
    after the week's ``moves`` (in the order they were made)."""
    pinned: set[date] = set()
    excluded: set[date] = set()
    for m in moves:
        if m.from_day == m.to_day:
            continue
        pinned.discard(m.from_day)
        excluded.add(m.from_day)
        excluded.discard(m.to_day)
        pinned.add(m.to_day)
    return pinned, excluded


def _spaced(day: date, taken: Iterable[date]) -> bool:
    return all(abs((day - t).days) > 1 for t in taken)


def _place(need: int, candidates: list[date], base: list[date], taken: list[date]) -> list[date]:
    """Choose ``need`` planned days (fewer when the week has no room): the preferred days when
    they keep a rest day between sessions, otherwise the next days from today on that keep one.

    ``candidates`` are the free days from today on, in order; ``taken`` the days already holding
    a session that counted.
    """
    if need <= 0:
        return []
    keep = base[:need]
    if len(keep) == need:
        placed = list(taken)
        for d in keep:
            if not _spaced(d, placed):
                break
            placed.append(d)
        else:
            return sorted(keep)
    plan: list[date] = []
    placed = list(taken)
    for d in candidates:
        if len(plan) >= need:
            break
        if _spaced(d, placed):
            plan.append(d)
            placed.append(d)
    return plan


def _with_moves(
    plan: list[date],
    need: int,
    candidates: list[date],
    pinned: set[date],
    excluded: set[date],
    taken: list[date],
) -> list[date]:
    """The plan after the user's moves: moved sessions sit where the user put them; the others
    keep a rest day around them when the week has room, and otherwise stay where they were, so a
    move never makes the week lighter."""
    if not pinned and not excluded:
        return plan
    moved = sorted(d for d in pinned if d in candidates)[:need]
    wanted = need - len(moved)
    kept = [d for d in plan if d not in excluded and d not in moved]
    free = [d for d in candidates if d not in excluded and d not in moved]
    others = _place(wanted, free, [d for d in kept if d in free], taken + moved)
    if len(others) < min(wanted, len(kept)):
        others = kept[:wanted]
    return sorted(moved + others)


EXTRA_NOTE = (
    "That's more than this week's plan. Rest days help your body get stronger, "
    "so an easy day next is a good idea."
)


def _plan_week(idx: _Index, day: date, today: date, moves: list[Move] | None = None) -> WeekPlan:
    """The week holding ``day``. With ``moves`` (some of the week's moves, in order), the week
    as those moves alone would have left it, and without the sessions' origins."""
    history = idx.history
    ws = idx.week_of(day)
    days = week_days(ws)
    week_moves = _week_moves(history.moves, days) if moves is None else moves
    summary = _summary_for(idx, ws, today)
    lvl = LEVELS[summary.level] if summary else LEVELS[1]
    ready = summary.ready if summary else 0

    count_days = _counting_days(idx, ws, lvl)
    done_days = count_days[: lvl.sessions]
    complete = len(count_days) >= lvl.sessions
    paused_days = {d for d in days if idx.paused_on(d)}
    week_paused = bool(paused_days) and not complete
    painful = any(idx.days[d].pain for d in idx.by_week.get(ws, ()))
    too_hard = any(idx.days[d].hard for d in idx.by_week.get(ws, ()))

    need = max(0, lvl.sessions - len(count_days))
    candidates = [d for d in days if d >= today and d not in paused_days and d not in idx.days]
    offsets = _base_offsets(idx.settings, lvl.sessions, idx.first_weekday)
    base = [days[o] for o in offsets if days[o] in candidates]
    # Every day with a session keeps a rest day beside it, a short one too: it was a session.
    trained = sorted(idx.by_week.get(ws, ()))
    pinned, excluded = _moves_in_week(week_moves)
    in_place = _shorts_in_place(idx, days, count_days, need, today, offsets, candidates,
                                (pinned, excluded), paused_days, trained)
    if in_place is not None:
        took, planned = in_place
    else:
        took = set()
        plan = _place(need, candidates, base, trained)
        planned = set(_with_moves(plan, need, candidates, pinned, excluded, trained))

    changes: tuple[PlanChange, ...] = ()
    if ws <= today <= days[-1] and not took and not week_paused:
        usual = _usual_days(idx, days, offsets, lvl.sessions, paused_days, today)
        changes = _changes(usual, planned, idx.days, count_days, paused_days, pinned, excluded,
                           today)

    complete_on = count_days[lvl.sessions - 1] if complete else None
    origins: dict[date, date] = {}
    if moves is None:
        slots = sorted(set(done_days) | took | planned)
        origins = _origins(idx, day, today, [days[o] for o in offsets], week_moves, slots)
    plans: list[DayPlan] = []
    extra = False
    for d in days:
        agg = idx.days.get(d)
        minutes_done = agg.seconds // 60 if agg else 0
        sessions = tuple(agg.sessions) if agg else ()
        if agg is not None:
            if d in done_days:
                status = "done"
            elif d in count_days or (complete_on is not None and d > complete_on):
                status = "extra"
            else:
                status = "short"
        elif d in planned:
            status = "planned"
        elif d in paused_days:
            status = "paused"
        else:
            status = "rest"
        extra = extra or status == "extra"
        plans.append(
            DayPlan(
                day=d,
                status=status,
                minutes_done=minutes_done,
                sessions=sessions,
                planned=status == "planned",
                is_today=d == today,
                paused=d in paused_days,
                planned_minutes=lvl.minutes if status == "planned" else 0,
                in_place=d in took,
                origin=origins.get(d),
            )
        )

    started = idx.first_activity is not None and idx.week_of(idx.first_activity) <= ws
    lighter = (
        started
        and not complete
        and not week_paused
        and len(count_days) + len(took) + len(planned) < lvl.sessions
    )
    return WeekPlan(
        day=day,
        today=today,
        week_start=ws,
        level=lvl,
        paused=week_paused,
        counting_sessions=min(len(count_days), lvl.sessions),
        complete=complete,
        days=tuple(plans),
        next_step=_next_step(lvl, ready, complete, painful or too_hard, week_paused, ws, today),
        welcome_back=_welcome_back(idx, ws),
        extra_note=EXTRA_NOTE if extra else None,
        style=idx.settings.style,
        minutes_done=sum(p.minutes_done for p in plans),
        sessions_done=sum(len(p.sessions) for p in plans),
        lighter=lighter,
        painful=painful,
        too_hard=too_hard,
        short_sessions=sum(1 for p in plans if p.status == "short"),
        shorts_in_place=len(took),
        changes=changes,
    )


def _usual_days(idx: _Index, days: list[date], offsets: list[int], n: int,
                paused_days: set[date], today: date) -> list[date]:
    """The days the week's sessions usually sit on. In the week the person started with coach
    (their first record, or today when there is none yet), the days before it never were
    theirs: the week is planned from that first day, as it was planned on it, so nothing is
    said to have passed before they began."""
    usual = [days[o] for o in offsets]
    start = idx.first_activity
    if start is None or start > today:
        start = today
    if not usual or start <= usual[0]:
        return usual
    free = [d for d in days if d >= start and d not in paused_days]
    return _place(n, free, [d for d in usual if d in free], [])


def _changes(
    usual: list[date],
    planned: set[date],
    trained: Iterable[date],
    counted: list[date],
    paused_days: set[date],
    pinned: set[date],
    excluded: set[date],
    today: date,
) -> tuple[PlanChange, ...]:
    """Pair the usual days left without a session (none done there, not paused, not planned)
    with the planned days off the usual ones, in order, each with why it moved. A session that
    counted on another day stands for the earliest usual day left: that one did not move."""
    done = set(trained)
    away = [d for d in usual if d not in planned and d not in done and d not in paused_days]
    for d in counted:
        if d not in usual and away:
            away.pop(0)
    to = sorted(d for d in planned if d not in usual)
    # The user's own moves pair first: the day they moved away from, with the day they chose.
    found: list[PlanChange] = []
    asked_from = [d for d in away if d in excluded]
    asked_to = [d for d in to if d in pinned]
    for a, t in zip(asked_from, asked_to):
        found.append(PlanChange(from_day=a, to_day=t, reason="asked"))
        away.remove(a)
        to.remove(t)
    # A session that had moved on from a day gone by, then moved again by the user: the one
    # move is the one they asked for (not a day that passed, then another move).
    for t in [d for d in to if d in pinned]:
        gone = [a for a in away if a < today]
        if not gone:
            break
        found.append(PlanChange(from_day=gone[0], to_day=t, reason="asked"))
        away.remove(gone[0])
        to.remove(t)
    for a, t in zip(away, to):
        found.append(PlanChange(from_day=a, to_day=t, reason="passed" if a < today else "rest"))
    return tuple(sorted(found, key=lambda c: c.from_day))


def _origins(
    idx: _Index,
    day: date,
    today: date,
    usual: list[date],
    moves: list[Move],
    slots: list[date] | None = None,
    memo: dict[tuple[int, date], dict[date, date]] | None = None,
) -> dict[date, date]:
    """Where each of the week's sessions comes from: for every day holding one (planned,
    done, or a short session in a planned day's place; ``slots`` when the caller has them), a
    day of the week that names that session alone, whichever day it sits on now.

    Before any move, the sessions pair with the ``usual`` days in order: as days go by
    without a session, the plan moves sessions on in order, so each keeps where it came from
    from one day to the next. Then each of the week's ``moves`` in turn, the week planned
    again with the moves so far: the session moved keeps where it came from on the day it
    went to. It is the one on the day it left; when that day is no longer planned, the one
    that was there on the last day before that it was (the move was made on such a day, no
    later than either of its days), else the one an earlier move put there, else the one that
    usual day gave. A
    session done, or put on its day by an earlier move, keeps its own; the sessions that
    followed to keep a rest day pair with the ones left, in order. A session that pairs with
    none comes from its own day (or the first day of the week that no other session names).
    """
    memo = {} if memo is None else memo
    key = (len(moves), today)
    if key in memo:
        return memo[key]
    days = week_days(idx.week_of(day))
    done = [d for d in days if d in idx.days]

    def slots_with(k: int) -> list[date]:
        if k == len(moves) and slots is not None:
            return slots
        return _slot_days(_plan_week(idx, day, today, moves[:k]))

    current = _pair(slots_with(0), {d: d for d in usual}, days)
    pins: dict[date, date] = {}  # the day a move put a session on -> where it comes from
    for k, move in enumerate(moves, 1):
        source = move.from_day
        moved = current.get(source)
        then = min(source, move.to_day, today - timedelta(days=1))
        while moved is None and then >= days[0]:
            moved = _origins(idx, day, then, usual, moves[: k - 1], memo=memo).get(source)
            then -= timedelta(days=1)
        if moved is None:
            moved = pins.get(source) or (source if source in current.values() else None)
        now = slots_with(k)
        prev = dict(current)
        placed: dict[date, date] = {}
        if moved is not None:
            prev = {d: o for d, o in prev.items() if o != moved}
            pins = {d: o for d, o in pins.items() if o != moved}
            pins[move.to_day] = moved
            if move.to_day in now:
                placed[move.to_day] = moved
            else:  # its new day went by too: it moves on from there, in order
                prev[move.to_day] = moved
        current = _pair(now, prev, days, placed, fixed=[*done, *pins])
    memo[key] = current
    return current


def _slot_days(week: WeekPlan) -> list[date]:
    return [d.day for d in week.days
            if d.status in ("planned", "done") or (d.status == "short" and d.in_place)]


def _pair(slots: list[date], before: dict[date, date], days: list[date],
          placed: dict[date, date] | None = None, fixed: Iterable[date] = ()) -> dict[date, date]:
    """Each day of ``slots`` with where its session comes from: ``placed`` first, then each
    ``fixed`` day (a session done, or put there by a move) keeps what it had ``before``, then
    the other sessions of ``before``, in order, then a day that no other session names."""
    out = dict(placed or {})
    left = dict(before)
    for d in fixed:
        if d in slots and d not in out and d in left:
            out[d] = left.pop(d)
    rest = [d for d in slots if d not in out]
    for d, was in zip(rest, sorted(left)):
        out[d] = left[was]
    taken = set(out.values())
    for d in rest:
        if d not in out:
            out[d] = d if d not in taken else next(x for x in days if x not in taken)
            taken.add(out[d])
    return out


def _shorts_in_place(
    idx: _Index,
    days: list[date],
    count_days: list[date],
    need: int,
    today: date,
    offsets: list[int],
    candidates: list[date],
    moves: tuple[set[date], set[date]],
    paused_days: set[date],
    trained: list[date],
) -> tuple[set[date], set[date]] | None:
    """A short session done on a planned day takes that day's place: (the days it did so,
    the days still planned), the rest of the week's plan as it was. None when no short
    session sits on a planned day (the week is planned as usual).

    The plan "as it was" is the week planned as if the short sessions had not been done yet,
    from the earliest of them on: the short days are free days again, and only the sessions
    that count keep their rest days. A short session on a day that plan holds took its place;
    the other planned days stay, as long as each still keeps a rest day from every session
    done (else the week is planned as usual around them).
    """
    if need <= 0:
        return None
    shorts = [d for d in days if d in idx.days and d not in count_days and d <= today
              and d not in paused_days]
    if not shorts:
        return None
    free = sorted(set(candidates) | set(shorts))
    was_base = [days[o] for o in offsets if days[o] in free]
    was = _place(need, free, was_base, list(count_days))
    was = _with_moves(was, need, free, *moves, list(count_days))
    took = {d for d in was if d in shorts}
    if not took:
        return None
    rest = {d for d in was if d not in took}
    if not all(d in candidates and _spaced(d, trained) for d in rest):
        return None
    return took, rest


def _next_step(
    lvl: Level, ready: int, complete: bool, held: bool, paused: bool, ws: date, today: date
) -> NextStep | None:
    """``held``: a session of the week was painful or too hard, so the week does not bank."""
    if lvl.number >= TOP_LEVEL:
        return None
    over = ws + timedelta(days=6) < today
    if held:
        needed = 2
    elif complete:
        needed = 1 - ready
    elif paused or not over:
        needed = 2 - ready
    else:
        needed = 2
    return NextStep(level=LEVELS[lvl.number + 1], complete_weeks_needed=needed)


def _welcome_back(idx: _Index, ws: date) -> bool:
    """Earlier activity, no session in the two weeks (or more) before this week, and no
    check-in in the week before it either: someone who checked in every morning was not away,
    even if they did not train (their plan is still easier: rule 6)."""
    if idx.first_activity is None or idx.first_activity >= ws:
        return False
    last = idx.last_session_before(ws)
    reference = last if last is not None else idx.first_activity
    if (ws - reference).days <= WELCOME_BACK_DAYS:
        return False
    days = idx.checkin_days
    i = bisect_left(days, ws - timedelta(days=7))
    return not (i < len(days) and days[i] < ws)


# ---------------------------------------------------------------------------------------------
# Moving a session


def _move_options(idx: _Index, from_day: date, today: date) -> list[date]:
    week = _plan_week(idx, from_day, today)
    here = week.day_plan(from_day)
    if here is None or here.status != "planned":
        return []
    return [
        d.day
        for d in week.days
        if d.day >= today and d.day != from_day and d.status == "rest" and not d.paused
    ]


def _move_session(idx: _Index, from_day: date, to_day: date, today: date) -> Move:
    if idx.week_of(from_day) != idx.week_of(to_day):
        raise PlanError("A session can move to another day of the same week.")
    if to_day == from_day:
        raise PlanError("That's the day it is already on.")
    week = _plan_week(idx, from_day, today)
    here = week.day_plan(from_day)
    if here is None or here.status != "planned":
        raise PlanError(f"There is no session planned on {long_day(from_day)} to move.")
    if to_day < today:
        raise PlanError(f"{long_day(to_day)} has gone by; pick today or a day ahead.")
    there = week.day_plan(to_day)
    assert there is not None
    if there.status == "planned":
        raise PlanError(f"{long_day(to_day)} already has a session planned.")
    if there.sessions:
        raise PlanError(f"{long_day(to_day)} already has a session recorded.")
    if there.paused:
        raise PlanError(f"The plan is paused on {long_day(to_day)}.")
    return Move(from_day=from_day, to_day=to_day)


# ---------------------------------------------------------------------------------------------
# Buddy check-ins

_VERBS = {
    "text", "call", "ring", "phone", "message", "email", "e-mail", "mail", "write", "dm",
    "ping", "whatsapp", "signal", "telegram", "facetime", "skype", "visit", "see", "ask",
    "tell", "meet", "knock", "video", "send", "chat", "txt", "sms",
}


def _reach(buddy: Buddy) -> str:
    """How to get in touch, as a phrase that follows 'maybe': 'text Sam', 'get in touch with Sam'."""
    contact = " ".join(buddy.contact.split())
    name = " ".join(buddy.name.split()) or "your buddy"
    if contact:
        first = contact.split()[0].lower().strip(".,:;!")
        if first in _VERBS:
            return contact[0].lower() + contact[1:]
        return f"get in touch with {name} ({contact})"
    return f"get in touch with {name}"


def suggestion_text(reason: str, buddy: Buddy | None, lvl: Level | None = None) -> str:
    """The kind words for a suggestion (they name the buddy; nothing is ever sent)."""
    if reason == "find_buddy" or buddy is None:
        return (
            "A workout buddy makes a plan easier to keep. Is there someone you could ask "
            "to check in with you, or train together now and then?"
        )
    name = " ".join(buddy.name.split()) or "your buddy"
    reach = _reach(buddy)
    if reason == "after_session":
        return f"Nice work today. Want to share the win? Maybe {reach}."
    if reason == "quiet":
        return (
            f"How about a hello to {name}? Maybe {reach}, "
            "or plan a session together. Starting again is easier with company."
        )
    if reason == "week_start":
        plan = f"{lvl.sessions} sessions of {lvl.minutes} minutes" if lvl else "the plan"
        return f"A new week: {plan}. Maybe {reach} and share this week's plan."
    raise ValueError(f"unknown suggestion reason {reason!r}")


def _buddy_suggestion(idx: _Index, day: date) -> BuddySuggestion | None:
    history = idx.history
    acted = [c for c in history.buddy_checkins if c.status in ("done", "dismissed")]
    if any(c.day == day for c in acted):
        return None
    paused = idx.paused_on(day)
    ws = idx.week_of(day)
    buddy = history.buddy if history.buddy and history.buddy.name.strip() else None
    if buddy is None:
        if paused:
            return None
        we = ws + timedelta(days=6)
        if any(c.reason == "find_buddy" and ws <= c.day <= we for c in acted):
            return None
        return BuddySuggestion(reason="find_buddy", text=suggestion_text("find_buddy", None))

    # The level of the week holding ``day`` depends only on the weeks before it, which are all
    # over by ``day``: asking as of ``day`` gives the same level and shares the walk that
    # plan_week(day, day) has already made.
    summary = _summary_for(idx, ws, day)
    lvl = LEVELS[summary.level] if summary else LEVELS[1]
    agg = idx.days.get(day)
    if agg is not None and agg.best >= lvl.count_seconds:
        return BuddySuggestion(reason="after_session", text=suggestion_text("after_session", buddy, lvl))
    if not paused and _quiet(idx, day):
        return BuddySuggestion(reason="quiet", text=suggestion_text("quiet", buddy, lvl))
    if day == ws and not paused:
        return BuddySuggestion(reason="week_start", text=suggestion_text("week_start", buddy, lvl))
    return None


def _quiet(idx: _Index, day: date) -> bool:
    """Five or more days since the last session of any length (or since the first activity, or
    since a pause ended), counted up to ``day``."""
    if idx.first_activity is None or idx.first_activity > day:
        return False
    reference = idx.first_activity
    last = idx.last_session_on_or_before(day)
    if last is not None:
        reference = max(reference, last)
    for p in idx.pauses:
        if p.end is not None and p.end < day:
            reference = max(reference, p.end)
    return (day - reference).days >= QUIET_DAYS


# ---------------------------------------------------------------------------------------------
# Streak


def _week_streak(idx: _Index, today: date) -> int:
    if not idx.session_days:
        return 0
    first = idx.week_of(idx.session_days[0])
    ws = idx.week_of(today)
    streak = 0
    this_week = True
    while ws >= first:
        if ws in idx.by_week:
            streak += 1
        elif idx.paused_in_week(ws):
            pass
        elif this_week:
            pass  # this week is still young: last week's streak still stands
        else:
            break
        this_week = False
        ws -= timedelta(days=7)
    return streak


# ---------------------------------------------------------------------------------------------
# One history, many questions


class Planner:
    """The plan over one history: every question the rules answer. The history is grouped
    once, so asking about many weeks (Week, the command line) costs little more than one.

    The history must not change while a Planner is in use; make a new one after recording.
    """

    def __init__(self, history: History):
        self._idx = _Index(history)

    @property
    def history(self) -> History:
        return self._idx.history

    def week_start(self, day: date) -> date:
        return self._idx.week_of(day)

    def plan_week(self, day: date, today: date) -> WeekPlan:
        """The week holding ``day``: level, planned days, each day's status and the next step.

        ``today`` decides which days have passed (planned days move on from there).
        """
        return _plan_week(self._idx, day, today)

    def level_for(self, day: date, today: date | None = None) -> Level:
        """The level of the week holding ``day``."""
        summary = _summary_for(self._idx, self._idx.week_of(day), today)
        return LEVELS[summary.level] if summary else LEVELS[1]

    def week_summaries(
        self, until: date | None = None, today: date | None = None
    ) -> list[WeekSummary]:
        """Every week from the first activity's week on, as the rules saw it, in one pass.

        ``until`` is any day of the last week wanted (default: the later of ``today``'s week and
        the last recorded session's week).
        """
        return _walk(self._idx, _until_week(self._idx, until, today), today)

    def levels_by_week(
        self, until: date | None = None, today: date | None = None
    ) -> dict[date, int]:
        """The level of every week (keyed by its first day) from the first activity on, in one pass.

        Weeks before the first activity are at level 1 and are not listed.
        """
        return {w.week_start: w.level for w in self.week_summaries(until, today)}

    def buddy_suggestion(self, day: date) -> BuddySuggestion | None:
        """At most one buddy check-in suggestion for ``day``, or None.

        Precedence: after_session, quiet, week_start (with a buddy named); find_buddy (without one,
        until done or dismissed that week). A suggestion done or dismissed that day is not repeated.
        """
        return _buddy_suggestion(self._idx, day)

    def week_streak(self, today: date) -> int:
        """Weeks in a row with at least one session, ending this week or last week.

        A paused week without a session neither adds to it nor ends it.
        """
        return _week_streak(self._idx, today)

    def move_options(self, from_day: date, today: date) -> list[date]:
        """Days of the same week the session planned on ``from_day`` can move to (maybe none)."""
        return _move_options(self._idx, from_day, today)

    def move_session(self, from_day: date, to_day: date, today: date) -> Move:
        """Check that the session planned on ``from_day`` can move to ``to_day`` and return the Move
        to record. Raises ``PlanError`` with one kind line otherwise."""
        return _move_session(self._idx, from_day, to_day, today)


# ---------------------------------------------------------------------------------------------
# Effort steers the next session


def last_felt_too_hard(sessions: Iterable[Session], today: date) -> bool:
    """Whether the latest finished session up to ``today`` that was rated for effort was
    rated too hard: then the next session is the gentlest routine of the style, until a
    session feels easy or about right again."""
    rated = [s for s in sessions if s.finished and s.effort is not None and s.day <= today]
    if not rated:
        return False
    latest = max(rated, key=lambda s: (s.day, s.started_at is not None, s.started_at or s.day,
                                       s.id or 0))
    return latest.effort == "hard"
