"""The routines library: beginner-safe routines shipped as TOML files inside the package.

Each file in ``coach/data/routines/`` is one routine; its name without ``.toml`` is the
routine's slug. A routine has a warm-up and a cool-down (named moves with their seconds), the
work and rest seconds, and the exercises of one round, each with a one-line cue and an easier
variant::

    name = "Gentle start"
    style = "bodyweight"
    summary = "Chair, wall and floor: a first full-body session."
    equipment = "A sturdy chair and a wall"
    intensity = 1            # optional: 1 the gentlest of its style (the default), 2, 3 harder
    work = 40
    rest = 20
    rest_cue = "Breathe out slowly; shake out your arms."   # optional

    [[warmup]]
    name = "March in place"
    seconds = 60
    cue = "Lift your knees a little and swing your arms."
    easier = "March sitting on the chair."

    [[exercises]]
    name = "Sit to stand"
    cue = "Feet flat, lean forward a little, stand up tall, sit down slowly."
    easier = "Use your hands on your thighs to help."

    [[cooldown]]
    ...

Sizing (``build_intervals``): a session of N minutes keeps the routine's work and rest
seconds and changes only how many exercises it runs: the exercises repeat in rounds, as many
as fit best, and the last round may stop partway through its list. The last work interval is
followed straight by the cool-down (no rest before it). The difference left, at most half a
work-and-rest slot, lengthens or shortens the warm-up and cool-down moves a little, so the
total is the target to the second (a move never goes below 15 s; only then can a 5-minute
session run a few seconds over). On short sessions the warm-up and cool-down are first
shortened together to about 40% of the time, so there is room to train.

A routine is found by its slug, its name or its style (``find``): a style stands for its
gentlest routine, the lowest ``intensity`` and, between equals, the least work at the session's
minutes. What matches nothing is told the closest names there are (``NoSuchRoutine``).

Files are read from the installed package's folder on first use only, and kept. A routine's
file name starts with its style (``bands-lower-body.toml``), so asking for one style's routines
(as Today does on every launch) reads only that style's files.
"""

from __future__ import annotations

import difflib
import math
import tomllib
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache
from pathlib import Path

from coach.models import STYLE_NAMES, STYLES
from coach.record import record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from coach.timer import Interval

ROUTINES_FOLDER = Path(__file__).parent / "data" / "routines"

MIN_MINUTES = 5
MAX_MINUTES = 60
#: Warm-up and cool-down together take at most this share of a session.
WARM_COOL_SHARE = 0.4
MIN_MOVE_SECONDS = 15
DEFAULT_REST_CUE = "Breathe easy and shake out your arms and legs."
DEFAULT_STYLE = "bodyweight"
MAX_CUE_CHARS = 120


class RoutineError(ValueError):
    """A routine file that does not hold a usable routine."""


class NoSuchRoutine(LookupError):
    """No routine has this name and no style is called so; ``closest`` holds the names
    (slugs and styles) that come nearest, best first, maybe none."""

    def __init__(self, text: str, closest: Sequence[str]) -> None:
        self.text = text
        self.closest = tuple(closest)
        super().__init__(text)


@record
class Exercise:
    """A move: its name, a one-line cue, an easier variant, and (warm-up and cool-down
    moves only) how many seconds it lasts."""

    name: str
    cue: str
    easier: str
    seconds: int = 0


@record
class Routine:
    name: str
    slug: str
    style: str
    warmup: tuple[Exercise, ...]
    exercises: tuple[Exercise, ...]
    work: int
    rest: int
    cooldown: tuple[Exercise, ...]
    summary: str = ""
    equipment: str = ""
    rest_cue: str = DEFAULT_REST_CUE
    intensity: int = 1  # 1 the gentlest of its style, 2 and 3 a step on

    @property
    def style_name(self) -> str:
        return STYLE_NAMES.get(self.style, self.style.title())

    def intervals(self, minutes: int) -> list[Interval]:
        return build_intervals(self, minutes)

    def rounds_for(self, minutes: int) -> int:
        """How many rounds a session of ``minutes`` has."""
        return max(i.rounds for i in build_intervals(self, minutes))


