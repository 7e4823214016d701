"""coach's command line (click).

Every command takes ``--db PATH`` (also ``COACH_DB``). Bad input is refused with one line on
standard error and exit status 2, and nothing is written: every check that needs no database
is made before the database is opened, so a refused command creates no database, no file
beside it, and runs no migration. A problem with the database file, or a write that fails, is
one line and exit status 1.

Everything printed goes through :func:`echo`, which shows any control character in stored
text visibly (``coach.text.visible``): an old record cannot write to the terminal.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import click

from coach import __version__
from coach.corrections import MAX_MINUTES
from coach.dates import check_plan_day, check_record_day, check_view_day, parse_date
from coach.models import EFFORTS, STYLE_NAMES, STYLES, Checkin, Session
from coach.paths import resolve_db_path
from coach.store import Store, StoreError
from coach.text import LINE_LIMIT, NAME_LIMIT, NOTE_LIMIT, check_text, visible
from coach.words import history_span, long_day

if TYPE_CHECKING:
    from coach.service import Coach


class InputError(click.UsageError):
    """Bad input from the user: one line on stderr, exit status 2."""


class WriteError(click.ClickException):
    """A write that could not be made (a full disk, a closed output): one line, exit status 1."""

    exit_code = 1


def echo(text: str = "", err: bool = False) -> None:
    """Print a line, with any control character in it made visible (never sent raw)."""
    click.echo(visible(text, note=True), err=err)


class DateType(click.ParamType):
    """A YYYY-MM-DD day within bounds: ``record`` (1970-01-01 to today), ``plan`` (up to a few
    years ahead) or ``view`` (a few years either side of today)."""

    name = "date"

    def __init__(self, bound: str = "view"):
        self.bound = bound

    def convert(self, value: Any, param: Any, ctx: Any) -> date:
        try:
            day = value if isinstance(value, date) else parse_date(str(value))
            check = {"record": check_record_day, "plan": check_plan_day,
                     "view": check_view_day}[self.bound]
            return check(day, _today())
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateType("view")
RECORD_DATE = DateType("record")
PLAN_DATE = DateType("plan")


class TextType(click.ParamType):
    """Text coach will store (``coach.text.check_text``): no control characters, newlines only
    in a note, a sane length."""

    name = "text"

    def __init__(self, what: str, *, note: bool = False, limit: int = LINE_LIMIT):
        self.what, self.note, self.limit = what, note, limit

    def convert(self, value: Any, param: Any, ctx: Any) -> str:
        try:
            return check_text(str(value), self.what, note=self.note, limit=self.limit)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


NOTE = TextType("the note", note=True, limit=NOTE_LIMIT)


class FileType(click.ParamType):
    """A file name: anything the system takes (a NUL byte it does not)."""

    name = "file"

    def convert(self, value: Any, param: Any, ctx: Any) -> str:
        text = str(value)
        if "\x00" in text:
            self.fail("a file name cannot hold a NUL character", param, ctx)
        return text


FILE = FileType()


class ScaleType(click.ParamType):
    """A 1-5 answer (mood or anxiety), refused with the words of the scale."""

    name = "1-5"

    def __init__(self, what: str):
        self.what = what

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        from coach.mood import check_anxiety, check_mood

        check = check_mood if self.what == "mood" else check_anxiety
        try:
            return check(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class MinutesType(click.ParamType):
    """Whole minutes of a session, 1 to MAX_MINUTES, refused in plain words."""

    name = "minutes"

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        text = str(value).strip()
        digits = text[1:] if text[:1] in "+-" else text
        if not (digits.isascii() and digits.isdigit() and len(digits) < 10):
            self.fail(f"'{value}' is not a number of minutes (a whole number, e.g. 20)", param, ctx)
        minutes = int(text)
        if not 1 <= minutes <= MAX_MINUTES:
            self.fail(f"{minutes} is not a session length coach records (1 to {MAX_MINUTES} "
                      "minutes)", param, ctx)
        return minutes


class ClockType(click.ParamType):
    """A time of day as HH:MM (24-hour clock), refused in plain words."""

    name = "HH:MM"

    def convert(self, value: Any, param: Any, ctx: Any) -> time:
        if isinstance(value, time):
            return value
        text = str(value).strip()
        hours, colon, minutes = text.partition(":")
        if (colon and hours.isdigit() and minutes.isdigit() and len(minutes) == 2
                and 1 <= len(hours) <= 2 and int(hours) < 24 and int(minutes) < 60):
            return time(int(hours), int(minutes))
        self.fail(f"'{value}' is not a time of day (use HH:MM on a 24-hour clock, e.g. 07:30)",
                  param, ctx)


MINUTES = MinutesType()
CLOCK = ClockType()
MOOD = ScaleType("mood")
ANXIETY = ScaleType("anxiety")


def _check_db(ctx: click.Context, param: Any, value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise click.BadParameter("the path is empty (leave --db out for the default database)",
                                 ctx, param)
    if value is not None and "\x00" in value:
        raise click.BadParameter("a file name cannot hold a NUL character", ctx, param)
    return value


def _db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        "db",
        metavar="PATH",
        envvar="COACH_DB",
        callback=_check_db,
        help="The database file (default: coach.db in your user data folder; also COACH_DB).",
    )(func)


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a name too long, say: opening it will say so in one line
        return True


#: The databases this run opened: their status lines are kept afresh once it ends well.
_OPENED: list[Path] = []


def _db_path(ctx: click.Context, db: str | None) -> Path:
    """The database: ``--db`` after the command, else ``--db`` before it, else COACH_DB (each
    command's option also reads COACH_DB, so a ``--db`` given before the command wins over it)."""
    from click.core import ParameterSource

    root = ctx.find_root()
    given = root.params.get("db")
    if db is not None and ctx.get_parameter_source("db") == ParameterSource.ENVIRONMENT and given:
        db = None
    return resolve_db_path(db or given or (ctx.obj or {}).get("db"))


def _open_store(ctx: click.Context, db: str | None) -> Store:
    """Open the database. Call it only once everything that can be checked without it was:
    a command refused after this point has still written nothing, but may have created or
    upgraded the file."""
    path = _db_path(ctx, db)
    try:
        store = Store.open(path)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    ctx.call_on_close(store.close)
    ctx.call_on_close(lambda: _keep_calendar(store))
    ctx.call_on_close(lambda: _sync_after_write(ctx, store))
    _OPENED.append(path)
    _say_odd_records(store)
    _say_damaged_settings(store)
    return store


def _say_damaged_settings(store: Store) -> None:
    """One line on standard error for each setting coach cannot read; it reads as its default
    and the command goes on (nothing is written for it)."""
    from coach.words import damaged_setting

    for key in store.damaged_settings():
        echo(f"coach: {damaged_setting(key)}", err=True)


def _open_coach(ctx: click.Context, db: str | None) -> Coach:
    """The store under the commands' shared actions; a command reads the whole history."""
    from coach.service import Coach

    # The kept calendar file is written once as the command ends (_keep_calendar).
    return Coach(_open_store(ctx, db), today=_today, recent=False, keep_calendar=False)


def _sync_after_write(ctx: click.Context, store: Store) -> None:
    """As a command that wrote something ends, merge with the sync folder, if one is set.
    A sync that cannot be done is one line; the command's own work stands."""
    if (ctx.obj or {}).get("synced") or not store.sync_pending():
        return  # (a read-only command costs one query here)
    from coach.service import Coach
    from coach.sync import SyncError

    try:
        report = Coach(store, today=_today, recent=False).sync_after_write()
    except (StoreError, SyncError) as exc:
        from coach.words import NOT_SYNCED

        echo(f"coach: {NOT_SYNCED.lower()}: {exc}", err=True)
        return
    for line in report.notices + report.problems if report else []:
        echo(f"coach sync: {line}", err=True)


def _say_odd_records(store: Store) -> None:
    """One line on standard error for each record out of range (an older coach let it in):
    which it is and how to remove it. Such records never stop a command."""
    from coach.words import odd_lines

    for line in odd_lines(store.odd_records(_today())):
        echo(f"coach: {line}", err=True)


def _keep_calendar(store: Store) -> None:
    """After a command that wrote: write the kept calendar file again (coach calendar --keep)."""
    if not store.writes:
        return
    from coach.service import Coach

    coach = Coach(store, today=_today, recent=False)
    try:
        coach.refresh_calendar()
        problem = coach.calendar_problem
    except StoreError as exc:
        problem = f"The calendar file was not updated: {exc}"
    if problem:
        echo(f"coach: {problem}", err=True)


def _keep_status_lines(path: Path) -> None:
    from coach.status import refresh_kept_lines

    refresh_kept_lines(path)


def _say(text: str) -> None:
    """Print text for a person, its long lines wrapped to the terminal's width."""
    from coach.text import wrapped

    echo(wrapped(text))


def _today() -> date:
    from coach.dates import today

    return today()


class CoachGroup(click.Group):
    """The command group, listing each command with its first sentence whole (click cuts it
    to fit the terminal's width and ends it with "..."; here it wraps instead)."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=CoachGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="coach", message="%(prog)s %(version)s")
@_db_option
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """A gentle coach for starting strength training and keeping at it.

    With no command, coach opens on Today.
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    if ctx.invoked_subcommand is None:
        _run_app(ctx, db)


def _run_app(ctx: click.Context, db: str | None, **kwargs: Any) -> None:
    store = _open_store(ctx, db)
    from coach.app import CoachApp

    app = CoachApp(store.path, store=store, **kwargs)
    app.run()
    code = app.return_code or 0
    if code:
        ctx.exit(code)


# --------------------------------------------------------------------------- timer


@cli.command()
@click.argument("spec", required=False)
@_db_option
@click.pass_context
def timer(ctx: click.Context, spec: str | None, db: str | None) -> None:
    """Open the interval timer on a routine, a style or a quick timer.

    SPEC is a routine's name or title (coach routines lists them), a style (yoga: its
    gentlest routine, for today's minutes), or WORK/REST[xROUNDS] in seconds (40/20x8).
    Without SPEC, today's planned session.
    """
    if spec is not None:
        _check_timer_spec(spec)
    _run_app(ctx, db, start="timer", timer_spec=spec)


def _check_timer_spec(spec: str) -> None:
    from coach.routines import NoSuchRoutine, find, looks_like_quick_timer, not_found_text
    from coach.timer import SpecError, parse_spec

    text = spec.strip()
    if looks_like_quick_timer(text):
        try:
            parse_spec(text)
        except SpecError as exc:
            raise InputError(str(exc)) from None
        return
    try:
        find(text, 20)  # whether it names one; the app sizes it to today's minutes
    except NoSuchRoutine as exc:
        raise InputError(not_found_text(exc)) from None
    except (LookupError, ValueError) as exc:
        raise InputError(str(exc)) from None


@cli.command()
@_db_option
@click.pass_context
def routines(ctx: click.Context, db: str | None) -> None:
    """The routines, by style: the name to give coach timer, the minutes, what each needs."""
    from coach.report import routines_text

    week = _open_coach(ctx, db).week()
    _say(routines_text(week.level.minutes, week.level.number))


# --------------------------------------------------------------------------- status, plan


@cli.command()
@click.option("--quiet", is_flag=True,
              help="Print nothing; exit 0 when a session is planned today and not done yet, "
                   "else 1 (for a shell prompt).")
@_db_option
@click.pass_context
def status(ctx: click.Context, quiet: bool, db: str | None) -> None:
    """Today's plan and the week so far, in a few plain lines.

    It prints what today holds (a session with its style and minutes, a rest day and when
    the next session is, or what was done), the week's sessions done of those planned with
    your level, and what the next step up needs; once there are sessions with moods before
    and after, how often you felt better after.

    Quick enough for a shell's start-up file: add coach status to ~/.bashrc or ~/.zshrc.
    """
    from coach.status import session_due, status_text

    store = _open_store(ctx, db)
    if quiet:
        ctx.exit(0 if session_due(store, _today()) else 1)
    _say(status_text(store, _today()))  # any record out of range: said on stderr


@cli.command()
@click.option("--date", "day", type=DATE, help="Any day of the week to show (default today).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object, for scripts.")
@_db_option
@click.pass_context
def plan(ctx: click.Context, day: date | None, as_json: bool, db: str | None) -> None:
    """The week that holds a date (default today)."""
    from coach import report
    from coach.cues import week_cues
    from coach.mood import insight, low_mood_today

    coach = _open_coach(ctx, db)
    day = day or _today()
    week = coach.week(day)
    suggestion = coach.planner().buddy_suggestion(day)
    history = coach.history()
    day_cues = week_cues(coach.store.cues(), week)
    if as_json:
        care = coach.care(day)  # the date's morning
        echo(json.dumps(report.week_to_json(week, suggestion, care, day_cues), indent=2))
        return
    found = insight(history.sessions)
    # The person reading now: the safety net and the offer are this morning's.
    now = coach.care()
    _say(report.week_text(week, suggestion, insight_line=found.text if found else None,
                          care=now, buddy=coach.buddy(), day_cues=day_cues,
                          low_mood=low_mood_today(history.checkins, _today())))


# --------------------------------------------------------------------------- log, checkin


@cli.command()
@click.option("--minutes", type=MINUTES, required=True,
              help="How long the session lasted, in minutes (1-600).")
@click.option("--date", "day", type=RECORD_DATE, help="The day of the session (default today).")
@click.option("--style", type=click.Choice(STYLES, case_sensitive=False),
              help="Bodyweight, bands, weights, pilates, barre or yoga.")
@click.option("--mood-before", type=MOOD, help="Mood before, 1-5.")
@click.option("--mood-after", type=MOOD, help="Mood after, 1-5.")
@click.option("--pain", is_flag=True, help="Something hurt during the session.")
@click.option("--effort", type=click.Choice(EFFORTS, case_sensitive=False),
              help="How hard it felt: easy, right (about right) or hard (too hard).")
@click.option("--at", "at", type=CLOCK, help="When it started, HH:MM (for what helps me).")
@click.option("--note", type=NOTE, help="A note for yourself.")
@_db_option
@click.pass_context
def log(ctx: click.Context, minutes: int, day: date | None, style: str | None,
        mood_before: int | None, mood_after: int | None, pain: bool, effort: str | None,
        at: time | None, note: str | None, db: str | None) -> None:
    """Record a session done away from the app."""
    day = day or _today()
    started_at = None
    if at is not None:
        started_at = datetime.combine(day, at)
        if started_at > datetime.now():
            raise InputError(f"--at {at:%H:%M} is later than now; coach records what has happened")
    coach = _open_coach(ctx, db)
    style = (style or coach.settings().style).lower()
    coach.record_session(seconds=minutes * 60, day=day, style=style, mood_before=mood_before,
                         mood_after=mood_after, pain=pain, note=note or None,
                         effort=effort.lower() if effort else None, started_at=started_at,
                         time_of_day=f"{at:%H:%M}" if at is not None else None)
    week = coach.week(day)
    kind = next((d.status for d in week.days if d.day == day), "done")
    when = "today" if day == _today() else long_day(day, _today())
    _say(f"Recorded {minutes} minutes of {STYLE_NAMES[style].lower()} {when}.")
    this_week = week.week_start <= _today() <= week.week_start + timedelta(days=6)
    which = "this" if this_week else "that"
    if kind == "extra":
        _say(f"That's more than {which} week's plan: lovely, and rest helps your body build too.")
    elif kind == "short":
        _say("Every minute counts: showing up is what matters.")
    else:
        _say(f"That's {week.counting_sessions} of {week.level.sessions} {which} week. "
                   "Well done.")
    if mood_before is not None and mood_after is not None and mood_after > mood_before:
        _say(f"Your mood went from {mood_before} to {mood_after}.")
    if pain:
        _say("Noted that something hurt. Go gently, and let the next step wait until it settles.")
    elif effort and effort.lower() == "hard":
        from coach.insights import TOO_HARD_NOTE

        _say(TOO_HARD_NOTE)


@cli.command()
@click.option("--mood", type=MOOD, required=True,
              help="1 very low, 2 low, 3 okay, 4 good, 5 great.")
@click.option("--anxiety", type=ANXIETY, help="1 calm ... 5 very anxious.")
@click.option("--note", type=NOTE, help="A note for yourself.")
@click.option("--date", "day", type=RECORD_DATE, help="The day (default today).")
@_db_option
@click.pass_context
def checkin(ctx: click.Context, mood: int, anxiety: int | None, note: str | None,
            day: date | None, db: str | None) -> None:
    """Record a morning check-in."""
    from coach.mood import MOOD_WORDS

    day = day or _today()
    _open_coach(ctx, db).save_checkin("morning", day=day, mood=mood, anxiety=anxiety, note=note)
    _say(f"Thanks for checking in: mood {mood} ({MOOD_WORDS[mood]}).")
    if mood <= 2 and day == _today():
        _say("Go gently today. A short 10-minute session counts too, and so does rest.")


# --------------------------------------------------------------------------- insights


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object, for scripts.")
@_db_option
@click.pass_context
def insights(ctx: click.Context, as_json: bool, db: str | None) -> None:
    """What helps me: your mood lift by style, time of day and length, and recent mornings."""
    from coach.insights import insights_text

    found = _open_coach(ctx, db).insights()
    if as_json:
        echo(json.dumps(found.to_json(), indent=2))
    else:
        echo(insights_text(found))


# --------------------------------------------------------------------------- buddy


@cli.command()
@click.argument("name", required=False, type=TextType("the name", limit=NAME_LIMIT))
@click.option("--contact", metavar="TEXT", type=TextType("the contact"),
              help='How you reach them, e.g. "text Sam".')
@click.option("--remove", is_flag=True, help="Forget the buddy.")
@_db_option
@click.pass_context
def buddy(ctx: click.Context, name: str | None, contact: str | None, remove: bool,
          db: str | None) -> None:
    """Show or set your workout buddy."""
    if remove and (name or contact):
        raise InputError("--remove takes no name or --contact")
    if name is not None and not name.strip():
        raise InputError("the buddy's name is empty")
    if name is None and contact is not None and not _exists(_db_path(ctx, db)):
        raise InputError("name your buddy first: coach buddy NAME --contact TEXT")
    coach = _open_coach(ctx, db)
    if remove:
        coach.set_buddy(None)
        echo("Buddy removed.")
        return
    if name is None and contact is not None:
        current = coach.buddy()
        if current is None:
            raise InputError("name your buddy first: coach buddy NAME --contact TEXT")
        name = current.name
    if name is not None:
        saved = coach.set_buddy(name.strip(), contact.strip() if contact is not None else None)
        assert saved is not None
        how = f" ({saved.contact})" if saved.contact else ""
        echo(f"Your buddy is {saved.name}{how}. coach will suggest checking in now and then.")
        return
    current = coach.buddy()
    if current is None:
        echo("No buddy yet. A workout buddy makes a plan easier to keep:")
        echo('  coach buddy NAME --contact "text NAME"')
    else:
        how = f" ({current.contact})" if current.contact else ""
        echo(f"Your buddy: {current.name}{how}")


# --------------------------------------------------------------------------- pause, resume


@cli.command()
@click.option("--from", "start", type=PLAN_DATE, help="First paused day (default today).")
@click.option("--until", "end", type=PLAN_DATE, help="Last paused day (default: until you resume).")
@click.option("--list", "show", is_flag=True, help="The pause in force and those planned.")
@click.option("--cancel", "cancel", type=click.IntRange(min=1), metavar="N",
              help="Cancel the planned pause N (numbered by --list).")
@_db_option
@click.pass_context
def pause(ctx: click.Context, start: date | None, end: date | None, show: bool,
          cancel: int | None, db: str | None) -> None:
    """Pause the plan (illness, injury, travel). Your level is kept."""
    from coach import report

    if (show or cancel is not None) and (start is not None or end is not None):
        raise InputError("--list and --cancel take no --from or --until")
    if show and cancel is not None:
        raise InputError("--list and --cancel go one at a time")
    today = _today()
    if show:
        shown = _open_coach(ctx, db).pauses_now_and_planned()
        echo("\n".join(report.pause_list_lines(shown, today)))
        return
    if cancel is not None:
        _cancel_pause(ctx, db, cancel, today)
        return
    start = start or today
    if end is not None and end < start:
        raise InputError(f"--until {end.isoformat()} is before --from {start.isoformat()}")
    coach = _open_coach(ctx, db)
    held = coach.pause_holding(start)
    if held is not None:  # already paused that day: nothing to add
        echo(report.already_paused_words(held, today))
        return
    coach.pause(start, end)
    until = f" until {long_day(end, today)}" if end else " until you resume (coach resume)"
    echo(f"Plan paused from {long_day(start, today)}{until}. Your level is kept. Take care.")


def _cancel_pause(ctx: click.Context, db: str | None, number: int, today: date) -> None:
    from coach.words import pause_span

    missing = f"there is no planned pause {number} (coach pause --list shows them)"
    if not resolve_db_path(db or (ctx.obj or {}).get("db")).exists():
        raise InputError(missing)
    coach = _open_coach(ctx, db)
    found = next((p for p in coach.pauses_now_and_planned() if p.id == number), None)
    if found is None:
        raise InputError(missing)
    if found.start <= today:
        raise InputError(f"pause {number} is in force today: coach resume lifts it")
    coach.cancel_pause(number)
    echo(f"Cancelled the pause planned {pause_span(found, today)}. "
               "The plan runs as usual then.")


@cli.command()
@_db_option
@click.pass_context
def resume(ctx: click.Context, db: str | None) -> None:
    """Resume the plan from today (a pause planned for later stays)."""
    from coach import report

    today = _today()
    coach = _open_coach(ctx, db)
    lifted = coach.resume()
    echo("\n".join(report.resume_lines(lifted, coach.planned_pauses(), today)))


# --------------------------------------------------------------------------- cues, calendar


@cli.command()
@click.argument("day", required=False, metavar="[DAY|all]")
@click.option("--when", metavar="TEXT",
              help='When and where, e.g. "after my morning coffee, in the living room".')
@click.option("--at", "at", metavar="HH:MM", help="A time of day for the session (24-hour).")
@click.option("--if-hard", "if_hard", metavar="TEXT",
              help='The plan for when it feels hard, e.g. "the 10-minute version".')
@click.option("--clear", is_flag=True, help="Remove the cue first (alone: remove it).")
@_db_option
@click.pass_context
def cue(ctx: click.Context, day: str | None, when: str | None, at: str | None,
        if_hard: str | None, clear: bool, db: str | None) -> None:
    """If-then cues: when and where, and a plan for if it feels hard.

    Each session takes its day's cue. DAY is a weekday (mon or monday) or all; with no DAY, the cues are listed.
    """
    from coach.cues import CueError, change_cues, cue_line, list_lines, parse_day

    changing = clear or any(v is not None for v in (when, at, if_hard))
    if day is None and changing:
        raise InputError("name a day (mon ... sun) or all, e.g. coach cue all --at 07:30")
    try:
        weekday = parse_day(day) if day is not None else None
        days = list(range(7)) if weekday is None else [weekday]
        # Checked before the database is opened: refused input writes nothing.
        change_cues({}, days, when=when, at=at, if_hard=if_hard, clear=clear)
    except CueError as exc:
        raise InputError(str(exc)) from None
    coach = _open_coach(ctx, db)
    cues = coach.cues()
    if changing:
        cues = coach.change_cues(days, when=when, at=at, if_hard=if_hard, clear=clear)
    settings = coach.settings()
    if weekday is None:
        lines = list_lines(cues, settings)
        echo("Your if-then cues:" if cues else "No if-then cues yet. For example:")
        if cues:
            echo("\n".join(f"  {line}" for line in lines))
        else:
            echo('  coach cue all --when "after my morning coffee" --at 07:30 '
                       '--if-hard "the 10-minute version"')
        return
    from coach.words import WEEKDAY_LONG

    shown = cues.get(weekday)
    echo(f"{WEEKDAY_LONG[weekday]}: {cue_line(shown) if shown is not None else 'no cue'}")


@cli.command()
@click.option("-o", "--output", "out", metavar="FILE",
              help="Where to write the file (default: standard output).")
@click.option("--weeks", type=int, default=None, metavar="N",
              help="This week and the weeks after it, 1-52 in all (default 4).")
@click.option("--remind", type=int, default=None, metavar="MINUTES",
              help="An alarm this many minutes before each session.")
@click.option("--keep", metavar="FILE|off",
              help="Write FILE now and again after every change to the plan; off stops it.")
@_db_option
@click.pass_context
def calendar(ctx: click.Context, out: str | None, weeks: int | None, remind: int | None,
             keep: str | None, db: str | None) -> None:
    """The planned sessions as an iCalendar file (no moods in it).

    One event per planned session from today through N weeks, at the cue's time (all day
    without one), for your own calendar; --keep FILE rewrites it after every change.
    """
    from coach.ics import DEFAULT_WEEKS, CalendarError, check_remind, check_weeks, check_writable

    stop = keep is not None and keep.strip().lower() == "off"
    try:
        if weeks is not None:
            check_weeks(weeks)
        check_remind(remind)
        if stop and (out or weeks is not None or remind is not None):
            raise CalendarError("--keep off takes no -o, --weeks or --remind")
        if keep is not None and not stop and out and Path(out) != Path(keep):
            raise CalendarError("give the file once: --keep FILE writes it too")
        if keep is not None and not keep.strip():
            raise CalendarError("--keep needs a file name, or off")
        target = Path(keep).expanduser() if keep is not None and not stop else (
            Path(out).expanduser() if out else None)
        if target is not None:
            check_writable(target)
    except CalendarError as exc:
        raise InputError(str(exc)) from None
    store = _open_store(ctx, db)
    if stop:
        had = store.kept_calendar()
        store.keep_calendar(None)
        echo("The calendar file is no longer kept up to date." if had
                   else "No calendar file was being kept up to date.")
        return
    _write_calendar(store, target, weeks or DEFAULT_WEEKS, remind, keep is not None)


def _write_calendar(store: Store, target: Path | None, weeks: int, remind: int | None,
                    keep: bool) -> None:
    from coach.ics import CalendarError, export, planned_sessions, read_previous, write_file

    today = _today()
    try:
        previous = read_previous(target) if target is not None else None
        data = export(store, today, weeks=weeks, remind=remind, previous=previous)
        if target is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        write_file(target, data)
    except CalendarError as exc:
        raise InputError(str(exc)) from None
    if keep:
        store.keep_calendar(str(target.resolve()), weeks, remind)
    count = len(planned_sessions(store.history(), store.cues(), today, weeks))
    sessions = f"{count} planned session" + ("" if count == 1 else "s")
    echo(f"Wrote {sessions} to {target}.", err=True)
    if keep:
        echo("It will be rewritten after every change to the plan "
                   "(coach calendar --keep off stops that).", err=True)


# --------------------------------------------------------------------------- export, import


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json",
              show_default=True)
