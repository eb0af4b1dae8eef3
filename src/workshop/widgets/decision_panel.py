"""Provides DecisionLogPanel: the decision log shown and edited on the Decisions step itself."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from ..keys import keys_text
from ..model.live import LiveSession
from ..model.session import Session
from .decisions import DecisionTable

FIXED_COLUMNS = 50
"""Cells the door, owner and date columns and the table's padding take (about)."""


class DecisionLogPanel(Vertical):
    """The session's decisions (what, why, door, owner, date) with keys to add, edit and delete.

    The panel only shows: each key posts a message, and the screen opens the
    decision form and submits the operation. Attributes down: the screen calls
    `show()` after a change.
    """

    DEFAULT_CSS = """
    DecisionLogPanel { height: auto; margin: 0 0 1 0; }
    DecisionLogPanel #step-decisions { height: auto; max-height: 12; }
    DecisionLogPanel .decision-panel-title { text-style: bold; }
    DecisionLogPanel .decision-panel-hint, DecisionLogPanel #step-decisions-empty { color: $text-muted; }
    """

    BINDINGS = [
        Binding("a,insert", "add", "Add decision", id="step_decision_add"),
        Binding("e", "edit", "Edit decision", id="step_decision_edit", show=False),
        Binding("d,delete", "delete", "Delete decision", id="step_decision_delete"),
    ]

    @dataclass
    class AddRequested(Message):
        """The user wants to log a new decision."""

    @dataclass
    class EditRequested(Message):
        """The user wants to edit a decision."""

        decision_id: str
        """Which one."""

    @dataclass
    class DeleteRequested(Message):
        """The user wants to delete a decision."""

        decision_id: str
        """Which one."""

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        """Create the panel.

        Args:
            session: The session whose decision log is shown (read only here).
            id: Widget id.
        """
        super().__init__(id=id)
        self.session = session
        """The session (read only)."""

    def compose(self) -> ComposeResult:
        yield Static("Decision log", classes="decision-panel-title", markup=False)
        yield Static(
            keys_text(self, "{step_decision_add}: log a decision · Enter: edit · {step_decision_delete}: delete"),
            classes="decision-panel-hint", markup=False,
        )
        yield DecisionTable(id="step-decisions")
        yield Static("No decisions logged yet.", id="step-decisions-empty", markup=False)

    def on_mount(self) -> None:
        self.show()

    def on_resize(self) -> None:
        """Cut long decisions and reasons so door, owner and date stay in view."""
        width = max(12, (self.size.width - FIXED_COLUMNS) // 2)
        table = self.table
        if table.text_width != width:
            table.text_width = width
            table.clear(columns=True)  # columns keep the width of the longest text they ever held
            for label, key in table.COLUMNS:
                table.add_column(label, key=key)
            self.show()

    @property
    def table(self) -> DecisionTable:
        """The decisions' table."""
        return self.query_one(DecisionTable)

    def show(self, select: str | None = None) -> None:
        """Show the session's decisions now (keep the cursor on `select`, an id, or its row)."""
        table = self.table
        table.show(LiveSession(self.session), select)
        self.query_one("#step-decisions-empty").display = not table.row_count

    def action_add(self) -> None:
        """Ask for a new decision."""
        self.post_message(self.AddRequested())

    def action_edit(self) -> None:
        """Ask to edit the decision under the cursor."""
        decision_id = self.table.selected_id()
        if decision_id:
            self.post_message(self.EditRequested(decision_id))

    def action_delete(self) -> None:
        """Ask to delete the decision under the cursor."""
        decision_id = self.table.selected_id()
        if decision_id:
            self.post_message(self.DeleteRequested(decision_id))

    @on(DataTable.RowSelected, "#step-decisions")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()
