"""Provides operations: every change the app makes to a session, as small serialisable values.

An operation is a frozen dataclass: what to change, who changed it (`actor`)
and when (`at`, timezone-aware). `apply(session, op)` is the one function
that changes a session for the UI; it returns the operation that undoes it
(or None when the session did not change). `to_dict` / `from_dict` turn an
operation into plain JSON-safe data with a `kind` tag and a format version,
so it can be stored or sent to another machine and applied there.

Records are carried whole (an FAQ item with its id, a comment with its id),
never re-created from text, so every machine that applies the same operation
ends with the same ids.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from . import clock, live_operations, record_operations
from .comments import COMMENT_STATUSES, Comment
from .facilitation import FACILITATION_KEYS, Facilitation, ParkingItem
from .live import LiveSession
from .live_operations import (  # makers that ask the template (rounds, ideas, votes, timeboxes)
    add_idea,
    follow,
    live_state,
    live_state_undo,
    refresh_vote,
    reset_timer,
    reveal_round,
    set_planned,
    settle_timers,
    start_round,
    start_vote,
    use_result,
)
from .operation_json import (  # re-exported: serialising is model/operation_json.py
    from_dict,
    to_dict,
)
from .operation_kinds import (
    KINDS,
    OPERATION_FORMAT,
    AddComment,
    AddDecision,
    AddFaq,
    AddIdea,
    AddMinute,
    AddParked,
    AddParticipant,
    Batch,
    CastVote,
    CloseVote,
    DeleteComment,
    DeleteDecision,
    DeleteFaq,
    DeleteParked,
    EditFaq,
    EditParked,
    FollowTimer,
    LinkComment,
    MergeItems,
    MoveFaq,
    Operation,
    OperationError,
    OrderFaq,
    PauseTimer,
    RemoveParticipant,
    RenameParticipant,
    ReplaceDecision,
    ResetTimer,
    RetractVote,
    RevealRound,
    SetAnonymous,
    SetAnswer,
    SetCommentStatus,
    SetContributor,
    SetDismissed,
    SetFacilitation,
    SetFaqDraft,
    SetParticipants,
    SetPlanned,
    SetTicked,
    SettleTimers,
    SetVoteDots,
    SetVoteOptions,
    SetVoteSecret,
    StartRound,
    StartTimer,
    StartVote,
)
from .session import FaqItem, Session, SessionDataError
from .template import FAQ_KINDS
from .text import normalise
from .timer import StepTimer


# ================================================================== apply
def apply(session: Session, op: Operation) -> Operation | None:
    """Apply `op` to `session`; return the operation that undoes it (None: nothing changed).

    A bad operation (an unknown id, a bad value) raises before it changes anything.

    Raises:
        OperationError: the operation does not fit this session.
    """
    handler = _APPLY.get(type(op))
    if handler is None:
        raise OperationError(f"{type(op).__name__}: not an operation this version can apply")
    try:
        inverse = handler(session, op)
    except (KeyError, ValueError, TypeError, IndexError) as error:
        if isinstance(error, OperationError):
            raise
        reason = _reason(error)
        raise OperationError(f"{op.KIND}: {reason}", reason) from None
    return inverse


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"no record with id {error.args[0]!r} in this session"
    return str(error)


def _same(op: Operation, cls: type[Operation], **values: Any) -> Operation:
    """An operation of `cls` by the same actor at the same time (an inverse)."""
    return cls(actor=op.actor, at=op.at, **values)


def _set_answer(session: Session, op: SetAnswer) -> Operation | None:
    fields_ = session.answers.get(op.step_id, {})
    before = fields_.get(op.field_id)
    if op.value is None:
        if op.field_id not in fields_:
            return None
        del fields_[op.field_id]
        if not fields_:
            del session.answers[op.step_id]
        session.touch()
    elif not session.set_answer(op.step_id, op.field_id, op.value):
        return None
    return _same(op, SetAnswer, step_id=op.step_id, field_id=op.field_id,
                 value=list(before) if isinstance(before, list) else before)


def _set_faq_draft(session: Session, op: SetFaqDraft) -> Operation | None:
    before = session.faq_drafts.get(op.faq_kind, "")
    if not session.set_faq_draft(op.faq_kind, op.text):
        return None
    return _same(op, SetFaqDraft, faq_kind=op.faq_kind, text=before)


def _add_faq(session: Session, op: AddFaq) -> Operation | None:
    item = FaqItem.from_dict(op.item, "item")
    if session.find_faq(item.id) is not None:
        raise OperationError(f"{op.KIND}: an FAQ item with id {item.id!r} exists already")
    index = len(session.faq) if op.index < 0 else min(op.index, len(session.faq))
    session.restore_faq(index, item)
    return _same(op, DeleteFaq, item_id=item.id)


def _delete_faq(session: Session, op: DeleteFaq) -> Operation | None:
    index, item = session.remove_faq(op.item_id)
    return _same(op, AddFaq, item=item.to_dict(), index=index)


def _edit_faq(session: Session, op: EditFaq) -> Operation | None:
    item = session.find_faq(op.item_id)
    if item is None:
        raise KeyError(op.item_id)
    changes = {
        name: value
        for name, value in op.changes.items()
        if not isinstance(value, str) or getattr(item, name, None) != normalise(value)
    }
    if not changes:
        return None
    before = {name: getattr(item, name, "") for name in changes}
    session.update_faq(op.item_id, **changes)
    return _same(op, EditFaq, item_id=op.item_id, changes=before)


def _move_faq(session: Session, op: MoveFaq) -> Operation | None:
    if op.offset not in (-1, 1):
        raise ValueError("an FAQ item moves one place: offset -1 or 1")
    if not session.move_faq(op.item_id, op.offset):
        return None
    return _same(op, MoveFaq, item_id=op.item_id, offset=-op.offset)


def _add_comment(session: Session, op: AddComment) -> Operation | None:
    comment = Comment.from_dict(dict(op.comment), "comment")
    if any(other.id == comment.id for other in session.comments):
        raise OperationError(f"{op.KIND}: a comment with id {comment.id!r} exists already")
    index = len(session.comments) if op.index < 0 else min(op.index, len(session.comments))
    session.comments.insert(index, comment)
    session.touch()
    return _same(op, DeleteComment, comment_id=comment.id)


def _delete_comment(session: Session, op: DeleteComment) -> Operation | None:
    for index, comment in enumerate(session.comments):
        if comment.id == op.comment_id:
            del session.comments[index]
            session.touch()
            return _same(op, AddComment, comment=comment.to_dict(), index=index)
    raise KeyError(op.comment_id)


def _set_comment_status(session: Session, op: SetCommentStatus) -> Operation | None:
    if op.status not in COMMENT_STATUSES:
        raise ValueError(f"unknown comment status {op.status!r}")
    for comment in session.comments:
        if comment.id == op.comment_id:
            if comment.status == op.status:
                return None
            before, comment.status = comment.status, op.status
            session.touch()
            return _same(op, SetCommentStatus, comment_id=op.comment_id, status=before)
    raise KeyError(op.comment_id)


def _link_comment(session: Session, op: LinkComment) -> Operation | None:
    for comment in session.comments:
        if comment.id == op.comment_id:
            if comment.faq_item == op.faq_item:
                return None
            before, comment.faq_item = comment.faq_item, op.faq_item
            session.touch()
            return _same(op, LinkComment, comment_id=op.comment_id, faq_item=before)
    raise KeyError(op.comment_id)


def _batch(session: Session, op: Batch) -> Operation | None:
    undo: list[Operation] = []
    try:
        for step in op.steps:
            inverse = apply(session, step)
            if inverse is not None:
                undo.append(inverse)
    except OperationError:
        for inverse in reversed(undo):  # all or none
            apply(session, inverse)
        raise
    if not undo:
        return None
    return _same(op, Batch, steps=tuple(reversed(undo)))


def comment_to_faq(session: Session, comment_id: str, faq_kind: str = "customer", *,
                   actor: str = "") -> Batch:
    """An operation that turns a comment into a new open question and resolves the comment.

    Raises:
        OperationError: no such comment, an unknown kind, or it is already a question.
    """
    if faq_kind not in FAQ_KINDS:
        raise OperationError(f"unknown FAQ kind {faq_kind!r}")
    comment = next((c for c in session.comments if c.id == comment_id), None)
    if comment is None:
        raise OperationError(f"no comment with id {comment_id!r} in this session")
    if comment.faq_item and session.find_faq(comment.faq_item) is not None:
        raise OperationError("this comment is already a question in the FAQ")
    add = add_faq(comment.text, faq_kind, author=comment.author, actor=actor)
    return Batch(actor=actor, at=add.at, steps=(
        add,
        LinkComment(comment_id, str(add.item["id"]), actor=actor, at=add.at),
        SetCommentStatus(comment_id, "resolved", actor=actor, at=add.at),
    ))


def _set_ticked(session: Session, op: SetTicked) -> Operation | None:
    ticked = session.readiness.ticked
    before = list(ticked.get(op.step_id, []))
    after = [normalise(text) for text in op.items]
    if len(set(after)) != len(after):
        raise ValueError("an item is ticked at most once")
    if before == after:
        return None
    if after:
        ticked[op.step_id] = after
    else:
        ticked.pop(op.step_id, None)
    session.touch()
    return _same(op, SetTicked, step_id=op.step_id, items=before)


DISMISSED_KEY = "dismissed"
"""The session's top-level key for coach dismissals (kept in `Session.extra`)."""