@click.option("-o", "--output", "out", metavar="FILE", type=FILE,
              help="Where to write (JSON defaults to standard output; CSV needs a folder or .zip).")
@_db_option
@click.pass_context
def export(ctx: click.Context, fmt: str, out: str | None, db: str | None) -> None:
    """All your data out, as JSON or CSV."""
    from coach.exchange import ExchangeError, WriteFailed, check_target, write_export

    if fmt == "csv" and not out:
        raise InputError("CSV export needs -o FOLDER or -o FILE.zip")
    if not out and sys.stdout is None:
        raise WriteError("standard output is closed; nothing was exported (use -o FILE)")
    try:
        check_target(fmt, out, _db_path(ctx, db))
    except ExchangeError as exc:
        raise InputError(str(exc)) from None
    store = _open_store(ctx, db)
    try:
        write_export(store, fmt, Path(out) if out else None)
    except WriteFailed as exc:
        raise WriteError(str(exc)) from None
    except ExchangeError as exc:
        raise InputError(str(exc)) from None
    if out:
        echo(f"Exported to {out}.", err=True)


@cli.command(name="import")
@click.argument("file", metavar="FILE", type=FILE)
@_db_option
@click.pass_context
def import_(ctx: click.Context, file: str, db: str | None) -> None:
    """Bring data back in from a coach JSON export (nothing is duplicated)."""
    from coach.exchange import ExchangeError, import_data, read_export

    try:  # the whole file is read and checked before the database is opened
        data = read_export(Path(file), _today())
    except ExchangeError as exc:
        raise InputError(str(exc)) from None
    store = _open_store(ctx, db)
    echo(str(import_data(store, data)))


