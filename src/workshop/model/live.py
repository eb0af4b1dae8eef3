"""Provides LiveSession: the facilitation operations on a session (roster, timers, rounds, votes…).

Every change goes through here so that it marks the session changed
(`Session.touch`, which autosave watches) and keeps authorship consistent
across FAQ items, ideas, votes, the parking lot and the decision log.
`LiveSession` is a facade: rounds and ideas are here, and each other concern
is plain functions taking the session in its own module, which its methods
hand over to in one line: `live_roster`, `live_timers`, `live_votes`,
`live_records` (parking lot and decisions).
Time comes from `workshop.model.clock.now()` unless a `now` is passed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Iterable

from . import clock, live_records, live_roster, live_timers, live_votes
from .facilitation import Decision, Facilitation, Idea, ParkingItem, Round
from .live_operations import publish
from .live_timers import AgendaRow
from .session import FaqItem, Session
from .template import Field, FieldType, Step, Template
from .text import clean_line
from .timer import StepTimer
from .voting import DEFAULT_DOTS, Vote, VoteOption

ANONYMOUS = "Anonymous"
"""How an empty author is shown."""


def _credit(names: list[str] | None) -> str | None:
    """Everyone credited for an item, "Ana, Bo" (None when nobody is known)."""
    if not names:
        return None
    named = list(dict.fromkeys(name for name in names if name))
    return ", ".join(named) if named else ""


def display_name(name: str) -> str:
    """Return `name`, or "Anonymous" when empty."""
    return name or ANONYMOUS


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

    def add_participant(self, name: str) -> str:
        """Add someone to the roster; return their tidied name (see `live_roster.add_participant`)."""
        return live_roster.add_participant(self.session, name)

    def rename_participant(self, old: str, new: str) -> str:
        """Rename someone everywhere (see `live_roster.rename_participant`)."""
        return live_roster.rename_participant(self.session, old, new)

    def remove_participant(self, name: str) -> int:
        """Take someone off the roster; return their position (see `live_roster.remove_participant`)."""
        return live_roster.remove_participant(self.session, name)

    def restore_participant(self, index: int, name: str) -> None:
        """Put back someone removed by `remove_participant`."""
        live_roster.restore_participant(self.session, index, name)

    @property
    def contributor(self) -> str:
        """Who is contributing now (a roster name), or "" for anonymous."""
        name = self.state.current_contributor
        return name if name in self.participants else ""

    def set_contributor(self, name: str) -> None:
        """Make `name` the current contributor ("" = anonymous); ValueError if not in the roster."""
        live_roster.set_contributor(self.session, name)

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
        return live_roster.contributions(self.session, name)

    # ================================================================ timers
    def planned_default(self, step_id: str) -> int:
        """The template's timebox for a step, in seconds (0 = none)."""
        return live_timers.planned_default(self.template, step_id)

    def timer(self, step_id: str) -> StepTimer:
        """The step's timer (a fresh, unsaved one at the template default if never used)."""
        found = self.state.timers.get(step_id)
        return found if found is not None else StepTimer(planned=self.planned_default(step_id))

    def running_step(self) -> str:
        """The step whose timer runs ("" when none does)."""
        return next((step_id for step_id, timer in self.state.timers.items() if timer.running), "")

    def start_timer(self, step_id: str, now: datetime | None = None) -> bool:
        """Start or resume a step's timer (any other running timer pauses). False if running."""
        return live_timers.start_timer(self.session, self.template, step_id, now)

    def pause_timer(self, step_id: str, now: datetime | None = None) -> bool:
        """Pause a step's timer. Return False if it wasn't running."""
        return live_timers.pause_timer(self.session, step_id, now)

    def toggle_timer(self, step_id: str, now: datetime | None = None) -> bool:
        """Start a stopped timer or pause a running one; return True if it now runs."""
        if self.timer(step_id).running:
            self.pause_timer(step_id, now)
            return False
        self.start_timer(step_id, now)
        return True

    def add_minute(self, step_id: str, now: datetime | None = None) -> None:
        """Give the group one more minute on a step."""
        live_timers.add_minute(self.session, self.template, step_id, now)

    def reset_timer(self, step_id: str, now: datetime | None = None) -> None:
        """Stop and restore the step's template timebox (time spent stays recorded)."""
        live_timers.reset_timer(self.session, self.template, step_id, now)

    def set_planned(self, step_id: str, seconds: int) -> None:
        """Change a step's timebox."""
        live_timers.set_planned(self.session, self.template, step_id, seconds)

    def follow(self, old_step: str, new_step: str, now: datetime | None = None) -> bool:
        """Hand a running clock over from `old_step` to `new_step` (see `live_timers.follow`)."""
        return live_timers.follow(self.session, self.template, old_step, new_step, now)

    def settle_timers(self, now: datetime | None = None) -> list[str]:
        """Stop timers left running for hours (see `StepTimer.settle`); return their steps."""
        return live_timers.settle_timers(self.session, now)

    def agenda(self, now: datetime | None = None) -> list[AgendaRow]:
        """Planned vs actual time for every step (template order, then unknown steps)."""
        return live_timers.agenda(self.session, self.template, now)

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
        return live_votes.vote_candidates(self.session, step_id, self.collect_field(step_id))

    def votes_for(self, step_id: str) -> list[Vote]:
        """The step's votes, oldest first."""
        return [v for v in self.state.votes if v.step == step_id]

    def current_vote(self, step_id: str) -> Vote | None:
        """The step's latest vote, or None."""
        found = self.votes_for(step_id)
        return found[-1] if found else None

    def find_vote(self, vote_id: str) -> Vote | None:
        """The vote with `vote_id`, or None."""
        return next((vote for vote in self.state.votes if vote.id == vote_id), None)

    def vote_title(self, step_id: str) -> str:
        """A title for a new vote on a step."""
        target = self.collect_field(step_id)
        title = self.step_title(step_id)
        if target is not None and target.type is FieldType.FAQ:
            return f"Hardest questions: {title}"
        return title

    def start_vote(
        self, step_id: str, dots: int = DEFAULT_DOTS, title: str = "", now: datetime | None = None
    ) -> Vote:
        """Start a dot-vote over the step's candidates (raises like `new_vote`)."""
        vote = self.new_vote(step_id, dots, title, now)
        live_votes.add_vote(self.session, vote)
        return vote

    def new_vote(
        self, step_id: str, dots: int = DEFAULT_DOTS, title: str = "", now: datetime | None = None
    ) -> Vote:
        """A new dot-vote over the step's candidates (not added yet; see `live_votes.new_vote`).

        Raises:
            ValueError: fewer than two candidates, or the step's vote is still open
                (a VoteError for a bad number of dots).
        """
        title = clean_line(title) or self.vote_title(step_id)
        return live_votes.new_vote(self.session, step_id, self.collect_field(step_id), dots, title, now)

    def cast(self, vote: Vote, option_id: str, voter: str | None = None) -> None:
        """Put one dot on an option for `voter` (default: the current contributor; raises VoteError)."""
        live_votes.cast(self.session, vote, option_id, self.contributor if voter is None else voter)

    def retract(self, vote: Vote, option_id: str, voter: str | None = None) -> bool:
        """Take one of `voter`'s dots off an option; False if they had none there."""
        return live_votes.retract(self.session, vote, option_id, self.contributor if voter is None else voter)

    def set_dots(self, vote: Vote, dots: int) -> None:
        """Change a vote's dots per person (raises VoteError)."""
        live_votes.set_dots(self.session, vote, dots)

    def close_vote(self, vote: Vote, now: datetime | None = None) -> None:
        """Fix the result (it is kept in the session and the export)."""
        live_votes.close_vote(self.session, vote, now)

    def reopen_vote(self, vote: Vote) -> None:
        """Allow changes to a closed vote again."""
        live_votes.reopen_vote(self.session, vote)

    def refresh_vote(self, vote: Vote) -> bool:
        """Add candidates that appeared since the vote started. Return True if it changed."""
        changed = vote.sync_options(self.vote_candidates(vote.step))
        if changed:
            self._changed()
        return changed

    def remove_vote(self, vote: Vote) -> tuple[int, Vote]:
        """Delete a vote; return it for undo."""
        return live_votes.remove_vote(self.session, vote)

    def restore_vote(self, index: int, vote: Vote) -> None:
        """Put back a vote removed by `remove_vote`."""
        live_votes.restore_vote(self.session, index, vote)

    def votes_left(self, vote: Vote) -> list[tuple[str, int]]:
        """Dots each person on the roster still has."""
        return [(name, vote.left(name)) for name in self.participants]

    def option_text(self, vote: Vote, option: VoteOption) -> str:
        """An option's current text (an FAQ question follows edits to the question)."""
        return live_votes.option_text(self.session, option)

    def faq_dots(self, item: FaqItem) -> int:
        """Dots an FAQ question got in the latest vote that included it."""
        return live_votes.faq_dots(self.session, item)

    # ================================================================ parking lot and decisions
    def find_parked(self, item_id: str) -> ParkingItem | None:
        """The parked item with `item_id`, or None."""
        return live_records.find_parked(self.session, item_id)

    def park(
        self, text: str, step_id: str = "", author: str | None = None, now: datetime | None = None
    ) -> ParkingItem:
        """Park an off-topic point (author defaults to the current contributor; see `live_records.park`)."""
        return live_records.park(self.session, text, step_id, self.contributor if author is None else author, now)

    def edit_parked(self, item_id: str, text: str | None = None, author: str | None = None) -> None:
        """Change a parked item's text or author (see `live_records.edit_parked`)."""
        live_records.edit_parked(self.session, item_id, text, author)

    def remove_parked(self, item_id: str) -> tuple[int, ParkingItem]:
        """Delete a parked item; return it for undo (raises KeyError)."""
        return live_records.remove_parked(self.session, item_id)

    def restore_parked(self, index: int, item: ParkingItem) -> None:
        """Put back a parked item removed by `remove_parked`."""
        live_records.restore_parked(self.session, index, item)

    def find_decision(self, decision_id: str) -> Decision | None:
        """The decision with `decision_id`, or None."""
        return live_records.find_decision(self.session, decision_id)

    def decide(
        self, what: str, door: str = "two-way", owner: str = "", on: date | None = None, step_id: str = ""
    ) -> Decision:
        """Log a decision (see `live_records.decide`)."""
        return live_records.decide(self.session, what, door, owner, on, step_id)

    def update_decision(self, decision_id: str, **changes: Any) -> Decision:
        """Change a decision's `what`, `door`, `owner`, `date` or `step` (see `live_records.update_decision`)."""
        return live_records.update_decision(self.session, decision_id, **changes)

    def remove_decision(self, decision_id: str) -> tuple[int, Decision]:
        """Delete a decision; return it for undo (raises KeyError)."""
        return live_records.remove_decision(self.session, decision_id)

    def restore_decision(self, index: int, decision: Decision) -> None:
        """Put back a decision removed by `remove_decision`."""
        live_records.restore_decision(self.session, index, decision)

def names_in(items: Iterable[str]) -> str:
    """Join names for a sentence: `Ana`, `Ana and Ben`, `Ana, Ben and Caro`."""
    names = [display_name(n) for n in items]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
