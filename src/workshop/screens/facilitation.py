"""Provides FacilitationPart: the live-session actions, keys and palette commands of a screen.

A screen that shows a session (the session screen, presenter mode) makes one
facilitation part, passing itself as the part's host (a Protocol, below):
the timer, roster, brainstorm, voting, parking lot, decision log and agenda.
It adds `FACILITATION_BINDINGS` to its `BINDINGS`: their actions are
`facilitation('<name>')`, so the screen needs one method, `action_facilitation(name)`,
which calls `part.run(name)` (an unknown name raises); `part.commands()` goes
among its palette commands, and its `on_timer_display_expired` hands the message
to `part.timer_expired`.

What differs between screens is in the part's subclass:

- `SessionFacilitation` (the session screen; `SessionFacilitationHost`): the
  `LiveSession` built from the screen's document (timers settled on open),
  the step on screen, a change refreshes and saves through the screen's
  `after_change()` and redraws the step when answers changed;
- `presenter.PresenterFacilitation`: the presenter's own.

`presenter_mode` stays a screen action (`action_presenter_mode`): the session
screen opens presenter mode with `presenter.open_presenter(part)`; presenter
mode goes back. This module never imports the presenter (no import cycle).
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Iterable, Protocol

from textual.app import SystemCommand

from ..keys import key_for
from ..model.text import plural
from .facilitation_keys import FACILITATION_BINDINGS  # noqa: F401 - the keys, defined apart (start-up)
from .idea_merge import IdeaMergeMixin

if TYPE_CHECKING:
    from textual.app import App
    from textual.css.query import DOMQuery

    from ..document import OpenDocument
    from ..model.live import LiveSession
    from ..model.operations import Operation
    from ..widgets.step_view import StepView
    from ..widgets.timer import TimerDisplay

class FacilitationHost(Protocol):
    """What every facilitation part may ask of its screen."""

    @property
    def app(self) -> App[Any]: ...
    def action_presenter_mode(self) -> None: ...
    def notify(self, message: str, **kwargs: Any) -> None: ...
    def query(self, selector: Any = None) -> DOMQuery[Any]: ...
    def call_later(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool: ...


class SessionFacilitationHost(FacilitationHost, Protocol):
    """What the session screen's facilitation asks of it, besides FacilitationHost."""

    document: OpenDocument
    """The open session."""

    @property
    def step_view(self) -> StepView | None: ...
    def flush_edits(self) -> None: ...
    def after_change(self) -> None: ...
    def show_step(self, step_id: str | None = None, *, focus: bool = True) -> Awaitable[None]: ...


