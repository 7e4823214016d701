"""The application layer: one ``Coach`` between the store and whoever shows it.

The screens and the command line do the same things (record a session, check in, pause,
move a session, change a setting) through the same methods here, so each is written once.
A ``Coach`` owns the store, the calendar day (``today``), the clock, the history it has read
and when to read it again; it knows nothing of Textual. A write that fails raises
``StoreError`` (the app turns it into one notification, the command line into one line).

Whoever shows the data listens with :meth:`Coach.on_change`: it is called after every write
(and when the day rolls over), so screens know to read afresh.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from coach import dates
from coach.models import (
    Buddy,
    BuddyCheckin,
    Checkin,
    Entry,
    History,
    Move,
    Pause,
    Session,
    Settings,
)
from coach.plan import Level, Planner, WeekPlan
from coach.record import record, replace
from coach.text import as_stored, one_line, visible
from coach.store import Store, StoreError

if TYPE_CHECKING:
    from coach.insights import Insights
    from coach.cues import Cue
    from coach.mood import Care
    from coach.routines import Routine
    from coach.sync import SyncReport
    from coach.timer import Interval

SHORT_MINUTES = 10
"""The short session offered on a low morning (and chosen with h on Today)."""


@record
class TimerPlan:
    """What the timer runs: its intervals, and what the session is recorded as."""

    intervals: tuple[Interval, ...]
    routine: str | None = None
    style: str | None = None
    planned_minutes: int | None = None


def _shown_buddy(buddy: Buddy | None) -> Buddy | None:
    """The buddy with any control character in the name or contact made visible (an older
    coach stored them as given): every screen and command that names the buddy is safe."""
    if buddy is None:
        return None
    name, contact = visible(buddy.name), visible(buddy.contact)
    if name == buddy.name and contact == buddy.contact:
        return buddy
    return replace(buddy, name=name, contact=contact)


def _shown(history: History) -> History:
    history.buddy = _shown_buddy(history.buddy)
    return history


def _shown_sync(run: Callable[[], SyncReport]) -> SyncReport:
    """A sync's report (or its ``SyncError``) with any control character in its lines made
    visible: they name the folder, which was stored as given, and the app shows them."""
    from coach.sync import SyncError

    try:
        report = run()
    except SyncError as exc:
        raise SyncError(one_line(str(exc))) from None
    report.problems = [one_line(line) for line in report.problems]
    report.notices = [one_line(line) for line in report.notices]
    return report


class Coach:
    """The store, the day and the clock, and every action the screens and commands share.

    ``today`` and ``clock`` are functions (a test passes a frozen day and a fake clock), and
    so is ``now``, the wall clock that stamps what is written (when a record was deleted,
    the time of a check-in), given to the store too;
    ``recent=True`` (the app) answers questions about today from the recent history (see
    ``Store.recent_history``) until the whole history is asked for; the command line reads the
    whole history (``recent=False``).
    """

    def __init__(
        self,
        store: Store,
        *,
        today: Callable[[], date] | None = None,
        clock: Callable[[], float] | None = None,
        now: Callable[[], datetime] | None = None,
        recent: bool = True,
        keep_calendar: bool = True,
    ) -> None:
        self.store = store
        self.keep_calendar = keep_calendar
        """Whether every change writes the kept calendar file again (see refresh_calendar);
        the command line does it once as each command ends instead."""
        self.run_calendar: Callable[[Callable[[], str | None]], Any] = lambda job: job()
        """Runs the work of writing the kept calendar file (the app: in a worker thread)."""
        self.calendar_problem: str | None = None
        self.today: Callable[[], date] = today or dates.today
        self.clock: Callable[[], float] = clock or time.monotonic
        self.now: Callable[[], datetime] = now or dates.now
        store.now = self.now
        self.recent = recent
        self.history_adopted = False
        """True once this run found a history that never saw the welcome (Today says so)."""
        self.short_choice: dict[date, bool] = {}
        """Per day: True when the user chose the 10-minute session, False for the full one."""
        self._history: History | None = None
        self._recent: tuple[date, History] | None = None
        self._planner: Planner | None = None
        self._insights: Insights | None = None
        self._listeners: list[Callable[[], None]] = []
        self._write_listeners: list[Callable[[], None]] = []

    # ------------------------------------------------------------------ reading

    def history(self) -> History:
        """Everything the rules need; read once and kept until coach writes again."""
        if self._history is None:
            self._history = _shown(self.store.history())
        return self._history

    def history_read(self) -> bool:
        """True when the whole history has been read (and not written to since)."""
        return self._history is not None

    def warm_up(self) -> None:
        """Read the whole history ahead, so that what needs it (Week) is quick to open, and
        work out what helps (What helps me; kept until coach writes or the day turns); a read
        that fails is left for those to say."""
        try:
            if not self.history_read():
                self.history()
            self.insights()
        except StoreError:
            pass

    def recent_history(self) -> History:
        """The history as a question about today needs it: all sessions, recent check-ins only
        (see ``Store.recent_history``); the whole history when that has been read already."""
        if self._history is not None or not self.recent:
            return self.history()
        day = self.today()
        if self._recent is None or self._recent[0] != day:
            self._recent = (day, _shown(self.store.recent_history(day)))
        return self._recent[1]

    def planner(self) -> Planner:
        """The plan over the current history, grouped once (levels are walked once per load).

        The plan looks at check-ins only for where the history starts, which the recent
        history keeps, so it is built from that.
        """
        if self._planner is None:
            self._planner = Planner(self.recent_history())
        return self._planner

    def week(self, day: date | None = None) -> WeekPlan:
        """The week holding ``day`` (default today), as planned today."""
        today = self.today()
        return self.planner().plan_week(day or today, today)

    def settings(self) -> Settings:
        return self.store.settings()

    def insights(self) -> Insights:
        """What helps me: the mood lift by style, time of day and length, and the mornings of
        the last twelve weeks. Reads only the check-ins of those weeks (unless the whole
        history is read already); kept until coach writes again."""
        if self._insights is None:
            from coach.insights import WEEKS, insights

            day = self.today()
            if self._history is not None:
                history = self._history
            else:
                history = self.store.recent_history(day, days=WEEKS * 7)
            self._insights = insights(history, day)
        return self._insights

    def buddy(self) -> Buddy | None:
        """The buddy, as shown (any control character made visible: see :func:`_shown`)."""
        return _shown_buddy(self.store.buddy())

    def buddy_marks(self, since: date | None = None) -> list[BuddyCheckin]:
        """The buddy check-ins suggested, done or let go since ``since``, oldest first."""
        return self.store.buddy_checkins(since)

    def unfinished_sessions(self) -> list[Session]:
        """Sessions the timer saved as it went and never finished (the app closed)."""
        return self.store.unfinished_sessions()

    def care(self, day: date | None = None) -> Care:
        """What the morning of ``day`` (default today) calls for: the safety net, and the
        offer of the short session on a low morning with a session planned."""
        from coach.status import todays_care

        return todays_care(self.recent_history(), self.week(day))

    def adopt_history(self) -> bool:
        """A database that already has history (recorded with the command line, or imported)
        but never saw the welcome: count it as set up, its settings kept as they are. True
        when it did so (the welcome is then not shown)."""
        if self.store.settings().onboarded:
            return False
        history = self.history()
        if not (history.sessions or history.checkins or history.pauses):
            return False
        self.save_settings(onboarded=True)
        self.history_adopted = True
        return True

    def paused_today(self) -> bool:
        day = self.today()
        return any(
            p.start <= day and (p.end is None or p.end >= day)
            for p in self.recent_history().pauses
        )

    def morning_due(self) -> bool:
        """True when no morning check-in has been made today."""
        from coach.mood import morning_checkin_due

        return morning_checkin_due(self.recent_history().checkins, self.today())

    def screener_due(self) -> bool:
        """True when the weekly questions are on and not answered yet this week."""
        from coach.mood import screener_due

        history = self.recent_history()
        settings = history.settings
        return screener_due(history.checkins, self.today(), settings.screener,
                            settings.first_weekday)

    def stamp(self, day: date | None = None) -> datetime:
        """A time on ``day`` (default today) for a record made now: the clock's time of day."""
        return datetime.combine(day or self.today(), self.now().time())

    # ------------------------------------------------------------------ changes

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after every write (and when told the day changed)."""
        self._listeners.append(listener)

    def changed(self) -> None:
        """Forget what was read, and tell the listeners: call after the data changed (a write,
        a new day, another program writing to the same file)."""
        self._history = None
        self._recent = None
        self._planner = None
        self._insights = None
        if self.keep_calendar:
            self.refresh_calendar()
        for listener in self._listeners:
            listener()

    def on_write(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after every write made through this Coach (the app syncs then)."""
        self._write_listeners.append(listener)

    def _wrote(self, result: Any) -> Any:
        self.changed()
        for listener in self._write_listeners:
            listener()
        return result

    # ------------------------------------------------------------------ sync

    def sync_folder(self) -> str | None:
        """The sync folder, when one is set (``coach sync DIR``)."""
        folder = self.store.sync_state().get("folder")
        return folder if isinstance(folder, str) else None

    def sync(self, folder: str | None = None, *, compact: bool = False,
             own_connection: bool = False) -> SyncReport:
        """Merge with the sync folder (``folder``, remembered, or the one set before): see
        coach.sync. Raises SyncError or StoreError, one line each.

        ``own_connection`` is for a worker thread: the sync then reads and writes through a
        connection of its own, and the caller calls :meth:`changed` on its own thread when
        something came in. Otherwise the listeners are told here.
        """
        from coach.sync import sync

        if own_connection:
            with self.store.connect_again() as store:
                return _shown_sync(lambda: sync(store, folder, compact=compact,
                                                today=self.today()))
        report = _shown_sync(lambda: sync(self.store, folder, compact=compact, today=self.today()))
        if report.received:
            self.changed()
        return report

    def sync_after_write(self, *, own_connection: bool = False) -> SyncReport | None:
        """After writing: sync when a folder is set and something waits to be sent (what the
        command line does as each command ends, and the app a moment after each write)."""
        if own_connection:
            with self.store.connect_again() as store:
                if not store.sync_pending() or not store.sync_state().get("folder"):
                    return None
                from coach.sync import sync

                return _shown_sync(lambda: sync(store, today=self.today()))
        if not self.store.sync_pending() or not self.sync_folder():
            return None
        return self.sync()

    # ------------------------------------------------------------------ sessions

    def start_session(
        self, *, style: str | None, routine: str | None, mood_before: int | None
    ) -> Session:
        """The timer's session, saved unfinished as it starts (so closing never loses it)."""
        day = self.today()
        started = self.stamp(day)
        return self._wrote(self.store.add_session(Session(
            day=day, seconds=0, started_at=started, style=style, routine=routine,
            mood_before=mood_before, finished=False, time_of_day=f"{started:%H:%M}",
        )))

    def save_progress(self, session_id: int, seconds: int, *, quiet: bool = False) -> Session:
        """Bring an unfinished session's seconds up to date. ``quiet``: nothing shown depends
        on it, so the listeners are not told (the timer saves every few seconds)."""
        saved = self.store.update_session(session_id, seconds=seconds)
        return saved if quiet else self._wrote(saved)

    def choose_easier(self, session_id: int, easier: tuple[str, ...]) -> Session:
        """Keep the exercises switched to their easier variant with the running session (a
        quiet write, as its progress is: nothing shown elsewhere depends on it)."""
        return self.store.update_session(session_id, easier=tuple(easier))

    def record_session(
        self,
        *,
        seconds: int,
        day: date | None = None,
        session_id: int | None = None,
        style: str | None = None,
        routine: str | None = None,
        mood_before: int | None = None,
        mood_after: int | None = None,
        pain: bool = False,
        note: str | None = None,
        effort: str | None = None,
        easier: tuple[str, ...] = (),
        started_at: datetime | None = None,
        time_of_day: str | None = None,
    ) -> Session:
        """Record a finished session: the timer's unfinished one (``session_id``), or a new one
        (a session done away from the app, or the timer's when it could not be saved as it
        went). A new session done today gets the time it was recorded, unless ``started_at``
        says when it started. ``time_of_day`` ("HH:MM") is when it started, for what helps me:
        the timer's session knows it; one logged afterwards only when told."""
        if session_id is not None:
            return self._wrote(self.store.update_session(
                session_id, finished=True, seconds=seconds, mood_after=mood_after, pain=pain,
                effort=effort, easier=tuple(easier),
            ))
        day = day or self.today()
        if started_at is None and day == self.today():
            started_at = self.stamp(day)
        return self._wrote(self.store.add_session(Session(
            day=day, seconds=seconds, style=style, routine=routine, mood_before=mood_before,
            mood_after=mood_after, pain=pain, note=note, finished=True, started_at=started_at,
            effort=effort, easier=tuple(easier), time_of_day=time_of_day,
        )))

    def keep_unfinished(self, session_id: int) -> Session:
        """Record an unfinished session as it was left."""
        return self._wrote(self.store.update_session(session_id, finished=True))

    def drop_session(self, session_id: int) -> None:
        """Let a session go (nothing timed, or an unfinished one not to keep)."""
        self.store.delete_session(session_id)
        self.changed()

    # ------------------------------------------------------------------ check-ins

    def save_checkin(
        self,
        kind: str,
        *,
        day: date | None = None,
        mood: int | None = None,
        anxiety: int | None = None,
        note: str | None = None,
        answers: tuple[int, ...] | None = None,
    ) -> Checkin:
        """A morning check-in (or the weekly questions' ``answers``), stamped now."""
        day = day or self.today()
        return self._wrote(self.store.add_checkin(Checkin(
            day=day, kind=kind, at=self.stamp(day), mood=mood, anxiety=anxiety,
            note=note or None, answers=answers,
        )))

    def launched(self) -> bool:
        """Note today's first launch; True when this is it (a later one writes nothing)."""
        day = self.today().isoformat()
        if self.store.get_value("last_launch_day") == day:
            return False
        self.store.set_value("last_launch_day", day)
        return True

    # ------------------------------------------------------------------ the plan

    def pause(self, start: date | None = None, end: date | None = None) -> Pause:
        """Pause the plan from ``start`` (default today) until ``end`` (None: until resumed)."""
        return self._wrote(self.store.add_pause(start or self.today(), end))

    def pause_holding(self, start: date | None = None) -> Pause | None:
        """The pause that already holds ``start`` (default today), so that pausing from then
        would add nothing; None when there is none. A pause until resumed leaves room for
        one planned later, which outlives the resume."""
        today = self.today()
        start = start or today
        return next((p for p in self.store.pauses()
                     if p.covers(start) and not (p.end is None and start > today)), None)

    def resume(self) -> list[Pause]:
        """Lift the pause in force today (one planned for later stays); the pauses lifted,
        as they were (none: it was not paused)."""
        changed = self.store.resume(self.today())
        return self._wrote(changed) if changed else changed

    def pauses_now_and_planned(self) -> list[Pause]:
        """The pause in force today and those planned after it, in order."""
        today = self.today()
        return [p for p in self.store.pauses() if p.covers(today) or p.start > today]

    def planned_pauses(self) -> list[Pause]:
        """The pauses that start after today."""
        today = self.today()
        return [p for p in self.store.pauses() if p.start > today]

    def cancel_pause(self, pause_id: int) -> Pause | None:
        """Cancel one planned pause; it, or None when there is none by that number."""
        return self._wrote(self.store.cancel_pause(pause_id))

    def move_options(self) -> list[date]:
        """The days this week today's session can move to (empty: none, or nothing to move)."""
        day = self.today()
        here = self.week().today_plan
        if here is None or here.status != "planned":
            return []
        return self.planner().move_options(day, day)

    def move_session(self, to_day: date) -> Move:
        """Move today's session to ``to_day``; PlanError (one line) when it cannot go there."""
        day = self.today()
        move = self.planner().move_session(day, to_day, day)
        return self._wrote(self.store.add_move(move))

    def short_chosen(self, day: date | None = None) -> bool:
        """The 10-minute session: the user's choice for the day, else offered on a low morning."""
        from coach import mood

        day = day or self.today()
        choice = self.short_choice.get(day)
        if choice is not None:
            return choice
        return mood.low_mood_today(self.recent_history().checkins, day)

    def toggle_short(self) -> bool:
        """Switch today between the short and the full session; True when short now."""
        day = self.today()
        self.short_choice[day] = short = not self.short_chosen(day)
        return short

    def session_minutes(self, week: WeekPlan | None = None) -> int:
        """How long today's session is: the short one if chosen, else as planned."""
        day = self.today()
        week = week or self.week()
        if self.short_chosen(day):
            return SHORT_MINUTES
        here = week.day_plan(day)
        if here is not None and here.planned_minutes:
            return here.planned_minutes
        return week.level.minutes

    def gentler_next(self) -> bool:
        """True when the latest session rated for effort felt too hard: the next session is
        then the gentlest routine of the chosen style."""
        from coach.plan import last_felt_too_hard

        return last_felt_too_hard(self.recent_history().sessions, self.today())

    def gentlest_routine(self) -> Routine | None:
        """The gentlest routine of the chosen style, for today's minutes."""
        from coach.routines import gentlest_routine

        return gentlest_routine(self.recent_history().settings.style, self.session_minutes())

    def todays_routine(self, level: Level | None = None) -> Routine | None:
        """Today's routine in the chosen style (None when no routine is installed): the
        gentlest of the style after a session that felt too hard, else the style's routines
        in turn."""
        from coach.routines import routine_for

        if self.gentler_next():
            gentlest = self.gentlest_routine()
            if gentlest is not None:
                return gentlest
        settings = self.recent_history().settings
        lvl = level or self.week().level
        days = settings.days_two if lvl.sessions == 2 else settings.days_three
        try:
            return routine_for(settings.style, self.today(), days)
        except LookupError:
            return None

    def timer_plan(self, spec: str | None = None) -> TimerPlan:
        """What the timer runs: today's session (``spec`` None), a routine by name or title, a
        style (its gentlest routine), or a quick ``WORK/REST[xROUNDS]`` spec; every routine
        for today's minutes. ValueError or LookupError (one line) when it cannot run."""
        from coach.routines import (
            NoSuchRoutine,
            build_intervals,
            find,
            looks_like_quick_timer,
            not_found_text,
        )
        from coach.timer import parse_spec, spec_name

        week = self.week()
        minutes = self.session_minutes(week)
        if spec is None or not spec.strip():
            routine = self.todays_routine(week.level)
            if routine is None:
                raise ValueError("No routines are installed; try a quick timer like 40/20x8.")
        elif looks_like_quick_timer(spec):
            return TimerPlan(intervals=tuple(parse_spec(spec)), routine=spec_name(spec))
        else:  # a routine's name or title, or a style: its gentlest, for today's minutes
            try:
                routine = find(spec, minutes)
            except NoSuchRoutine as exc:
                raise ValueError(not_found_text(exc)) from None
        return TimerPlan(
            intervals=tuple(build_intervals(routine, minutes)),
            routine=routine.slug,
            style=routine.style,
            planned_minutes=minutes,
        )

    # ------------------------------------------------------------------ correcting the history

    def entries(self, since: date | None = None, until: date | None = None) -> list[Entry]:
        """The sessions and check-ins from ``since`` to ``until``, each with its short id."""
        return self.store.entries(since=since, until=until)

    def entry(self, ref: str) -> Entry | None:
        """The record a short id (``s12``) or a uid names; None when there is none."""
        return self.store.entry(ref)

    def edit_entry(self, entry: Entry, changes: dict[str, Any]) -> Entry:
        """Change a session or a check-in (see ``corrections.check_changes`` for what can
        change); ``EditError`` in one line, with nothing written, for what ``coach log`` or
        ``coach checkin`` would refuse. The record as saved."""
        from coach.corrections import apply_changes, check_changes

        checked = check_changes(entry, changes, self.today(), self.now())
        return self._wrote(apply_changes(self.store, entry, checked))

    def delete_entry(self, entry: Entry) -> None:
        """Delete a record, leaving a tombstone; :meth:`undo_delete` brings it back."""
        self.store.delete_entry(entry)
        self._wrote(None)  # a write like any other: the app syncs it a moment later

    def undo_delete(self) -> Entry | None:
        """Bring back the record deleted last; None when there is none."""
        back = self.store.undelete()
        return self._wrote(back) if back is not None else None

    def odd_records(self) -> list[Entry]:
        """The records out of range that an older coach let in (see ``Store.odd_records``)."""
        return self.store.odd_records(self.today())

    def odd_records_note(self) -> str | None:
        """The records out of range, in the words the command line says them (see
        ``words.odd_lines``), one per line; None when there are none. The app shows it once,
        as it opens."""
        from coach.words import odd_lines

        lines = odd_lines(self.odd_records())
        return "\n".join(lines) if lines else None

    # ------------------------------------------------------------------ settings, buddy

    def save_settings(self, **changes: Any) -> Settings:
        return self._wrote(self.store.save_settings(**changes))

    def toggle_setting(self, name: str) -> bool:
        """Flip a yes/no setting (the weekly questions, the timer's bell); its new value."""
        value = not getattr(self.store.settings(), name)
        self.save_settings(**{name: value})
        return value

    def remember_theme(self, name: str) -> None:
        """Keep the colour theme for next time (written only when it changed)."""
        if self.store.settings().theme != name:
            self.store.save_settings(theme=name)

    def set_buddy(self, name: str | None, contact: str | None = None) -> Buddy | None:
        """Name the buddy (None: no buddy). A name or contact given as :meth:`buddy` shows
        the stored one (its control characters made visible) keeps the stored one: a screen
        that shows the buddy and saves what is left unchanged changes nothing."""
        stored = self.store.buddy()
        if stored is not None:
            if name:
                name = as_stored(name, stored.name)
            if contact is not None:
                contact = as_stored(contact, stored.contact)
        return self._wrote(self.store.set_buddy(name, contact))

    def mark_buddy(self, reason: str, status: str) -> BuddyCheckin:
        """Today's buddy suggestion (``reason``) done or let go (``status``)."""
        return self._wrote(self.store.record_buddy_checkin(self.today(), reason, status))

    # ------------------------------------------------------------------ cues, the calendar

    def cues(self) -> dict[int, Cue]:
        """The if-then cues by weekday (0 Monday ... 6 Sunday)."""
        return self.store.cues()

    def session_cue(self, day: date | None = None, week: WeekPlan | None = None) -> Cue | None:
        """The if-then cue of the session planned on ``day`` (default today), if any."""
        from coach.cues import week_cues

        day = day or self.today()
        week = week if week is not None and week.day_plan(day) is not None else self.week(day)
        return week_cues(self.cues(), week).get(day)

    def change_cues(self, days: list[int], *, when: str | None = None, at: str | None = None,
                    if_hard: str | None = None, clear: bool = False) -> dict[int, Cue]:
        """Change the cues of ``days`` (see ``coach.cues.change_cues``: CueError for text or a
        time it cannot take, before anything is written); the cues as they are now."""
        from coach.cues import change_cues

        changed = change_cues(self.cues(), days, when=when, at=at, if_hard=if_hard, clear=clear)
        return self._wrote(self.store.save_cues(changed))

    def save_cue(self, days: list[int], cue: Cue) -> dict[int, Cue]:
        """Give ``days`` this cue, all three parts (an empty cue: no cue)."""
        return self.change_cues(days, when=cue.when, at=cue.at or "", if_hard=cue.if_hard,
                                clear=True)

    def refresh_calendar(self) -> None:
        """Bring the kept calendar file (``coach calendar --keep FILE``) up to date with the
        plan; called after every change. The plan is read here; the file is built and written
        by ``run_calendar`` (at once, unless whoever shows coach runs it beside the screen).
        A problem is kept in ``calendar_problem`` (one line), for whoever shows coach."""
        from coach.ics import kept_calendar, write_kept

        kept = kept_calendar(self.store)
        if kept is None:
            return
        history, cues, day = self.recent_history(), self.cues(), self.today()
        calendar_id = self.store.calendar_id()

        def job() -> str | None:
            problem = write_kept(kept, history, cues, day, calendar_id)
            self.calendar_problem = None if problem is None else one_line(problem)  # a path
            return self.calendar_problem

        self.run_calendar(job)
