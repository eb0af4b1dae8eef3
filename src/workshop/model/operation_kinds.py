"""Provides the operation classes: one small frozen dataclass per kind of change to a session.

`workshop.model.operations` applies them (`apply`) and serialises them
(`to_dict` / `from_dict`); import them from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from . import clock
from .session import Answer

OPERATION_FORMAT = 1
"""The version of the serialised form (`to_dict`); `from_dict` refuses newer ones."""


class OperationError(ValueError):
    """An operation cannot be read or applied (says which kind and which field).

    Attributes:
        reason: The message without the operation's kind, for a person.
    """

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


@dataclass(frozen=True, kw_only=True)
class Operation:
    """One change to a session (base class: see the subclasses)."""

    KIND: ClassVar[str] = ""
    """The `kind` tag of the serialised form."""
    PART: ClassVar[str] = ""
    """Which part of the session it changes: answers, faq, comments, readiness, facilitation."""

    actor: str = ""
    """Who made the change (the facilitator or current contributor; "" = unknown)."""
    at: datetime = field(default_factory=clock.now)
    """When the change was made (timezone-aware)."""

    def describe(self) -> str:
        """A few words for "Undone: …" notifications (no user text: the caller adds it)."""
        return self.KIND.replace("_", " ")


# ------------------------------------------------------------------ shared shapes
@dataclass(frozen=True)
class NameOperation(Operation):
    """An operation on one person of the roster (base class)."""

    name: str
    """Their name ("" = anonymous, where allowed)."""


@dataclass(frozen=True)
class StepOperation(Operation):
    """An operation on one step's timer (base class)."""

    step_id: str
    """The step."""


@dataclass(frozen=True)
class TimerOperation(StepOperation):
    """An operation on one step's timebox (base class)."""

    planned: int = 0
    """The timebox in seconds: the template's for a timer used the first time (start, minute,
    reset), the new plan for `SetPlanned`."""


@dataclass(frozen=True)
class DotOperation(Operation):
    """One dot of one voter on one option of a dot-vote (base class)."""

    vote_id: str
    """The vote's id."""
    option_id: str
    """The option's id."""
    voter: str
    """Whose dot (a roster name; "" = anonymous)."""


# ------------------------------------------------------------------ answers
@dataclass(frozen=True)
class SetAnswer(Operation):
    """Set the answer of one field (None removes it, as if never typed)."""

    KIND: ClassVar[str] = "set_answer"
    PART: ClassVar[str] = "answers"
    step_id: str
    """The step."""
    field_id: str
    """The field of the step."""
    value: Answer | None
    """Text, a list of items, or None (no answer)."""

    def describe(self) -> str:
        return "typing"


@dataclass(frozen=True)
class SetFaqDraft(Operation):
    """Keep (or drop, with "") the text of a new-question box."""

    KIND: ClassVar[str] = "set_faq_draft"
    PART: ClassVar[str] = "faq"
    faq_kind: str
    """`customer` or `internal`."""
    text: str
    """The draft question."""

    def describe(self) -> str:
        return "new question typing"


# ------------------------------------------------------------------ FAQ
@dataclass(frozen=True)
class AddFaq(Operation):
    """Insert an FAQ item (whole, with its id) at `index` of the FAQ (-1 = at the end)."""

    KIND: ClassVar[str] = "add_faq"
    PART: ClassVar[str] = "faq"
    item: dict[str, Any]
    """The item as `FaqItem.to_dict()` gives it."""
    index: int = -1
    """Position in the whole FAQ list (all kinds)."""

    def describe(self) -> str:
        return "question added"


@dataclass(frozen=True)
class DeleteFaq(Operation):
    """Delete an FAQ item."""

    KIND: ClassVar[str] = "delete_faq"
    PART: ClassVar[str] = "faq"
    item_id: str
    """The item's id."""

    def describe(self) -> str:
        return "question deleted"


@dataclass(frozen=True)
class EditFaq(Operation):
    """Change fields of an FAQ item (question, answer, status, author, kind)."""

    KIND: ClassVar[str] = "edit_faq"
    PART: ClassVar[str] = "faq"
    item_id: str
    """The item's id."""
    changes: dict[str, str]
    """Field name → new text."""

    def describe(self) -> str:
        return "question edited"