class FacilitationPart(IdeaMergeMixin):
    """Live-session actions of a screen (see the module docstring); subclasses say where the session is."""

    def merge_screen(self) -> Any:
        """Merging asks and tells through the screen this is part of."""
        return self.host

    def merge_target(self) -> "tuple[LiveSession, str]":
        """Ideas are merged on the step on screen."""
        return self.live(), self.step()

    def merged(self) -> None:
        """Redraw the step's items after a merge (and save)."""
        self.changed(answers=True)

    def __init__(self, host: FacilitationHost) -> None:
        """Create the part; `host` is the screen."""
        self.host = host
        """The screen this is part of."""
        self._redrawn = False
        """The step was redrawn while a view was open (the cursor goes back to the answer)."""

    # ---------------------------------------------------------------- what subclasses say
    def live(self) -> LiveSession:
        """The session's facilitation operations."""
        raise NotImplementedError

    def step(self) -> str:
        """The step on screen."""
        raise NotImplementedError

    def changed(self, answers: bool = False) -> None:
        """Refresh (and have the change saved) after a facilitation change.

        Args:
            answers: True when answers or FAQ items changed too (a reveal,
                a vote result), so the step's fields must be redrawn.
        """
        raise NotImplementedError

    def open_capture(self) -> None:
        """Open the idea capture."""
        raise NotImplementedError

    def go_to(self, step_id: str | None) -> None:
        """Show `step_id` (after the agenda or presenter mode picked it)."""
        raise NotImplementedError

    def flush(self) -> None:
        """Copy keystrokes not reported yet into the model (nothing here: no answer boxes)."""

    def focus_answer(self) -> None:
        """Put the cursor back in the answer (nothing here: no answer boxes)."""

    # ---------------------------------------------------------------- actions by name
    def actions(self) -> dict[str, Callable[[], Any]]:
        """The actions FACILITATION_BINDINGS run, by name (`facilitation('<name>')`)."""
        return {
            "timer_toggle": self.timer_toggle,
            "timer_start": self.timer_start,
            "timer_pause": self.timer_pause,
            "timer_add_minute": self.timer_add_minute,
            "timer_reset": self.timer_reset,
            "next_contributor": self.next_contributor,
            "roster": self.roster,
            "park_item": self.park_item,
            "add_idea": self.add_idea,
            "start_round": self.start_round,
            "reveal_round": self.reveal_round,
            "voting": self.voting,
            "agenda": self.agenda,
            "parking_lot": self.parking_lot,
            "decision_log": self.decision_log,
            "log_decision": self.log_decision,
        }

    async def run(self, name: str) -> None:
        """Run the action `name` (the screen's `action_facilitation` calls this).

        Raises:
            KeyError: For a name that is not an action (a typo in a binding fails loudly).
        """
        result = self.actions()[name]()
        if inspect.isawaitable(result):
            await result

    def _back_from_view(self, _result: object = None) -> None:
        """After a facilitation view closes: put the cursor back in the answer if the step was redrawn.

        (The box that had focus was replaced while the view was open.)
        """
        if self._redrawn:
            self._redrawn = False
            self.host.call_later(self.focus_answer)

    def refresh(self) -> None:
        """Redraw the facilitation bar, if the screen has one."""
        for bar in self.host.query("FacilitationBar"):
            bar.show(self.step())
        for view in self.host.query("StepView"):  # its timebox (agenda, +1 min), its decision log
            view.refresh_live()

    # ---------------------------------------------------------------- helpers
    def _say(self, message: str, *, title: str = "", warn: bool = False, timeout: float = 3) -> None:
        self.host.notify(
            message, title=title, severity="warning" if warn else "information",
            timeout=timeout, markup=False,
        )

    def current(self) -> tuple[LiveSession, str]:
        """The operations and the step, after copying unreported keystrokes into the model.

        Every action starts here: a reveal or a vote result changes answers,
        and keys still queued in an answer box must land first, or they would
        later overwrite the change.
        """
        self.flush()
        return self.live(), self.step()

    # ---------------------------------------------------------------- timer
    def timer_toggle(self) -> None:
        """Start the step's timer, or pause it if it runs."""
        live, step = self.current()
        if step:
            running = not live.timer(step).running
            self._submit_live(_timer_op(live, step, start=running))
            self.changed()
            self._say("Timer running." if running else "Timer paused.", timeout=2)

    def timer_start(self) -> None:
        """Start (or resume) the step's timer."""
        live, step = self.current()
        if not step:
            return
        if live.timer(step).running:
            self._say("The timer is already running.", timeout=2)
            return
        self._submit_live(_timer_op(live, step, start=True))
        self.changed()

    def timer_pause(self) -> None:
        """Pause the step's timer."""
        live, step = self.current()
        if not step:
            return
        if not live.timer(step).running:
            self._say("The timer isn't running.", timeout=2)
            return
        self._submit_live(_timer_op(live, step, start=False))
        self.changed()

    def timer_add_minute(self) -> None:
        """Give the group one more minute."""
        live, step = self.current()
        if step:
            from ..model import operations as ops

            self._submit_live(ops.AddMinute(step, live.planned_default(step), actor=live.contributor))
            self.changed()

    def _submit_live(self, op: "Operation", *, record: bool = True) -> None:
        """Apply `op` through the session's dispatcher (undoable like any edit unless `record` is False)."""
        from ..dispatch import Dispatcher

        Dispatcher.of(self.live().session).submit(op, record=record)

    def timer_reset(self) -> None:
        """Stop the timer and restore the step's full timebox (time spent stays recorded)."""
        live, step = self.current()
        if step:
            from ..model import operations as ops

            self._submit_live(ops.reset_timer(live, step, actor=live.contributor))
            self.changed()

    def timer_expired(self, message: TimerDisplay.Expired) -> None:
        """Ring the bell and notify when a step's time is up (nothing is blocked)."""
        from ..widgets.timer import announce_expired

        announce_expired(
            self.host, self.live().step_title(message.step_id), message.key
        )

    # ---------------------------------------------------------------- people
    def next_contributor(self) -> None:
        """Credit what comes next to the next person (anonymous after the last)."""
        live, _ = self.current()
        if not live.participants:
            self._say(f"The roster is empty: {key_for(self.host, 'roster', 'alt+o')} adds people.", warn=True)
            return
        from ..dispatch import Dispatcher
        from ..model import operations as ops

        name = live.next_contributor()
        Dispatcher.of(live.session).submit(ops.SetContributor(name, actor=live.contributor))
        self.changed()
        from ..model.live import display_name

        self._say(f"Now contributing: {display_name(name)}", timeout=2)

    def roster(self) -> None:
        """Manage the roster and pick the current contributor."""
        from .roster import RosterScreen

        live, _ = self.current()
        self.host.app.push_screen(RosterScreen(live, self.changed))

    # ---------------------------------------------------------------- ideas
    def add_idea(self) -> None:
        """Capture ideas for this step, credited to the current contributor."""
        live, step = self.current()
        if live.collect_field(step) is None:
            self._say("This step has no list to collect ideas in.", warn=True)
            return
        self.open_capture()

    def start_round(self) -> None:
        """Start a silent round: new ideas stay hidden until revealed."""
        from ..model import operations as ops

        live, step = self.current()
        try:
            self._submit_live(ops.start_round(live, step, actor=live.contributor))
        except ops.OperationError as error:
            self._say(error.reason.capitalize() + ".", warn=True)
            return
        self.changed()
        self._say(f"Silent round started: ideas stay hidden until {key_for(self.host, 'reveal_round', 'alt+r')} reveals them.")
        self.open_capture()

    async def reveal_round(self) -> None:
        """Reveal the silent round: its ideas join the list."""
        from ..widgets.typeahead import handle_typeahead

        # A priority key: keys typed before it may still be queued in the answer box,
        # and would overwrite the list the reveal adds to once handled.
        await handle_typeahead(self.host.app)
        from ..model import operations as ops

        live, step = self.current()
        reveal = ops.reveal_round(live, step, actor=live.contributor)
        if reveal is None:
            self._say(f"No silent round is running on this step ({key_for(self.host, 'start_round', 'alt+s')} starts one).", warn=True)
            return
        count = len(live.hidden_ideas(step))
        self._submit_live(reveal)
        self.changed(answers=True)
        self._say(f"{plural(count, 'idea')} revealed." if count else "The round ended with no ideas.")
        self.offer_duplicates()  # repeated ideas are kept, and offered for merging

    # ---------------------------------------------------------------- votes
    def voting(self) -> None:
        """Dot-vote on this step's candidates (or see the kept result)."""
        from .voting import VotingScreen, open_vote

        live, step = self.current()
        try:
            vote = open_vote(live, step)
        except ValueError as error:
            self._say(str(error).capitalize() + ".", warn=True)
            return
        self.changed()
        self.host.app.push_screen(
            VotingScreen(live, vote, lambda: self.changed(answers=True)),
            self._back_from_view,
        )

    # ---------------------------------------------------------------- lists
    def park_item(self) -> None:
        """Park an off-topic point (with this step and the current contributor)."""
        from .parking_lot import park_prompt

        live, step = self.current()

        def parked(text: str | None) -> None:
            if text:
                from ..dispatch import Dispatcher
                from ..model import operations as ops

                Dispatcher.of(live.session).submit(ops.park(text, step, author=live.contributor))
                self.changed()
                self._say(f"Parked ({len(live.state.parking_lot)} in the parking lot, {key_for(self.host, 'parking_lot', 'alt+l')}).")

        self.host.app.push_screen(park_prompt(live, step), parked)

    def parking_lot(self) -> None:
        """Review and edit the parking lot."""
        from .parking_lot import ParkingLotScreen

        live, step = self.current()
        self.host.app.push_screen(ParkingLotScreen(live, step, self.changed))

    def decision_log(self) -> None:
        """Review and edit the decision log."""
        from .decisions import DecisionLogScreen

        live, step = self.current()
        self.host.app.push_screen(DecisionLogScreen(live, step, self.changed))

    def log_decision(self) -> None:
        """Record a decision straight away."""
        from .decisions import DecisionDialog, DecisionForm

        live, step = self.current()

        def logged(form: DecisionForm | None) -> None:
            if form is not None:
                from ..dispatch import Dispatcher
                from .decisions import decision_op

                Dispatcher.of(live.session).submit(decision_op(form, step, actor=live.contributor))
                self.changed()
                self._say(f"Decision logged ({key_for(self.host, 'decision_log', 'alt+d')} shows the log).")

        self.host.app.push_screen(DecisionDialog(list(live.participants)), logged)

    def agenda(self) -> None:
        """Planned vs actual time for every step."""
        from .agenda import AgendaScreen

        live, step = self.current()
        self.host.app.push_screen(
            AgendaScreen(live, step, self.changed), self.go_to
        )

    # ---------------------------------------------------------------- anonymity, merging
    def toggle_anonymous(self) -> None:
        """Make the whole session anonymous on the shared screen (no names beside ideas or dots), or not."""
        from ..model import operations as ops

        live, _ = self.current()
        anonymous = not live.anonymous
        self._submit_live(ops.SetAnonymous(anonymous, actor=live.contributor))
        self.changed(answers=True)
        self._say("Anonymous: no names beside ideas or dots on screen (the file still records who)."
                  if anonymous else "Names are shown beside ideas and dots again.")

    def toggle_anonymous_round(self) -> None:
        """Make this step's latest brainstorm round anonymous (its ideas show no names), or not."""
        from ..model import operations as ops

        live, step = self.current()
        rounds = live.rounds_for(step)
        if not rounds:
            self._say(f"No round on this step yet: {key_for(self.host, 'start_round', 'alt+s')} starts one.",
                      warn=True)
            return
        anonymous = not rounds[-1].anonymous
        self._submit_live(ops.SetAnonymous(anonymous, rounds[-1].id, actor=live.contributor))
        self.changed(answers=True)
        self._say("This round is anonymous: its ideas show no names." if anonymous
                  else "This round's ideas show their authors again.")

    def merge_duplicates(self) -> None:
        """Offer to merge the step's items that repeat each other word for word."""
        from ..model.merging import duplicates

        live, step = self.current()
        if not duplicates(live, step):
            self._say("No item on this step repeats another word for word.")
            return
        self.offer_duplicates()

    # ---------------------------------------------------------------- palette
    def commands(self) -> Iterable[SystemCommand]:
        """The palette commands for every facilitation action."""
        yield SystemCommand(
            "Anonymous session", "Show no names beside ideas or dots on screen (on/off); the file keeps them",
            self.toggle_anonymous,
        )
        yield SystemCommand(
            "Anonymous round", "This step's latest brainstorm round shows no names (on/off)",
            self.toggle_anonymous_round,
        )
        yield SystemCommand(
            "Merge duplicate ideas", "Items that repeat each other word for word become one (authors and dots kept)",
            self.merge_duplicates,
        )
        yield SystemCommand("Start timer", "Start or resume this step's timebox", self.timer_start)
        yield SystemCommand("Pause timer", "Pause this step's timebox", self.timer_pause)
        yield SystemCommand("Add a minute", f"One more minute for this step ({key_for(self.host, 'timer_add_minute', 'alt+m')})", self.timer_add_minute)
        yield SystemCommand(
            "Reset timer", f"Stop and restore the full timebox; time spent stays recorded ({key_for(self.host, 'timer_reset', 'alt+x')})",
            self.timer_reset,
        )
        yield SystemCommand(
            "Next contributor", f"Credit what comes next to the next person ({key_for(self.host, 'next_contributor', 'ctrl+o')})",
            self.next_contributor,
        )
        yield SystemCommand(
            "Roster", f"Add, rename or remove participants; pick who contributes ({key_for(self.host, 'roster', 'alt+o')})",
            self.roster,
        )
        yield SystemCommand("Add ideas", f"Capture ideas for this step, credited by name ({key_for(self.host, 'add_idea', 'alt+i')})", self.add_idea)
        yield SystemCommand(
            "Start silent round", f"Ideas stay hidden until revealed ({key_for(self.host, 'start_round', 'alt+s')})", self.start_round
        )
        yield SystemCommand("Reveal ideas", f"End the silent round and show its ideas ({key_for(self.host, 'reveal_round', 'alt+r')})", self.reveal_round)
        yield SystemCommand("Dot-vote", f"Vote on this step's candidates ({key_for(self.host, 'voting', 'alt+v')})", self.voting)
        yield SystemCommand("Park an item", f"Put an off-topic point in the parking lot ({key_for(self.host, 'park_item', 'ctrl+l')})", self.park_item)
        yield SystemCommand("Parking lot", f"Review and edit parked points ({key_for(self.host, 'parking_lot', 'alt+l')})", self.parking_lot)
        yield SystemCommand("Log a decision", "What, one-way or two-way door, owner, date", self.log_decision)
        yield SystemCommand("Decision log", f"Review and edit decisions ({key_for(self.host, 'decision_log', 'alt+d')})", self.decision_log)
        yield SystemCommand("Agenda", f"Planned vs actual time for every step ({key_for(self.host, 'agenda', 'alt+a')})", self.agenda)
        yield SystemCommand(
            "Presenter mode", f"Large question, timer and items for the shared screen ({key_for(self.host, 'presenter_mode', 'f7')})",
            self.host.action_presenter_mode,
        )