# --------------------------------------------------------------------------- correcting history


@cli.command()
@click.option("--from", "since", type=PLAN_DATE,
              help="First day to list (default: four weeks ago).")
@click.option("--until", "until", type=PLAN_DATE, help="Last day to list (default today).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object, for scripts.")
@_db_option
@click.pass_context
def history(ctx: click.Context, since: date | None, until: date | None, as_json: bool,
            db: str | None) -> None:
    """The sessions and check-ins recorded, with the ids coach edit and delete take."""
    from coach.corrections import short_day, summary
    from coach.words import ODD_MARK

    today = _today()
    until = until or (today if since is None or since <= today else since)
    since = since or min(until, today) - timedelta(days=27)
    if until < since:
        raise InputError(f"--until {until.isoformat()} is before --from {since.isoformat()}")
    coach = _open_coach(ctx, db)
    entries = coach.entries(since=since, until=until)
    # The records out of range an older coach let in are listed whatever the span, marked,
    # so what coach delete would remove can be seen first.
    listed = {e.ref for e in entries}
    odd = [e for e in coach.odd_records() if e.ref not in listed]
    if as_json:
        echo(json.dumps({"from": since.isoformat(), "until": until.isoformat(),
                         "records": [_entry_json(e) for e in entries],
                         "outside_range": [_entry_json(e) for e in odd]}, indent=2))
        return
    echo(history_span(since, until, found=bool(entries)))
    width = max((len(e.ref) for e in entries + odd), default=0)
    for entry in entries:
        echo(f"{entry.ref:<{width}}  {short_day(entry.day)}  {summary(entry)}")
    for entry in odd:
        echo(f"{entry.ref:<{width}}  {short_day(entry.day)}  {summary(entry)} ({ODD_MARK})")
    if entries or odd:
        echo("Change one with coach edit ID, remove one with coach delete ID.")


