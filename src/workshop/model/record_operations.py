"""Provides the apply functions of the parking lot's and the decision log's operations.

Adding, editing and deleting a parked point; adding, replacing and deleting
a decision. Each changes the session's facilitation in place (views hold its
lists and records), calls `session.touch()`, and returns the operation that
undoes it, by the same actor at the same time (None when nothing changed).
`operations.apply` calls them through its `_APPLY` table.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from .facilitation import Decision, ParkingItem
from .operation_kinds import (
    AddDecision,
    AddParked,
    DeleteDecision,
    DeleteParked,
    EditParked,
    Operation,
    OperationError,
    ReplaceDecision,
)
from .session import Session, SessionDataError
from .text import normalise


def apply_add_parked(session: Session, op: AddParked) -> Operation | None:
    item = ParkingItem.from_dict(dict(op.parked), "parked")
    lot = session.facilitation.parking_lot
    if any(other.id == item.id for other in lot):
        raise OperationError(f"{op.KIND}: a parked point with id {item.id!r} exists already")
    lot.insert(len(lot) if op.index < 0 else min(op.index, len(lot)), item)
    session.touch()
    return DeleteParked(item_id=item.id, actor=op.actor, at=op.at)


def _find_parked(session: Session, item_id: str) -> tuple[int, ParkingItem]:
    for index, item in enumerate(session.facilitation.parking_lot):
        if item.id == item_id:
            return index, item
    raise KeyError(item_id)


def apply_edit_parked(session: Session, op: EditParked) -> Operation | None:
    _index, item = _find_parked(session, op.item_id)
    text = normalise(op.text).strip()
    if not text:
        raise ValueError("a parked point needs some text (delete it instead)")
    if text == item.text:
        return None
    before, item.text = item.text, text
    session.touch()
    return EditParked(item_id=op.item_id, text=before, actor=op.actor, at=op.at)


def apply_delete_parked(session: Session, op: DeleteParked) -> Operation | None:
    index, item = _find_parked(session, op.item_id)
    del session.facilitation.parking_lot[index]
    session.touch()
    return AddParked(parked=item.to_dict(), index=index, actor=op.actor, at=op.at)


def _decision(op: Operation, data: dict[str, Any]) -> Decision:
    try:
        return Decision.from_dict(dict(data), "decision")
    except SessionDataError as error:
        raise OperationError(f"{op.KIND}: {error}", str(error.detail)) from None


def _find_decision(session: Session, decision_id: str) -> tuple[int, Decision]:
    for index, item in enumerate(session.facilitation.decisions):
        if item.id == decision_id:
            return index, item
    raise KeyError(decision_id)


def apply_add_decision(session: Session, op: AddDecision) -> Operation | None:
    decision = _decision(op, op.decision)
    log = session.facilitation.decisions
    if any(other.id == decision.id for other in log):
        raise OperationError(f"{op.KIND}: a decision with id {decision.id!r} exists already")
    log.insert(len(log) if op.index < 0 else min(op.index, len(log)), decision)
    session.touch()
    return DeleteDecision(decision_id=decision.id, actor=op.actor, at=op.at)


def apply_replace_decision(session: Session, op: ReplaceDecision) -> Operation | None:
    decision = _decision(op, op.decision)
    _index, current = _find_decision(session, decision.id)
    if current == decision:
        return None
    before = current.to_dict()
    for name in (item.name for item in fields(Decision)):  # in place: views hold it
        setattr(current, name, getattr(decision, name))
    session.touch()
    return ReplaceDecision(decision=before, actor=op.actor, at=op.at)


def apply_delete_decision(session: Session, op: DeleteDecision) -> Operation | None:
    index, decision = _find_decision(session, op.decision_id)
    del session.facilitation.decisions[index]
    session.touch()
    return AddDecision(decision=decision.to_dict(), index=index, actor=op.actor, at=op.at)
