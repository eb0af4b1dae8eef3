"""Provides FacilitationBar: the facilitator's strip of roster, round, agenda and the step's timer."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.widget import Widget

from ..keys import key_for, key_namer
from ..model import clock
from ..model.live import LiveSession
from ..model.timer import format_duration
from .brainstorm import round_summary_pieces
from .fitted_line import FittedLine, Piece
from .roster import RosterBar
from .timer import TimerDisplay

AGENDA_SECONDS = 5
"""How often the session-time line is recomputed while a clock runs."""


def agenda_line(live: LiveSession, step_id: str, node: DOMNode | None = None) -> str:
    """The session's time at a glance: spent vs planned overall, and where the clock runs.

    The agenda key is named as bound for `node` (see `keys.key_for`).
    """
    return " · ".join(full for full, _ in agenda_pieces(live, step_id, node))


def agenda_pieces(live: LiveSession, step_id: str, node: DOMNode | None = None) -> list[Piece]:
    """`agenda_line` as whole pieces, each with a shorter form (for narrow bars)."""
    rows = live.agenda(clock.now())
    spent = format_duration(sum(r.actual for r in rows))
    planned = format_duration(sum(r.planned for r in rows))
    pieces = [(f"Session: {spent} of {planned} planned", f"Time {spent}/{planned}")]
    running = live.running_step()
    if running and running != step_id:
        pieces.append((f"clock runs on “{live.step_title(running)}”", "clock elsewhere"))
    agenda = key_namer(node)("agenda", "alt+a")
    pieces.append((f"{agenda} agenda", f"{agenda} agenda"))
    return pieces


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
            # Hints shorten or drop whole at narrow widths (80 columns), never cut mid-sentence.
            yield FittedLine(id="fac-round")
            yield FittedLine(sep=" · ", id="fac-agenda")
        yield TimerDisplay(self.live, self.step_id, large=self.large_timer, id="fac-timer")

    def on_mount(self) -> None:
        self._ready = True  # `is_mounted` only turns True after the mount handlers ran
        self.show(self.step_id)
        self.set_interval(AGENDA_SECONDS, self._refresh_agenda, name="agenda-line")

    def _refresh_agenda(self) -> None:
        # 1fr by one line (facilitation_bar.tcss): a new text never changes its size.
        self.query_one("#fac-agenda", FittedLine).show(agenda_pieces(self.live, self.step_id, self))

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
        round_line = self.query_one("#fac-round", FittedLine)
        round_line.display = has_list
        if has_list:
            add = key_for(self, "add_idea", "alt+i")
            round_line.show([*round_summary_pieces(self.live, self.step_id, self), (f"{add} adds ideas", "")])
        round_line.set_class(self.live.active_round(self.step_id) is not None, "-silent")
        self._refresh_agenda()
        timer = self.query_one(TimerDisplay)
        timer.step_id = self.step_id
        timer.tick()

    @property
    def timer(self) -> TimerDisplay:
        """The countdown."""
        return self.query_one(TimerDisplay)
