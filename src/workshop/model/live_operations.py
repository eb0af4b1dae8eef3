"""Provides the live-session operations that the template shapes: rounds, ideas, new votes, timeboxes.

Their makers (`start_round(live, step)`, `add_idea(live, step, text)`…) ask
the `LiveSession` (and so the template) what to do — which field collects
ideas, a step's timebox, the candidates of a vote — and put the answer in
the operation: the records it creates travel whole, with their ids. So
applying one needs no template, and an idea typed on a participant's device
applies on the host exactly as it did there. `workshop.model.operations`
registers their `apply_…` functions and re-exports the makers.

Their inverses put back the parts they changed: the live state (as
`SetFacilitation`), the list answers an idea went into (`SetAnswer`) and the
FAQ questions it became (`DeleteFaq`), as one `Batch`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable

from . import clock
from .base import SessionDataError
from .facilitation import FACILITATION_KEYS, Idea, Round
from .operation_kinds import (
    AddIdea,
    Batch,
    CloseVote,
    DeleteFaq,
    FollowTimer,
    Operation,
    OperationError,
    OrderFaq,
    ResetTimer,
    RevealRound,
    SetAnswer,
    SetFacilitation,
    SetPlanned,
    SettleTimers,
    SetVoteOptions,
    StartRound,
    StartVote,
)
from .session import FaqItem, Session
from .template import FieldType
from .text import normalise
from .timer import StepTimer
from .voting import DEFAULT_DOTS, Vote, VoteOption

if TYPE_CHECKING:
    from .live import LiveSession


# ================================================================== applying
def _record(op: Operation, build: Callable[[Any, str], Any], data: Any, key: str) -> Any:
    try:
        return build(dict(data), key)
    except SessionDataError as error:
        raise OperationError(f"{op.KIND}: {error}", str(error)) from None


def live_state(session: Session) -> dict[str, Any]:
    """The live state as `Facilitation.to_dict()` gives it, with every key (empty ones too)."""
    data = session.facilitation.to_dict()
    empty: dict[str, Any] = {"current_contributor": "", "anonymous": False, "timers": {}}
    return {key: data.get(key, empty.get(key, [])) for key in FACILITATION_KEYS}


def live_state_undo(session: Session, op: Operation, before: dict[str, Any]) -> SetFacilitation | None:
    """The operation that puts back the parts of the live state changed since `before` (None: none).

    Only those parts: undoing a dot leaves the timers as they are now (a
    clock that followed the group to another step meanwhile keeps running).
    """
    after = live_state(session)
    changed = {key: value for key, value in before.items() if after.get(key) != value}
    return SetFacilitation(state=changed, actor=op.actor, at=op.at) if changed else None


def _changed(session: Session, op: Operation, change: Callable[[], None]) -> Operation | None:
    """Run `change`; return the operation that puts back what it changed (None: nothing).

    Compares the live state, the answers and the FAQ before and after, so
    the inverse is exact whatever the change touched (an idea published into
    a list or the FAQ, a round revealed).
    """
    state = live_state(session)
    answers = {step: dict(values) for step, values in session.answers.items()}
    faq_ids = {item.id for item in session.faq}
    change()
    undo: list[Operation] = [
        DeleteFaq(item.id, actor=op.actor, at=op.at) for item in session.faq if item.id not in faq_ids
    ]
    for step in sorted(set(answers) | set(session.answers)):
        before, after = answers.get(step, {}), session.answers.get(step, {})
        for field_id in sorted(set(before) | set(after)):
            if before.get(field_id) != after.get(field_id):
                value = before.get(field_id)
                undo.append(SetAnswer(step, field_id, list(value) if isinstance(value, list) else value,
                                      actor=op.actor, at=op.at))
    restore = live_state_undo(session, op, state)
    if restore is not None:
        undo.append(restore)
    if not undo:
        return None
    session.touch()
    return undo[0] if len(undo) == 1 else Batch(steps=tuple(undo), actor=op.actor, at=op.at)


def publish(session: Session, idea: Idea) -> None:
    """Put a revealed (or open) idea where it belongs: the step's list, or a new FAQ question.

    The question's id comes from the idea's (`i-…` → `q-…`), so every machine
    that publishes the same idea makes the same question.
    """
    if idea.faq_kind:
        item_id = idea.ref or "q-" + idea.id.partition("-")[2]
        if session.find_faq(item_id) is None:
            item = FaqItem(question=idea.text, kind=idea.faq_kind, author=idea.author, id=item_id)
            session.restore_faq(len(session.faq), item)
        idea.ref = item_id
        return
    current = session.get_answer(idea.step, idea.field, [])
    items = list(current) if isinstance(current, list) else current.split("\n")
    while items and not items[-1].strip():
        items.pop()
    items.append(idea.text)  # a repeat is kept and offered for merging, never dropped silently
    session.set_answer(idea.step, idea.field, items)


def _find_round(session: Session, round_id: str) -> Round:
    for found in session.facilitation.rounds:
        if found.id == round_id:
            return found
    raise KeyError(round_id)


def _hidden_round(session: Session, step_id: str) -> Round | None:
    for found in reversed(session.facilitation.rounds):
        if found.step == step_id and found.hidden:
            return found
    return None


def apply_start_round(session: Session, op: StartRound) -> Operation | None:
    started = _record(op, Round.from_dict, op.round, "round")
    state = session.facilitation
    if any(other.id == started.id for other in state.rounds):
        raise OperationError(f"{op.KIND}: a round with id {started.id!r} exists already")
    if started.silent and _hidden_round(session, started.step) is not None:
        raise ValueError("a silent round is already running here; reveal it first")
    return _changed(session, op, lambda: state.rounds.append(started))


def apply_add_idea(session: Session, op: AddIdea) -> Operation | None:
    idea = _record(op, Idea.from_dict, op.idea, "idea")
    state = session.facilitation
    if any(other.id == idea.id for other in state.ideas):
        raise OperationError(f"{op.KIND}: an idea with id {idea.id!r} exists already")
    if not idea.text.strip():
        raise ValueError("type the idea first")
    held = idea.round and _find_round(session, idea.round).hidden  # a round revealed since: publish

    def add() -> None:
        state.ideas.append(idea)
        if not held:
            publish(session, idea)

    return _changed(session, op, add)


def apply_reveal_round(session: Session, op: RevealRound) -> Operation | None:
    found = _find_round(session, op.round_id)
    if not found.hidden:
        return None

    def reveal() -> None:
        found.revealed = op.at
        for idea in session.facilitation.ideas:
            if idea.round == found.id:
                publish(session, idea)

    return _changed(session, op, reveal)


def apply_start_vote(session: Session, op: StartVote) -> Operation | None:
    vote = _record(op, Vote.from_dict, op.vote, "vote")
    votes = session.facilitation.votes
    if any(other.id == vote.id for other in votes):
        raise OperationError(f"{op.KIND}: a vote with id {vote.id!r} exists already")
    latest = [other for other in votes if other.step == vote.step]
    if latest and latest[-1].is_open:
        raise ValueError("this step's vote is still open; close it first")
    if len(vote.options) < 2:
        raise ValueError("a vote needs at least two candidates; add some first")
    return _changed(session, op, lambda: votes.append(vote))


def apply_set_vote_options(session: Session, op: SetVoteOptions) -> Operation | None:
    vote = next((v for v in session.facilitation.votes if v.id == op.vote_id), None)
    if vote is None:
        raise KeyError(op.vote_id)
    options = [_record(op, VoteOption.from_dict, item, f"options[{i}]") for i, item in enumerate(op.options)]
    ids = [option.id for option in options]
    if len(set(ids)) != len(ids):
        raise ValueError("two options have the same id")
    dotted = {option_id for ballot in vote.ballots.values() for option_id in ballot}
    if dotted - set(ids):
        raise ValueError("an option that holds dots can't be dropped")
    if [o.to_dict() for o in options] == [o.to_dict() for o in vote.options]:
        return None
    before = [option.to_dict() for option in vote.options]
    vote.options = options
    session.touch()
    return SetVoteOptions(op.vote_id, before, actor=op.actor, at=op.at)


def _timer(session: Session, step_id: str, planned: int) -> StepTimer:
    if planned < 0:
        raise ValueError("a timebox is 0 seconds or more")
    timers = session.facilitation.timers
    if step_id not in timers:
        timers[step_id] = StepTimer(planned=planned)
    return timers[step_id]


def apply_reset_timer(session: Session, op: ResetTimer) -> Operation | None:
    return _changed(session, op, lambda: _timer(session, op.step_id, op.planned).reset(op.planned, op.at))


def apply_set_planned(session: Session, op: SetPlanned) -> Operation | None:
    return _changed(session, op, lambda: _timer(session, op.step_id, op.planned).set_planned(op.planned))


def apply_follow_timer(session: Session, op: FollowTimer) -> Operation | None:
    timers = session.facilitation.timers
    old = timers.get(op.old_step)
    if op.old_step == op.new_step or old is None or not old.running:
        return None

    def follow() -> None:
        old.pause(op.at)
        if not old.touched and old.planned == op.old_planned:
            del timers[op.old_step]  # only passed through: nothing worth keeping
        if op.new_step:
            _timer(session, op.new_step, op.planned).start(op.at)

    return _changed(session, op, follow)


def apply_settle_timers(session: Session, op: SettleTimers) -> Operation | None:
    def settle() -> None:
        for timer in session.facilitation.timers.values():
            timer.settle(op.at)

    return _changed(session, op, settle)


def apply_order_faq(session: Session, op: OrderFaq) -> Operation | None:
    wanted = list(op.item_ids)
    if len(set(wanted)) != len(wanted):
        raise ValueError("a question is listed twice")
    slots = [index for index, item in enumerate(session.faq) if item.id in set(wanted)]
    if len(slots) != len(wanted):
        missing = set(wanted) - {item.id for item in session.faq}
        raise KeyError(sorted(missing)[0])
    before = [session.faq[slot].id for slot in slots]
    if before == wanted:
        return None
    by_id = {session.faq[slot].id: session.faq[slot] for slot in slots}
    for slot, item_id in zip(slots, wanted):
        session.faq[slot] = by_id[item_id]
    session.touch()
    return OrderFaq(before, actor=op.actor, at=op.at)


# ================================================================== makers
def start_round(live: LiveSession, step_id: str, *, actor: str = "", at: datetime | None = None) -> StartRound:
    """An operation that starts a silent round on `step_id`.

    Raises:
        OperationError: the step collects nothing, or its silent round is still hidden.
    """
    if live.collect_field(step_id) is None:
        raise OperationError("this step has no list to brainstorm into")
    if live.active_round(step_id) is not None:
        raise OperationError("a silent round is already running here; reveal it first")
    when = at or clock.now()
    return StartRound(round=Round(step=step_id, silent=True, started=when).to_dict(), actor=actor, at=when)


def add_idea(
    live: LiveSession, step_id: str, text: str, *, author: str | None = None, actor: str | None = None,
    at: datetime | None = None,
) -> AddIdea:
    """An operation that captures an idea for `step_id` by `author` (default: the current contributor).

    Raises:
        OperationError: blank text, or the step collects nothing.
    """
    try:
        idea = live.new_idea(step_id, text, author, at or clock.now())
    except ValueError as error:
        raise OperationError(str(error)) from None
    who = idea.author
    return AddIdea(idea=idea.to_dict(), actor=who if actor is None else actor, at=idea.created)


def reveal_round(live: LiveSession, step_id: str, *, actor: str = "") -> RevealRound | None:
    """An operation that reveals the step's hidden round (None: none is running)."""
    active = live.active_round(step_id)
    return None if active is None else RevealRound(active.id, actor=actor)


