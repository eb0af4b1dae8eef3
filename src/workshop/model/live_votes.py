"""Provides dot-votes while facilitating: the candidates a step offers, new votes and their changes.

`LiveSession` hands its vote methods over to these functions; each takes the
session (and, where it matters, the field the step collects into), and every
change marks the session changed (`Session.touch`).
"""

from __future__ import annotations

from datetime import datetime

from . import clock
from .session import FaqItem, Session
from .template import Field, FieldType
from .text import clean_line
from .voting import Vote, VoteOption


def vote_candidates(session: Session, step_id: str, target: Field | None) -> list[tuple[str, str]]:
    """A step's candidates as `(text, ref)`: FAQ questions (ref = id) or list items of `target`."""
    if target is None:
        return []
    if target.type is FieldType.FAQ:
        return [
            (clean_line(item.question), item.id)
            for item in session.faq_items(target.faq_kind)
            if item.question.strip()
        ]
    value = session.get_answer(step_id, target.id, [])
    lines = value if isinstance(value, list) else value.split("\n")
    seen: list[str] = []
    for line in lines:
        line = clean_line(line)
        if line and line not in seen:
            seen.append(line)
    return [(line, "") for line in seen]


def new_vote(
    session: Session, step_id: str, target: Field | None, dots: int, title: str, now: datetime | None = None
) -> Vote:
    """A new dot-vote titled `title` over the step's candidates in `target` (not added yet).

    Raises:
        ValueError: fewer than two candidates, or the step's vote is still open
            (a VoteError for a bad number of dots).
    """
    current = next((v for v in reversed(session.facilitation.votes) if v.step == step_id), None)
    if current is not None and current.is_open:
        raise ValueError("this step's vote is still open; close it first")
    candidates = vote_candidates(session, step_id, target)
    if target is None or len(candidates) < 2:
        raise ValueError("a vote needs at least two candidates; add some first")
    vote = Vote(
        title=title,
        step=step_id,
        field=target.id,
        options=[VoteOption(text=text, ref=ref) for text, ref in candidates],
        created=now or clock.now(),
    )
    vote.set_dots(dots)
    return vote


def add_vote(session: Session, vote: Vote) -> None:
    """Add a vote made by `new_vote` to the session."""
    session.facilitation.votes.append(vote)
    session.touch()


def cast(session: Session, vote: Vote, option_id: str, voter: str) -> None:
    """Put one of `voter`'s dots on an option (raises VoteError, see `Vote.cast`)."""
    vote.cast(voter, option_id)
    session.touch()


def retract(session: Session, vote: Vote, option_id: str, voter: str) -> bool:
    """Take one of `voter`'s dots off an option; False if they had none there."""
    taken = vote.retract(voter, option_id)
    if taken:
        session.touch()
    return taken


def set_dots(session: Session, vote: Vote, dots: int) -> None:
    """Change a vote's dots per person (raises VoteError)."""
    if dots != vote.dots:
        vote.set_dots(dots)
        session.touch()


def close_vote(session: Session, vote: Vote, now: datetime | None = None) -> None:
    """Fix the result (it is kept in the session and the export)."""
    if vote.is_open:
        vote.closed = now or clock.now()
        session.touch()


def reopen_vote(session: Session, vote: Vote) -> None:
    """Allow changes to a closed vote again."""
    if not vote.is_open:
        vote.closed = None
        session.touch()


def remove_vote(session: Session, vote: Vote) -> tuple[int, Vote]:
    """Delete a vote; return it for undo."""
    votes = session.facilitation.votes
    index = votes.index(vote)
    del votes[index]
    session.touch()
    return index, vote


def restore_vote(session: Session, index: int, vote: Vote) -> None:
    """Put back a vote removed by `remove_vote`."""
    votes = session.facilitation.votes
    votes.insert(min(index, len(votes)), vote)
    session.touch()


def option_text(session: Session, option: VoteOption) -> str:
    """An option's current text (an FAQ question follows edits to the question)."""
    if option.ref:
        item = session.find_faq(option.ref)
        if item is not None and item.question.strip():
            return clean_line(item.question)
    return option.text


def faq_dots(session: Session, item: FaqItem) -> int:
    """Dots an FAQ question got in the latest vote that included it."""
    for vote in reversed(session.facilitation.votes):
        for option in vote.options:
            if option.ref == item.id:
                return vote.count(option.id)
    return 0
