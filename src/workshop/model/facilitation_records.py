"""Provides the records of a live session: brainstorm rounds, ideas, parked items and decisions.

They live apart from `model.facilitation.Facilitation` (which holds them) so
that a session without such records loads without defining them (start-up,
issue 12 §4); `model.facilitation` still exports every name here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from . import base, clock
from .base import new_id

DOORS: tuple[str, ...] = ("two-way", "one-way")
"""Two-way doors can be walked back; one-way doors can't (decide those slowly)."""


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
