"""coach's command line (click).

Every command takes ``--db PATH`` (also ``COACH_DB``). Bad input is refused with one line on
standard error and exit status 2, and nothing is written; a problem with the database file is
one line and exit status 1.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import click

from coach import __version__
from coach.dates import parse_date
from coach.models import EFFORTS, STYLE_NAMES, STYLES
from coach.paths import resolve_db_path
from coach.store import Store, StoreError
from coach.words import long_day

if TYPE_CHECKING:
    from coach.service import Coach

MAX_MINUTES = 600


class InputError(click.UsageError):
    """Bad input from the user: one line on stderr, exit status 2."""


class DateType(click.ParamType):
    name = "date"

    def convert(self, value: Any, param: Any, ctx: Any) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_date(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateType()


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
        try:
            minutes = int(str(value).strip())
        except ValueError:
            self.fail(f"'{value}' is not a number of minutes (a whole number, e.g. 20)", param, ctx)
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


def _db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        "db",
        metavar="PATH",
        envvar="COACH_DB",
        help="The database file (default: coach.db in your user data folder; also COACH_DB).",
    )(func)


def _open_store(ctx: click.Context, db: str | None) -> Store:
    path = resolve_db_path(db or (ctx.obj or {}).get("db"))
    try:
        store = Store.open(path)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    # Run last to first as the command ends: close the store, then keep the status lines
    # ready for the next new shell (coach status in a start-up file stays instant).
    ctx.call_on_close(lambda: _keep_status_lines(path))
    ctx.call_on_close(store.close)
    ctx.call_on_close(lambda: _sync_after_write(ctx, store))
    return store


def _open_coach(ctx: click.Context, db: str | None) -> Coach:
    """The store behind the commands' shared actions; a command reads the whole history."""
    from coach.service import Coach

    return Coach(_open_store(ctx, db), today=_today, recent=False)


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
        click.echo(f"coach: not synced this time: {exc}", err=True)
        return
    for line in report.notices + report.problems if report else []:
        click.echo(f"coach sync: {line}", err=True)


def _keep_status_lines(path: Path) -> None:
    from coach.status import refresh_kept_lines

    refresh_kept_lines(path)


def _say(text: str) -> None:
    """Print text for a person, its long lines wrapped to the terminal's width."""
    import shutil

    from coach.report import wrap_text

    click.echo(wrap_text(text, shutil.get_terminal_size().columns))


def _today() -> date:
    from coach.dates import today

    return today()


def _not_future(day: date, what: str = "date") -> date:
    if day > _today():
        raise InputError(f"{day.isoformat()} is in the future; coach records what has happened")
    return day


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
    from coach import plan as rules
    from coach.report import routines_text

    store = _open_store(ctx, db)
    week = rules.plan_week(store.history(), _today(), _today())
    _say(routines_text(week.level.minutes, week.level.number))


# --------------------------------------------------------------------------- status, plan


@cli.command()
@_db_option
@click.pass_context
def status(ctx: click.Context, db: str | None) -> None:
    """Today's plan and the week so far, in a few plain lines.

    It prints what today holds (a session with its style and minutes, a rest day and when
    the next session is, or what was done), the week's sessions done of those planned with
    your level, and what the next step up needs; once there are sessions with moods before
    and after, how often you felt better after.

    Quick enough for a shell's start-up file: add coach status to ~/.bashrc or ~/.zshrc.
    """
    from coach.status import status_text

    store = _open_store(ctx, db)
    click.echo(status_text(store, _today()))


@cli.command()
@click.option("--date", "day", type=DATE, help="Any day of the week to show (default today).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object, for scripts.")
@_db_option
@click.pass_context
def plan(ctx: click.Context, day: date | None, as_json: bool, db: str | None) -> None:
    """The week that holds a date (default today)."""
    from coach import report
    from coach.mood import insight

    coach = _open_coach(ctx, db)
    day = day or _today()
    week = coach.week(day)
    suggestion = coach.planner().buddy_suggestion(day)
    if as_json:
        click.echo(json.dumps(report.week_to_json(week, suggestion), indent=2))
        return
    found = insight(coach.history().sessions)
    click.echo(report.week_text(week, suggestion, insight_line=found.text if found else None))


