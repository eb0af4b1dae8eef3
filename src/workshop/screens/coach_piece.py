"""Provides CoachPiece: what a piece of the coach part (practice mode, its views) shares: the coach, its screen and its state."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .coach import CoachHost, CoachPart, CoachState


class CoachPiece:
    """One piece of a `CoachPart`, made by it with `Piece(self)`."""

    def __init__(self, coach: CoachPart) -> None:
        """Create it for `coach`, whose panels and state it shares."""
        self.coach = coach
        """The coach this belongs to."""

    @property
    def host(self) -> CoachHost:
        """The screen."""
        return self.coach.host

    @property
    def state(self) -> CoachState:
        """The coach's state (its latest report, practice mode, hints)."""
        return self.coach.state
