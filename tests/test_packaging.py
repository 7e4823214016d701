"""A plain (non-editable) install must carry every stylesheet and data file."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "coach"


def _package_files() -> set[str]:
    return {
        path.relative_to(SOURCE.parent).as_posix()
        for pattern in ("**/*.tcss", "**/*.toml")
        for path in SOURCE.glob(pattern)
    }


def test_the_source_has_styles_and_routines():
    files = _package_files()
    assert any(f.endswith(".tcss") for f in files)
    assert any(f.startswith("coach/data/routines/") for f in files)


def test_installed_distribution_carries_every_data_file():
    try:
        dist = metadata.distribution("coach")
    except metadata.PackageNotFoundError:
        pytest.skip("coach is not installed")
    installed = {str(f) for f in dist.files or ()}
    if not any(f.startswith("coach/") and f.endswith(".py") for f in installed):
        pytest.skip("an editable install: the files are read from the source tree")
    missing = sorted(_package_files() - installed)
    assert missing == []
