"""Provides LiveSession: the facilitation operations on a session (roster, timers, rounds, votes…).

Every change goes through here so that it marks the session changed
(`Session.touch`, which autosave watches) and keeps authorship consistent
across FAQ items, ideas, votes, the parking lot and the decision log.
Time comes from `workshop.model.clock.now()` unless a `now` is passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterable

from . import clock
from .facilitation import DOORS, Decision, Facilitation, Idea, ParkingItem, Round
from .live_operations import publish
from .session import FaqItem, Session
from .template import Field, FieldType, Step, Template
from .text import normalise
from .timer import StepTimer
from .voting import DEFAULT_DOTS, Vote, VoteOption

ANONYMOUS = "Anonymous"
"""How an empty author is shown."""


def clean_line(text: str) -> str:
    """Return `text` as one tidy line (newlines and runs of spaces collapsed)."""
    return " ".join(normalise(text).split())


def _credit(names: list[str] | None) -> str | None:
    """Everyone credited for an item, "Ana, Bo" (None when nobody is known)."""
    if not names:
        return None
    named = list(dict.fromkeys(name for name in names if name))
    return ", ".join(named) if named else ""


def display_name(name: str) -> str:
    """Return `name`, or "Anonymous" when empty."""
    return name or ANONYMOUS


@dataclass(frozen=True)
class AgendaRow:
    """One step of the agenda: planned vs actual time."""

    step_id: str
    """The step."""
    title: str
    """The step's title (its id when the template lacks it)."""
    stage: str
    """The stage's title (empty when unknown)."""
    planned: int
    """Seconds planned (0 = no timebox)."""
    actual: int
    """Seconds the step's timer ran."""
    running: bool
    """True while its timer runs."""

    @property
    def over(self) -> int:
        """Seconds spent beyond the plan (0 when within it or unplanned)."""
        return max(0, self.actual - self.planned) if self.planned else 0


