"""Provides DecisionTable: the decision log as a table (what, door, owner, date)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from ..model.live import LiveSession

DOOR_LABELS = {"one-way": "one-way door", "two-way": "two-way door"}
"""How a door is shown."""


class DecisionTable(DataTable):
    """One row per decision; row keys are the decisions' ids.

    Attributes down: the host calls `show(live)` after every change.
    """

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        if not self.columns:
            self.add_column("Decision", key="what")
            self.add_column("Door", key="door")
            self.add_column("Owner", key="owner")
            self.add_column("Date", key="date")

    def show(self, live: LiveSession, select: str | None = None) -> None:
        """Fill the table from the session; keep the cursor on `select` (an id) or its row."""
        keep = select if select is not None else self.selected_id()
        row_index = self.cursor_row
        self.clear()
        for item in live.state.decisions:
            self.add_row(
                Text(item.what.replace("\n", " ")),
                Text(DOOR_LABELS.get(item.door, item.door), style="bold" if item.door == "one-way" else ""),
                Text(item.owner or "—"),
                Text(item.date.isoformat()),
                key=item.id,
            )
        if not self.row_count:
            return
        try:
            target = self.get_row_index(keep) if keep else row_index
        except Exception:  # noqa: BLE001 - the row was deleted
            target = row_index
        self.move_cursor(row=max(0, min(target, self.row_count - 1)))

    def selected_id(self) -> str | None:
        """The id of the decision under the cursor, or None."""
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - no valid cursor
            return None
