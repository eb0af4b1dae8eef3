"""Provides RecordLogScreen: the shared frame of the parking lot and decision log views."""

from __future__ import annotations

from typing import Callable, ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from ..dispatch import Change, Dispatcher
from ..keys import key_for, keys_text
from ..model import operations as ops
from ..model.live import LiveSession
from ..widgets.record_table import RecordTable
from ..widgets.session_footer import SessionFooter
from .changes import UNDO_BINDINGS, UndoInView
from .dismiss_once import DismissOnce


class RecordLogScreen(DismissOnce, UndoInView, Screen[None]):
    """A title, a hint, a RecordTable and an empty-state line; subclasses add the actions.

    Changes are operations submitted to the session's dispatcher (`_submit`);
    ctrl+z / ctrl+y (and the subclass's `u`) undo and redo session-wide.
    """

    CSS_PATH = "facilitation.tcss"
    BINDINGS = [*UNDO_BINDINGS]
    OWN: ClassVar[tuple[type[ops.Operation], ...]] = ()
    """This view's operations (an undo of anything else is named in a notification)."""
    HEADING: ClassVar[str] = ""
    """The view's title."""
    HINT: ClassVar[str] = ""
    """One line on the keys."""
    EMPTY: ClassVar[str] = ""
    """What an empty list says."""
    TABLE: ClassVar[type[RecordTable]] = RecordTable
    """The table class that shows the records."""
    TABLE_ID: ClassVar[str] = "record-table"
    """The table's id (for styles and `@on` selectors)."""

    def __init__(self, live: LiveSession, step_id: str, on_change: Callable[[], None]) -> None:
        """Create the screen.

        Args:
            live: The session's facilitation operations.
            step_id: The step the group is on (recorded with new records).
            on_change: Called after every change (the host refreshes and saves).
        """
        super().__init__()
        self.live = live
        """The session's facilitation operations."""
        self.step_id = step_id
        """The step the group is on."""
        self.on_change = on_change
        """Tells the host something changed."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="fac-view"):
            yield Static(self.HEADING, classes="fac-view-title")
            yield Static(keys_text(self, self.HINT), classes="fac-hint")
            yield self.TABLE(id=self.TABLE_ID)
            yield Static(self.EMPTY, id="records-empty", classes="fac-empty")
        yield SessionFooter()

    def on_mount(self) -> None:
        self.refresh_table()
        self.table.focus()

    @property
    def table(self) -> RecordTable:
        """The records' table."""
        return self.query_one(self.TABLE)

    def refresh_table(self, select: str | None = None) -> None:
        """Show the current records."""
        self.table.show(self.live, select)
        self.query_one("#records-empty").display = not self.table.row_count

    def _changed(self, select: str | None = None) -> None:
        self.on_change()
        self.refresh_table(select)

    @property
    def dispatcher(self) -> Dispatcher:
        """Where changes go (the session's: one undo history; the host saves)."""
        return Dispatcher.of(self.live.session)

    def _submit(self, op: ops.Operation) -> Change | None:
        """Apply `op` (a refusal is said in a notification; None: nothing changed)."""
        try:
            return self.dispatcher.submit(op)
        except ops.OperationError as error:
            self.notify(error.reason, title="Can't do that", severity="warning", markup=False)
            return None

    def key(self, binding_id: str, default: str) -> str:
        """How the key of a binding is shown now (remaps included)."""
        return key_for(self, binding_id, default)

    def shows_change(self, change: Change) -> bool:
        return isinstance(change.op, self.OWN)

    def redraw_after_undo(self, change: Change) -> None:
        self._undone(change)

    def _undone(self, change: Change) -> None:
        """Redraw after an undo or redo (subclasses select the record it changed)."""
        self._changed()

    def action_close(self) -> None:
        """Back to the session."""
        self.dismiss(None)
