"""Provides result_conflict: what "Use result" of a vote would write over (so the app can ask first)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .template import FieldType
from .text import normalise

if TYPE_CHECKING:
    from .live import LiveSession
    from .voting import Vote


@dataclass(frozen=True)
class ResultConflict:
    """Using a vote's result would replace text already written."""

    step_id: str
    """The step."""
    field_id: str
    """The field the winner goes into."""
    label: str
    """The field's label ("Headline")."""
    old: str
    """What is written there now."""
    new: str
    """The winner's text."""


def result_conflict(live: "LiveSession", vote: "Vote") -> ResultConflict | None:
    """The text a single winner would replace, or None (an empty field, a tie, no dots, an FAQ vote).

    A vote's winner goes into the step's first text field (the headline, the
    most important benefit); when that field already says something else,
    the facilitator is asked before it is replaced.
    """
    target = live.step(vote.step)
    if target is None or vote.hides_dots:
        return None
    if vote.field:
        field = target.field(vote.field)
        if field is not None and field.type is FieldType.FAQ:
            return None
    winners = vote.winners()
    if len(winners) != 1:
        return None
    for field in target.fields:
        if field.type in (FieldType.TEXT, FieldType.LONG_TEXT):
            old = live.session.get_text(target.id, field.id).strip()
            new = normalise(live.option_text(vote, winners[0]))
            if not old or old == new.strip():
                return None
            return ResultConflict(target.id, field.id, field.label, old, new)
    return None