# --------------------------------------------------------------------------- log, checkin


@cli.command()
@click.option("--minutes", type=MINUTES, required=True,
              help="How long the session lasted, in minutes (1-600).")
@click.option("--date", "day", type=DATE, help="The day of the session (default today).")
@click.option("--style", type=click.Choice(STYLES, case_sensitive=False),
              help="Bodyweight, bands, weights, pilates, barre or yoga.")
@click.option("--mood-before", type=MOOD, help="Mood before, 1-5.")
@click.option("--mood-after", type=MOOD, help="Mood after, 1-5.")
@click.option("--pain", is_flag=True, help="Something hurt during the session.")
@click.option("--effort", type=click.Choice(EFFORTS, case_sensitive=False),
              help="How hard it felt: easy, right (about right) or hard (too hard).")
@click.option("--at", "at", type=CLOCK, help="When it started, HH:MM (for what helps me).")
@click.option("--note", help="A note for yourself.")
@_db_option
@click.pass_context
def log(ctx: click.Context, minutes: int, day: date | None, style: str | None,
        mood_before: int | None, mood_after: int | None, pain: bool, effort: str | None,
        at: time | None, note: str | None, db: str | None) -> None:
    """Record a session done away from the app."""
    day = _not_future(day or _today())
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
    when = "today" if day == _today() else long_day(day)
    if day.year != _today().year:
        when += f" {day.year}"
    click.echo(f"Recorded {minutes} minutes of {STYLE_NAMES[style].lower()} {when}.")
    if kind == "extra":
        click.echo("That's more than this week's plan: lovely, and rest helps your body build too.")
    elif kind == "short":
        click.echo("Every minute counts: showing up is what matters.")
    else:
        this_week = week.week_start <= _today() <= week.week_start + timedelta(days=6)
        which = "this" if this_week else "that"
        click.echo(f"That's {week.counting_sessions} of {week.level.sessions} {which} week. "
                   "Well done.")
    if mood_before is not None and mood_after is not None and mood_after > mood_before:
        click.echo(f"Your mood went from {mood_before} to {mood_after}.")
    if pain:
        click.echo("Noted that something hurt. Go gently, and let the next step wait until it settles.")
    elif effort and effort.lower() == "hard":
        from coach.insights import TOO_HARD_NOTE

        click.echo(TOO_HARD_NOTE)


@cli.command()
@click.option("--mood", type=MOOD, required=True,
              help="1 very low, 2 low, 3 okay, 4 good, 5 great.")
@click.option("--anxiety", type=ANXIETY, help="1 calm ... 5 very anxious.")
@click.option("--note", help="A note for yourself.")
@click.option("--date", "day", type=DATE, help="The day (default today).")
@_db_option
@click.pass_context
def checkin(ctx: click.Context, mood: int, anxiety: int | None, note: str | None,
            day: date | None, db: str | None) -> None:
    """Record a morning check-in."""
    from coach.mood import MOOD_WORDS

    day = _not_future(day or _today())
    _open_coach(ctx, db).save_checkin("morning", day=day, mood=mood, anxiety=anxiety, note=note)
    click.echo(f"Thanks for checking in: mood {mood} ({MOOD_WORDS[mood]}).")
    if mood <= 2 and day == _today():
        click.echo("Go gently today. A short 10-minute session counts too, and so does rest.")


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
        click.echo(json.dumps(found.to_json(), indent=2))
    else:
        click.echo(insights_text(found))


# --------------------------------------------------------------------------- buddy


@cli.command()
@click.argument("name", required=False)
@click.option("--contact", metavar="TEXT", help='How you reach them, e.g. "text Sam".')
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
    coach = _open_coach(ctx, db)
    if remove:
        coach.set_buddy(None)
        click.echo("Buddy removed.")
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
        click.echo(f"Your buddy is {saved.name}{how}. coach will suggest checking in now and then.")
        return
    current = coach.buddy()
    if current is None:
        click.echo("No buddy yet. A workout buddy makes a plan easier to keep:")
        click.echo('  coach buddy NAME --contact "text NAME"')
    else:
        how = f" ({current.contact})" if current.contact else ""
        click.echo(f"Your buddy: {current.name}{how}")