def start_vote(
    live: LiveSession, step_id: str, *, dots: int | None = None, title: str = "", actor: str = "",
    at: datetime | None = None,
) -> StartVote:
    """An operation that starts a dot-vote over the step's candidates (options carried whole).

    Raises:
        OperationError: the step's vote is still open, or fewer than two candidates.
    """
    when = at or clock.now()
    try:
        vote = live.new_vote(step_id, DEFAULT_DOTS if dots is None else dots, title, when)
    except ValueError as error:  # a VoteError too
        raise OperationError(str(error)) from None
    return StartVote(vote=vote.to_dict(), actor=actor, at=when)


def refresh_vote(live: LiveSession, vote: Vote, *, actor: str = "") -> SetVoteOptions | None:
    """An operation that brings a vote's options in line with the step's candidates now (None: they are)."""
    copy = Vote.from_dict(vote.to_dict(), "vote")
    if not copy.sync_options(live.vote_candidates(vote.step)):
        return None
    return SetVoteOptions(vote.id, [option.to_dict() for option in copy.options], actor=actor)


def reset_timer(live: LiveSession, step_id: str, *, actor: str = "") -> ResetTimer:
    """An operation that stops the step's timer and restores its template timebox."""
    return ResetTimer(step_id, live.planned_default(step_id), actor=actor)