def _entry_json(entry: Any) -> dict[str, Any]:
    item = entry.item
    out: dict[str, Any] = {"id": entry.ref, "uid": entry.uid, "kind": entry.kind,
                           "day": entry.day.isoformat()}
    if isinstance(item, Session):
        out.update(minutes=round(item.seconds / 60), seconds=item.seconds, style=item.style,
                   routine=item.routine, mood_before=item.mood_before,
                   mood_after=item.mood_after, pain=item.pain, note=item.note,
                   started_at=item.started_at.isoformat() if item.started_at else None)
    elif isinstance(item, Checkin):
        out.update(checkin=item.kind, mood=item.mood, anxiety=item.anxiety, note=item.note,
                   at=item.at.isoformat() if item.at else None,
                   answers=list(item.answers) if item.answers is not None else None)
    return out


def _find(ctx: click.Context, db: str | None, ref: str) -> tuple[Coach, Any]:
    """The coach and the record ``ref`` names, or a refusal (exit 2) saying there is none."""
    missing = InputError(f"there is no record '{ref}' (coach history lists them with their ids)")
    if not ref.strip() or len(ref) > 100:
        raise missing
    if not _exists(_db_path(ctx, db)):
        raise missing
    coach = _open_coach(ctx, db)
    entry = coach.entry(ref)
    if entry is None:
        raise missing
    return coach, entry


