"""The ``coach`` command's entry point.

``coach status`` may run in every new shell, so it has a fast path here that needs neither
click nor Textual. Everything else goes to the click command line in :mod:`coach.cli`.
"""

from __future__ import annotations

import sys


def _status_args(args: list[str]) -> str | None | bool:
    """The ``--db`` value if ``args`` is a plain ``status [--db PATH]``; False otherwise."""
    if not args or args[0] != "status":
        return False
    rest = args[1:]
    if not rest:
        return None
    if len(rest) == 2 and rest[0] == "--db" and rest[1]:
        return rest[1]
    if len(rest) == 1 and rest[0].startswith("--db=") and len(rest[0]) > 5:
        return rest[0][5:]
    return False


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    db = _status_args(args)
    if db is not False:
        from coach.status import run_status

        raise SystemExit(run_status(db))
    from coach.cli import run

    raise SystemExit(run(args))