def _set_dismissed(session: Session, op: SetDismissed) -> Operation | None:
    before = session.extra.get(DISMISSED_KEY)
    if before is not None and not isinstance(before, list):
        raise ValueError(f"the session's {DISMISSED_KEY!r} key is not a list of "
                         f"[[{DISMISSED_KEY}]] tables; fix it in the file first")
    after = list(op.entries)  # a hand-edited entry that is not a table is kept as it is
    if (before or []) == after:
        return None
    if after:
        session.extra[DISMISSED_KEY] = after
    else:
        session.extra.pop(DISMISSED_KEY, None)
    session.touch()
    return _same(op, SetDismissed, entries=list(before or []))


def _vote(session: Session, vote_id: str) -> Any:
    for vote in session.facilitation.votes:
        if vote.id == vote_id:
            return vote
    raise KeyError(vote_id)


def _cast_vote(session: Session, op: CastVote) -> Operation | None:
    vote = _vote(session, op.vote_id)
    before = live_state(session)
    vote.cast(op.voter, op.option_id)  # raises VoteError (a ValueError) before any change
    session.touch()
    return live_state_undo(session, op, before)


def _retract_vote(session: Session, op: RetractVote) -> Operation | None:
    vote = _vote(session, op.vote_id)
    before = live_state(session)
    if not vote.retract(op.voter, op.option_id):
        return None
    session.touch()
    return live_state_undo(session, op, before)


