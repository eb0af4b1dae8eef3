"""Provides the plain data the team engine hands to the UI: what a participant sees, who is connected, host events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal


@dataclass(frozen=True)
class TimerView:
    """The current step's timebox as a participant sees it."""

    planned: int = 0
    """Seconds planned for the step (0: no timebox)."""
    remaining: int = 0
    """Seconds left when the view was made (negative: over time)."""
    running: bool = False
    """True while the facilitator's timer runs."""
    deadline: float | None = None
    """While running: the wall-clock time (epoch seconds) the timebox ends; None when paused."""

    @property
    def paused(self) -> bool:
        """True when the timer is not running."""
        return not self.running

    def left(self, now: float) -> int:
        """Seconds left at `now` (epoch seconds): counts down while running."""
        if self.running and self.deadline is not None:
            return int(round(self.deadline - now))
        return self.remaining


@dataclass(frozen=True)
class IdeaView:
    """One revealed idea."""

    text: str
    """The idea."""
    author: str = ""
    """Who added it ("" when anonymous or hidden by anonymity)."""


@dataclass(frozen=True)
class RoundView:
    """The current step's silent round."""

    id: str
    """The round's id."""
    open: bool
    """True while ideas are still hidden (the round runs)."""
    revealed: bool
    """True once the facilitator revealed it."""


@dataclass(frozen=True)
class VoteOptionView:
    """One option of a dot-vote."""

    id: str
    """The option's id (what `TeamClient.cast_vote` takes)."""
    text: str
    """What it says."""


@dataclass(frozen=True)
class VoteView:
    """The current step's dot-vote as one participant sees it."""

    id: str
    """The vote's id."""
    title: str
    """What is voted on."""
    options: tuple[VoteOptionView, ...]
    """The options, in order."""
    dots: int
    """Dots per person (the limit)."""
    my_dots: dict[str, int] = field(default_factory=dict)
    """This participant's dots per option id."""
    closed: bool = False
    """True once the facilitator closed it (no more dots)."""
    tally: dict[str, int] | None = None
    """Dots per option id; None while hidden (secret or anonymous vote, still open)."""

    @property
    def left(self) -> int:
        """Dots this participant still has."""
        return max(0, self.dots - sum(self.my_dots.values()))


@dataclass(frozen=True)
class FaqItemView:
    """One FAQ question with its answer."""

    id: str
    """The item's id (what `suggest_answer` and `comment` take)."""
    question: str
    """The question."""
    answer: str = ""
    """The current answer ("" when none yet)."""
    author: str = ""
    """Who asked it ("" when anonymous)."""


@dataclass(frozen=True)
class FaqView:
    """One FAQ list of the session (external/customer or internal/stakeholder)."""

    kind: str
    """The FAQ kind, as `add_question` takes it."""
    title: str
    """Its heading."""
    items: tuple[FaqItemView, ...] = ()
    """Its questions, in order."""


@dataclass(frozen=True)
class DraftAssignment:
    """A press-release section the facilitator assigned to this participant."""

    step_id: str
    """The template step."""
    field_id: str
    """The field on that step."""
    label: str = ""
    """The field's label, for the participant's screen."""


@dataclass(frozen=True)
class ParticipantView:
    """Everything one participant's screen shows, rebuilt from the shared document on each change."""

    name: str = ""
    """The name this participant joined with."""
    connected: bool = False
    """True while the client is connected and synced to the host."""
    removed: bool = False
    """True when the facilitator removed this participant (the client stops reconnecting)."""
    ended: bool = False
    """True when the host stopped the team session."""
    session_title: str = ""
    """The session's title."""
    step_id: str = ""
    """The step the facilitator is on ("" before the host published one)."""
    step_title: str = ""
    """Its title."""
    question: str = ""
    """Its question (shown large)."""
    step_kind: str = ""
    """What kind of step it is: "faq", "press_release", "questions" ("" before the host published one)."""
    faq_kinds: tuple[str, ...] = ()
    """On an FAQ step: the FAQ kinds it holds (questions are added to the first)."""
    reviewing: bool = False
    """True while the facilitator holds the review meeting (comments are welcome then)."""
    timer: TimerView | None = None
    """The step's timebox (None: no timer on this step)."""
    round: RoundView | None = None
    """The step's latest silent round (None: none)."""
    my_ideas: tuple[str, ...] = ()
    """Ideas this participant added on this step (those the host applied, then those on their way)."""
    counts_by_author: tuple[tuple[str, int], ...] = ()
    """While a round is open: how many ideas each person added (names hidden when anonymous)."""
    revealed_ideas: tuple[IdeaView, ...] = ()
    """After the reveal: the round's ideas."""
    vote: VoteView | None = None
    """The step's latest vote (None: none)."""
    faq: tuple[FaqView, ...] = ()
    """The session's FAQ lists."""
    assigned: DraftAssignment | None = None
    """The section this participant drafts (None: none)."""
    locked: bool = False
    """True while the facilitator locked contributions (requests are refused)."""
    anonymous: bool = False
    """True while contributions are credited as "anonymous"."""
    pending: int = 0
    """Requests sent but not yet applied by the host."""
    last_error: str = ""
    """Why the host refused this participant's latest request ("" when it did not)."""


@dataclass(frozen=True)
class ParticipantInfo:
    """One participant as the facilitator sees them."""

    name: str
    """Their name (as credited in the session)."""
    connected: bool
    """True while their device is connected (False: dropped, or left)."""
    anonymous: bool
    """True when their contributions are credited as "anonymous" (the room's anonymity)."""
    last_seen: datetime | None = None
    """When the host last heard from them (None: never connected)."""
    assigned: DraftAssignment | None = None
    """The section they draft, if any."""


HostEventKind = Literal["joined", "left", "removed", "applied", "rejected", "changed"]


@dataclass(frozen=True)
class HostEvent:
    """Something that happened in the team session, for the facilitator's screen."""

    kind: HostEventKind
    """joined / left (a device connected or dropped), removed, applied / rejected (a request),
    changed (the link, lock or anonymity changed)."""
    name: str = ""
    """The participant concerned ("" for room-wide events)."""
    detail: str = ""
    """A short human description (already safe to show: control characters removed)."""
