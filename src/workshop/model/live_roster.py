"""Provides the roster's changes: adding, renaming and removing people, and who contributes now.

`LiveSession` hands its roster methods over to these functions; each takes
the session it changes and marks it changed (`Session.touch`).
"""

from __future__ import annotations

from .session import Session
from .text import clean_line


def find_participant(session: Session, name: str) -> int:
    """The roster position of `name` (ignoring case), or -1."""
    wanted = name.casefold()
    for index, other in enumerate(session.participants):
        if other.casefold() == wanted:
            return index
    return -1


def add_participant(session: Session, name: str) -> str:
    """Add someone to the roster and return their tidied name.

    Raises:
        ValueError: empty name, or the name is taken.
    """
    name = clean_line(name)
    if not name:
        raise ValueError("type a name first")
    if find_participant(session, name) >= 0:
        raise ValueError(f"{name} is already in the roster")
    session.participants.append(name)
    session.touch()
    return name


def rename_participant(session: Session, old: str, new: str) -> str:
    """Rename someone everywhere: roster, FAQ authors, ideas, ballots, parking lot, owners.

    Raises:
        KeyError: `old` isn't in the roster.
        ValueError: `new` is empty or taken by someone else.
    """
    participants = session.participants
    if old not in participants:
        raise KeyError(old)
    new = clean_line(new)
    if not new:
        raise ValueError("type a name first")
    clash = find_participant(session, new)
    if clash >= 0 and participants[clash] != old:
        raise ValueError(f"{new} is already in the roster")
    if new == old:
        return new
    participants[participants.index(old)] = new
    state = session.facilitation
    for item in session.faq:
        if item.author == old:
            item.author = new
    for idea in state.ideas:
        if idea.author == old:
            idea.author = new
    for vote in state.votes:
        vote.rename_voter(old, new)
    for parked in state.parking_lot:
        if parked.author == old:
            parked.author = new
    for decision in state.decisions:
        if decision.owner == old:
            decision.owner = new
    if state.current_contributor == old:
        state.current_contributor = new
    session.touch()
    return new


def remove_participant(session: Session, name: str) -> int:
    """Take someone off the roster; return their position (for undo).

    What they contributed keeps their name; their dots still count.

    Raises:
        KeyError: not in the roster.
    """
    participants = session.participants
    if name not in participants:
        raise KeyError(name)
    index = participants.index(name)
    del participants[index]
    if session.facilitation.current_contributor == name:
        session.facilitation.current_contributor = ""
    session.touch()
    return index


def restore_participant(session: Session, index: int, name: str) -> None:
    """Put back someone removed by `remove_participant`."""
    if name not in session.participants:
        session.participants.insert(min(index, len(session.participants)), name)
        session.touch()


def set_contributor(session: Session, name: str) -> None:
    """Make `name` the current contributor ("" = anonymous).

    Raises:
        ValueError: `name` isn't in the roster.
    """
    if name and name not in session.participants:
        raise ValueError(f"{name} is not in the roster")
    if name != session.facilitation.current_contributor:
        session.facilitation.current_contributor = name
        session.touch()


def contributions(session: Session, name: str) -> dict[str, int]:
    """Count what `name` contributed: questions, ideas, dots, parked items, decisions owned."""
    state = session.facilitation
    return {
        "questions": sum(1 for item in session.faq if item.author == name),
        "ideas": sum(  # FAQ ideas are counted once, as questions
            1 for idea in state.ideas if idea.author == name and not idea.faq_kind
        ),
        "dots": sum(vote.used(name) for vote in state.votes),
        "parked": sum(1 for item in state.parking_lot if item.author == name),
        "decisions": sum(1 for d in state.decisions if d.owner == name),
    }