@dataclass(frozen=True)
class MoveFaq(Operation):
    """Move an FAQ item up (-1) or down (+1) among items of its kind."""

    KIND: ClassVar[str] = "move_faq"
    PART: ClassVar[str] = "faq"
    item_id: str
    """The item's id."""
    offset: int
    """-1 (up) or +1 (down)."""

    def describe(self) -> str:
        return "question moved"


# ------------------------------------------------------------------ comments
@dataclass(frozen=True)
class AddComment(Operation):
    """Insert a review comment (whole, with its id) at `index` (-1 = at the end)."""

    KIND: ClassVar[str] = "add_comment"
    PART: ClassVar[str] = "comments"
    comment: dict[str, Any]
    """The comment as `Comment.to_dict()` gives it (dates as text, see `to_dict`)."""
    index: int = -1
    """Position in the comment list."""

    def describe(self) -> str:
        return "comment added"


@dataclass(frozen=True)
class DeleteComment(Operation):
    """Delete a review comment."""

    KIND: ClassVar[str] = "delete_comment"
    PART: ClassVar[str] = "comments"
    comment_id: str
    """The comment's id."""

    def describe(self) -> str:
        return "comment deleted"


@dataclass(frozen=True)
class SetCommentStatus(Operation):
    """Resolve or reopen a comment."""

    KIND: ClassVar[str] = "set_comment_status"
    PART: ClassVar[str] = "comments"
    comment_id: str
    """The comment's id."""
    status: str
    """`open` or `resolved`."""

    def describe(self) -> str:
        return "comment resolved" if self.status == "resolved" else "comment reopened"


@dataclass(frozen=True)
class LinkComment(Operation):
    """Remember the FAQ question a comment became ("" forgets it)."""

    KIND: ClassVar[str] = "link_comment"
    PART: ClassVar[str] = "comments"
    comment_id: str
    """The comment's id."""
    faq_item: str
    """The FAQ item's id."""


# ------------------------------------------------------------------ several at once
@dataclass(frozen=True)
class Batch(Operation):
    """Several operations applied as one change (one undo step): all or none."""

    KIND: ClassVar[str] = "batch"
    PART: ClassVar[str] = "batch"
    steps: tuple[Operation, ...]
    """The operations, in order."""

    def describe(self) -> str:
        return self.steps[0].describe() if self.steps else "nothing"


# ------------------------------------------------------------------ readiness
@dataclass(frozen=True)
class SetTicked(Operation):
    """Set the ticked checklist items of one step (in the order they were ticked)."""

    KIND: ClassVar[str] = "set_ticked"
    PART: ClassVar[str] = "readiness"
    step_id: str
    """The step."""
    items: list[str]
    """The ticked items' texts."""

    def describe(self) -> str:
        return "checklist tick"


# ------------------------------------------------------------------ roster
@dataclass(frozen=True)
class SetParticipants(Operation):
    """Set the roster (names in order); only the inverse of roster changes uses it."""

    KIND: ClassVar[str] = "set_participants"
    PART: ClassVar[str] = "roster"
    names: list[str]
    """The roster."""

    def describe(self) -> str:
        return "roster change"


@dataclass(frozen=True)
class AddParticipant(NameOperation):
    """Add someone to the roster."""

    KIND: ClassVar[str] = "add_participant"
    PART: ClassVar[str] = "roster"

    def describe(self) -> str:
        return "person added"


@dataclass(frozen=True)
class RenameParticipant(Operation):
    """Rename someone everywhere: roster, FAQ authors, ideas, ballots, parking lot, owners."""

    KIND: ClassVar[str] = "rename_participant"
    PART: ClassVar[str] = "roster"
    old: str
    """The name now."""
    new: str
    """The new name."""

    def describe(self) -> str:
        return "person renamed"


@dataclass(frozen=True)
class RemoveParticipant(NameOperation):
    """Take someone off the roster (what they contributed keeps their name)."""

    KIND: ClassVar[str] = "remove_participant"
    PART: ClassVar[str] = "roster"

    def describe(self) -> str:
        return "person removed"


