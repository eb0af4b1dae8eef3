"""Provides BrainstormDialog: capture ideas for a step, each credited to whoever is contributing."""

from __future__ import annotations

from typing import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ..dispatch import Change, Dispatcher
from ..keys import key_for
from ..model import operations as ops
from ..model.live import LiveSession
from ..model.text import plural
from ..widgets.brainstorm import IdeaCapture, IdeaList
from ..widgets.roster import RosterBar
from ..widgets.session_footer import SessionFooter
from .changes import UNDO_BINDINGS, UndoInView
from .dismiss_once import DismissOnce
from .idea_merge import IdeaMergeMixin


class BrainstormDialog(IdeaMergeMixin, DismissOnce, UndoInView, ModalScreen[None]):
    """Type ideas one after another; Enter adds each and keeps the box open.

    ctrl+o moves to the next person (anonymous after the last), alt+s starts
    a silent round (ideas are masked and held back), alt+r reveals it.
    """

    CSS_PATH = "facilitation.tcss"
    BINDINGS = [
        Binding("escape", "close", "Done", id="brainstorm_close"),
        Binding("ctrl+o", "next_contributor", "Next person", id="brainstorm_next_person"),
        Binding("alt+s", "start_round", "Silent round", id="brainstorm_start_round", priority=True),
        Binding("alt+r", "reveal_round", "Reveal", id="brainstorm_reveal_round", priority=True),
        *UNDO_BINDINGS,  # an idea, a round, or any other change to the session
    ]

    def __init__(self, live: LiveSession, step_id: str, on_change: Callable[[], None]) -> None:
        """Create the dialog.

        Args:
            live: The session's facilitation operations.
            step_id: The step ideas are collected for.
            on_change: Called after every change (the host refreshes and saves).
        """
        super().__init__()
        self.live = live
        """The session's facilitation operations."""
        self.step_id = step_id
        """The step ideas are collected for."""
        self.on_change = on_change
        """Tells the host something changed."""
        self.dispatcher = Dispatcher.of(live.session)
        """Applies and records ideas and rounds (undo with ctrl+z)."""

    def compose(self) -> ComposeResult:
        target = self.live.collect_field(self.step_id)
        label = target.label if target is not None else "Ideas"
        with Vertical(id="brainstorm-box", classes="fac-dialog"):
            yield Static(
                f"Brainstorm: {label}", classes="fac-dialog-title", markup=False
            )
            yield RosterBar(id="brainstorm-roster")
            yield IdeaList(id="brainstorm-items", markup=False)
            yield IdeaCapture(self.live, self.step_id, id="brainstorm-capture")
        yield SessionFooter()

    def on_mount(self) -> None:
        self.refresh_state()
        self.query_one(IdeaCapture).input.focus()

    def refresh_state(self) -> None:
        """Redraw roster, items and round line from the model."""
        roster = self.query_one(RosterBar)
        roster.names = tuple(self.live.participants)
        roster.contributor = self.live.contributor
        self.query_one(IdeaList).show(self.live, self.step_id)
        self.query_one(IdeaCapture).refresh_state()

    def _changed(self) -> None:
        self.on_change()
        self.refresh_state()

    def merge_target(self) -> tuple[LiveSession, str]:
        """Merging works on this dialog's step."""
        return self.live, self.step_id

    def merged(self) -> None:
        """Redraw after a merge."""
        self._changed()

    @on(IdeaCapture.Submitted)
    def _idea(self, event: IdeaCapture.Submitted) -> None:
        event.stop()
        try:
            self.dispatcher.submit(ops.add_idea(self.live, self.step_id, event.text))
        except ops.OperationError as error:
            self.notify(error.reason, severity="warning", markup=False)
            event.capture.put_back(event.text)
            return
        event.capture.accepted()
        self._changed()
        self.note_repeat(event.text)

    def action_next_contributor(self) -> None:
        """Credit the next ideas to the next person."""
        name = self.live.next_contributor()
        self.dispatcher.submit(ops.SetContributor(name, actor=self.live.contributor))
        self._changed()

    def action_start_round(self) -> None:
        """Start a silent round on this step."""
        try:
            self.dispatcher.submit(ops.start_round(self.live, self.step_id, actor=self.live.contributor))
        except ops.OperationError as error:
            self.notify(error.reason, severity="warning", markup=False)
            return
        self._changed()

    def action_reveal_round(self) -> None:
        """Reveal the silent round's ideas."""
        op = ops.reveal_round(self.live, self.step_id, actor=self.live.contributor)
        if op is None:
            self.notify(f"No silent round is running here ({key_for(self, 'brainstorm_start_round', 'alt+s')} starts one).",
                        severity="warning")
            return
        count = len(self.live.hidden_ideas(self.step_id))
        self.dispatcher.submit(op)
        self.notify(f"{plural(count, 'idea')} revealed." if count else "The round ended with no ideas.")
        self._changed()
        self.offer_duplicates()  # repeated ideas are kept, and offered for merging

    def shows_change(self, change: Change) -> bool:
        return change.part in ("facilitation", "roster")

    def redraw_after_undo(self, change: Change) -> None:
        self._changed()

    def action_close(self) -> None:
        """Back to the session."""
        self.dismiss(None)
