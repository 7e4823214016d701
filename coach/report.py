"""The week as plain text and as JSON, for the command line (``coach plan``, ``coach status``).

Only the standard library, ``coach.plan`` and ``coach.words``: this runs in every new shell, so it must stay quick
to import.
"""

from __future__ import annotations

from datetime import date

from coach.cues import Cue, cue_line, cue_lines
from coach.models import STYLE_NAMES
from coach.plan import TOP_LEVEL, BuddySuggestion, DayPlan, Level, NextStep, PlanChange, WeekPlan
from coach.words import (
    WEEKDAY_LONG,
    WEEKDAY_SHORT,
    day_name,
    long_day,
    minutes_words,
    next_session,
    pause_span,
    plural,
    short_day,
    style_name,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from coach.models import Buddy, Pause
    from coach.mood import Care

#: The short session offered on a low morning, in minutes (as Today offers it).
SHORT_MINUTES = 10
GENTLE_LEAD = "If and when you feel up to it"

STATUS_WORDS = {
    "planned": "planned",
    "done": "done",
    "short": "short session",
    "extra": "extra",
    "rest": "rest day",
    "paused": "paused",
}


def week_to_json(
    week: WeekPlan, buddy_suggestion: BuddySuggestion | None = None, care: Care | None = None,
    day_cues: dict[date, Cue] | None = None,
) -> dict:
    """The week as the JSON object of ``coach plan --json`` (the contract for scripts).

    ``care`` is the date's morning: ``{"safety_net": bool, "low_mood_offer": bool}``. Each
    day has ``"cue"``: for a planned day with an if-then cue (``day_cues``, see
    ``coach.cues.week_cues``) ``{"when", "at", "if_hard"}``, else null.
    """
    cues = day_cues or {}
    return {
        "date": week.day.isoformat(),
        "week_start": week.week_start.isoformat(),
        "level": week.level.number,
        "sessions_per_week": week.level.sessions,
        "minutes": week.level.minutes,
        "paused": week.paused,
        "counting_sessions": week.counting_sessions,
        "week_complete": week.complete,
        "days": [
            {"date": d.day.isoformat(), "status": d.status, "minutes_done": d.minutes_done,
             "cue": cues[d.day].to_json() if d.day in cues else None}
            for d in week.days
        ],
        "next_step": _next_step_json(week.next_step),
        "buddy_suggestion": (
            {"reason": buddy_suggestion.reason, "text": buddy_suggestion.text}
            if buddy_suggestion is not None
            else None
        ),
        "care": {
            "safety_net": bool(care is not None and care.safety_net),
            "low_mood_offer": bool(care is not None and care.low_mood_offer),
        },
    }


def _next_step_json(step: NextStep | None) -> dict | None:
    if step is None:
        return None
    return {
        "level": step.level.number,
        "sessions_per_week": step.level.sessions,
        "minutes": step.level.minutes,
        "complete_weeks_needed": step.complete_weeks_needed,
    }


# ---------------------------------------------------------------------------------------------
# Words


def level_words(lvl: Level) -> str:
    """'level 2: 2 sessions of 25 minutes'."""
    return f"level {lvl.number}: {plural(lvl.sessions, 'session')} of {lvl.minutes} minutes"


def next_step_words(week: WeekPlan) -> str:
    """What the next step needs, in plain words."""
    step = week.next_step
    if step is None or week.level.number >= TOP_LEVEL:
        return f"Level {TOP_LEVEL} is the top of the ladder: this is the place to stay."
    target = (
        f"level {step.level.number} ({plural(step.sessions_per_week, 'session')} "
        f"of {step.minutes} minutes)"
    )
    if step.complete_weeks_needed <= 0:
        return f"Next week: {target}."
    if step.complete_weeks_needed == 1:
        return f"Next step: {target}, after one more complete week."
    return f"Next step: {target}, after {step.complete_weeks_needed} more complete weeks."


def short_words(n: int) -> str:
    """'1 short session — showing up counts': short sessions are recorded and count as
    showing up (never toward the level)."""
    return f"{plural(n, 'short session')} — showing up counts"


def progress_words(week: WeekPlan) -> str:
    """How the week is going, kindly; a week that is over in the past tense, one to come in
    the future. Short sessions are named: they count as showing up."""
    n = week.level.sessions
    minutes = minutes_words(week.minutes_done, week.sessions_done)
    over = week.week_end < week.today
    short = f" {short_words(week.short_sessions)}." if week.short_sessions else ""
    if week.complete:
        return f"Week complete: {n} of {n} sessions, {minutes} in all. Well done."
    if week.week_start > week.today:
        return f"Coming up: {plural(n, 'session')} of {week.level.minutes} minutes."
    if week.paused:
        if over:
            text = "The plan was paused that week."
        else:
            text = ("The plan is paused this week. Rest and recover: it will be here when "
                    "you're ready.")
        if week.sessions_done:
            text += f" You still did {minutes}."
        return text
    done = f"{week.counting_sessions} of {n} sessions"
    if week.lighter and over:
        text = f"A lighter week: {done}"
        text += f", {minutes} in all." if week.sessions_done else "."
        return text + short + " That's okay, one week at a time."
    if week.lighter:
        return (f"A lighter week: {done} so far, {week.remaining} still planned."
                f"{short} That's okay.")
    text = f"So far: {done}"
    text += f", {minutes} in all." if week.sessions_done else "."
    return text + short


def week_sessions_words(week: WeekPlan) -> str:
    """'1 of 2 sessions', or, when more were done than count toward the plan (short ones,
    or more than planned), '3 sessions done, 1 of 2 toward the plan'."""
    done = f"{week.counting_sessions} of {week.level.sessions}"
    if week.sessions_done > week.counting_sessions:
        return f"{plural(week.sessions_done, 'session')} done, {done} toward the plan"
    return f"{done} sessions"


def week_note(week: WeekPlan) -> str:
    """What the week's numbers do not say by themselves (Week shows the numbers on the line
    above): complete, lighter, paused, coming up, short sessions. Empty when nothing to add."""
    over = week.week_end < week.today
    short = f" {short_words(week.short_sessions)}." if week.short_sessions else ""
    if week.complete:
        return "Week complete. Well done." + short
    if week.week_start > week.today:
        return f"Coming up: {plural(week.level.sessions, 'session')} of {week.level.minutes} minutes."
    if week.paused:
        if over:
            return "The plan was paused that week."
        return "Rest and recover: the plan will be here when you're ready."
    if week.lighter and over:
        return "A lighter week. That's okay, one week at a time." + short
    if week.lighter:
        return f"A lighter week: {week.remaining} still planned. That's okay." + short
    return short.strip()


def extra_words(week: WeekPlan) -> str | None:
    """The gentle word about sessions beyond the plan, in the week's own tense."""
    if not week.extra_note:
        return None
    if week.week_end < week.today:
        return "That week went beyond the plan. Rest days help your body get stronger too."
    return week.extra_note


def _why_moved(change: PlanChange) -> str:
    if change.reason == "asked":
        return "as you asked"
    if change.reason == "passed":
        return f"{WEEKDAY_LONG[change.from_day.weekday()]} has passed"
    return "to keep a rest day between sessions"


def moved_words(week: WeekPlan) -> str | None:
    """One line on what moved where this week, and why (None when nothing moved)."""
    changes = week.changes
    if not changes:
        return None
    if len(changes) == 1:
        c = changes[0]
        why = _why_moved(c)
        why = f", {why}" if c.reason != "passed" else f": {why}"
        to = "today" if c.to_day == week.today else day_name(c.to_day, week.today)
        return f"{WEEKDAY_LONG[c.from_day.weekday()]}'s session moved to {to}{why}."
    parts = []
    for c in changes:
        why = _why_moved(c).replace("to keep a rest day between sessions", "a rest day between")
        parts.append(f"{WEEKDAY_SHORT[c.from_day.weekday()]} to "
                     f"{WEEKDAY_SHORT[c.to_day.weekday()]} ({why})")
    return "Sessions moved: " + ", ".join(parts) + "."


def _day_line(d: DayPlan) -> str:
    label = STATUS_WORDS.get(d.status, d.status)
    if d.status == "planned":
        minutes = f"{d.planned_minutes} min"
    elif d.sessions:
        minutes = f"{d.minutes_done} min" if d.minutes_done else "<1 min"
    else:
        minutes = ""
    line = f"  {short_day(d.day):<11} {label:<14} {minutes}"
    if d.is_today:
        line += "   (today)"
    return line.rstrip()


def week_text(
    week: WeekPlan,
    buddy_suggestion: BuddySuggestion | None = None,
    insight_line: str | None = None,
    streak: int | None = None,
    care: Care | None = None,
    buddy: Buddy | None = None,
    day_cues: dict[date, Cue] | None = None,
    low_mood: bool = False,
) -> str:
    """The week for a person (``coach plan``): the seven days, progress and the next step.

    ``care`` is today's morning: with the safety net on, the text leads with the buddy and
    the crisis resources (as Today does); on a low morning it offers the 10-minute session.
    """
    lines = care_lines(care, buddy)
    if lines:
        lines.append("")
    lines.append(f"Week of {long_day(week.week_start, week.today)} · {level_words(week.level)}")
    holds_today = week.week_start <= week.today <= week.week_end
    if week.welcome_back and holds_today and not (care is not None and care.safety_net):
        lines.append("Welcome back. The plan starts gently from here.")
    lines.append("")
    cues = day_cues or {}
    for d in week.days:
        lines.append(_day_line(d))
        if d.day in cues:
            lines.append(f"{'':14}{cue_line(cues[d.day], low_mood and d.is_today)}")
    lines.append("")
    if care is not None and week.today_plan is not None and (
        care.low_mood_offer or care.safety_net
    ):
        lines.append(today_words(week, care))
    lines.append(progress_words(week))
    moved = moved_words(week)
    if moved:
        lines.append(moved)
    extra = extra_words(week)
    if extra:
        lines.append(extra)
    if week.painful and week.week_end < week.today:
        lines.append("A session that week was marked painful.")
    elif week.painful:
        lines.append("A session this week was marked painful: go easy, and the plan waits for you.")
    lines.append(next_step_words(week))
    if streak:
        lines.append(f"Weeks in a row with a session: {streak}.")
    if insight_line:
        lines.append(insight_line.strip())
    if buddy_suggestion is not None:
        lines.append(f"Buddy: {buddy_suggestion.text}")
    return "\n".join(lines)


def care_lines(care: Care | None, buddy: Buddy | None = None) -> list[str]:
    """What leads when the safety net is on (Today's words: a kind line, the buddy, the
    crisis resources); nothing otherwise."""
    if care is None or not care.safety_net:
        return []
    from coach.mood import safety_net_lines

    return safety_net_lines(buddy)


def today_words(week: WeekPlan, care: Care | None = None) -> str:
    """One line about today (``week`` is the week holding today). On a low morning the
    10-minute session is offered in place of the planned one; under the safety net the
    session comes only "if and when you feel up to it"."""
    d = week.today_plan
    if d is None:
        return f"Week of {long_day(week.week_start, week.today)}."
    style = style_name(week.style, lower=True)
    if d.status == "planned":
        if care is not None and care.safety_net:
            minutes = SHORT_MINUTES if care.low_mood_offer else d.planned_minutes
            text = f"{GENTLE_LEAD}: a {minutes}-minute {style} session"
            if care.low_mood_offer:
                return f"{text} counts as showing up. Resting today is fine too."
            return f"{text}. Resting today is fine too."
        if care is not None and care.low_mood_offer:
            return (
                f"Today: hard mornings happen. A {SHORT_MINUTES}-minute {style} session "
                "counts as showing up, if you'd like; resting is fine too."
            )
        return f"Today: a {d.planned_minutes}-minute {style} session."
    if d.status == "done":
        return f"Today: done, {minutes_words(d.minutes_done)}. Nice work."
    if d.status == "extra":
        return (
            f"Today: {minutes_words(d.minutes_done)}, more than the plan asks. "
            "Rest helps too."
        )
    if d.status == "short":
        if d.in_place:
            return (f"Today: {minutes_words(d.minutes_done)}, in place of today's session. "
                    "Showing up counts.")
        return f"Today: {minutes_words(d.minutes_done)}. Showing up matters."
    if d.status == "paused":
        return "Today: the plan is paused. Rest well."
    nxt = next_session(week, d.day)
    return f"Today: rest day. {nxt}" if nxt else "Today: rest day."


def status_lines(
    week: WeekPlan,
    insight_line: str | None = None,
    care: Care | None = None,
    buddy: Buddy | None = None,
    cue: Cue | None = None,
) -> list[str]:
    """Two or three short lines for ``coach status`` (plus the insight line when given):
    today's plan (with today's if-then cue, when it has one), the week so far, the next step.

    With the safety net on (``care``), the buddy and the crisis resources come first, and
    nothing about the next step or the cue; on a low morning the 10-minute session is
    offered, and the cue's if-it-feels-hard plan comes first.
    """
    safety = care is not None and care.safety_net
    lines = care_lines(care, buddy)
    lines.append(today_words(week, care))
    if not safety:
        low = care is not None and care.low_mood_offer
        lines.extend(f"  {line}." if not line.endswith((".", "!", "?")) else f"  {line}"
                     for line in cue_lines(cue, low))
    n = week.level.sessions
    if week.paused:
        week_line = "This week: paused."
    elif week.complete:
        week_line = f"This week: complete, {n} of {n} sessions. Well done."
    else:
        week_line = f"This week: {week.counting_sessions} of {n} sessions"
        week_line += (f", {minutes_words(week.minutes_done, week.sessions_done)}"
                      if week.sessions_done else "")
        if week.short_sessions:
            week_line += f"; {short_words(week.short_sessions)}"
        week_line += "."
        if week.welcome_back and not week.sessions_done and not safety:
            week_line = f"Welcome back. {week_line}"
    lines.append(f"{week_line} Level {week.level.number}.")
    if not safety:  # a hard stretch is no time for the ladder
        lines.append(next_step_words(week))
    if insight_line:
        lines.append(insight_line.strip())
    return lines


def routines_text(minutes: int, level: int | None = None) -> str:
    """Every routine, by style, for ``coach routines``: its name to type, its title, the minutes
    it runs for today, and what it needs; the gentlest of each style (what the style's name
    starts) is marked."""
    from coach.routines import gentlest_routine, routines

    everything = routines()
    width = max((len(r.slug) for r in everything), default=0) + 2
    at = f" (level {level})" if level else ""
    lines = [
        f"Each routine runs for your session's length: {minutes} minutes today{at}.",
        "Start one with coach timer NAME, or coach timer STYLE for the gentlest of a style.",
    ]
    from coach.models import STYLES

    for style in sorted({r.style for r in everything}, key=STYLES.index):
        gentlest = gentlest_routine(style, minutes)
        lines += ["", f"{STYLE_NAMES.get(style, style.title())} (coach timer {style})"]
        for r in (r for r in everything if r.style == style):
            mark = " · the gentlest" if r is gentlest else ""
            lines.append(f"  {r.slug:<{width}}{r.name} · {minutes} min{mark}")
            if r.equipment:
                lines.append(" " * (width + 2) + r.equipment)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Pauses


def already_paused_words(pause: Pause, today: date) -> str:
    """What ``coach pause`` says when the plan is paused already on the day asked."""
    if pause.covers(today):
        return (f"The plan is already paused, {pause_span(pause, today)}. Nothing changed; "
                "coach resume runs it again.")
    return f"A pause is already planned {pause_span(pause, today)}. Nothing changed."


def pause_list_lines(pauses: list[Pause], today: date) -> list[str]:
    """``coach pause --list``: the pause in force today and those planned, with their numbers."""
    now = [p for p in pauses if p.covers(today)]
    planned = [p for p in pauses if p.start > today]
    lines = [f"Paused now, {pause_span(p, today)}. coach resume runs the plan again."
             for p in now]
    if planned:
        lines.append("Planned:")
        lines.extend(f"  {p.id}  {pause_span(p, today)}" for p in planned)
        lines.append("To cancel one: coach pause --cancel N.")
    if not lines:
        lines.append("No pause now, and none planned. To take a break: coach pause.")
    return lines


def resume_lines(lifted: list[Pause], still_planned: list[Pause], today: date) -> list[str]:
    """What ``coach resume`` did: the pause in force lifted, and any planned one kept."""
    if not lifted:
        lines = ["The plan isn't paused today: nothing to resume."]
    elif any(p.start < today for p in lifted):
        lines = ["Welcome back. The plan runs again from today, at an easy pace."]
    else:
        lines = ["Today's pause is lifted: the plan runs as usual."]
    for p in still_planned:
        lines.append(f"Still planned: a pause {pause_span(p, today)} "
                     f"(coach pause --cancel {p.id} cancels it).")
    return lines