@dataclass(frozen=True)
class SetContributor(NameOperation):
    """Make `name` the current contributor ("" = anonymous)."""

    KIND: ClassVar[str] = "set_contributor"
    PART: ClassVar[str] = "roster"

    def describe(self) -> str:
        return "current contributor"


# ------------------------------------------------------------------ coach
@dataclass(frozen=True)
class SetDismissed(Operation):
    """Set the coach's dismissed findings (`[[dismissed]]` tables; [] = none)."""

    KIND: ClassVar[str] = "set_dismissed"
    PART: ClassVar[str] = "coach"
    entries: list[Any]
    """The tables, as `coach.dismissed.Dismissal.to_dict()` gives them."""

    def describe(self) -> str:
        return "coach finding dismissed or brought back"


# ------------------------------------------------------------------ facilitation
@dataclass(frozen=True)
class CastVote(DotOperation):
    """Put one dot of `voter` on an option of a dot-vote."""

    KIND: ClassVar[str] = "cast_vote"
    PART: ClassVar[str] = "facilitation"

    def describe(self) -> str:
        return "vote"


@dataclass(frozen=True)
class RetractVote(DotOperation):
    """Take one dot of `voter` off an option of a dot-vote."""

    KIND: ClassVar[str] = "retract_vote"
    PART: ClassVar[str] = "facilitation"

    def describe(self) -> str:
        return "vote taken back"


@dataclass(frozen=True)
class StartTimer(TimerOperation):
    """Start or resume a step's timer at `at` (any other running timer pauses)."""

    KIND: ClassVar[str] = "start_timer"
    PART: ClassVar[str] = "facilitation"

    def describe(self) -> str:
        return "timer started"


@dataclass(frozen=True)
class PauseTimer(StepOperation):
    """Pause a step's timer at `at`."""

    KIND: ClassVar[str] = "pause_timer"
    PART: ClassVar[str] = "facilitation"

    def describe(self) -> str:
        return "timer paused"


@dataclass(frozen=True)
class AddMinute(TimerOperation):
    """Give a step's timebox one more minute."""

    KIND: ClassVar[str] = "add_minute"
    PART: ClassVar[str] = "facilitation"

    def describe(self) -> str:
        return "minute added"


@dataclass(frozen=True)
class SetVoteDots(Operation):
    """Change a dot-vote's dots per person."""

    KIND: ClassVar[str] = "set_vote_dots"
    PART: ClassVar[str] = "facilitation"
    vote_id: str
    """The vote's id."""
    dots: int
    """Dots per person."""

    def describe(self) -> str:
        return "dots per person"


@dataclass(frozen=True)
class CloseVote(Operation):
    """Close a dot-vote at `at` (its result is kept), or reopen it (`closed` False)."""

    KIND: ClassVar[str] = "close_vote"
    PART: ClassVar[str] = "facilitation"
    vote_id: str
    """The vote's id."""
    closed: bool = True
    """True closes, False reopens."""

    def describe(self) -> str:
        return "vote closed" if self.closed else "vote reopened"


@dataclass(frozen=True)
class AddParked(Operation):
    """Insert a parked point (whole, with its id) at `index` of the parking lot (-1 = at the end)."""

    KIND: ClassVar[str] = "add_parked"
    PART: ClassVar[str] = "facilitation"
    parked: dict[str, Any]
    """The point as `ParkingItem.to_dict()` gives it."""
    index: int = -1
    """Position in the parking lot."""

    def describe(self) -> str:
        return "point parked"


@dataclass(frozen=True)
class EditParked(Operation):
    """Change the text of a parked point."""

    KIND: ClassVar[str] = "edit_parked"
    PART: ClassVar[str] = "facilitation"
    item_id: str
    """The point's id."""
    text: str
    """Its new text."""

    def describe(self) -> str:
        return "parked point edited"


@dataclass(frozen=True)
class DeleteParked(Operation):
    """Delete a parked point."""

    KIND: ClassVar[str] = "delete_parked"
    PART: ClassVar[str] = "facilitation"
    item_id: str
    """The point's id."""

    def describe(self) -> str:
        return "parked point deleted"