class SessionFacilitation(FacilitationPart):
    """The session screen's facilitation: the live state of its open document."""

    def __init__(self, host: SessionFacilitationHost) -> None:
        """Create the part; `host` is the session screen (it satisfies SessionFacilitationHost)."""
        super().__init__(host)
        self.host: SessionFacilitationHost = host
        """The screen this is part of."""
        self._live: LiveSession | None = None

    def live(self) -> LiveSession:
        """The session's facilitation operations (built once per loaded session)."""
        document = self.host.document
        cached = self._live
        if cached is None or cached.session is not document.session:
            from ..model.live import LiveSession

            cached = LiveSession(document.session, document.template)
            self._live = cached
            from ..model import operations as ops

            settle = ops.settle_timers(cached)  # a clock left running overnight stops at its timebox
            if settle is not None:  # a correction on open, not an edit to undo
                self._submit_live(settle, record=False)
        return cached

    def step(self) -> str:
        """The step on screen."""
        return self.live().session.current_step

    def changed(self, answers: bool = False) -> None:
        """Refresh and schedule a save after a facilitation change (see FacilitationPart.changed)."""
        self.host.after_change()
        self.refresh()
        if answers:
            self._redrawn = True
            self.host.call_later(self.host.show_step, focus=False)  # the step current then

    def flush(self) -> None:
        """Copy keystrokes the answer boxes have not reported yet into the session."""
        self.host.flush_edits()

    def focus_answer(self) -> None:
        """Put the cursor back in the step's first answer box."""
        view = self.host.step_view  # looked up now: the redraw may have replaced it
        if view is not None:
            view.focus_first()

    def step_changed(self, old_step: str, new_step: str) -> None:
        """Call when the screen moves from `old_step` to `new_step` (a running clock follows)."""
        from ..model import operations as ops

        live = self.live()
        follow = ops.follow(live, old_step, new_step, actor=live.contributor) if old_step else None
        if follow is not None:  # the clock follows: saved, but moving is not an edit to undo
            self._submit_live(follow, record=False)
            self.host.after_change()
        for bar in self.host.query("FacilitationBar"):
            bar.show(new_step)

    def open_capture(self) -> None:
        """Open the idea capture (a dialog here; the presenter focuses its own input)."""
        from .brainstorm import BrainstormDialog

        live, step = self.current()
        self.host.app.push_screen(
            BrainstormDialog(live, step, lambda: self.changed(answers=True)),
            self._back_from_view,
        )

    def go_to(self, step_id: str | None) -> None:
        """Show `step_id` (after the agenda or presenter mode picked it)."""
        if step_id:
            self.host.call_later(self.host.show_step, step_id)


def _timer_op(live: "LiveSession", step: str, *, start: bool) -> "Operation":
    """Start (with the step's timebox) or pause a step's timer, as an operation."""
    from ..model import operations as ops

    if start:
        return ops.StartTimer(step, live.planned_default(step), actor=live.contributor)
    return ops.PauseTimer(step, actor=live.contributor)
