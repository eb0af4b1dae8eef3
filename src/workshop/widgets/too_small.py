"""Provides TooSmall: the notice that covers any screen while the terminal is smaller than the app needs."""

from __future__ import annotations

from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH = 40
"""Narrowest terminal the screens work in (measured: the session screen still shows a question and two lines of answer)."""
MIN_HEIGHT = 12
"""Lowest terminal the screens work in (at 11 rows only one line of an answer shows)."""


class TooSmall(Static):
    """Covers the screen with "make the window bigger" while the terminal is too small.

    Drawn above everything on its screen (`overlay: screen`), so the screen
    underneath keeps its layout and state, and comes back as it was when the
    window grows again.
    """

    DEFAULT_CSS = """
    TooSmall {
        layer: too-small;
        overlay: screen;
        position: absolute;
        offset: 0 0;
        width: 100%;
        height: 100%;
        padding: 0 1;
        content-align: center middle;
        text-align: center;
        background: $background;
        color: $text;
        text-style: bold;
    }
    """


def too_small(size: Size) -> bool:
    """True when a terminal of `size` is smaller than the app needs."""
    return size.width < MIN_WIDTH or size.height < MIN_HEIGHT


def message(size: Size) -> str:
    """The notice for a terminal of `size`."""
    return f"Make the window bigger\n(at least {MIN_WIDTH} x {MIN_HEIGHT}; now {size.width} x {size.height})"


def cover(screen: Screen, size: Size) -> None:
    """Show the notice on `screen` while `size` is too small; hide it otherwise.

    The notice is mounted into a screen the first time it is needed there.
    """
    notice = next(iter(screen.query_children(TooSmall)), None)
    if not too_small(size):
        if notice is not None:
            notice.display = False
        return
    if notice is None:
        screen.mount(TooSmall(message(size), markup=False))
    else:
        notice.update(message(size))
        notice.display = True