def set_planned(live: LiveSession, step_id: str, seconds: int, *, actor: str = "") -> SetPlanned:
    """An operation that sets a step's timebox to `seconds` (0 = none)."""
    return SetPlanned(step_id, max(0, int(seconds)), actor=actor)


def follow(live: LiveSession, old_step: str, new_step: str, *, actor: str = "") -> FollowTimer | None:
    """An operation that hands a running clock from `old_step` to `new_step` (None: none runs there)."""
    if old_step == new_step or not live.timer(old_step).running or old_step not in live.state.timers:
        return None
    return FollowTimer(old_step, new_step, live.planned_default(old_step), live.planned_default(new_step),
                       actor=actor)


def settle_timers(live: LiveSession, *, actor: str = "") -> SettleTimers | None:
    """An operation that stops timers left running for hours (None: none was)."""
    now = clock.now()
    if not any(StepTimer.from_dict(t.to_dict(), "t").settle(now) for t in live.state.timers.values()):
        return None
    return SettleTimers(actor=actor, at=now)


def use_result(live: LiveSession, vote: Vote, *, actor: str = "") -> tuple[Operation | None, str]:
    """The operation that uses a vote's result in the document, and what to tell the user.

    FAQ votes order the questions by dots (most first); other votes put a
    single winner into the step's first empty text field (never over text).
    An open vote closes with it, in one undo step (a `Batch`): the result in
    the document is the one the vote keeps.
    """
    op, message = _result(live, vote, actor)
    if op is not None and vote.is_open:
        op = Batch(steps=(CloseVote(vote.id, actor=actor, at=op.at), op), actor=actor, at=op.at)
    return op, message


