"""Where coach keeps its data: one place that answers "which database file?".

Order: ``--db PATH``, else ``COACH_DB``, else ``<user data folder>/coach.db``. The folder is
made private (0700) and the database file (0600): this is mental-health data.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "COACH_DB"


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("coach", appauthor=False)) / "coach.db"


def resolve_db_path(option: str | os.PathLike[str] | None = None) -> Path:
    if option:
        return Path(option).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return default_db_path()


def ensure_private_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if missing; a folder coach creates gets mode 0700."""
    if folder.is_dir():
        return
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            # Another coach (a second terminal) made it a moment ago: that one set its mode.
            if not path.is_dir():
                raise
            continue
        os.chmod(path, 0o700)