# -- sizing -----------------------------------------------------------------------------------


def build_intervals(routine: Routine, minutes: int) -> list[Interval]:
    """The routine as a list of intervals lasting ``minutes`` (5 to 60) in all."""
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise ValueError(f"minutes must be a whole number, not {minutes!r}")
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValueError(f"a session lasts {MIN_MINUTES} to {MAX_MINUTES} minutes, not {minutes}")
    target = minutes * 60
    warm = [m.seconds for m in routine.warmup]
    cool = [m.seconds for m in routine.cooldown]
    budget = WARM_COOL_SHARE * target
    if sum(warm) + sum(cool) > budget:
        factor = budget / (sum(warm) + sum(cool))
        warm = [_shrink(s, factor) for s in warm]
        cool = [_shrink(s, factor) for s in cool]
    block = target - sum(warm) - sum(cool)
    slot = routine.work + routine.rest
    # k work intervals with k - 1 rests between them take k * slot - rest seconds; take the
    # k that comes nearest, and let the warm-up and cool-down take up the difference.
    count = max(1, math.floor((block + routine.rest) / slot + 0.5))
    leftover = block - (count * slot - routine.rest)
    warm = _spread(warm, leftover // 2)
    cool = _spread(cool, leftover - leftover // 2)
    n = len(routine.exercises)
    rounds = math.ceil(count / n)
    from coach.timer import Interval

    out: list[Interval] = []
    for move, seconds in zip(routine.warmup, warm):
        out.append(Interval(phase="warmup", seconds=seconds, exercise=move.name,
                            cue=move.cue, easier=move.easier, round=0, rounds=rounds))
    for k in range(count):
        move = routine.exercises[k % n]
        rnd = k // n + 1
        out.append(Interval(phase="work", seconds=routine.work, exercise=move.name,
                            cue=move.cue, easier=move.easier, round=rnd, rounds=rounds))
        if k < count - 1:
            out.append(Interval(phase="rest", seconds=routine.rest, exercise="Rest",
                                cue=routine.rest_cue, easier="", round=rnd, rounds=rounds))
    for move, seconds in zip(routine.cooldown, cool):
        out.append(Interval(phase="cooldown", seconds=seconds, exercise=move.name,
                            cue=move.cue, easier=move.easier, round=0, rounds=rounds))
    return out


def _shrink(seconds: int, factor: float) -> int:
    return max(MIN_MOVE_SECONDS, int(round(seconds * factor / 5)) * 5)


def _spread(seconds: list[int], extra: int) -> list[int]:
    """Add ``extra`` seconds (or take them, when negative) across the moves as evenly as
    whole seconds allow, leaving every move at least MIN_MOVE_SECONDS."""
    n = len(seconds)
    share, rest = divmod(extra, n)
    return [max(MIN_MOVE_SECONDS, s + share + (1 if i < rest else 0)) for i, s in enumerate(seconds)]


# -- the library ------------------------------------------------------------------------------


def routines(style: str | None = None) -> list[Routine]:
    """All routines, or one style's (an unknown style has none), ordered by slug."""
    if style is not None:
        return list(_style_library(style))
    return list(_library())


def get_routine(slug: str) -> Routine:
    """The routine with this slug; KeyError names the slugs there are when it is not found."""
    for routine in _library():
        if routine.slug == slug:
            return routine
    raise KeyError(f"no routine called '{slug}' (there are: {', '.join(slugs())})")


def find_routine(text: str) -> Routine | None:
    """A routine by slug or name, ignoring case, spaces and hyphens; None if none matches."""
    key = _key(text)
    if not key:
        return None
    for routine in _library():
        if key in (_key(routine.slug), _key(routine.name)):
            return routine
    return None


def slugs() -> list[str]:
    return [r.slug for r in _library()]


def style_called(text: str) -> str | None:
    """The style ``text`` names ("yoga", "Pilates", "body weight"), or None."""
    key = _key(text)
    for style in STYLES:
        if key and key in (_key(style), _key(STYLE_NAMES.get(style, style))):
            return style
    return None


def work_seconds(routine: Routine, minutes: int) -> int:
    return sum(i.seconds for i in build_intervals(routine, minutes) if i.phase == "work")


def gentlest_routine(style: str, minutes: int) -> Routine | None:
    """The style's gentlest routine for a session of ``minutes``: the lowest intensity, then
    the least work at those minutes, then the first by slug. None if the style has none."""
    return min(routines(style), default=None,
               key=lambda r: (r.intensity, work_seconds(r, minutes), r.slug))


def find(text: str, minutes: int) -> Routine:
    """The routine ``text`` names: its slug, its name, or a style (its gentlest routine for a
    session of ``minutes``). Raises NoSuchRoutine, with the closest names, when none fits."""
    routine = find_routine(text)
    if routine is None:
        style = style_called(text)
        routine = gentlest_routine(style, minutes) if style else None
    if routine is None:
        raise NoSuchRoutine(text, closest_names(text))
    return routine


def looks_like_quick_timer(text: str) -> bool:
    """``40/20x8`` and the like, rather than a name: it starts with a digit or has a slash."""
    text = text.strip()
    return bool(text) and (text[0].isdigit() or "/" in text)


def not_found_text(error: NoSuchRoutine) -> str:
    """One line for a name that matches nothing: the nearest names, and where to find all."""
    said = f"'{error.text}' is not a routine, a style or a timer like 40/20x8"
    if error.closest:
        *first, last = error.closest
        names = f"{', '.join(first)} or {last}" if first else last
        return f"{said}. Did you mean {names}? (coach routines lists them all)"
    return f"{said} (WORK/REST[xROUNDS] in seconds). coach routines lists the routines."


def closest_names(text: str, count: int = 3) -> list[str]:
    """The routine slugs and style names nearest to ``text`` (difflib), best first.

    Names that hold ``text`` come first. A slug is also compared without its style
    (``gentle-start`` for ``bodyweight-gentle-start``), and a routine's name stands for its
    slug.
    """
    key = text.strip().lower()
    if not key:
        return []
    candidates: dict[str, str] = {style: style for style in STYLES}
    for routine in _library():
        candidates[routine.slug] = routine.slug
        candidates[routine.slug.removeprefix(routine.style + "-")] = routine.slug
        candidates[routine.name.lower()] = routine.slug
    within = [name for name in candidates if len(key) >= 3 and key in name]
    found = difflib.get_close_matches(key, list(candidates), n=count * 3, cutoff=0.6)
    names = list(dict.fromkeys(candidates[match] for match in within + found))
    return names[:count]


def routine_for(style: str, day: date, days: Sequence[int] | None = None) -> Routine:
    """The routine for a session of ``style`` on ``day``; the same answer every time for a day.

    With ``days`` (the weekdays sessions are planned on, Monday 0) the style's routines take
    turns session by session; without, they alternate by the date. A style with no routines
    falls back to bodyweight.
    """
    choices = routines(style) or routines(DEFAULT_STYLE)
    if not choices:
        raise LookupError("no routines are installed")
    if days:
        planned = sorted(set(days))
        rank = min(sum(1 for d in planned if d < day.weekday()), len(planned) - 1)
        week = (day.toordinal() - day.weekday()) // 7
        key = week * len(planned) + rank
    else:
        key = day.toordinal()
    return choices[key % len(choices)]


@cache
def _library() -> tuple[Routine, ...]:
    found = [_load_file(path) for path in ROUTINES_FOLDER.glob("*.toml") if path.is_file()]
    return tuple(sorted(found, key=lambda r: r.slug))


@cache
def _style_library(style: str) -> tuple[Routine, ...]:
    """One style's routines, reading only the files named for it. (Should a file's name and
    its own ``style`` disagree, the whole library is read instead.)"""
    named = sorted(path for path in ROUTINES_FOLDER.glob(f"{style}-*.toml") if path.is_file())
    found = tuple(map(_load_file, named))
    if found and all(r.style == style for r in found):
        return found
    return tuple(r for r in _library() if r.style == style)


@cache
def _load_file(path: Path) -> Routine:
    return load_routine(path.read_text(encoding="utf-8"), path.name[: -len(".toml")])


def _key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


# -- reading and checking one file ------------------------------------------------------------

_ROUTINE_KEYS = {"name", "style", "summary", "equipment", "intensity", "work", "rest",
                 "rest_cue", "warmup", "exercises", "cooldown"}
_MOVE_KEYS = {"name", "cue", "easier", "seconds"}


def load_routine(text: str, slug: str) -> Routine:
    """Parse and check one routine file; RoutineError says what is wrong and where."""
    where = f"routine '{slug}'"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise RoutineError(f"{where}: not valid TOML ({err})") from None
    unknown = set(data) - _ROUTINE_KEYS
    if unknown:
        raise RoutineError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    style = data.get("style")
    if style not in STYLES:
        raise RoutineError(f"{where}: style must be one of {', '.join(STYLES)}, not {style!r}")
    work = _seconds(data, "work", where, 10, 120)
    rest = _seconds(data, "rest", where, 10, 120)
    intensity = data.get("intensity", 1)
    if isinstance(intensity, bool) or intensity not in (1, 2, 3):
        raise RoutineError(f"{where}: 'intensity' must be 1, 2 or 3")
    return Routine(
        name=_line(data, "name", where),
        slug=slug,
        style=style,
        warmup=_moves(data, "warmup", where, timed=True),
        exercises=_moves(data, "exercises", where, timed=False),
        work=work,
        rest=rest,
        cooldown=_moves(data, "cooldown", where, timed=True),
        summary=_line(data, "summary", where, required=False),
        equipment=_line(data, "equipment", where, required=False),
        rest_cue=_line(data, "rest_cue", where, required=False) or DEFAULT_REST_CUE,
        intensity=intensity,
    )


def _line(data: dict, key: str, where: str, *, required: bool = True) -> str:
    value = data.get(key, "" if not required else None)
    if not isinstance(value, str) or (required and not value.strip()):
        raise RoutineError(f"{where}: '{key}' must be a line of text")
    if "\n" in value or len(value) > MAX_CUE_CHARS:
        raise RoutineError(f"{where}: '{key}' must be one line of at most {MAX_CUE_CHARS} characters")
    return value.strip()


def _seconds(data: dict, key: str, where: str, low: int, high: int) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RoutineError(f"{where}: '{key}' must be whole seconds from {low} to {high}")
    return value


def _moves(data: dict, key: str, where: str, *, timed: bool) -> tuple[Exercise, ...]:
    items = data.get(key)
    if not isinstance(items, list) or not items:
        raise RoutineError(f"{where}: needs at least one [[{key}]] move")
    moves = []
    for number, item in enumerate(items, 1):
        at = f"{where}, {key} move {number}"
        if not isinstance(item, dict):
            raise RoutineError(f"{at}: must be a table with name, cue and easier")
        unknown = set(item) - _MOVE_KEYS
        if unknown:
            raise RoutineError(f"{at}: unknown keys {', '.join(sorted(unknown))}")
        if timed:
            seconds = _seconds(item, "seconds", at, 15, 300)
        elif "seconds" in item:
            raise RoutineError(f"{at}: exercises take the routine's work seconds, not their own")
        else:
            seconds = 0
        moves.append(
            Exercise(
                name=_line(item, "name", at),
                cue=_line(item, "cue", at),
                easier=_line(item, "easier", at),
                seconds=seconds,
            )
        )
    return tuple(moves)


def total_seconds(intervals: Iterable[Interval]) -> int:
    return sum(i.seconds for i in intervals)