def _result(live: LiveSession, vote: Vote, actor: str) -> tuple[Operation | None, str]:
    target = live.step(vote.step)
    if vote.field and target is not None:
        field = target.field(vote.field)
        if field is not None and field.type is FieldType.FAQ:
            dots = {o.ref: vote.count(o.id) for o in vote.options if o.ref}
            items = live.session.faq_items(field.faq_kind)
            ordered = sorted(items, key=lambda item: -dots.get(item.id, 0))
            if ordered == items:
                return None, "Already in that order."
            return (OrderFaq([item.id for item in ordered], actor=actor),
                    "Questions ordered by dots, most first.")
    winners = vote.winners()
    if not winners:
        return None, "No dots yet: nothing to use."
    if len(winners) > 1:
        return None, "It's a tie: break it (another round of dots, or discuss), then use the result."
    if target is None:
        return None, "The step is missing from the template; the result stays in the vote."
    for field in target.fields:
        if field.type in (FieldType.TEXT, FieldType.LONG_TEXT):
            if live.session.get_text(target.id, field.id).strip():
                return None, f"“{field.label}” already has text; it was left as it is."
            text = normalise(live.option_text(vote, winners[0]))
            return SetAnswer(target.id, field.id, text, actor=actor), f"The winner went into “{field.label}”."
    return None, "This step has no field to put the winner in."