def _set_facilitation(session: Session, op: SetFacilitation) -> Operation | None:
    """Replace the parts of the live state that `op.state` names (all of them when it names all)."""
    unknown = set(op.state) - set(FACILITATION_KEYS)
    if unknown:
        raise ValueError(f"state: unknown part(s) {', '.join(sorted(map(str, unknown)))}")
    try:
        fresh = Facilitation.from_dict(dict(op.state))
    except SessionDataError as error:
        raise OperationError(f"{op.KIND}: state.{error}") from None
    before = live_state(session)
    for name in op.state:  # in place: views hold the Facilitation object
        setattr(session.facilitation, name, getattr(fresh, name))
    inverse = live_state_undo(session, op, before)
    if inverse is not None:
        session.touch()
    return inverse


def _merge_items(session: Session, op: MergeItems) -> Operation | None:
    from .merging import (
        apply_merge,  # its own module: the merge rules (credit, dots) live there
    )

    return apply_merge(session, op)


def _set_anonymous(session: Session, op: SetAnonymous) -> Operation | None:
    state = session.facilitation
    if op.round_id:
        holder: Any = next((r for r in state.rounds if r.id == op.round_id), None)
        if holder is None:
            raise KeyError(op.round_id)
    else:
        holder = state
    if holder.anonymous == op.anonymous:
        return None
    holder.anonymous = op.anonymous
    session.touch()
    return _same(op, SetAnonymous, anonymous=not op.anonymous, round_id=op.round_id)


