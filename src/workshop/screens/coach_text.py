"""Provides reveal_cursor, select_words and badge: show a coach finding's words and counts in an answer box."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.widgets import Input, TextArea

from ..model.template import FieldType
from ..model.text import plural

if TYPE_CHECKING:
    from ..coach import Finding


def reveal_cursor(box: Any) -> None:
    """Scroll the box's scrolling ancestor so the cursor (the selected words) is on screen.

    A tall answer box can be taller than the step's view: bringing the box
    into view may still leave the words below the edge.
    """
    from textual.containers import ScrollableContainer

    if not box.is_attached or not isinstance(box, TextArea):
        return
    scroll = next((a for a in box.ancestors if isinstance(a, ScrollableContainer)), None)
    if scroll is None:
        return
    y = box.cursor_screen_offset.y
    region = scroll.region
    if not region.y <= y < region.bottom:
        scroll.scroll_relative(y=y - (region.y + region.height // 3), animate=False)


def select_words(box: Any, finding: "Finding") -> None:
    """Select a finding's words in an Input or TextArea (the box's own text, as it is now)."""
    if not finding.line or not finding.column:
        return
    if isinstance(box, TextArea):
        from textual.widgets.text_area import Selection

        lines = box.text.split("\n")
        rows = list(range(len(lines)))
        if getattr(getattr(box.parent, "field", None), "type", None) is FieldType.LIST:
            rows = [index for index, line in enumerate(lines) if line.strip()]  # item N
        if not 0 < finding.line <= len(rows):
            return
        start_row = rows[finding.line - 1]
        end_line = finding.end_line or finding.line
        end_row = rows[end_line - 1] if 0 < end_line <= len(rows) else start_row
        start = (start_row, finding.column - 1)
        end = (end_row, max(finding.end_column - 1, 0))
        box.selection = Selection(start, end)
    elif isinstance(box, Input):
        from textual.widgets.input import Selection as InputSelection

        if finding.line != 1:
            return
        box.selection = InputSelection(finding.column - 1, max(finding.end_column - 1, 0))


def badge(widget: Any, findings: list, key: str) -> None:
    """Put the count and worst severity of `findings` in a box's bottom border (none: clear it)."""
    from .. import coach

    if not findings:
        widget.border_subtitle = None
        return
    from ..widgets.findings import SEVERITY_MARKS

    symbol, style = SEVERITY_MARKS.get(coach.worst(findings), ("", ""))
    count = len(findings)
    widget.border_subtitle = Content.assemble(
        (f" {symbol} {plural(count, 'finding')}", style), (f" · {key} ", "$text-muted")
    )
