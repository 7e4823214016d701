"""Crisis resources and the not-medical-care sentence, as plain data.

Used by the help screen, the safety net, the screener result and the command line, so every
place shows the same words. Nothing here knows about Textual.
"""

from __future__ import annotations

NOT_MEDICAL_CARE = (
    "coach is not medical care: it cannot replace a doctor or therapist, "
    "and if you need help now, please reach out to one of the services below."
)

CRISIS_HEADING = "If you need help now"

EMERGENCY = "In an emergency, call your local emergency number."
US_988 = "US: call or text 988 (988 Suicide & Crisis Lifeline), any time."
UK_IE_SAMARITANS = "UK and Ireland: call Samaritans on 116 123, free, any time."
OTHER_COUNTRIES = "Other countries: findahelpline.com lists free, confidential helplines."

CRISIS_RESOURCES: tuple[str, ...] = (EMERGENCY, US_988, UK_IE_SAMARITANS, OTHER_COUNTRIES)


def crisis_lines() -> list[str]:
    """The crisis resources, one per line, emergency number first."""
    return list(CRISIS_RESOURCES)


def resource_lines(heading: bool = True) -> list[str]:
    """The not-medical-care sentence, then (optionally) a heading, then the crisis resources."""
    lines = [NOT_MEDICAL_CARE]
    if heading:
        lines.append(CRISIS_HEADING)
    lines.extend(CRISIS_RESOURCES)
    return lines
