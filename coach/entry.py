"""The ``coach`` command's entry point.

``coach status`` may run in every new shell, so it has a fast path here that needs neither
click nor Textual; plain ``coach [--db PATH]`` opens the app without loading click either, so
Today shows as soon as it can. Everything else goes to the click command line in
:mod:`coach.cli`.
"""

from __future__ import annotations

import os
import sys

#: An empty COACH_DB is refused as ``--db ""`` is: it is not taken to mean the default database.
EMPTY_ENV_DB = ("coach: COACH_DB is set but empty (unset it for the default database, "
                "or set it to the database file)")


def _empty_env_db(args: list[str]) -> bool:
    """COACH_DB is set but empty, and no ``--db`` says which database instead (a ``--db``
    given wins over COACH_DB, empty or not)."""
    value = os.environ.get("COACH_DB")
    if value is None or value.strip():
        return False
    return not any(a == "--db" or a.startswith("--db=") for a in args)


def _db_only(rest: list[str]) -> tuple[bool, str | None]:
    """``(True, the --db value)`` if ``rest`` is empty (value None) or just ``--db PATH``;
    ``(False, None)`` otherwise."""
    if not rest:
        return True, None
    if len(rest) == 2 and rest[0] == "--db" and rest[1]:
        return True, rest[1]
    if len(rest) == 1 and rest[0].startswith("--db=") and len(rest[0]) > 5:
        return True, rest[0][5:]
    return False, None


def _status_args(args: list[str]) -> tuple[bool, str | None]:
    """``(True, the --db value)`` if ``args`` is a plain ``status [--db PATH]``;
    ``(False, None)`` otherwise."""
    if not args or args[0] != "status":
        return False, None
    return _db_only(args[1:])


def _quiet_status_args(args: list[str]) -> tuple[bool, str | None]:
    """``(True, the --db value)`` if ``args`` is ``status --quiet [--db PATH]`` (``--quiet``
    anywhere after ``status``); ``(False, None)`` otherwise."""
    if not args or args[0] != "status" or args.count("--quiet") != 1:
        return False, None
    return _status_args([a for a in args if a != "--quiet"])


def run_app(db: str | None) -> int:
    """Open the app on Today, as ``coach`` with no command does; returns the exit status.

    Once the app is closed, the ``coach status`` lines are worked out for the database as the
    app left it (see :func:`coach.status.refresh_kept_lines`), so the next new shell prints
    them at once instead of reading the database again.
    """
    import gc

    # Start-up builds some hundred thousand objects (Textual's modules, the first screen) that
    # live as long as the app: a full garbage collection walking them all costs tens of
    # milliseconds before the first frame and finds little. The app turns collection back on a
    # moment after Today is on screen (CoachApp._first_frame_shown); if it never gets that far,
    # here.
    gc.disable()
    try:
        code, path = _open_and_run(db)
    finally:
        gc.enable()
    if path is not None:
        from coach.status import refresh_kept_lines

        refresh_kept_lines(path)
    return code


def _open_and_run(db: str | None) -> tuple[int, str | None]:
    """Run the app; its exit status, and the database's path if it was opened."""
    from coach.paths import resolve_db_path
    from coach.store import Store, StoreError
    from coach.text import visible

    try:
        store = Store.open(resolve_db_path(db))
    except StoreError as exc:
        print(visible(f"coach: {exc}"), file=sys.stderr)
        return 1, None
    try:
        from coach.app import CoachApp

        app = CoachApp(store.path, store=store)
        app.run()
        if app.store_problem is not None:
            print(visible(f"coach: {app.store_problem}"), file=sys.stderr)
            return 1, None
        return app.return_code or 0, str(store.path)
    except StoreError as exc:
        print(visible(f"coach: {exc}"), file=sys.stderr)
        return 1, None
    finally:
        store.close()


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if _empty_env_db(args):
        try:
            print(EMPTY_ENV_DB, file=sys.stderr)
        except (OSError, ValueError):
            pass
        raise SystemExit(2)
    plain, db = _status_args(args)
    if plain:
        from coach.status import run_status

        raise SystemExit(run_status(db))
    quiet, db = _quiet_status_args(args)
    if quiet:
        from coach.status import run_status

        raise SystemExit(run_status(db, quiet=True))
    plain, db = _db_only(args)
    if plain:
        raise SystemExit(run_app(db))
    from coach.cli import run

    raise SystemExit(run(args))
