"""Provides display-safe text for widgets: `shown()`/`typed()` from `workshop.safe`, and a line-filter net.

The functions live in the core module `workshop.safe` (the one way user text
reaches any output, shared with the CLI); they are re-exported here for the
widgets. `ControlFilter` is the net under them: a line filter that drops any
control character still inside a rendered line, so a path that forgot
`shown()` still cannot drive the terminal.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from ..safe import CONTROL, shown, typed

__all__ = ["ControlFilter", "shown", "typed"]


class ControlFilter(LineFilter):
    """Drops control characters left in rendered text (they are zero cells wide, so layout is kept)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """Return `segments` with no control character in their text."""
        if not any(CONTROL.search(text) for text, _, control in segments if control is None):
            return segments
        return [
            segment if segment.control is not None else Segment(CONTROL.sub("", segment.text), segment.style)
            for segment in segments
        ]