@dataclass(frozen=True)
class AddDecision(Operation):
    """Insert a logged decision (whole, with its id) at `index` of the log (-1 = at the end)."""

    KIND: ClassVar[str] = "add_decision"
    PART: ClassVar[str] = "facilitation"
    decision: dict[str, Any]
    """The decision as `Decision.to_dict()` gives it."""
    index: int = -1
    """Position in the decision log."""

    def describe(self) -> str:
        return "decision logged"


@dataclass(frozen=True)
class ReplaceDecision(Operation):
    """Replace a logged decision by a changed copy (same id)."""

    KIND: ClassVar[str] = "replace_decision"
    PART: ClassVar[str] = "facilitation"
    decision: dict[str, Any]
    """The changed decision as `Decision.to_dict()` gives it."""

    def describe(self) -> str:
        return "decision edited"


@dataclass(frozen=True)
class DeleteDecision(Operation):
    """Delete a logged decision."""

    KIND: ClassVar[str] = "delete_decision"
    PART: ClassVar[str] = "facilitation"
    decision_id: str
    """The decision's id."""

    def describe(self) -> str:
        return "decision deleted"


@dataclass(frozen=True)
class SetFacilitation(Operation):
    """Replace the live-session state (roster names stay in `participants`) with `state`.

    The inverse of every facilitation operation: it restores the state as it
    was before. The state is `Facilitation.to_dict()`.
    """

    KIND: ClassVar[str] = "set_facilitation"
    PART: ClassVar[str] = "facilitation"
    state: dict[str, Any]
    """The whole facilitation state, as `Facilitation.to_dict()` gives it."""

    def describe(self) -> str:
        return "live session change"


@dataclass(frozen=True)
class MergeItems(Operation):
    """Merge a step's items into one that keeps every author's credit and every dot (`model.merging`).

    `keys` are FAQ item ids (`faq_kind` set) or positions in the list answer
    (as text: "0", "3"); the first one takes `text`.
    """

    KIND: ClassVar[str] = "merge_items"
    PART: ClassVar[str] = "facilitation"
    step_id: str
    """The step."""
    field_id: str
    """Its list or FAQ field."""
    faq_kind: str
    """`customer` or `internal` for FAQ items, "" for list lines."""
    keys: list[str]
    """The items merged, the one that stays first."""
    text: str
    """The merged item's text."""

    def describe(self) -> str:
        return "items merged"


@dataclass(frozen=True)
class SetAnonymous(Operation):
    """Make the session (`round_id` empty) or one brainstorm round anonymous on the shared screen, or not."""

    KIND: ClassVar[str] = "set_anonymous"
    PART: ClassVar[str] = "facilitation"
    anonymous: bool
    """True: no names beside ideas or dots on the shared screen and in presenter mode."""
    round_id: str = ""
    """The round, or empty for the whole session."""

    def describe(self) -> str:
        return "anonymity changed"


@dataclass(frozen=True)
class SetVoteSecret(Operation):
    """Make a vote a secret ballot (no tally, no one's dots, until it is closed), or not."""

    KIND: ClassVar[str] = "set_vote_secret"
    PART: ClassVar[str] = "facilitation"
    vote_id: str
    """The vote."""
    secret: bool
    """True for a secret ballot."""

    def describe(self) -> str:
        return "secret ballot changed"
# ------------------------------------------------------------------ brainstorm, new votes, timeboxes
# (applied by `model.live_operations`; their makers ask the template, the records travel whole)
@dataclass(frozen=True)
class StartRound(Operation):
    """Start a brainstorm round (carried whole, with its id): a silent one holds new ideas back."""

    KIND: ClassVar[str] = "start_round"
    PART: ClassVar[str] = "facilitation"
    round: dict[str, Any]
    """The round as `Round.to_dict()` gives it."""

    def describe(self) -> str:
        return "silent round started"


@dataclass(frozen=True)
class AddIdea(Operation):
    """Capture an idea (whole: id, author, step, field, round): held back in a hidden round, else
    published into the step's list or the FAQ."""

    KIND: ClassVar[str] = "add_idea"
    PART: ClassVar[str] = "facilitation"
    idea: dict[str, Any]
    """The idea as `Idea.to_dict()` gives it."""

    def describe(self) -> str:
        return "idea added"