@cli.command()
@click.argument("ref", metavar="ID", type=TextType("the id", limit=100))
@click.option("--minutes", type=MINUTES, help="A session's length, in minutes (1-600).")
@click.option("--style", type=click.Choice(STYLES, case_sensitive=False), help="A session's style.")
@click.option("--mood-before", type=MOOD, help="A session's mood before, 1-5.")
@click.option("--mood-after", type=MOOD, help="A session's mood after, 1-5.")
@click.option("--pain/--no-pain", default=None, help="Whether something hurt in a session.")
@click.option("--effort", type=click.Choice(EFFORTS, case_sensitive=False),
              help="How hard a session felt: easy, right (about right) or hard (too hard).")
@click.option("--no-effort", is_flag=True, help="Clear a session's effort (not asked).")
@click.option("--at", "at", type=CLOCK, help="When a session started, HH:MM.")
@click.option("--mood", type=MOOD, help="A check-in's mood, 1-5.")
@click.option("--anxiety", type=ANXIETY, help="A check-in's anxiety, 1-5.")
@click.option("--note", type=NOTE, help='The note ("" clears it).')
@click.option("--date", "day", type=RECORD_DATE, help="The day it happened.")
@_db_option
@click.pass_context
def edit(ctx: click.Context, ref: str, db: str | None, **given: Any) -> None:
    """Change a session or a check-in (ID from coach history)."""
    from coach.corrections import EditError, describe

    no_effort = given.pop("no_effort")
    changes = {name: value for name, value in given.items() if value is not None}
    if no_effort:
        if "effort" in changes:
            raise InputError("use --effort or --no-effort, not both")
        changes["effort"] = None
    coach, entry = _find(ctx, db, ref)
    try:
        saved = coach.edit_entry(entry, changes)
    except EditError as exc:
        raise InputError(str(exc)) from None
    echo(f"Changed {describe(saved)}.")


