"""One parse of the stylesheet before the first frame, instead of four; none opening Week.

Textual parses the whole stylesheet again each time a widget class it has not seen before is
mounted (its default CSS joins the stylesheet), and once more when the first screen comes in
through a mode, to apply the theme's colours. Opening Today that is four parses of every rule
before anything shows. Here the theme's colours and the default CSS of every widget on Today's
first frame go into the stylesheet before it is first parsed, in the order Textual would add
them, so it is parsed once; and Today, styled by that parse, is marked up to date so the mode
does not parse it all again.

The same holds for the next screen someone opens: :func:`style_ahead` puts Week's
stylesheets in while Today is on screen, a moment after the first frame, so that w opens Week
without parsing every rule again (three times, as Textual would).

Nothing here changes what is shown: a widget class left out of the list costs one more parse,
and if Textual's internals change shape, the preparation is skipped and Textual does as usual.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

from textual.dom import DOMNode


def default_css(node_class: type[DOMNode]) -> list[tuple[Any, str, int, str]]:
    """The default CSS sources ``node_class`` adds when it is first mounted (with its bases)."""
    # What Widget._post_register reads, for a class rather than an instance.
    stand_in = SimpleNamespace(_node_bases=node_class._css_bases(node_class))
    return DOMNode._get_default_css(stand_in)  # type: ignore[arg-type]


def _add_default_css(stylesheet: Any, node_classes: Iterable[type[DOMNode]]) -> bool:
    """Add the default CSS of ``node_classes`` not there yet, in order, as a widget's first
    mount would; True when any was added."""
    added = False
    for node_class in node_classes:
        for read_from, css, tie_breaker, scope in default_css(node_class):
            if not stylesheet.has_source(*read_from):
                stylesheet.add_source(
                    css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker,
                    scope=scope,
                )
                added = True
    return added


def prepare_stylesheet(app: Any, node_classes: list[type[DOMNode]]) -> bool:
    """Set the theme's variables, add the default CSS of ``node_classes`` in that order, and
    style the app with it, so the first parse is the only one. Call from the app's
    ``on_load``. True when done."""
    try:
        stylesheet = app.stylesheet
        stylesheet.set_variables(app.get_css_variables())
        _add_default_css(stylesheet, node_classes)
        # Style the app itself now, as the mode's parse would have: its colours are what
        # every widget inherits, and a widget remembers the colours it first worked out.
        stylesheet.apply(app)
    except Exception:  # a Textual that works differently: leave it to Textual
        return False
    return True


def style_ahead(app: Any, screen: Any, node_classes: tuple[type[DOMNode], ...]) -> bool:
    """Put a screen's stylesheets and the default CSS of ``node_classes`` (the widgets it
    mounts that are not on screen yet) into the stylesheet and parse it all now, once, so
    that opening the screen later parses nothing: for a moment when nobody is waiting. The
    screen (an instance, not yet shown) is only read for its stylesheets' paths. True when
    done; then the screen's mode may use :func:`mark_styled`."""
    try:
        stylesheet = app.stylesheet
        added = False
        for path in screen.css_path:
            if not stylesheet.has_source(str(path), ""):
                stylesheet.read(path)
                added = True
        added = _add_default_css(stylesheet, node_classes) or added
        if not added:  # the screen has been shown already: nothing to do
            return False
        stylesheet.reparse()
        stylesheet.update(app)
    except Exception:  # a Textual that works differently: leave it to Textual
        return False
    return True


def mark_styled(screen: Any) -> None:
    """A screen styled ahead needs no fresh parse when its mode starts: the stylesheet already
    holds the theme and its rules (see :func:`prepare_stylesheet` and :func:`style_ahead`;
    the app lists such screens in ``styled_ahead``). And it starts with the classes the
    window's size gives it, which Textual would otherwise add once it is put together,
    styling it all again."""
    app = screen.app
    if type(screen) in getattr(app, "styled_ahead", ()) and hasattr(screen, "_css_update_count"):
        screen._css_update_count = app._css_update_count
    width, height = app.size
    across = screen.HORIZONTAL_BREAKPOINTS
    down = screen.VERTICAL_BREAKPOINTS
    for size, breakpoints in (
        (width, app.HORIZONTAL_BREAKPOINTS if across is None else across),
        (height, app.VERTICAL_BREAKPOINTS if down is None else down),
    ):
        # As Textual picks them: the class of the largest breakpoint the size reaches.
        for at_least, name in sorted(breakpoints or (), reverse=True):
            if size >= at_least:
                screen.add_class(name, update=False)  # styled when it is added
                break


def screen_parts() -> list[type[DOMNode]]:
    """The widgets every screen mounts for itself (notifications and tooltips)."""
    try:
        from textual.widgets._toast import ToastRack
        from textual.widgets._tooltip import Tooltip
    except ImportError:
        return []
    return [ToastRack, Tooltip]

