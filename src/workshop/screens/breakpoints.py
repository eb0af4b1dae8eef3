"""Provides start_breakpoints: a screen's breakpoint classes for the terminal it will open in.

Textual adds a screen's breakpoint classes (`HORIZONTAL_BREAKPOINTS`,
`VERTICAL_BREAKPOINTS`) on its first resize, after the screen has been styled
once; adding them then restyles every widget on the screen a second time
(~4-5 ms for the session screen's first frame). A screen that starts with the
classes it is about to get is styled once. The rule is Textual's: for each
dimension, the class of the largest breakpoint not above it.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.geometry import Size
from textual.screen import Screen


def _pick(dimension: int, breakpoints: list[tuple[int, str]]) -> list[str]:
    for breakpoint, class_name in sorted(breakpoints, reverse=True):
        if dimension >= breakpoint:
            return [class_name]
    return []


def start_breakpoints(screen: type[Screen], app: App[Any], size: Size) -> list[str]:
    """The breakpoint classes a `screen` class gets at `size` (the app's breakpoints unless it sets its own)."""
    horizontal = (
        app.HORIZONTAL_BREAKPOINTS if screen.HORIZONTAL_BREAKPOINTS is None else screen.HORIZONTAL_BREAKPOINTS
    ) or []
    vertical = (
        app.VERTICAL_BREAKPOINTS if screen.VERTICAL_BREAKPOINTS is None else screen.VERTICAL_BREAKPOINTS
    ) or []
    return _pick(size.width, horizontal) + _pick(size.height, vertical)
