"""Provides DecisionTable: the decision log as a table (what, why, door, owner, date)."""

from __future__ import annotations

from typing import Iterable

from rich.text import Text

from ..model.live import LiveSession
from ..safe import shown
from .record_table import RecordTable

DOOR_LABELS = {"one-way": "one-way door", "two-way": "two-way door"}
"""How a door is shown."""


class DecisionTable(RecordTable):
    """One row per decision; row keys are the decisions' ids."""

    COLUMNS = (("Decision", "what"), ("Why", "why"), ("Door", "door"), ("Owner", "owner"), ("Date", "date"))

    text_width: int | None = None
    """Cut "what" and "why" to this many cells (with …), so every column fits a narrow
    panel; None: whole (the full decision log screen scrolls sideways instead)."""

    def _cell(self, text: str) -> Text:
        cell = Text(shown(text.replace("\n", " ")) or "—")
        if self.text_width is not None and cell.cell_len > self.text_width:
            cell.truncate(self.text_width, overflow="ellipsis")
        return cell

    def records(self, live: LiveSession) -> Iterable[tuple[str, tuple[Text, ...]]]:
        """One row per logged decision."""
        for item in live.state.decisions:
            yield item.id, (
                self._cell(item.what),
                self._cell(item.why),
                Text(DOOR_LABELS.get(item.door, item.door), style="bold" if item.door == "one-way" else ""),
                Text(shown(item.owner) or "—"),
                Text(item.date.isoformat()),
            )