# --------------------------------------------------------------------------- pause, resume


@cli.command()
@click.option("--from", "start", type=DATE, help="First paused day (default today).")
@click.option("--until", "end", type=DATE, help="Last paused day (default: until you resume).")
@_db_option
@click.pass_context
def pause(ctx: click.Context, start: date | None, end: date | None, db: str | None) -> None:
    """Pause the plan (illness, injury, travel). Your level is kept."""
    start = start or _today()
    if end is not None and end < start:
        raise InputError(f"--until {end.isoformat()} is before --from {start.isoformat()}")
    _open_coach(ctx, db).pause(start, end)
    until = f" until {long_day(end)}" if end else " until you resume (coach resume)"
    click.echo(f"Plan paused from {long_day(start)}{until}. Your level is kept. Take care.")


@cli.command()
@_db_option
@click.pass_context
def resume(ctx: click.Context, db: str | None) -> None:
    """Resume the plan from today."""
    today = _today()
    changed = _open_coach(ctx, db).resume()
    if not changed:
        click.echo("The plan isn't paused: nothing to resume.")
        return
    if any(p.start < today for p in changed):
        click.echo("Welcome back. The plan runs again from today, at an easy pace.")
    for p in changed:
        if p.start == today:
            click.echo("Today's pause is lifted: the plan runs as usual.")
        elif p.start > today:
            until = f" until {long_day(p.end)}" if p.end else ""
            click.echo(f"The pause planned from {long_day(p.start)}{until} is cancelled.")


# --------------------------------------------------------------------------- export, import


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json",
              show_default=True)
@click.option("-o", "--output", "out", metavar="FILE",
              help="Where to write (JSON defaults to standard output; CSV needs a folder or .zip).")
@_db_option
@click.pass_context
def export(ctx: click.Context, fmt: str, out: str | None, db: str | None) -> None:
    """All your data out, as JSON or CSV."""
    from coach.exchange import ExchangeError, write_export

    if fmt == "csv" and not out:
        raise InputError("CSV export needs -o FOLDER or -o FILE.zip")
    store = _open_store(ctx, db)
    try:
        write_export(store, fmt, Path(out) if out else None)
    except ExchangeError as exc:
        raise InputError(str(exc)) from None
    if out:
        click.echo(f"Exported to {out}.", err=True)


@cli.command(name="import")
@click.argument("file", metavar="FILE")
@_db_option
@click.pass_context
def import_(ctx: click.Context, file: str, db: str | None) -> None:
    """Bring data back in from a coach JSON export (nothing is duplicated)."""
    from coach.exchange import ExchangeError, import_file

    store = _open_store(ctx, db)
    try:
        summary = import_file(store, Path(file))
    except ExchangeError as exc:
        raise InputError(str(exc)) from None
    click.echo(str(summary))


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
            click.echo(line)
        return
    if off:
        was = syncing.turn_off(store)
        click.echo(f"Sync is off; {was} is left as it is." if was else "Sync was already off.")
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
        click.echo(f"coach sync: {line}", err=True)
    click.echo(str(report))
    if compact:
        click.echo("This device's file in the folder now holds one line per record.")


# --------------------------------------------------------------------------- running


def run(args: list[str]) -> int:
    """Run the command line; return the exit status. Errors are one line on stderr."""
    try:
        cli.main(args=args, prog_name="coach", standalone_mode=False)
    except click.UsageError as exc:
        where = f"coach {exc.ctx.info_name}" if exc.ctx and exc.ctx.info_name != "coach" else "coach"
        message = exc.format_message().replace("\n", " ")
        click.echo(f"{where}: {message}", err=True)
        return 2
    except click.ClickException as exc:
        click.echo(f"coach: {exc.format_message()}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("", err=True)
        return 1
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except StoreError as exc:
        click.echo(f"coach: {exc}", err=True)
        return 1
    except BrokenPipeError:
        return 0
    return 0


def main() -> None:
    sys.exit(run(sys.argv[1:]))