def _set_vote_secret(session: Session, op: SetVoteSecret) -> Operation | None:
    vote = _vote(session, op.vote_id)
    if vote.secret == op.secret:
        return None
    vote.secret = op.secret
    session.touch()
    return _same(op, SetVoteSecret, vote_id=op.vote_id, secret=not op.secret)


def _set_participants(session: Session, op: SetParticipants) -> Operation | None:
    if session.participants == list(op.names):
        return None
    before, session.participants = list(session.participants), list(op.names)
    session.touch()
    return _same(op, SetParticipants, names=before)


def _roster_change(session: Session, op: Operation) -> Operation | None:
    """Run a roster change through LiveSession; the inverse puts back exactly what changed."""
    live = LiveSession(session)
    names = list(session.participants)
    state = live_state(session)
    authors = {item.id: item.author for item in session.faq}
    revision = session.revision
    if isinstance(op, AddParticipant):
        live.add_participant(op.name)
    elif isinstance(op, RenameParticipant):
        live.rename_participant(op.old, op.new)
    elif isinstance(op, RemoveParticipant):
        live.remove_participant(op.name)
    elif isinstance(op, SetContributor):
        live.set_contributor(op.name)
    if session.revision == revision:
        return None
    undo: list[Operation] = []
    for item in session.faq:
        if item.id in authors and item.author != authors[item.id]:
            undo.append(_same(op, EditFaq, item_id=item.id, changes={"author": authors[item.id]}))
    restore = live_state_undo(session, op, state)
    if restore is not None:
        undo.append(restore)
    if session.participants != names:
        undo.append(_same(op, SetParticipants, names=names))
    return undo[0] if len(undo) == 1 else _same(op, Batch, steps=tuple(undo))


def _live_state_change(session: Session, op: Operation) -> Operation | None:
    """Timers and vote settings through LiveSession; the inverse puts the live state back."""
    live = LiveSession(session)
    before = live_state(session)
    revision = session.revision
    step_id = str(getattr(op, "step_id", ""))
    if isinstance(op, (StartTimer, AddMinute)) and step_id not in session.facilitation.timers:
        if op.planned < 0:
            raise ValueError("a timebox is 0 seconds or more")
        session.facilitation.timers[step_id] = StepTimer(planned=op.planned)  # undone with the rest
    if isinstance(op, StartTimer):
        if not live.timer(step_id).running:
            live.start_timer(step_id, op.at)
    elif isinstance(op, PauseTimer):
        live.pause_timer(step_id, op.at)
    elif isinstance(op, AddMinute):
        live.add_minute(step_id, op.at)
    elif isinstance(op, SetVoteDots):
        live.set_dots(_vote(session, op.vote_id), op.dots)
    elif isinstance(op, CloseVote):
        vote = _vote(session, op.vote_id)
        if op.closed:
            live.close_vote(vote, op.at)
        else:
            live.reopen_vote(vote)
    inverse = live_state_undo(session, op, before)
    if inverse is None:
        return None
    if session.revision == revision:
        session.touch()
    return inverse