@cli.command()
@click.argument("ref", metavar="ID", type=TextType("the id", limit=100))
@click.option("--yes", is_flag=True, help="Delete without asking (for scripts).")
@_db_option
@click.pass_context
def delete(ctx: click.Context, ref: str, yes: bool, db: str | None) -> None:
    """Remove a record (ID from coach history); coach undo brings it back."""
    from coach.corrections import describe

    if not yes and not (sys.stdin is not None and sys.stdin.isatty()):
        raise InputError("add --yes to delete without being asked (there is no terminal to ask on)")
    coach, entry = _find(ctx, db, ref)
    if not yes and not click.confirm(visible(f"Delete {describe(entry)}?"), default=False):
        echo("Nothing was deleted.")
        return
    coach.delete_entry(entry)
    echo(f"Deleted {describe(entry)}. coach undo brings it back.")


@cli.command()
@_db_option
@click.pass_context
def undo(ctx: click.Context, db: str | None) -> None:
    """Bring back the record deleted last."""
    from coach.corrections import describe

    if not _exists(_db_path(ctx, db)):
        echo("Nothing to undo: no record was deleted.")
        return
    back = _open_coach(ctx, db).undo_delete()
    if back is None:
        echo("Nothing to undo: no record was deleted.")
        return
    echo(f"Brought back {describe(back)}.")


