"""Provides ParkingTable: the parking lot as a table (point, step, who, when)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from ..model.live import LiveSession, display_name


class ParkingTable(DataTable):
    """One row per parked point; row keys are the items' ids.

    Attributes down: the host calls `show(live)` after every change.
    """

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        if not self.columns:
            self.add_column("Parked point", key="text")
            self.add_column("During", key="step")
            self.add_column("Raised by", key="author")
            self.add_column("When", key="when")

    def show(self, live: LiveSession, select: str | None = None) -> None:
        """Fill the table from the session; keep the cursor on `select` (an id) or its row."""
        keep = select if select is not None else self.selected_id()
        row_index = self.cursor_row
        self.clear()
        for item in live.state.parking_lot:
            self.add_row(
                Text(item.text.replace("\n", " ")),
                Text(live.step_title(item.step) if item.step else "—"),
                Text(display_name(item.author), style="" if item.author else "italic dim"),
                Text(item.created.astimezone().strftime("%H:%M")),
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
        """The id of the item under the cursor, or None."""
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - no valid cursor
            return None