@dataclass(frozen=True)
class RevealRound(Operation):
    """Reveal a silent round at `at`: its ideas join the list (or the FAQ)."""

    KIND: ClassVar[str] = "reveal_round"
    PART: ClassVar[str] = "facilitation"
    round_id: str
    """The round's id."""

    def describe(self) -> str:
        return "round revealed"


@dataclass(frozen=True)
class StartVote(Operation):
    """Start a dot-vote (carried whole, with its options and their ids)."""

    KIND: ClassVar[str] = "start_vote"
    PART: ClassVar[str] = "facilitation"
    vote: dict[str, Any]
    """The vote as `Vote.to_dict()` gives it."""

    def describe(self) -> str:
        return "vote started"


@dataclass(frozen=True)
class SetVoteOptions(Operation):
    """Set a vote's options (new candidates added; an option holding dots is never dropped)."""

    KIND: ClassVar[str] = "set_vote_options"
    PART: ClassVar[str] = "facilitation"
    vote_id: str
    """The vote's id."""
    options: list[Any]
    """The options, as `VoteOption.to_dict()` gives them, in order."""

    def describe(self) -> str:
        return "vote candidates"


@dataclass(frozen=True)
class ResetTimer(TimerOperation):
    """Stop a step's timer at `at` and restore the full timebox `planned` (time spent stays recorded)."""

    KIND: ClassVar[str] = "reset_timer"
    PART: ClassVar[str] = "facilitation"

    def describe(self) -> str:
        return "timer reset"


@dataclass(frozen=True)
class SetPlanned(TimerOperation):
    """Set a step's timebox to `planned` seconds (0 = none): the agenda's plan."""

    KIND: ClassVar[str] = "set_planned"
    PART: ClassVar[str] = "facilitation"

    def describe(self) -> str:
        return "timebox changed"


@dataclass(frozen=True)
class FollowTimer(Operation):
    """Hand a running clock from `old_step` to `new_step` at `at` (the group moved on).

    Submitted outside undo (`record=False`): moving between steps is not an edit.
    """

    KIND: ClassVar[str] = "follow_timer"
    PART: ClassVar[str] = "facilitation"
    old_step: str
    """The step whose clock runs."""
    new_step: str
    """The step the group moved to ("" = none: the clock only pauses)."""
    old_planned: int = 0
    """The old step's template timebox: a timer only passed through (never paused with time on it
    and still at it) is dropped."""
    planned: int = 0
    """The new step's timebox, for a timer used the first time (the template's)."""

    def describe(self) -> str:
        return "timer moved to the step"


@dataclass(frozen=True)
class SettleTimers(Operation):
    """Stop timers left running for hours at `at`, counting at most their timebox (on open)."""

    KIND: ClassVar[str] = "settle_timers"
    PART: ClassVar[str] = "facilitation"

    def describe(self) -> str:
        return "timers left running stopped"


@dataclass(frozen=True)
class OrderFaq(Operation):
    """Put these FAQ items in this order, in the places they hold now (a vote's result)."""

    KIND: ClassVar[str] = "order_faq"
    PART: ClassVar[str] = "faq"
    item_ids: list[str]
    """The items' ids, in their new order."""

    def describe(self) -> str:
        return "questions ordered by dots"


KINDS: dict[str, type[Operation]] = {
    cls.KIND: cls
    for cls in (
        SetAnswer, SetFaqDraft, AddFaq, DeleteFaq, EditFaq, MoveFaq,
        AddComment, DeleteComment, SetCommentStatus, LinkComment, Batch, SetTicked, SetDismissed,
        SetParticipants, AddParticipant, RenameParticipant, RemoveParticipant, SetContributor,
        StartTimer, PauseTimer, AddMinute, SetVoteDots, CloseVote, CastVote, RetractVote, AddParked, EditParked, DeleteParked,
        AddDecision, ReplaceDecision, DeleteDecision, SetFacilitation,
        MergeItems, SetAnonymous, SetVoteSecret,
        StartRound, AddIdea, RevealRound, StartVote, SetVoteOptions, ResetTimer, SetPlanned,
        FollowTimer, SettleTimers, OrderFaq,
    )
}
"""Every operation class by its `kind` tag."""