_APPLY: dict[type[Operation], Any] = {
    SetAnswer: _set_answer,
    SetFaqDraft: _set_faq_draft,
    AddFaq: _add_faq,
    DeleteFaq: _delete_faq,
    EditFaq: _edit_faq,
    MoveFaq: _move_faq,
    AddComment: _add_comment,
    DeleteComment: _delete_comment,
    SetCommentStatus: _set_comment_status,
    LinkComment: _link_comment,
    Batch: _batch,
    SetTicked: _set_ticked,
    SetDismissed: _set_dismissed,
    SetParticipants: _set_participants,
    AddParticipant: _roster_change,
    RenameParticipant: _roster_change,
    RemoveParticipant: _roster_change,
    SetContributor: _roster_change,
    StartTimer: _live_state_change,
    PauseTimer: _live_state_change,
    AddMinute: _live_state_change,
    SetVoteDots: _live_state_change,
    CloseVote: _live_state_change,
    CastVote: _cast_vote,
    RetractVote: _retract_vote,
    AddParked: record_operations.apply_add_parked,
    EditParked: record_operations.apply_edit_parked,
    DeleteParked: record_operations.apply_delete_parked,
    AddDecision: record_operations.apply_add_decision,
    ReplaceDecision: record_operations.apply_replace_decision,
    DeleteDecision: record_operations.apply_delete_decision,
    SetFacilitation: _set_facilitation,
    MergeItems: _merge_items,
    SetAnonymous: _set_anonymous,
    SetVoteSecret: _set_vote_secret,
    StartRound: live_operations.apply_start_round,
    AddIdea: live_operations.apply_add_idea,
    RevealRound: live_operations.apply_reveal_round,
    StartVote: live_operations.apply_start_vote,
    SetVoteOptions: live_operations.apply_set_vote_options,
    ResetTimer: live_operations.apply_reset_timer,
    SetPlanned: live_operations.apply_set_planned,
    FollowTimer: live_operations.apply_follow_timer,
    SettleTimers: live_operations.apply_settle_timers,
    OrderFaq: live_operations.apply_order_faq,
}


# ================================================================== makers
def add_faq(
    question: str, faq_kind: str = "customer", *, author: str = "", actor: str = "",
    at: datetime | None = None,
) -> AddFaq:
    """An operation that adds a new, open question of `faq_kind` at the end of the FAQ."""
    if faq_kind not in FAQ_KINDS:
        raise OperationError(f"add_faq: unknown FAQ kind {faq_kind!r}")
    item = FaqItem(question=normalise(question).strip(), kind=faq_kind,
                   author=normalise(author).strip())
    return AddFaq(item=item.to_dict(), actor=actor, at=at or clock.now())


def park(text: str, step_id: str = "", *, author: str = "", at: datetime | None = None) -> AddParked:
    """An operation that parks a point raised during `step_id` by `author` (also the actor).

    Raises:
        OperationError: the text is blank.
    """
    clean = normalise(text).strip()
    if not clean:
        raise OperationError("type what to park first")
    when = at or clock.now()
    item = ParkingItem(text=clean, step=step_id, author=author, created=when)
    return AddParked(parked=item.to_dict(), actor=author, at=when)


def add_comment(
    text: str, *, anchor: str = "", author: str = "", at: datetime | None = None
) -> AddComment:
    """An operation that adds an open review comment by `author` (who is also the actor).

    Raises:
        OperationError: the text or the author is blank.
    """
    clean = normalise(text).strip()
    if not clean:
        raise OperationError("type the comment first")
    who = " ".join(normalise(author).split())
    if not who:
        raise OperationError("say who makes the comment (a name or initials)")
    when = at or clock.now()
    comment = Comment(text=clean, anchor=anchor.strip(), author=who, created=when)
    return AddComment(comment=comment.to_dict(), actor=who, at=when)


__all__ = [
    "KINDS", "OPERATION_FORMAT", "Operation", "OperationError", "apply", "from_dict", "to_dict",
    *(cls.__name__ for cls in KINDS.values()), "add_faq", "add_comment", "comment_to_faq", "park",
    "add_idea", "follow", "refresh_vote", "reset_timer", "reveal_round", "set_planned", "settle_timers",
    "start_round", "start_vote", "use_result",
]
