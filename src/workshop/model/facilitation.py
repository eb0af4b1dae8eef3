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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from . import base, clock
from .base import new_id
from .timer import StepTimer
from .voting import Vote

DOORS: tuple[str, ...] = ("two-way", "one-way")
"""Two-way doors can be walked back; one-way doors can't (decide those slowly)."""

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
class Round:
    """A brainstorm round on one step."""

    step: str
    """The step it collects ideas for."""
    silent: bool = True
    """Silent rounds hide ideas until revealed."""
    started: datetime = field(default_factory=clock.now)
    """When the round started (aware)."""
    revealed: datetime | None = None
    """When its ideas were shown (aware); None while still hidden."""
    anonymous: bool = False
    """No names beside this round's ideas on the shared screen (the session may be anonymous too)."""
    id: str = field(default_factory=lambda: new_id("r-"))
    """Stable identifier (ideas point at it)."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys this version does not know, kept on save."""

    @property
    def hidden(self) -> bool:
        """True while the round's ideas must not be shown."""
        return self.silent and self.revealed is None

    def to_dict(self) -> dict[str, Any]:
        """Return TOML-ready data (no None values)."""
        data: dict[str, Any] = {
            "id": self.id,
            "step": self.step,
            "silent": self.silent,
            "started": self.started,
        }
        if self.revealed is not None:
            data["revealed"] = self.revealed
        if self.anonymous:
            data["anonymous"] = True
        data.update(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: Any, key: str) -> "Round":
        """Build a round from loaded data (raises SessionDataError)."""
        data = base.table(data, key)
        return cls(
            id=base.text(data.pop("id", None), f"{key}.id", required=True),
            step=base.text(data.pop("step", None), f"{key}.step", required=True),
            silent=base.flag(data.pop("silent", None), f"{key}.silent", default=True),
            started=base.moment(data.pop("started", None), f"{key}.started") or clock.now(),
            revealed=base.moment(data.pop("revealed", None), f"{key}.revealed"),
            anonymous=base.flag(data.pop("anonymous", None), f"{key}.anonymous", default=False),
            extra=data,
        )