# --------------------------------------------------------------------------- sync


@cli.command()
@click.argument("folder", metavar="[DIR]", required=False)
@click.option("--off", is_flag=True, help="Stop syncing; the folder is left as it is.")
@click.option("--status", "show_status", is_flag=True,
              help="When this database last synced, and the devices it has seen.")
@click.option("--compact", is_flag=True,
              help="Rewrite this device's file in the folder as a snapshot (when it has grown).")
@click.option("--name", metavar="TEXT", help="Name this device (default: the host name).")
@_db_option
@click.pass_context
def sync(ctx: click.Context, folder: str | None, off: bool, show_status: bool, compact: bool,
         name: str | None, db: str | None) -> None:
    """Merge with a folder that your sync engine (Syncthing, Dropbox, a git repository, a USB
    stick...) keeps in step between machines, and remember it.

    Each device writes only its own file there; the latest change of each record wins,
    deletions included. Every command that writes syncs afterwards, and so does the app.
    """
    from coach import sync as syncing

    if off and (folder or show_status or compact or name):
        raise InputError("--off takes no folder, --status, --compact or --name")
    if show_status and (folder or compact or name):
        raise InputError("--status takes no folder, --compact or --name")
    if name is not None:
        name = name.strip()
        if not name or len(name) > 100 or not name.isprintable():
            raise InputError("a device name is one line of up to 100 printable characters")
    ctx.obj["synced"] = True
    store = _open_store(ctx, db)
    if show_status:
        for line in syncing.status_lines(store):
            echo(line)
        return
    if off:
        was = syncing.turn_off(store)
        echo(f"Sync is off; {was} is left as it is." if was else "Sync was already off.")
        return
    from coach.service import Coach

    coach = Coach(store, today=_today, recent=False)
    if folder is None and not coach.sync_folder():
        raise InputError("no sync folder yet: choose one with coach sync DIR")
    if name is not None:
        syncing.set_name(store, name)
    try:
        report = coach.sync(folder, compact=compact)
    except syncing.SyncError as exc:
        raise click.ClickException(str(exc)) from None
    for line in report.notices + report.problems:
        echo(f"coach sync: {line}", err=True)
    echo(str(report))
    if compact:
        echo("This device's file in the folder now holds one line per record.")


