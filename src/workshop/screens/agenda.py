"""Provides AgendaScreen: every step's planned vs actual time, with timeboxes adjustable."""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from .. import themes
from ..keys import keys_text
from ..model import clock
from ..model.live import LiveSession
from ..model.timer import MINUTE, format_duration
from ..safe import shown
from ..widgets.session_footer import SessionFooter
from .dismiss_once import DismissOnce

TOTAL_KEY = "__total__"
"""Row key of the totals row."""


class AgendaScreen(DismissOnce, Screen["str | None"]):
    """The agenda: planned and actual time per step, and the whole session's totals.

    `+`/`-` change the highlighted step's timebox by a minute; Enter goes to
    that step (the screen dismisses with its id); Esc goes back.
    """

    CSS_PATH = "facilitation.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="agenda_close"),
        Binding("plus,equals_sign", "plan(1)", "+1 min", id="agenda_more"),
        Binding("minus", "plan(-1)", "-1 min", id="agenda_less"),
    ]

    def __init__(self, live: LiveSession, step_id: str, on_change: Callable[[], None]) -> None:
        """Create the screen.

        Args:
            live: The session's facilitation operations.
            step_id: The step the group is on (highlighted at first).
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
            yield Static("Agenda: planned vs actual", classes="fac-view-title")
            yield Static(
                keys_text(
                    self,
                    "Actual time is what the step's timer ran. "
                    "{agenda_more}/{agenda_less}: change the timebox · Enter: go to the step · {agenda_close}: back",
                ),
                classes="fac-hint",
            )
            yield DataTable(id="agenda-table", cursor_type="row", zebra_stripes=True)
        yield SessionFooter()

    @property
    def table(self) -> DataTable:
        """The agenda table."""
        return self.query_one("#agenda-table", DataTable)

    def on_mount(self) -> None:
        table = self.table
        table.add_column("Stage", key="stage")
        table.add_column("Step", key="step")
        table.add_column("Planned", key="planned")
        table.add_column("Actual", key="actual")
        table.add_column("Over", key="over")
        self.refresh_table()
        try:
            table.move_cursor(row=table.get_row_index(self.step_id))
        except Exception:  # noqa: BLE001 - step not on the agenda
            pass
        table.focus()
        self.set_interval(1, self.refresh_table, name="agenda-tick")

    def refresh_table(self) -> None:
        """Recompute every row (running timers move every second)."""
        table = self.table
        row = table.cursor_row
        table.clear()
        rows = self.live.agenda(clock.now())
        over = f"bold {themes.text_colour(self.app.theme_variables, 'text-error')}".strip()  # 4.5:1
        for item in rows:
            marker = "▶ " if item.running else ("• " if item.step_id == self.step_id else "  ")
            table.add_row(
                Text(shown(item.stage)),
                Text(marker + shown(item.title), style="bold" if item.step_id == self.step_id else ""),
                Text(format_duration(item.planned) if item.planned else "—", justify="right"),
                Text(format_duration(item.actual) if item.actual else "—", justify="right"),
                Text(
                    format_duration(item.over) if item.over else "",
                    style=over,
                    justify="right",
                ),
                key=item.step_id,
            )
        planned = sum(r.planned for r in rows)
        actual = sum(r.actual for r in rows)
        table.add_row(
            Text(""),
            Text("Total", style="bold"),
            Text(format_duration(planned), style="bold", justify="right"),
            Text(format_duration(actual), style="bold", justify="right"),
            Text(
                format_duration(actual - planned) if actual > planned else "",
                style=over,
                justify="right",
            ),
            key=TOTAL_KEY,
        )
        table.move_cursor(row=min(row, table.row_count - 1))

    def _highlighted_step(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return None if key == TOTAL_KEY else key

    def action_plan(self, minutes: int) -> None:
        """Lengthen or shorten the highlighted step's timebox by `minutes`."""
        step_id = self._highlighted_step()
        if step_id is None:
            return
        from ..dispatch import Dispatcher
        from ..model import operations as ops

        planned = self.live.timer(step_id).planned
        op = ops.set_planned(self.live, step_id, planned + minutes * MINUTE, actor=self.live.contributor)
        Dispatcher.of(self.live.session).submit(op)  # undoable, from here or the session
        self.on_change()
        self.refresh_table()

    @on(DataTable.RowSelected, "#agenda-table")
    def _go(self, event: DataTable.RowSelected) -> None:
        event.stop()
        step_id = self._highlighted_step()
        if step_id is not None and self.live.step(step_id) is not None:
            self.dismiss(step_id)

    def action_close(self) -> None:
        """Back to the session."""
        self.dismiss(None)