@dataclass
class Idea:
    """One contribution captured during a brainstorm, with its author."""

    text: str
    """What was said or written."""
    step: str
    """The step it belongs to."""
    field: str
    """The field it goes into (a list field, or the step's FAQ field)."""
    author: str = ""
    """Who contributed it (empty = anonymous)."""
    faq_kind: str = ""
    """For FAQ fields: `customer` or `internal` (the idea becomes an FAQ item)."""
    round: str = ""
    """The round it was captured in (empty = captured in the open)."""
    ref: str = ""
    """Once published into the FAQ: the FAQ item's id."""
    created: datetime = field(default_factory=clock.now)
    """When it was captured (aware)."""
    id: str = field(default_factory=lambda: new_id("i-"))
    """Stable identifier."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys this version does not know, kept on save."""

    def to_dict(self) -> dict[str, Any]:
        """Return TOML-ready data (no None values)."""
        data: dict[str, Any] = {
            "id": self.id,
            "step": self.step,
            "field": self.field,
            "text": self.text,
        }
        for name in ("author", "faq_kind", "round", "ref"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        data["created"] = self.created
        data.update(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: Any, key: str) -> "Idea":
        """Build an idea from loaded data (raises SessionDataError)."""
        from .template import FAQ_KINDS

        data = base.table(data, key)
        faq_kind = base.text(data.pop("faq_kind", None), f"{key}.faq_kind")
        if faq_kind and faq_kind not in FAQ_KINDS:
            raise base.fail(
                f"{key}.faq_kind", f"must be one of {', '.join(FAQ_KINDS)}, not {faq_kind!r}"
            )
        return cls(
            id=base.text(data.pop("id", None), f"{key}.id", required=True),
            step=base.text(data.pop("step", None), f"{key}.step", required=True),
            field=base.text(data.pop("field", None), f"{key}.field", required=True),
            text=base.text(data.pop("text", None), f"{key}.text", required=True),
            author=base.text(data.pop("author", None), f"{key}.author"),
            faq_kind=faq_kind,
            round=base.text(data.pop("round", None), f"{key}.round"),
            ref=base.text(data.pop("ref", None), f"{key}.ref"),
            created=base.moment(data.pop("created", None), f"{key}.created") or clock.now(),
            extra=data,
        )


@dataclass
class ParkingItem:
    """An off-topic point kept for later."""

    text: str
    """The point, in a line or two."""
    step: str = ""
    """The step the group was on when it came up."""
    author: str = ""
    """Who raised it (empty = anonymous)."""
    created: datetime = field(default_factory=clock.now)
    """When it was parked (aware)."""
    id: str = field(default_factory=lambda: new_id("p-"))
    """Stable identifier."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys this version does not know, kept on save."""

    def to_dict(self) -> dict[str, Any]:
        """Return TOML-ready data (no None values)."""
        data: dict[str, Any] = {"id": self.id, "text": self.text, "step": self.step}
        if self.author:
            data["author"] = self.author
        data["created"] = self.created
        data.update(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: Any, key: str) -> "ParkingItem":
        """Build a parked item from loaded data (raises SessionDataError)."""
        data = base.table(data, key)
        return cls(
            id=base.text(data.pop("id", None), f"{key}.id", required=True),
            text=base.text(data.pop("text", None), f"{key}.text", required=True),
            step=base.text(data.pop("step", None), f"{key}.step"),
            author=base.text(data.pop("author", None), f"{key}.author"),
            created=base.moment(data.pop("created", None), f"{key}.created") or clock.now(),
            extra=data,
        )


@dataclass
class Decision:
    """A decision the group made, and who owns it."""

    what: str
    """What was decided."""
    why: str = ""
    """Why: the reason the group gave (empty when none was recorded)."""
    door: str = "two-way"
    """`one-way` (hard to undo) or `two-way` (easy to undo)."""
    owner: str = ""
    """The single-threaded leader who owns it."""
    date: date = field(default_factory=lambda: clock.now().astimezone().date())
    """The day it was decided."""
    step: str = ""
    """The step the group was on."""
    id: str = field(default_factory=lambda: new_id("d-"))
    """Stable identifier."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys this version does not know, kept on save."""

    def to_dict(self) -> dict[str, Any]:
        """Return TOML-ready data (no None values)."""
        data: dict[str, Any] = {
            "id": self.id,
            "what": self.what,
        }
        if self.why:
            data["why"] = self.why
        data |= {
            "door": self.door,
            "owner": self.owner,
            "date": self.date,
        }
        if self.step:
            data["step"] = self.step
        data.update(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: Any, key: str) -> "Decision":
        """Build a decision from loaded data (raises SessionDataError)."""
        data = base.table(data, key)
        return cls(
            id=base.text(data.pop("id", None), f"{key}.id", required=True),
            what=base.text(data.pop("what", None), f"{key}.what", required=True),
            why=base.text(data.pop("why", None), f"{key}.why"),
            door=base.choice(data.pop("door", None), f"{key}.door", DOORS, "two-way"),
            owner=base.text(data.pop("owner", None), f"{key}.owner"),
            date=base.day(data.pop("date", None), f"{key}.date")
            or clock.now().astimezone().date(),
            step=base.text(data.pop("step", None), f"{key}.step"),
            extra=data,
        )


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
        timers = {
            str(step): StepTimer.from_dict(value, f"timers.{step}")
            for step, value in timers_raw.items()
        }
        lists: dict[str, list[Any]] = {}
        for name, kind in (
            ("rounds", Round),
            ("ideas", Idea),
            ("votes", Vote),
            ("parking_lot", ParkingItem),
            ("decisions", Decision),
        ):
            raw = base.table_array(data.pop(name, []), name)
            items = [kind.from_dict(item, f"{name}[{i}]") for i, item in enumerate(raw)]
            base.unique_ids(items, name)
            lists[name] = items
        return cls(current_contributor=contributor, anonymous=anonymous, timers=timers, **lists)
