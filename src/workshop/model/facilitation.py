"""Provides live-session facilitation state: roster, timers, rounds, votes, parking lot, decisions.

How it fits the session (see docs/facilitation.md for the file format):

- The roster *is* `Session.participants` (one list of names, no copy here).
  `current_contributor` names who is speaking now; it is saved so a resumed
  session carries on with the same person. Empty means anonymous.
- Authorship: FAQ items keep theirs in `FaqItem.author`. List answers stay
  plain lists of text (what the export and every editor read); who
  contributed an item is recorded in the `ideas` log, one `Idea` per
  captured contribution, matched back to list items by step, field and text.
- A silent brainstorm `Round` holds new ideas back (only counts per person
  show) until the facilitator reveals it; revealing appends them to the list
  answer or turns them into FAQ items.
- Votes (`voting.Vote`) are the one record of dots, FAQ votes included.

The records (`Round`, `Idea`, `ParkingItem`, `Decision`, in
`model.facilitation_records`; `Vote`; `StepTimer`) are imported only when a
session has some: a plain session loads without defining them (start-up).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import base

if TYPE_CHECKING:
    from .facilitation_records import Decision, Idea, ParkingItem, Round
    from .timer import StepTimer
    from .voting import Vote

_RECORDS = frozenset({"DOORS", "Round", "Idea", "ParkingItem", "Decision"})
"""Names of `model.facilitation_records`, exported here too (loaded on first use)."""


def __getattr__(name: str) -> Any:
    """The record types, defined only when first used (a plain session needs none: start-up)."""
    if name in _RECORDS:
        from . import facilitation_records

        return getattr(facilitation_records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


FACILITATION_KEYS: tuple[str, ...] = (
    "current_contributor",
    "anonymous",
    "timers",
    "rounds",
    "ideas",
    "votes",
    "parking_lot",
    "decisions",
)
"""Top-level session keys owned by facilitation (popped from loaded data)."""



@dataclass
class Facilitation:
    """Everything a live session adds to the written answers.

    Plain data; `workshop.model.live.LiveSession` holds the operations
    (they need the session and template, and mark the session changed).
    """

    current_contributor: str = ""
    """Who is contributing now (a roster name; empty = anonymous)."""
    anonymous: bool = False
    """The whole session is anonymous: the shared screen and presenter mode show no names
    beside ideas or dots (names are still recorded, for the facilitator and the export)."""
    timers: dict[str, StepTimer] = field(default_factory=dict)
    """Timers by step id (only steps whose timer was used)."""
    rounds: list[Round] = field(default_factory=list)
    """Brainstorm rounds, oldest first."""
    ideas: list[Idea] = field(default_factory=list)
    """Every captured contribution, oldest first."""
    votes: list[Vote] = field(default_factory=list)
    """Dot-votes, oldest first."""
    parking_lot: list[ParkingItem] = field(default_factory=list)
    """Parked off-topic points, in the order they came up."""
    decisions: list[Decision] = field(default_factory=list)
    """The decision log, in the order decisions were made."""

    @property
    def empty(self) -> bool:
        """True when nothing live has happened yet."""
        return not (
            self.current_contributor
            or self.anonymous
            or any(t.touched or t.planned for t in self.timers.values())
            or self.rounds
            or self.ideas
            or self.votes
            or self.parking_lot
            or self.decisions
        )

    @property
    def extra(self) -> dict[str, Any]:
        """Keys this version doesn't know inside the records, by dotted path (kept on save).

        For `workshop validate` (`base.unknown_keys`): `decisions[0].note`,
        `timers.benefit.colour`, `votes[1].options[0].emoji`…
        """
        found: dict[str, Any] = {}
        for step, timer in self.timers.items():
            found.update({f"timers.{step}.{k}": v for k, v in timer.extra.items()})
        for name in ("rounds", "ideas", "votes", "parking_lot", "decisions"):
            for index, item in enumerate(getattr(self, name)):
                found.update({f"{name}[{index}].{k}": v for k, v in item.extra.items()})
                for o_index, option in enumerate(getattr(item, "options", ())):
                    found.update(
                        {f"{name}[{index}].options[{o_index}].{k}": v for k, v in option.extra.items()}
                    )
        return found

    def to_dict(self) -> dict[str, Any]:
        """Return TOML-ready data for the session's top level (no None values)."""
        data: dict[str, Any] = {}
        if self.current_contributor:
            data["current_contributor"] = self.current_contributor
        if self.anonymous:
            data["anonymous"] = True
        if self.timers:
            data["timers"] = {step: timer.to_dict() for step, timer in self.timers.items()}
        for name in ("rounds", "ideas", "votes", "parking_lot", "decisions"):
            items = getattr(self, name)
            if items:
                data[name] = [item.to_dict() for item in items]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Facilitation":
        """Pop this section's keys from loaded session data and build it.

        Raises:
            SessionDataError: naming the offending key.
        """
        contributor = base.text(data.pop("current_contributor", None), "current_contributor")
        anonymous = base.flag(data.pop("anonymous", None), "anonymous", default=False)
        timers_raw = base.table(data.pop("timers", {}), "timers")
        timers: dict[str, StepTimer] = {}
        if timers_raw:
            from .timer import StepTimer

            timers = {
                str(step): StepTimer.from_dict(value, f"timers.{step}")
                for step, value in timers_raw.items()
            }
        lists: dict[str, list[Any]] = {}
        for name in ("rounds", "ideas", "votes", "parking_lot", "decisions"):
            raw = base.table_array(data.pop(name, []), name)
            kind = _record_type(name) if raw else None  # defined only for a session that has some
            items = [kind.from_dict(item, f"{name}[{i}]") for i, item in enumerate(raw)] if kind else []
            base.unique_ids(items, name)
            lists[name] = items
        return cls(current_contributor=contributor, anonymous=anonymous, timers=timers, **lists)


def _record_type(name: str) -> Any:
    """The record class of a facilitation list (`votes`: `Vote`)."""
    if name == "votes":
        from .voting import Vote

        return Vote
    from . import facilitation_records

    return {
        "rounds": facilitation_records.Round,
        "ideas": facilitation_records.Idea,
        "parking_lot": facilitation_records.ParkingItem,
        "decisions": facilitation_records.Decision,
    }[name]
