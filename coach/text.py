"""What stored text may hold, and how stored text is shown.

Two functions, used at every boundary:

- :func:`check_text` decides what a text coach stores may hold: printable characters only,
  and newlines (and tabs) only in notes. A control character — C0 (but a note's newline and
  tab), ESC, DEL, C1 (0x80-0x9F) — or a lone surrogate (what invalid UTF-8 on the command line
  becomes) is refused with one line. The command line, the app's inputs and import all ask it.
- :func:`visible` renders stored text so that nothing in it reaches the terminal as a control
  character: ESC becomes ``␛``, the other C0 characters their control pictures (``␀``...),
  DEL ``␡``, C1 characters and lone surrogates ``�``. Everything that shows stored text — the
  command line's output (JSON aside, which escapes them itself) and every screen — goes
  through it, so a record from an older database, written before the checks, is harmless.

Nothing here imports Textual; ``coach status`` uses it too, so it stays light.
"""

from __future__ import annotations

import re

#: Any character a stored text may never hold, newline and tab included.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
#: The same, with a note's newline and tab let through.
_NOTE_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")

#: A regular expression an input field's whole value must match: no control character.
#: (For Textual's ``Input(restrict=...)``: such characters cannot be typed or pasted.)
INPUT_PATTERN = "[^\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]*"

#: The longest texts coach stores, by what they are.
NAME_LIMIT = 200
LINE_LIMIT = 500
NOTE_LIMIT = 5000


def _named(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return f"U+{code:04X}" if char not in "\x1b\n\t\r" else {
            "\x1b": "ESC (U+001B)", "\n": "a new line", "\t": "a tab", "\r": "a carriage return",
        }[char]
    if 0xD800 <= code <= 0xDFFF:
        return "a byte that is not valid UTF-8"
    if code in (0x2028, 0x2029):
        return "a line separator"
    return f"U+{code:04X}"


def problem(text: str, *, note: bool = False, limit: int | None = None) -> str | None:
    """What is wrong with ``text`` as a stored text (a note with ``note``), or None."""
    bad = (_NOTE_CONTROL if note else _CONTROL).search(text)
    if bad is not None:
        what = _named(bad.group())
        if what.startswith(("U+", "ESC")):
            what = f"the control character {what}"
        return f"holds {what}, which coach does not store"
    if limit is not None and len(text) > limit:
        return f"is longer than {limit} characters"
    return None


def check_text(text: str, what: str, *, note: bool = False, limit: int | None = None) -> str:
    """``text`` itself when coach may store it; else ValueError in one line naming ``what``
    (e.g. "the note") and the character refused. ``note`` lets newlines and tabs through."""
    wrong = problem(text, note=note, limit=limit)
    if wrong is not None:
        raise ValueError(f"{what} {wrong}")
    return text


_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
_PICTURES[0x7F] = "\u2421"  # ␡


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return _PICTURES.get(code, "\ufffd")


def visible(text: str, *, note: bool = False) -> str:
    """``text`` with every control character made visible (``\\x1b`` as ``␛``); with
    ``note``, newlines and tabs are kept as they are."""
    pattern = _NOTE_CONTROL if note else _CONTROL
    if pattern.search(text) is None:  # the usual case: nothing to change
        return text
    return pattern.sub(_picture, text)


def as_stored(given: str, stored: str | None, *, note: bool = False) -> str:
    """What to keep for a field that showed ``stored`` made visible: ``stored`` itself when
    ``given`` is exactly what was shown (left as it was), else ``given``. So a text an older
    coach stored with control characters is not rewritten as their pictures (␛) unasked."""
    if stored is not None and given != stored and given == visible(stored, note=note):
        return stored
    return given


def one_line(text: str) -> str:
    """A stored text for one line of output: control characters visible, and a note's newlines
    and tabs as spaces."""
    return visible(text.replace("\n", " ").replace("\t", " "))


def terminal_width() -> int:
    """The terminal's width for the command line's prose: ``COLUMNS`` when set, else the
    terminal's own. Output going to a file or a pipe is not wrapped (a script reads each
    line whole)."""
    import shutil

    return shutil.get_terminal_size(fallback=(NOT_WRAPPED, 24)).columns


#: The width taken when the output is not a terminal: no line is wrapped.
NOT_WRAPPED = 100_000


def wrapped(text: str, width: int | None = None) -> str:
    """``text`` with each line longer than ``width`` (the terminal's, when not given) wrapped
    at spaces, its continuation lines indented as the line itself is, or, in a two-column line
    (a word, two spaces or more, the rest), as its second column is. Light when every line
    fits, as for ``coach status``."""
    width = terminal_width() if width is None else width
    if all(len(line) <= width for line in text.splitlines()):
        return text
    import textwrap

    out: list[str] = []
    for line in text.splitlines():
        if len(line) <= width:
            out.append(line)
            continue
        column = re.match(r"\s*\S+ {2,}(?=\S)", line)
        indent = " " * column.end() if column else line[: len(line) - len(line.lstrip())]
        out.extend(textwrap.wrap(line, width=max(width, len(indent) + 20),
                                 subsequent_indent=indent, break_on_hyphens=False) or [""])
    return "\n".join(out)
