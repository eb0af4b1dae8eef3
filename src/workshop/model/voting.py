"""Provides dot-voting: a Vote over candidate options, its ballots, limits and tally.

A vote keeps its own copy of the options (their text at the time), so its
result stays readable after the candidates are edited. Ballots record, per
voter, the option each dot went on; a voter may stack dots on one option.
The vote record is the one place votes live (FAQ items link to a vote's
options through `VoteOption.ref`, they don't hold dots themselves).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import base, clock
from .base import new_id
from .text import normalise, plural

DEFAULT_DOTS = 3
"""Dots each participant gets per vote, unless the facilitator changes it."""

MAX_DOTS = 20
"""The most dots a vote can hand out per person."""


class VoteError(ValueError):
    """A vote action isn't allowed (no dots left, vote closed…); the message says why."""



@dataclass
class VoteOption:
    """One candidate in a vote."""

    text: str
    """The candidate's text when the vote started (or was refreshed)."""
    ref: str = ""
    """What it points at: a FAQ item id, or empty for list items."""
    id: str = field(default_factory=lambda: new_id("o-"))
    """Stable identifier within the vote."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys this version does not know, kept on save."""

    def to_dict(self) -> dict[str, Any]:
        """Return TOML-ready data."""
        data: dict[str, Any] = {"id": self.id, "text": self.text}
        if self.ref:
            data["ref"] = self.ref
        data.update(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: Any, key: str) -> "VoteOption":
        """Build an option from loaded data (raises SessionDataError)."""
        data = base.table(data, key)
        return cls(
            id=base.text(data.pop("id", None), f"{key}.id", required=True),
            text=base.text(data.pop("text", None), f"{key}.text", required=True),
            ref=base.text(data.pop("ref", None), f"{key}.ref"),
            extra=data,
        )


@dataclass(frozen=True)
class TallyRow:
    """One line of a vote's result."""

    option: VoteOption
    """The candidate."""
    dots: int
    """Dots it received."""
    rank: int
    """1 for the most dots; options with equal dots share a rank."""
    tied: bool
    """True when another option has the same (non-zero) number of dots."""


