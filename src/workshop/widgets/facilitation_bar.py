"""Provides FacilitationBar: the facilitator's strip of roster, round, agenda and the step's timer."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Static

from ..keys import key_for, key_namer
from ..model import clock
from ..model.live import LiveSession
from ..model.timer import format_duration
from .brainstorm import round_summary
from .repaint import update_text
from .roster import RosterBar
from .timer import TimerDisplay

AGENDA_SECONDS = 5
"""How often the session-time line is recomputed while a clock runs."""


def agenda_line(live: LiveSession, step_id: str, node: DOMNode | None = None) -> str:
    """The session's time at a glance: spent vs planned overall, and where the clock runs.

    The agenda key is named as bound for `node` (see `keys.key_for`).
    """
    rows = live.agenda(clock.now())
    planned = sum(r.planned for r in rows)
    actual = sum(r.actual for r in rows)
    line = f"Session: {format_duration(actual)} of {format_duration(planned)} planned"
    running = live.running_step()
    if running and running != step_id:
        line += f" · clock runs on “{live.step_title(running)}”"
    return line + f" · {key_namer(node)('agenda', 'alt+a')} agenda"


class FacilitationBar(Widget):
    """Roster (current contributor), silent-round status, agenda line, and the countdown.

    Attributes down: the host calls `show(step_id)` when the step or the
    facilitation state changes; the countdown ticks by itself.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")
    SCOPED_CSS = False  # the stylesheet reacts to the screen's `-short` class (see the .tcss)

    def __init__(
        self,
        live: LiveSession,
        step_id: str,
        *,
        large_timer: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.live = live
        """The session's facilitation operations (read only here)."""
        self.step_id = step_id
        """The step on screen."""
        self.large_timer = large_timer
        """Big digits (False: one line)."""
        self._ready = False

    def compose(self) -> ComposeResult:
        with Vertical(id="fac-bar-left"):
            yield RosterBar(id="fac-roster")
            yield Static("", id="fac-round", markup=False)
            yield Static("", id="fac-agenda", markup=False)
        yield TimerDisplay(self.live, self.step_id, large=self.large_timer, id="fac-timer")

    def on_mount(self) -> None:
        self._ready = True  # `is_mounted` only turns True after the mount handlers ran
        self.show(self.step_id)
        self.set_interval(AGENDA_SECONDS, self._refresh_agenda, name="agenda-line")

    def _refresh_agenda(self) -> None:
        # 1fr by one line (facilitation_bar.tcss): a new text never changes its size.
        update_text(
            self.query_one("#fac-agenda", Static), agenda_line(self.live, self.step_id, self), fixed_size=True
        )

    def show(self, step_id: str | None = None) -> None:
        """Redraw for `step_id` (default: the step already shown)."""
        if step_id is not None:
            self.step_id = step_id
        if not self._ready:
            return
        roster = self.query_one(RosterBar)
        roster.names = tuple(self.live.participants)
        roster.contributor = self.live.contributor
        roster.hint = f"{key_for(self, 'next_contributor', 'ctrl+o')} next · {key_for(self, 'roster', 'alt+o')} roster"
        has_list = self.live.collect_field(self.step_id) is not None
        round_line = self.query_one("#fac-round", Static)
        round_line.display = has_list
        if has_list:
            update_text(
                round_line,
                round_summary(self.live, self.step_id, self) + f"  {key_for(self, 'add_idea', 'alt+i')} adds ideas",
                fixed_size=True,
            )
        round_line.set_class(self.live.active_round(self.step_id) is not None, "-silent")
        self._refresh_agenda()
        timer = self.query_one(TimerDisplay)
        timer.step_id = self.step_id
        timer.tick()

    @property
    def timer(self) -> TimerDisplay:
        """The countdown."""
        return self.query_one(TimerDisplay)