# --------------------------------------------------------------------------- running


def run(args: list[str]) -> int:
    """Run the command line; return the exit status. Errors are one line on stderr."""
    _OPENED.clear()
    code = _run(args)
    if code != 2:
        # Keep the status lines ready for the next new shell (coach status in a start-up file
        # stays instant). Not after a refusal: a refused command leaves nothing behind.
        for path in dict.fromkeys(_OPENED):
            _keep_status_lines(path)
    return code


def _run(args: list[str]) -> int:
    try:
        # Outside standalone mode, click hands back the status of ctx.exit(N) instead.
        code = cli.main(args=args, prog_name="coach", standalone_mode=False)
        if isinstance(code, int) and not isinstance(code, bool):
            return code
    except click.UsageError as exc:
        where = f"coach {exc.ctx.info_name}" if exc.ctx and exc.ctx.info_name != "coach" else "coach"
        message = exc.format_message().replace("\n", " ")
        _error_line(f"{where}: {message}")
        return 2
    except click.ClickException as exc:
        _error_line(f"coach: {exc.format_message()}")
        return exc.exit_code
    except click.exceptions.Abort:
        _error_line("")
        return 1
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except StoreError as exc:
        _error_line(f"coach: {exc}")
        return 1
    except BrokenPipeError:
        return 0
    return 0


def _error_line(line: str) -> None:
    """One line on standard error, its control characters visible; nothing if it is closed."""
    try:
        click.echo(visible(line.replace("\n", " ")), err=True)
    except (OSError, ValueError):
        pass


def main() -> None:
    sys.exit(run(sys.argv[1:]))