class LiveSession:
    """The facilitation operations on one session.

    Args:
        session: The session being run.
        template: Its template (step titles, timebox defaults, which field
            collects ideas); None when the template is missing.
    """

    def __init__(self, session: Session, template: Template | None = None) -> None:
        self.session = session
        """The session being run."""
        self.template = template
        """Its template, when known."""

    @property
    def state(self) -> Facilitation:
        """The session's facilitation data."""
        return self.session.facilitation

    @property
    def anonymous(self) -> bool:
        """True when the session is anonymous: no names beside ideas or dots on the shared screen."""
        return self.session.facilitation.anonymous

    def anonymous_round(self, step_id: str) -> bool:
        """True when the session is anonymous, or the step's latest round is."""
        rounds = self.rounds_for(step_id)
        return self.anonymous or bool(rounds and rounds[-1].anonymous)

    def _changed(self) -> None:
        self.session.touch()

    def step(self, step_id: str) -> Step | None:
        """The template's step with `step_id`, or None."""
        return self.template.step(step_id) if self.template else None

    def step_title(self, step_id: str) -> str:
        """A step's title, or its id when the template doesn't have it."""
        step = self.step(step_id)
        return step.title if step else step_id

    # ================================================================ roster
    @property
    def participants(self) -> list[str]:
        """The roster (the session's participants, in order)."""
        return self.session.participants

    def _find(self, name: str) -> int:
        wanted = name.casefold()
        for index, other in enumerate(self.participants):
            if other.casefold() == wanted:
                return index
        return -1

    def add_participant(self, name: str) -> str:
        """Add someone to the roster and return their tidied name.

        Raises:
            ValueError: empty name, or the name is taken.
        """
        name = clean_line(name)
        if not name:
            raise ValueError("type a name first")
        if self._find(name) >= 0:
            raise ValueError(f"{name} is already in the roster")
        self.participants.append(name)
        self._changed()
        return name

    def rename_participant(self, old: str, new: str) -> str:
        """Rename someone everywhere: roster, FAQ authors, ideas, ballots, parking lot, owners.

        Raises:
            KeyError: `old` isn't in the roster.
            ValueError: `new` is empty or taken by someone else.
        """
        if old not in self.participants:
            raise KeyError(old)
        new = clean_line(new)
        if not new:
            raise ValueError("type a name first")
        clash = self._find(new)
        if clash >= 0 and self.participants[clash] != old:
            raise ValueError(f"{new} is already in the roster")
        if new == old:
            return new
        self.participants[self.participants.index(old)] = new
        for item in self.session.faq:
            if item.author == old:
                item.author = new
        for idea in self.state.ideas:
            if idea.author == old:
                idea.author = new
        for vote in self.state.votes:
            vote.rename_voter(old, new)
        for parked in self.state.parking_lot:
            if parked.author == old:
                parked.author = new
        for decision in self.state.decisions:
            if decision.owner == old:
                decision.owner = new
        if self.state.current_contributor == old:
            self.state.current_contributor = new
        self._changed()
        return new

    def remove_participant(self, name: str) -> int:
        """Take someone off the roster; return their position (for undo).

        What they contributed keeps their name; their dots still count.

        Raises:
            KeyError: not in the roster.
        """
        index = self.participants.index(name) if name in self.participants else -1
        if index < 0:
            raise KeyError(name)
        del self.participants[index]
        if self.state.current_contributor == name:
            self.state.current_contributor = ""
        self._changed()
        return index

    def restore_participant(self, index: int, name: str) -> None:
        """Put back someone removed by `remove_participant`."""
        if name not in self.participants:
            self.participants.insert(min(index, len(self.participants)), name)
            self._changed()

    @property
    def contributor(self) -> str:
        """Who is contributing now (a roster name), or "" for anonymous."""
        name = self.state.current_contributor
        return name if name in self.participants else ""

    def set_contributor(self, name: str) -> None:
        """Make `name` the current contributor ("" = anonymous).

        Raises:
            ValueError: `name` isn't in the roster.
        """
        if name and name not in self.participants:
            raise ValueError(f"{name} is not in the roster")
        if name != self.state.current_contributor:
            self.state.current_contributor = name
            self._changed()

    def next_contributor(self, offset: int = 1) -> str:
        """Who comes next (or before, offset -1); anonymous sits after the last."""
        order = [*self.participants, ""]
        current = self.contributor
        index = order.index(current) if current in order else len(order) - 1
        return order[(index + offset) % len(order)]

    def cycle_contributor(self, offset: int = 1) -> str:
        """Move to the next (or previous) person; anonymous sits after the last. Return who."""
        chosen = self.next_contributor(offset)
        self.set_contributor(chosen)
        return chosen

    def contributions(self, name: str) -> dict[str, int]:
        """Count what `name` contributed: questions, ideas, dots, parked items, decisions owned."""
        return {
            "questions": sum(1 for item in self.session.faq if item.author == name),
            "ideas": sum(  # FAQ ideas are counted once, as questions
                1 for idea in self.state.ideas if idea.author == name and not idea.faq_kind
            ),
            "dots": sum(vote.used(name) for vote in self.state.votes),
            "parked": sum(1 for item in self.state.parking_lot if item.author == name),
            "decisions": sum(1 for d in self.state.decisions if d.owner == name),
        }

    # ================================================================ timers
    def planned_default(self, step_id: str) -> int:
        """The template's timebox for a step, in seconds (0 = none)."""
        step = self.step(step_id)
        return step.timebox_minutes * 60 if step else 0

    def timer(self, step_id: str) -> StepTimer:
        """The step's timer (a fresh, unsaved one at the template default if never used)."""
        found = self.state.timers.get(step_id)
        return found if found is not None else StepTimer(planned=self.planned_default(step_id))

    def _timer(self, step_id: str) -> StepTimer:
        if step_id not in self.state.timers:
            self.state.timers[step_id] = StepTimer(planned=self.planned_default(step_id))
        return self.state.timers[step_id]

    def running_step(self) -> str:
        """The step whose timer runs ("" when none does)."""
        for step_id, timer in self.state.timers.items():
            if timer.running:
                return step_id
        return ""

    def start_timer(self, step_id: str, now: datetime | None = None) -> bool:
        """Start or resume a step's timer (any other running timer pauses). False if running."""
        now = now or clock.now()
        for other_id, other in self.state.timers.items():
            if other_id != step_id:
                other.pause(now)
        started = self._timer(step_id).start(now)
        self._changed()
        return started

    def pause_timer(self, step_id: str, now: datetime | None = None) -> bool:
        """Pause a step's timer. Return False if it wasn't running."""
        timer = self.state.timers.get(step_id)
        if timer is None or not timer.pause(now):
            return False
        self._changed()
        return True

    def toggle_timer(self, step_id: str, now: datetime | None = None) -> bool:
        """Start a stopped timer or pause a running one; return True if it now runs."""
        if self.timer(step_id).running:
            self.pause_timer(step_id, now)
            return False
        self.start_timer(step_id, now)
        return True

    def add_minute(self, step_id: str, now: datetime | None = None) -> None:
        """Give the group one more minute on a step."""
        self._timer(step_id).add_minute(now)
        self._changed()

    def reset_timer(self, step_id: str, now: datetime | None = None) -> None:
        """Stop and restore the step's template timebox (time spent stays recorded)."""
        self._timer(step_id).reset(self.planned_default(step_id), now)
        self._changed()

    def set_planned(self, step_id: str, seconds: int) -> None:
        """Change a step's timebox."""
        self._timer(step_id).set_planned(seconds)
        self._changed()

    def follow(self, old_step: str, new_step: str, now: datetime | None = None) -> bool:
        """Hand a running clock over when the group moves from `old_step` to `new_step`.

        The old step's timer pauses (recording the time spent) and the new
        step's starts, so time is booked to whichever step is on screen and
        moving on is never blocked. Return True if a clock was handed over.
        """
        if old_step == new_step:
            return False
        old = self.state.timers.get(old_step)
        if old is None or not old.running:
            return False
        now = now or clock.now()
        old.pause(now)
        if not old.touched and old.planned == self.planned_default(old_step):
            del self.state.timers[old_step]  # only passed through: nothing worth keeping
        if new_step:
            self._timer(new_step).start(now)
        self._changed()
        return True

    def settle_timers(self, now: datetime | None = None) -> list[str]:
        """Stop timers left running for hours (see `StepTimer.settle`); return their steps."""
        stopped = [s for s, timer in self.state.timers.items() if timer.settle(now)]
        if stopped:
            self._changed()
        return stopped

    def agenda(self, now: datetime | None = None) -> list[AgendaRow]:
        """Planned vs actual time for every step (template order, then unknown steps)."""
        now = now or clock.now()
        rows: list[AgendaRow] = []
        seen: set[str] = set()
        if self.template is not None:
            for stage, step in self.template.iter_steps():
                seen.add(step.id)
                timer = self.timer(step.id)
                rows.append(
                    AgendaRow(
                        step.id,
                        step.title,
                        stage.title,
                        timer.planned,
                        timer.spent_at(now),
                        timer.running,
                    )
                )
        for step_id, timer in self.state.timers.items():
            if step_id not in seen:
                rows.append(
                    AgendaRow(step_id, step_id, "", timer.planned, timer.spent_at(now), timer.running)
                )
        return rows

    def timers_used(self) -> bool:
        """True once any step's timer has run."""
        return any(timer.touched for timer in self.state.timers.values())

    # ================================================================ ideas
    def collect_field(self, step_id: str) -> Field | None:
        """The field a step's ideas and votes use: its FAQ field, else its list field.

        A list field called `candidates` wins over other list fields.
        """
        step = self.step(step_id)
        if step is None:
            return None
        faq = [f for f in step.fields if f.type is FieldType.FAQ]
        if faq:
            return faq[0]
        lists = [f for f in step.fields if f.type is FieldType.LIST]
        for item in lists:
            if item.id == "candidates":
                return item
        return lists[0] if lists else None

    def rounds_for(self, step_id: str) -> list[Round]:
        """Brainstorm rounds of a step, oldest first."""
        return [r for r in self.state.rounds if r.step == step_id]

    def active_round(self, step_id: str) -> Round | None:
        """The step's silent round that is still hidden, or None."""
        for found in reversed(self.rounds_for(step_id)):
            if found.hidden:
                return found
        return None

    def find_round(self, round_id: str) -> Round | None:
        """The round with `round_id`, or None."""
        for found in self.state.rounds:
            if found.id == round_id:
                return found
        return None

    def start_round(self, step_id: str, now: datetime | None = None) -> Round:
        """Start a silent round on a step: new ideas stay hidden until revealed.

        Raises:
            ValueError: the step has nothing to brainstorm into, or a silent
                round there is still hidden.
        """
        if self.collect_field(step_id) is None:
            raise ValueError("this step has no list to brainstorm into")
        if self.active_round(step_id) is not None:
            raise ValueError("a silent round is already running here; reveal it first")
        started = Round(step=step_id, silent=True, started=now or clock.now())
        self.state.rounds.append(started)
        self._changed()
        return started

    def new_idea(
        self, step_id: str, text: str, author: str | None = None, now: datetime | None = None
    ) -> Idea:
        """A new idea for a step (not added yet): its field, author, and the hidden round it joins.

        Raises:
            ValueError: empty text, or the step has nothing to collect into.
        """
        target = self.collect_field(step_id)
        if target is None:
            raise ValueError("this step has no list to add ideas to")
        text = clean_line(text)
        if not text:
            raise ValueError("type the idea first")
        active = self.active_round(step_id)
        return Idea(
            text=text,
            step=step_id,
            field=target.id,
            author=self.contributor if author is None else author,
            faq_kind=target.faq_kind if target.type is FieldType.FAQ else "",
            round=active.id if active else "",
            created=now or clock.now(),
        )

    def add_idea(
        self, step_id: str, text: str, author: str | None = None, now: datetime | None = None
    ) -> Idea:
        """Capture one idea for a step, credited to `author` (default: current contributor).

        In a hidden silent round it is held back; otherwise it goes straight
        into the step's list (or becomes an FAQ question). (The app submits
        `operations.add_idea` instead; this is for scripts and tests.)

        Raises:
            ValueError: empty text, or the step has nothing to collect into.
        """
        idea = self.new_idea(step_id, text, author, now)
        self.state.ideas.append(idea)
        if not idea.round:
            self._publish(idea)
        self._changed()
        return idea

    def _publish(self, idea: Idea) -> None:
        publish(self.session, idea)

    def hidden_ideas(self, step_id: str) -> list[Idea]:
        """Ideas of the step's hidden round, in the order they came in."""
        active = self.active_round(step_id)
        if active is None:
            return []
        return [idea for idea in self.state.ideas if idea.round == active.id]

    def all_hidden_ideas(self) -> list[Idea]:
        """Every idea still held back by a silent round."""
        hidden = {r.id for r in self.state.rounds if r.hidden}
        return [idea for idea in self.state.ideas if idea.round in hidden]

    def reveal_round(self, step_id: str, now: datetime | None = None) -> list[Idea]:
        """Reveal the step's silent round: its ideas join the list (or the FAQ). Return them."""
        active = self.active_round(step_id)
        if active is None:
            return []
        ideas = self.hidden_ideas(step_id)
        active.revealed = now or clock.now()
        for idea in ideas:
            self._publish(idea)
        self._changed()
        return ideas

    def discard_idea(self, idea_id: str) -> tuple[int, Idea]:
        """Remove a captured idea that is still hidden (a slip); return it for undo.

        Raises:
            KeyError: no such idea.
            ValueError: it was already revealed (edit the list instead).
        """
        for index, idea in enumerate(self.state.ideas):
            if idea.id == idea_id:
                found = self.find_round(idea.round)
                if found is None or not found.hidden:
                    raise ValueError("that idea is already in the list; edit the list instead")
                del self.state.ideas[index]
                self._changed()
                return index, idea
        raise KeyError(idea_id)

    def round_counts(self, round_: Round) -> list[tuple[str, int]]:
        """How many ideas each person added in a round: roster order, others, anonymous last
        (an anonymous session or round: one count, with no names)."""
        counts: dict[str, int] = {}
        unnamed = self.anonymous or round_.anonymous  # the shared screen shows no names: one count
        for idea in self.state.ideas:
            if idea.round == round_.id:
                author = "" if unnamed else idea.author
                counts[author] = counts.get(author, 0) + 1
        order = [p for p in self.participants if p in counts]
        order += sorted(a for a in counts if a and a not in order)
        if "" in counts:
            order.append("")
        return [(name, counts[name]) for name in order]

    def author_of(self, step_id: str, field_id: str, text: str) -> str | None:
        """Who contributed a list item (matched by text); None when nobody is on record."""
        wanted = clean_line(text)
        for idea in reversed(self.state.ideas):
            if idea.step == step_id and idea.field == field_id and idea.text == wanted:
                found = self.find_round(idea.round) if idea.round else None
                if found is None or not found.hidden:
                    return idea.author
        return None

    def items(self, step_id: str) -> list[tuple[str, str | None]]:
        """The visible items a step collects, with their author when known.

        FAQ steps list their questions; list steps their list items.
        """
        target = self.collect_field(step_id)
        if target is None:
            return []
        secret = {r.id for r in self.state.rounds if r.anonymous}  # rounds whose names stay off screen
        if target.type is FieldType.FAQ:
            also: dict[str, list[str]] = {}  # authors of questions merged into another one
            unnamed: set[str] = set()  # questions that came from an anonymous round
            for idea in self.state.ideas:
                if idea.ref and idea.round in secret:
                    unnamed.add(idea.ref)
                elif idea.ref and idea.author:
                    also.setdefault(idea.ref, []).append(idea.author)
            return [(item.question, None if self.anonymous or item.id in unnamed
                     else _credit([item.author, *also.get(item.id, [])]))
                    for item in self.session.faq_items(target.faq_kind)]
        value = self.session.get_answer(step_id, target.id, [])
        lines = value if isinstance(value, list) else value.split("\n")
        hidden = {r.id for r in self.state.rounds if r.hidden}
        authors: dict[str, list[str]] = {}
        for idea in self.state.ideas:  # one pass; every author of a text is credited (merged items)
            if idea.step == step_id and idea.field == target.id and idea.round not in hidden:
                names = authors.setdefault(idea.text, [])
                if idea.author not in names and idea.round not in secret:
                    names.append(idea.author)
        if self.anonymous:
            return [(line, None) for line in lines if line.strip()]
        return [(line, _credit(authors.get(clean_line(line)))) for line in lines if line.strip()]

    # ================================================================ votes
    def vote_candidates(self, step_id: str) -> list[tuple[str, str]]:
        """The step's candidates as `(text, ref)`: FAQ questions (ref = id) or list items."""
        target = self.collect_field(step_id)
        if target is None:
            return []
        if target.type is FieldType.FAQ:
            return [
                (clean_line(item.question), item.id)
                for item in self.session.faq_items(target.faq_kind)
                if item.question.strip()
            ]
        value = self.session.get_answer(step_id, target.id, [])
        lines = value if isinstance(value, list) else value.split("\n")
        seen: list[str] = []
        for line in lines:
            line = clean_line(line)
            if line and line not in seen:
                seen.append(line)
        return [(line, "") for line in seen]

    def votes_for(self, step_id: str) -> list[Vote]:
        """The step's votes, oldest first."""
        return [v for v in self.state.votes if v.step == step_id]

    def current_vote(self, step_id: str) -> Vote | None:
        """The step's latest vote, or None."""
        found = self.votes_for(step_id)
        return found[-1] if found else None

    def find_vote(self, vote_id: str) -> Vote | None:
        """The vote with `vote_id`, or None."""
        for vote in self.state.votes:
            if vote.id == vote_id:
                return vote
        return None

    def vote_title(self, step_id: str) -> str:
        """A title for a new vote on a step."""
        target = self.collect_field(step_id)
        title = self.step_title(step_id)
        if target is not None and target.type is FieldType.FAQ:
            return f"Hardest questions: {title}"
        return title

    def start_vote(
        self,
        step_id: str,
        dots: int = DEFAULT_DOTS,
        title: str = "",
        now: datetime | None = None,
    ) -> Vote:
        """Start a dot-vote over the step's candidates.

        Raises:
            ValueError: fewer than two candidates, or the step's vote is still open.
        """
        vote = self.new_vote(step_id, dots, title, now)
        self.state.votes.append(vote)
        self._changed()
        return vote

    def new_vote(
        self, step_id: str, dots: int = DEFAULT_DOTS, title: str = "", now: datetime | None = None
    ) -> Vote:
        """A new dot-vote over the step's candidates (not added yet).

        Raises:
            ValueError: fewer than two candidates, or the step's vote is still open
                (a VoteError for a bad number of dots).
        """
        current = self.current_vote(step_id)
        if current is not None and current.is_open:
            raise ValueError("this step's vote is still open; close it first")
        target = self.collect_field(step_id)
        candidates = self.vote_candidates(step_id)
        if target is None or len(candidates) < 2:
            raise ValueError("a vote needs at least two candidates; add some first")
        vote = Vote(
            title=clean_line(title) or self.vote_title(step_id),
            step=step_id,
            field=target.id,
            options=[VoteOption(text=text, ref=ref) for text, ref in candidates],
            created=now or clock.now(),
        )
        vote.set_dots(dots)
        return vote

    def cast(self, vote: Vote, option_id: str, voter: str | None = None) -> None:
        """Put one dot on an option for `voter` (default: the current contributor).

        Raises:
            VoteError: see `Vote.cast`.
        """
        vote.cast(self.contributor if voter is None else voter, option_id)
        self._changed()

    def retract(self, vote: Vote, option_id: str, voter: str | None = None) -> bool:
        """Take one of `voter`'s dots off an option; False if they had none there."""
        taken = vote.retract(self.contributor if voter is None else voter, option_id)
        if taken:
            self._changed()
        return taken

    def set_dots(self, vote: Vote, dots: int) -> None:
        """Change a vote's dots per person (raises VoteError)."""
        if dots != vote.dots:
            vote.set_dots(dots)
            self._changed()

    def close_vote(self, vote: Vote, now: datetime | None = None) -> None:
        """Fix the result (it is kept in the session and the export)."""
        if vote.is_open:
            vote.closed = now or clock.now()
            self._changed()

    def reopen_vote(self, vote: Vote) -> None:
        """Allow changes to a closed vote again."""
        if not vote.is_open:
            vote.closed = None
            self._changed()

    def refresh_vote(self, vote: Vote) -> bool:
        """Add candidates that appeared since the vote started. Return True if it changed."""
        changed = vote.sync_options(self.vote_candidates(vote.step))
        if changed:
            self._changed()
        return changed

    def remove_vote(self, vote: Vote) -> tuple[int, Vote]:
        """Delete a vote; return it for undo."""
        index = self.state.votes.index(vote)
        del self.state.votes[index]
        self._changed()
        return index, vote

    def restore_vote(self, index: int, vote: Vote) -> None:
        """Put back a vote removed by `remove_vote`."""
        self.state.votes.insert(min(index, len(self.state.votes)), vote)
        self._changed()

    def votes_left(self, vote: Vote) -> list[tuple[str, int]]:
        """Dots each person on the roster still has."""
        return [(name, vote.left(name)) for name in self.participants]

    def option_text(self, vote: Vote, option: VoteOption) -> str:
        """An option's current text (an FAQ question follows edits to the question)."""
        if option.ref:
            item = self.session.find_faq(option.ref)
            if item is not None and item.question.strip():
                return clean_line(item.question)
        return option.text

    def faq_dots(self, item: FaqItem) -> int:
        """Dots an FAQ question got in the latest vote that included it."""
        for vote in reversed(self.state.votes):
            for option in vote.options:
                if option.ref == item.id:
                    return vote.count(option.id)
        return 0

    # ================================================================ parking lot
    def find_parked(self, item_id: str) -> ParkingItem | None:
        """The parked item with `item_id`, or None."""
        for item in self.state.parking_lot:
            if item.id == item_id:
                return item
        return None

    def park(
        self,
        text: str,
        step_id: str = "",
        author: str | None = None,
        now: datetime | None = None,
    ) -> ParkingItem:
        """Park an off-topic point (author defaults to the current contributor).

        Raises:
            ValueError: empty text.
        """
        text = normalise(text).strip()
        if not text:
            raise ValueError("type what to park first")
        item = ParkingItem(
            text=text,
            step=step_id,
            author=self.contributor if author is None else author,
            created=now or clock.now(),
        )
        self.state.parking_lot.append(item)
        self._changed()
        return item

    def edit_parked(self, item_id: str, text: str | None = None, author: str | None = None) -> None:
        """Change a parked item's text or author.

        Raises:
            KeyError: no such item.
            ValueError: empty text.
        """
        item = self.find_parked(item_id)
        if item is None:
            raise KeyError(item_id)
        if text is not None:
            text = normalise(text).strip()
            if not text:
                raise ValueError("a parked item needs some text (delete it instead)")
            item.text = text
        if author is not None:
            item.author = clean_line(author)
        self._changed()

    def remove_parked(self, item_id: str) -> tuple[int, ParkingItem]:
        """Delete a parked item; return it for undo (raises KeyError)."""
        for index, item in enumerate(self.state.parking_lot):
            if item.id == item_id:
                del self.state.parking_lot[index]
                self._changed()
                return index, item
        raise KeyError(item_id)

    def restore_parked(self, index: int, item: ParkingItem) -> None:
        """Put back a parked item removed by `remove_parked`."""
        self.state.parking_lot.insert(min(index, len(self.state.parking_lot)), item)
        self._changed()

    # ================================================================ decisions
    def find_decision(self, decision_id: str) -> Decision | None:
        """The decision with `decision_id`, or None."""
        for item in self.state.decisions:
            if item.id == decision_id:
                return item
        return None

    def decide(
        self,
        what: str,
        door: str = "two-way",
        owner: str = "",
        on: date | None = None,
        step_id: str = "",
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
        self.state.decisions.append(decision)
        self._changed()
        return decision

    def update_decision(self, decision_id: str, **changes: Any) -> Decision:
        """Change a decision's `what`, `door`, `owner`, `date` or `step`.

        Raises:
            KeyError: no such decision.
            ValueError: an unknown field, an empty `what`, a bad door or date.
        """
        decision = self.find_decision(decision_id)
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
        self._changed()
        return decision

    def remove_decision(self, decision_id: str) -> tuple[int, Decision]:
        """Delete a decision; return it for undo (raises KeyError)."""
        for index, item in enumerate(self.state.decisions):
            if item.id == decision_id:
                del self.state.decisions[index]
                self._changed()
                return index, item
        raise KeyError(decision_id)

    def restore_decision(self, index: int, decision: Decision) -> None:
        """Put back a decision removed by `remove_decision`."""
        self.state.decisions.insert(min(index, len(self.state.decisions)), decision)
        self._changed()


def names_in(items: Iterable[str]) -> str:
    """Join names for a sentence: `Ana`, `Ana and Ben`, `Ana, Ben and Caro`."""
    names = [display_name(n) for n in items]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
