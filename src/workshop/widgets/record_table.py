"""Provides RecordTable: a DataTable of live-session records that keeps its cursor across refreshes."""

from __future__ import annotations

from typing import ClassVar, Iterable

from rich.text import Text
from textual.widgets import DataTable

from ..model.live import LiveSession


class RecordTable(DataTable):
    """One row per record (parked point, decision…); row keys are the records' ids.

    Attributes down: the host calls `show(live)` after every change. Subclasses
    name their columns in `COLUMNS` and turn the session into rows in `records()`.
    """

    COLUMNS: ClassVar[tuple[tuple[str, str], ...]] = ()
    """`(label, key)` for each column, in order."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        if not self.columns:
            for label, key in self.COLUMNS:
                self.add_column(label, key=key)

    def records(self, live: LiveSession) -> Iterable[tuple[str, tuple[Text, ...]]]:
        """Yield `(record id, cells)` for every record to show."""
        raise NotImplementedError

    def show(self, live: LiveSession, select: str | None = None) -> None:
        """Fill the table from the session; keep the cursor on `select` (an id) or its row."""
        keep = select if select is not None else self.selected_id()
        row_index = self.cursor_row
        self.clear()
        for record_id, cells in self.records(live):
            self.add_row(*cells, key=record_id)
        if not self.row_count:
            return
        try:
            target = self.get_row_index(keep) if keep else row_index
        except Exception:  # noqa: BLE001 - the row was deleted
            target = row_index
        self.move_cursor(row=max(0, min(target, self.row_count - 1)))

    def selected_id(self) -> str | None:
        """The id of the record under the cursor, or None."""
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - no valid cursor
            return None
