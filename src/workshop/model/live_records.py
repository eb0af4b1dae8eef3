"""Provides the records kept while facilitating: the parking lot and the decision log.

`LiveSession` hands its parking-lot and decision methods over to these
functions; each takes the session it reads or changes, and every change
marks the session changed (`Session.touch`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from . import clock
from .facilitation import DOORS, Decision, ParkingItem
from .session import Session
from .text import clean_line, normalise


# ==================================================================== parking lot
def find_parked(session: Session, item_id: str) -> ParkingItem | None:
    """The parked item with `item_id`, or None."""
    for item in session.facilitation.parking_lot:
        if item.id == item_id:
            return item
    return None


def park(session: Session, text: str, step_id: str, author: str, now: datetime | None = None) -> ParkingItem:
    """Park an off-topic point by `author`.

    Raises:
        ValueError: empty text.
    """
    text = normalise(text).strip()
    if not text:
        raise ValueError("type what to park first")
    item = ParkingItem(text=text, step=step_id, author=author, created=now or clock.now())
    session.facilitation.parking_lot.append(item)
    session.touch()
    return item


def edit_parked(session: Session, item_id: str, text: str | None = None, author: str | None = None) -> None:
    """Change a parked item's text or author.

    Raises:
        KeyError: no such item.
        ValueError: empty text.
    """
    item = find_parked(session, item_id)
    if item is None:
        raise KeyError(item_id)
    if text is not None:
        text = normalise(text).strip()
        if not text:
            raise ValueError("a parked item needs some text (delete it instead)")
        item.text = text
    if author is not None:
        item.author = clean_line(author)
    session.touch()


def remove_parked(session: Session, item_id: str) -> tuple[int, ParkingItem]:
    """Delete a parked item; return it for undo (raises KeyError)."""
    parking_lot = session.facilitation.parking_lot
    for index, item in enumerate(parking_lot):
        if item.id == item_id:
            del parking_lot[index]
            session.touch()
            return index, item
    raise KeyError(item_id)


def restore_parked(session: Session, index: int, item: ParkingItem) -> None:
    """Put back a parked item removed by `remove_parked`."""
    parking_lot = session.facilitation.parking_lot
    parking_lot.insert(min(index, len(parking_lot)), item)
    session.touch()


# ==================================================================== decisions
def find_decision(session: Session, decision_id: str) -> Decision | None:
    """The decision with `decision_id`, or None."""
    for item in session.facilitation.decisions:
        if item.id == decision_id:
            return item
    return None


def decide(
    session: Session, what: str, door: str = "two-way", owner: str = "", on: date | None = None, step_id: str = ""
) -> Decision:
    """Log a decision.

    Raises:
        ValueError: empty text or an unknown door.
    """
    what = normalise(what).strip()
    if not what:
        raise ValueError("write what was decided first")
    if door not in DOORS:
        raise ValueError(f"door must be one of {', '.join(DOORS)}")
    decision = Decision(what=what, door=door, owner=clean_line(owner), step=step_id)
    if on is not None:
        decision.date = on
    session.facilitation.decisions.append(decision)
    session.touch()
    return decision


def update_decision(session: Session, decision_id: str, **changes: Any) -> Decision:
    """Change a decision's `what`, `door`, `owner`, `date` or `step`.

    Raises:
        KeyError: no such decision.
        ValueError: an unknown field, an empty `what`, a bad door or date.
    """
    decision = find_decision(session, decision_id)
    if decision is None:
        raise KeyError(decision_id)
    for name, value in changes.items():
        if name == "what":
            value = normalise(value).strip()
            if not value:
                raise ValueError("write what was decided (or delete the decision)")
        elif name == "door":
            if value not in DOORS:
                raise ValueError(f"door must be one of {', '.join(DOORS)}")
        elif name == "owner":
            value = clean_line(value)
        elif name == "date":
            if not isinstance(value, date) or isinstance(value, datetime):
                raise ValueError("date must be a calendar date")
        elif name != "step":
            raise ValueError(f"cannot change {name!r}")
        setattr(decision, name, value)
    session.touch()
    return decision


def remove_decision(session: Session, decision_id: str) -> tuple[int, Decision]:
    """Delete a decision; return it for undo (raises KeyError)."""
    decisions = session.facilitation.decisions
    for index, item in enumerate(decisions):
        if item.id == decision_id:
            del decisions[index]
            session.touch()
            return index, item
    raise KeyError(decision_id)


def restore_decision(session: Session, index: int, decision: Decision) -> None:
    """Put back a decision removed by `remove_decision`."""
    decisions = session.facilitation.decisions
    decisions.insert(min(index, len(decisions)), decision)
    session.touch()
