"""Provides ParkingLotScreen: review and edit the parked off-topic points."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.widgets import DataTable

from ..dispatch import Change
from ..model import operations as ops
from ..model.live import LiveSession, display_name
from ..widgets.parking_lot import ParkingTable
from .prompt import TextPrompt, not_blank
from .record_log import RecordLogScreen


def park_prompt(live: LiveSession, step_id: str) -> TextPrompt:
    """The quick-capture dialog for one parked point (credited to the current contributor)."""
    where = live.step_title(step_id) if step_id else "this session"
    return TextPrompt(
        "Park an off-topic point",
        placeholder="What should the group come back to later?",
        hint=f"From {display_name(live.contributor)}, during “{where}”. It goes to the parking lot.",
        check=not_blank("Type the point to park, or cancel."),
    )


class ParkingLotScreen(RecordLogScreen):
    """The parking lot: `a` adds, Enter/`e` edits, `d` deletes (`u` undoes), Esc goes back."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="parking_close"),
        Binding("a,insert", "add", "Add", id="parking_add"),
        Binding("e,f2", "edit", "Edit", id="parking_edit"),
        Binding("d,delete", "delete", "Delete", id="parking_delete"),
        Binding("u", "undo", "Undo", id="parking_undo", tooltip="Undo the last change"),
    ]
    OWN = (ops.AddParked, ops.EditParked, ops.DeleteParked)

    HEADING = "Parking lot"
    HINT = (
        "Points to come back to. {parking_add}: add · Enter: edit · {parking_delete}: delete"
        " · {parking_undo}: undo · {parking_close}: back"
    )
    EMPTY = "Nothing parked yet."
    TABLE = ParkingTable
    TABLE_ID = "parking-table"

    def action_add(self) -> None:
        """Park a new point."""

        def parked(text: str | None) -> None:
            if text:
                op = ops.park(text, self.step_id, author=self.live.contributor)
                self._submit(op)
                self._changed(str(op.parked["id"]))

        self.app.push_screen(park_prompt(self.live, self.step_id), parked)

    @on(DataTable.RowSelected, "#parking-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        """Edit the text of the point under the cursor."""
        item_id = self.table.selected_id()
        item = self.live.find_parked(item_id) if item_id else None
        if item is None:
            return

        def edited(text: str | None) -> None:
            if text is not None:
                self._submit(ops.EditParked(item.id, text, actor=self.live.contributor))
                self._changed(item.id)

        self.app.push_screen(
            TextPrompt(
                "Edit parked point",
                value=item.text.replace("\n", " "),
                check=not_blank("A parked point needs some text (delete it instead)."),
            ),
            edited,
        )

    def action_delete(self) -> None:
        """Delete the point under the cursor (u brings it back)."""
        item_id = self.table.selected_id()
        if not item_id:
            return
        if self._submit(ops.DeleteParked(item_id, actor=self.live.contributor)) is None:
            return
        self._changed()
        self.notify(
            f"Deleted from the parking lot. Press {self.key('undo', 'ctrl+z')} to undo.",
            title="Deleted",
        )

    def _undone(self, change: Change) -> None:
        op = change.op
        select = getattr(op, "item_id", "") or (
            str(op.parked["id"]) if isinstance(op, ops.AddParked) else ""
        )
        self._changed(select if self.live.find_parked(select) else None)