@dataclass
class Vote:
    """A dot-vote over a step's candidates."""

    title: str
    """What is being decided ("Most important benefit")."""
    step: str
    """The step whose candidates are voted on."""
    field: str
    """The field that holds the candidates (a list field, or the FAQ field)."""
    options: list[VoteOption] = field(default_factory=list)
    """The candidates, in the order they were listed."""
    dots: int = DEFAULT_DOTS
    """Dots per participant."""
    ballots: dict[str, list[str]] = field(default_factory=dict)
    """Per voter, the option id each of their dots is on."""
    created: datetime = field(default_factory=clock.now)
    """When the vote started (aware)."""
    closed: datetime | None = None
    """When the result was fixed (aware); None while voting is open."""
    secret: bool = False
    """A secret ballot: no tally and no one's dots are shown until the vote is closed."""
    id: str = field(default_factory=lambda: new_id("v-"))
    """Stable identifier."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys this version does not know, kept on save."""

    # -------------------------------------------------------------- reading
    @property
    def is_open(self) -> bool:
        """True while dots can be cast."""
        return self.closed is None

    @property
    def hides_dots(self) -> bool:
        """True while a secret ballot is open: no tally, and nobody's dots, may be shown."""
        return self.secret and self.closed is None

    def option(self, option_id: str) -> VoteOption | None:
        """Return the option with `option_id`, or None."""
        for option in self.options:
            if option.id == option_id:
                return option
        return None

    def used(self, voter: str) -> int:
        """Dots `voter` has cast."""
        return len(self.ballots.get(voter, ()))

    def left(self, voter: str) -> int:
        """Dots `voter` still has."""
        return max(0, self.dots - self.used(voter))

    def count(self, option_id: str) -> int:
        """Dots on one option."""
        return sum(ballot.count(option_id) for ballot in self.ballots.values())

    def dots_by(self, voter: str, option_id: str) -> int:
        """Dots `voter` put on one option."""
        return self.ballots.get(voter, []).count(option_id)

    def voters(self, option_id: str) -> dict[str, int]:
        """Who put dots on an option, and how many."""
        return {
            voter: ballot.count(option_id)
            for voter, ballot in self.ballots.items()
            if option_id in ballot
        }

    @property
    def total(self) -> int:
        """All dots cast."""
        return sum(len(ballot) for ballot in self.ballots.values())

    def tally(self) -> list[TallyRow]:
        """The options, most dots first (ties keep the listed order and share a rank)."""
        per_option: dict[str, int] = {}
        for ballot in self.ballots.values():
            for option_id in ballot:
                per_option[option_id] = per_option.get(option_id, 0) + 1
        counts = [(option, per_option.get(option.id, 0)) for option in self.options]
        ordered = sorted(counts, key=lambda pair: -pair[1])
        frequency: dict[int, int] = {}
        for _, dots in counts:
            frequency[dots] = frequency.get(dots, 0) + 1
        rows = []
        rank = 0
        previous: int | None = None
        for position, (option, dots) in enumerate(ordered, start=1):
            if dots != previous:
                rank, previous = position, dots
            rows.append(TallyRow(option, dots, rank, dots > 0 and frequency[dots] > 1))
        return rows

    def winners(self) -> list[VoteOption]:
        """The option(s) with the most dots; more than one means a tie; none before any dot."""
        rows = self.tally()
        if not rows or rows[0].dots == 0:
            return []
        return [row.option for row in rows if row.dots == rows[0].dots]

    # -------------------------------------------------------------- changing
    def cast(self, voter: str, option_id: str) -> None:
        """Put one of `voter`'s dots on an option.

        Raises:
            VoteError: closed vote, no voter, unknown option, or no dots left.
        """
        if not self.is_open:
            raise VoteError("this vote is closed; reopen it to change the result")
        if not voter:
            raise VoteError("choose who is voting first (votes need a name)")
        if self.option(option_id) is None:
            raise VoteError(f"no option {option_id!r} in this vote")
        if self.left(voter) <= 0:
            raise VoteError(f"{voter} has used all {plural(self.dots, 'dot')}; remove one to move it")
        self.ballots.setdefault(voter, []).append(option_id)

    def retract(self, voter: str, option_id: str) -> bool:
        """Take one of `voter`'s dots off an option. Return False if there was none.

        Raises:
            VoteError: the vote is closed.
        """
        if not self.is_open:
            raise VoteError("this vote is closed; reopen it to change the result")
        ballot = self.ballots.get(voter, [])
        if option_id not in ballot:
            return False
        ballot.reverse()
        ballot.remove(option_id)
        ballot.reverse()
        if not ballot:
            del self.ballots[voter]
        return True

    def set_dots(self, dots: int) -> None:
        """Change the dots per person.

        Raises:
            VoteError: fewer than someone has already cast, or out of range.
        """
        if not 1 <= dots <= MAX_DOTS:
            raise VoteError(f"dots per person must be between 1 and {MAX_DOTS}")
        most = max((len(b) for b in self.ballots.values()), default=0)
        if dots < most:
            raise VoteError(f"someone has already cast {plural(most, 'dot')}; remove dots first")
        self.dots = dots

    def sync_options(self, candidates: list[tuple[str, str]]) -> bool:
        """Bring the options in line with the current candidates `(text, ref)`.

        New candidates are added; options that vanished are dropped unless
        they hold dots (those stay, so no vote is lost). Return True if
        anything changed.
        """
        changed = False
        wanted = [(normalise(text).strip(), ref) for text, ref in candidates if text.strip()]

        def key(text: str, ref: str) -> str:
            return f"ref:{ref}" if ref else f"text:{text}"

        present = {key(o.text, o.ref): o for o in self.options}
        wanted_keys = {key(text, ref) for text, ref in wanted}
        kept = [o for o in self.options if key(o.text, o.ref) in wanted_keys or self.count(o.id)]
        if len(kept) != len(self.options):
            changed = True
        for text, ref in wanted:
            found = present.get(key(text, ref))
            if found is None:
                kept.append(VoteOption(text=text, ref=ref))
                present[key(text, ref)] = kept[-1]
                changed = True
            elif found.text != text:
                found.text = text
                changed = True
        self.options = kept
        return changed

    def rename_voter(self, old: str, new: str) -> None:
        """Move `old`'s ballot to `new` (merging if `new` already voted)."""
        if old in self.ballots and old != new:
            self.ballots.setdefault(new, []).extend(self.ballots.pop(old))

    # --------------------------------------------------------- serialisation
    def to_dict(self) -> dict[str, Any]:
        """Return TOML-ready data (no None values)."""
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "step": self.step,
            "field": self.field,
            "dots": self.dots,
            "created": self.created,
        }
        if self.closed is not None:
            data["closed"] = self.closed
        if self.secret:
            data["secret"] = True
        data.update(self.extra)
        data["options"] = [option.to_dict() for option in self.options]
        data["ballots"] = {voter: list(ids) for voter, ids in self.ballots.items()}
        return data

    @classmethod
    def from_dict(cls, data: Any, key: str) -> "Vote":
        """Build a vote from loaded data.

        Raises:
            SessionDataError: naming the offending key.
        """
        data = base.table(data, key)
        options_raw = base.table_array(data.pop("options", []), f"{key}.options")
        options = [
            VoteOption.from_dict(item, f"{key}.options[{i}]") for i, item in enumerate(options_raw)
        ]
        base.unique_ids(options, f"{key}.options")
        known = {option.id for option in options}
        ballots_raw = base.table(data.pop("ballots", {}), f"{key}.ballots")
        ballots: dict[str, list[str]] = {}
        for voter, ids in ballots_raw.items():
            where = f"{key}.ballots.{voter}"
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                raise base.fail(where, "expected a list of option ids, one per dot")
            for option_id in ids:
                if option_id not in known:
                    raise base.fail(where, f"no option with id {option_id!r} in this vote")
            if ids:
                ballots[voter] = list(ids)
        dots = base.whole(
            data.pop("dots", None), f"{key}.dots", default=DEFAULT_DOTS, minimum=1, maximum=MAX_DOTS
        )
        vote = cls(
            id=base.text(data.pop("id", None), f"{key}.id", required=True),
            title=base.text(data.pop("title", None), f"{key}.title", default="Vote"),
            step=base.text(data.pop("step", None), f"{key}.step"),
            field=base.text(data.pop("field", None), f"{key}.field"),
            options=options,
            dots=dots,
            ballots=ballots,
            created=base.moment(data.pop("created", None), f"{key}.created") or clock.now(),
            closed=base.moment(data.pop("closed", None), f"{key}.closed"),
            secret=base.flag(data.pop("secret", None), f"{key}.secret", default=False),
            extra=data,
        )
        return vote
