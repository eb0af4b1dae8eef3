"""Provides VotingScreen: dot-voting on a step's candidates, with the tally beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ..dispatch import Change, Dispatcher
from ..keys import key_for, keys_text
from ..model import operations as ops
from ..model.live import LiveSession
from ..model.text import plural
from ..model.voting import Vote
from ..widgets.roster import RosterBar
from ..widgets.session_footer import SessionFooter
from ..widgets.voting import TallyPanel, VoteBoard
from .changes import UNDO_BINDINGS, UndoInView
from .dismiss_once import DismissOnce

if TYPE_CHECKING:
    from ..model.vote_result import ResultConflict

VOTE_KEYS = (
    "Keys\n{vote_cast}: put a dot · {vote_retract}: take one back · {vote_next_voter}: next voter"
    " · {vote_fewer_dots}/{vote_more_dots}: dots per person · {vote_toggle_closed}: close or reopen"
    " · {vote_secret}: secret ballot · {vote_use_result}: use the result · {vote_refresh}: new candidates"
    " · {vote_new}: new vote · {vote_close_view}: back"
)
"""The vote's keys, shown beside the tally (each from the live keymap)."""


class VotingScreen(DismissOnce, UndoInView, Screen[None]):
    """Vote with keys: the current voter puts dots on the highlighted option.

    Space/Enter/`+` adds a dot, Backspace/`-` takes one back, Tab moves to
    the next voter, `[`/`]` change the dots per person, `c` closes (keeps
    the result) or reopens, `u` uses the result in the document, `r` adds
    new candidates, `n` starts a fresh vote once this one is closed.
    """

    CSS_PATH = "facilitation.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="vote_close_view"),
        Binding("space,enter,plus", "cast", "Dot", id="vote_cast"),
        Binding("backspace,delete,minus", "retract", "Undot", id="vote_retract"),
        Binding("tab,ctrl+o", "voter(1)", "Next voter", id="vote_next_voter"),
        Binding("shift+tab", "voter(-1)", "Prev voter", show=False, id="vote_prev_voter"),
        Binding("right_square_bracket", "dots(1)", "More dots", show=False, id="vote_more_dots"),
        Binding("left_square_bracket", "dots(-1)", "Fewer dots", show=False, id="vote_fewer_dots"),
        Binding("c", "toggle_closed", "Close/reopen", id="vote_toggle_closed"),
        Binding("u", "use_result", "Use result", id="vote_use_result"),
        Binding("r", "refresh_options", "New candidates", show=False, id="vote_refresh"),
        Binding("n", "new_vote", "New vote", show=False, id="vote_new"),
        Binding("s", "toggle_secret", "Secret ballot", show=False, id="vote_secret"),
        *UNDO_BINDINGS,  # a dot, or any other change to the session
    ]

    def __init__(
        self, live: LiveSession, vote: Vote, on_change: Callable[[], None],
        dispatcher: Dispatcher | None = None,
    ) -> None:
        """Create the screen.

        Args:
            live: The session's facilitation operations.
            vote: The vote to show.
            on_change: Called after every change (the host refreshes and saves).
            dispatcher: Where dots go (the open document's: undo, history, the save).
        """
        super().__init__()
        self.live = live
        """The session's facilitation operations."""
        self.vote = vote
        """The vote on screen."""
        self.on_change = on_change
        """Tells the host something changed."""
        self.dispatcher = dispatcher or Dispatcher.of(live.session)
        """Applies and records dots (undo with ctrl+z)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="fac-view"):
            yield Static("", id="vote-title", classes="fac-view-title", markup=False)
            yield Static("", id="vote-status", classes="fac-hint", markup=False)
            yield RosterBar(id="vote-roster")
            with Horizontal(id="vote-body"):
                yield VoteBoard(id="vote-board")
                with VerticalScroll(id="vote-side"):
                    yield TallyPanel(id="vote-tally")
                    yield Static(keys_text(self, VOTE_KEYS), id="vote-keys", markup=False)
        yield SessionFooter()

    def on_mount(self) -> None:
        if not self.live.contributor and self.live.participants:
            first = self.live.participants[0]
            self.dispatcher.submit(ops.SetContributor(first, actor=first))
            self.on_change()
        self.redraw()
        self.query_one(VoteBoard).focus()

    @property
    def board(self) -> VoteBoard:
        """The options table."""
        return self.query_one(VoteBoard)

    def redraw(self) -> None:
        """Redraw everything from the model."""
        # An undo puts back the live state as it was: the vote is a new object then.
        vote = self.vote = self.live.find_vote(self.vote.id) or self.vote
        voter = self.live.contributor
        self.query_one("#vote-title", Static).update(f"Vote: {vote.title}")
        reopen = key_for(self, "vote_toggle_closed", "c")
        state = ("secret ballot, open" if vote.hides_dots else "open") if vote.is_open else \
            f"closed — the result is kept ({reopen} reopens)"
        if voter:
            name = "The next person" if self.live.anonymous_round(vote.step) else voter  # no names beside dots
            who = f"{name} is voting: {vote.left(voter)} of {plural(vote.dots, 'dot')} left"
        else:
            who = f"Choose who is voting ({key_for(self, 'vote_next_voter', 'tab')})"
        self.query_one("#vote-status", Static).update(
            f"{plural(vote.dots, 'dot')} each · {vote.total} cast · {state} · {who}"
        )
        roster = self.query_one(RosterBar)
        roster.names = tuple(self.live.participants)
        roster.contributor = voter
        roster.hide_names = self.live.anonymous_round(vote.step)  # session or the step's round
        roster.hint = f"{key_for(self, 'vote_next_voter', 'tab')}: next voter"
        self.board.show(self.live, vote, voter)
        self.query_one(TallyPanel).show(self.live, vote)
        self.set_class(not vote.is_open, "-closed")

    def _changed(self) -> None:
        self.on_change()
        self.redraw()

    def _refuse(self, error: Exception) -> None:
        self.app.bell()
        self.notify(str(error), title="Can't do that", severity="warning", markup=False)

    def action_cast(self) -> None:
        """Put one of the voter's dots on the highlighted option."""
        option_id = self.board.selected_id()
        if option_id is None:
            return
        voter = self.live.contributor
        try:
            self.dispatcher.submit(ops.CastVote(self.vote.id, option_id, voter, actor=voter))
        except ops.OperationError as error:
            self._refuse(ValueError(error.reason))
            return
        self._changed()

    def action_retract(self) -> None:
        """Take one of the voter's dots off the highlighted option."""
        option_id = self.board.selected_id()
        if option_id is None:
            return
        voter = self.live.contributor
        try:
            taken = self.dispatcher.submit(ops.RetractVote(self.vote.id, option_id, voter, actor=voter))
        except ops.OperationError as error:
            self._refuse(ValueError(error.reason))
            return
        if taken is not None:
            self._changed()

    def shows_change(self, change: Change) -> bool:
        return change.part == "facilitation"

    def redraw_after_undo(self, change: Change) -> None:
        self._changed()

    def action_voter(self, offset: int) -> None:
        """Move to the next (or previous) voter on the roster."""
        names = self.live.participants
        if not names:
            self.notify(
                f"Add people to the roster first ({key_for(self, 'roster', 'alt+o')} in the session).",
                severity="warning",
            )
            return
        current = self.live.contributor
        index = names.index(current) if current in names else -1 if offset > 0 else 0
        name = names[(index + offset) % len(names)]
        self.dispatcher.submit(ops.SetContributor(name, actor=self.live.contributor))
        self._changed()

    def action_dots(self, change: int) -> None:
        """Give everyone more (or fewer) dots."""
        try:
            self.dispatcher.submit(ops.SetVoteDots(self.vote.id, self.vote.dots + change,
                                                   actor=self.live.contributor))
        except ops.OperationError as error:
            self._refuse(ValueError(error.reason))
            return
        self._changed()

    def action_toggle_closed(self) -> None:
        """Close the vote (keeping the result) or open it again."""
        if self.vote.is_open:
            self.dispatcher.submit(ops.CloseVote(self.vote.id, actor=self.live.contributor))
            self.vote = self.live.find_vote(self.vote.id) or self.vote
            winners = self.vote.winners()
            if len(winners) > 1:
                message = "It's a tie: " + " / ".join(
                    self.live.option_text(self.vote, o) for o in winners
                )
            elif winners:
                message = "Top: " + self.live.option_text(self.vote, winners[0])
            else:
                message = "No dots were cast."
            self.notify(message, title="Vote closed", markup=False)
        else:
            self.dispatcher.submit(ops.CloseVote(self.vote.id, False, actor=self.live.contributor))
        self._changed()

    def action_toggle_secret(self) -> None:
        """Make the vote a secret ballot (no tally, no one's dots until it closes), or an open one."""
        if not self.vote.is_open:
            self.notify("The vote is closed: its result is already on screen.", title="Secret ballot")
            return
        secret = not self.vote.secret
        self.dispatcher.submit(ops.SetVoteSecret(self.vote.id, secret, actor=self.live.contributor))
        self._changed()
        self.notify(
            "Secret ballot: dots stay hidden until the vote is closed." if secret
            else "Open ballot: the tally and everyone's dots show again.",
            title="Secret ballot" if secret else "Open ballot",
        )

    def action_use_result(self) -> None:
        """Use the result in the document (fill the answer, or order the FAQ).

        When the winner would replace text already written (a headline), ask first.
        """
        from ..model.vote_result import result_conflict

        conflict = result_conflict(self.live, self.vote)
        if conflict is not None:
            from .dialogs import ConfirmDialog

            def answered(yes: bool | None) -> None:
                if yes:
                    self._replace_with_result(conflict)

            self.app.push_screen(
                ConfirmDialog(
                    f"Replace the {conflict.label.lower()}?",
                    f"“{conflict.label}” already says: “{' '.join(conflict.old.split())}”. "
                    f"Replace it with the winner, “{' '.join(conflict.new.split())}”? "
                    f"({key_for(self, 'undo', 'ctrl+z')} puts it back.)",
                    confirm_label="Replace",
                    cancel_label="Keep it",
                ),
                answered,
            )
            return
        self._use_result()

    def _replace_with_result(self, conflict: "ResultConflict") -> None:
        """Write the winner over the field (closing an open vote with it: one undo step)."""
        steps: list[ops.Operation] = []
        if self.vote.is_open:
            steps.append(ops.CloseVote(self.vote.id, actor=self.live.contributor))
        steps.append(ops.SetAnswer(conflict.step_id, conflict.field_id, conflict.new,
                                   actor=self.live.contributor))
        self.dispatcher.submit(steps[0] if len(steps) == 1 else ops.Batch(steps=tuple(steps),
                                                                          actor=self.live.contributor))
        self.notify(f"The winner replaced “{conflict.label}”.", title="Result", markup=False)
        self._changed()

    def _use_result(self) -> None:
        """Use the result where nothing is written over (an open vote closes with it: one undo step)."""
        op, message = ops.use_result(self.live, self.vote, actor=self.live.contributor)
        if op is not None:
            self.dispatcher.submit(op)  # one undo step: the vote closed and the answer filled
        self.notify(message, title="Result", markup=False)
        self._changed()

    def action_refresh_options(self) -> None:
        """Add candidates that appeared since the vote started."""
        op = ops.refresh_vote(self.live, self.vote, actor=self.live.contributor)
        if op is not None and self.dispatcher.submit(op) is not None:
            self._changed()
            self.notify("Candidates updated.")
        else:
            self.notify("No new candidates.")

    def action_new_vote(self) -> None:
        """Start a fresh vote on the same step (the current one must be closed)."""
        try:
            op = ops.start_vote(self.live, self.vote.step, dots=self.vote.dots, actor=self.live.contributor)
            self.dispatcher.submit(op)
        except ops.OperationError as error:
            self._refuse(ValueError(error.reason))
            return
        self.vote = self.live.find_vote(str(op.vote["id"])) or self.vote
        self._changed()

    @on(DataTable.RowSelected, "#vote-board")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_cast()

    def action_close(self) -> None:
        """Back to the session."""
        self.dismiss(None)


def open_vote(live: LiveSession, step_id: str) -> Vote:
    """The step's vote to show: its latest one (with new candidates added while open), or a new one.

    Both are changes through the session's dispatcher (ctrl+z takes them back).

    Raises:
        ValueError: no vote yet and not enough candidates to start one.
    """
    dispatcher = Dispatcher.of(live.session)
    vote = live.current_vote(step_id)
    if vote is not None:
        if vote.is_open:
            op = ops.refresh_vote(live, vote, actor=live.contributor)
            if op is not None:
                dispatcher.submit(op)
        return live.find_vote(vote.id) or vote
    started = ops.start_vote(live, step_id, actor=live.contributor)
    dispatcher.submit(started)
    found = live.find_vote(str(started.vote["id"]))
    assert found is not None  # just added
    return found
