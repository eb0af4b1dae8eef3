"""Provides FacilitationMixin: the live-session keys, actions and palette commands a screen mixes in.

A screen that shows a session mixes this in to get the timer, roster,
brainstorm, voting, parking lot, decision log, agenda and presenter-mode
actions, and adds `FACILITATION_BINDINGS` to its `BINDINGS` (mixins can't
contribute bindings themselves) and `facilitation_commands()` to its palette
commands.

The host provides three hooks (defaults fit `SessionScreen`):

- `facilitation_live()` — the `LiveSession` (default: built from `self.document`);
- `facilitation_step()` — the step on screen (default: `session.current_step`);
- `facilitation_changed(answers=False)` — refresh and schedule a save
  (default: calls `self._after_change()`, redraws a mounted `FacilitationBar`
  and, when answers changed, re-shows the step with `self.show_step`).

and `action_presenter_mode()` (the key and the palette command call it): the
session screen opens presenter mode with `presenter.open_presenter(self)`;
presenter mode itself goes back. This module never imports the presenter,
which is a FacilitationMixin too (no import cycle).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from textual.app import SystemCommand
from textual.binding import Binding

from ..keys import key_for

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..model.live import LiveSession
    from ..model.operations import Operation
    from ..widgets.timer import TimerDisplay

FACILITATION_BINDINGS: list[Binding] = [
    Binding("ctrl+r", "timer_toggle", "Timer", id="timer_toggle", tooltip="Start or pause the timer"),
    Binding("alt+m", "timer_add_minute", "+1 min", id="timer_add_minute", show=False, priority=True),
    Binding("alt+x", "timer_reset", "Reset timer", id="timer_reset", show=False, priority=True),
    Binding("ctrl+o", "next_contributor", "Next person", id="next_contributor"),
    Binding("alt+o", "roster", "Roster", id="roster", show=False, priority=True),
    Binding("ctrl+l", "park_item", "Park", id="park_item", tooltip="Park an off-topic point"),
    Binding("alt+i", "add_idea", "Ideas", id="add_idea", show=False, priority=True),
    Binding("alt+s", "start_round", "Silent round", id="start_round", show=False, priority=True),
    Binding("alt+r", "reveal_round", "Reveal", id="reveal_round", show=False, priority=True),
    Binding("alt+v", "voting", "Vote", id="voting", show=False, priority=True),
    Binding("alt+a", "agenda", "Agenda", id="agenda", show=False, priority=True),
    Binding("alt+l", "parking_lot", "Parking lot", id="parking_lot", show=False, priority=True),
    Binding("alt+d", "decision_log", "Decisions", id="decision_log", show=False, priority=True),
    Binding("f7,alt+p", "presenter_mode", "Present", id="presenter_mode", priority=True),
]
"""Keys for the facilitation actions (all of them are also palette commands)."""


class FacilitationMixin:
    """Live-session actions for a screen (see the module docstring for the hooks)."""

    # ---------------------------------------------------------------- hooks
    def facilitation_live(self) -> LiveSession:
        """The session's facilitation operations."""
        document = getattr(self, "document")
        cached: LiveSession | None = getattr(self, "_facilitation_live", None)
        if cached is None or cached.session is not document.session:
            from ..model.live import LiveSession

            cached = LiveSession(document.session, document.template)
            self._facilitation_live = cached
            from ..model import operations as ops

            settle = ops.settle_timers(cached)  # a clock left running overnight stops at its timebox
            if settle is not None:  # a correction on open, not an edit to undo
                self._submit_live(settle, record=False)
        return cached

    def facilitation_step(self) -> str:
        """The step on screen."""
        return self.facilitation_live().session.current_step

    def facilitation_changed(self, answers: bool = False) -> None:
        """Refresh and schedule a save after a facilitation change.

        Args:
            answers: True when answers or FAQ items changed too (a reveal,
                a vote result), so the step's fields must be redrawn.
        """
        after = getattr(self, "_after_change", None)
        if callable(after):
            after()
        self.refresh_facilitation()
        if answers:
            show_step = getattr(self, "show_step", None)
            if callable(show_step):
                self._facilitation_redrawn = True
                self._screen.call_later(show_step, self.facilitation_step(), focus=False)

    def _back_from_view(self, _result: object = None) -> None:
        """After a facilitation view closes: put the cursor back in the answer if the step was redrawn.

        (The box that had focus was replaced while the view was open.)
        """
        if getattr(self, "_facilitation_redrawn", False):
            self._facilitation_redrawn = False
            self._screen.call_later(self._focus_answer)

    def _focus_answer(self) -> None:
        view = getattr(self, "step_view", None)  # looked up now: the redraw may have replaced it
        if view is not None and hasattr(view, "focus_first"):
            view.focus_first()

    def refresh_facilitation(self) -> None:
        """Redraw the facilitation bar, if the screen has one."""
        for bar in self._screen.query("FacilitationBar"):
            bar.show(self.facilitation_step())

    def facilitation_step_changed(self, old_step: str, new_step: str) -> None:
        """Call when the screen moves from `old_step` to `new_step` (a running clock follows)."""
        from ..model import operations as ops

        live = self.facilitation_live()
        follow = ops.follow(live, old_step, new_step, actor=live.contributor) if old_step else None
        if follow is not None:  # the clock follows: saved, but moving is not an edit to undo
            self._submit_live(follow, record=False)
            after = getattr(self, "_after_change", None)
            if callable(after):
                after()
        for bar in self._screen.query("FacilitationBar"):
            bar.show(new_step)

    def facilitation_open_capture(self) -> None:
        """Open the idea capture (a dialog here; the presenter focuses its own input)."""
        from .brainstorm import BrainstormDialog

        live, step = self._current()
        self._screen.app.push_screen(
            BrainstormDialog(live, step, lambda: self.facilitation_changed(answers=True)),
            self._back_from_view,
        )

    def facilitation_go_to(self, step_id: str | None) -> None:
        """Show `step_id` (after the agenda or presenter mode picked it)."""
        if not step_id:
            return
        show_step = getattr(self, "show_step", None)
        if callable(show_step):
            self._screen.call_later(show_step, step_id)

    # ---------------------------------------------------------------- helpers
    @property
    def _screen(self) -> "Screen[Any]":
        return self  # type: ignore[return-value]

    def _say(self, message: str, *, title: str = "", warn: bool = False, timeout: float = 3) -> None:
        self._screen.notify(
            message, title=title, severity="warning" if warn else "information",
            timeout=timeout, markup=False,
        )

    def _current(self) -> tuple[LiveSession, str]:
        """The operations and the step, after copying unreported keystrokes into the model.

        Every action starts here: a reveal or a vote result changes answers,
        and keys still queued in an answer box must land first, or they would
        later overwrite the change.
        """
        flush = getattr(self, "flush_edits", None)
        if callable(flush):
            flush()
        return self.facilitation_live(), self.facilitation_step()

    # ---------------------------------------------------------------- timer
    def action_timer_toggle(self) -> None:
        """Start the step's timer, or pause it if it runs."""
        live, step = self._current()
        if step:
            running = not live.timer(step).running
            self._submit_live(_timer_op(live, step, start=running))
            self.facilitation_changed()
            self._say("Timer running." if running else "Timer paused.", timeout=2)

    def action_timer_start(self) -> None:
        """Start (or resume) the step's timer."""
        live, step = self._current()
        if not step:
            return
        if live.timer(step).running:
            self._say("The timer is already running.", timeout=2)
            return
        self._submit_live(_timer_op(live, step, start=True))
        self.facilitation_changed()

    def action_timer_pause(self) -> None:
        """Pause the step's timer."""
        live, step = self._current()
        if not step:
            return
        if not live.timer(step).running:
            self._say("The timer isn't running.", timeout=2)
            return
        self._submit_live(_timer_op(live, step, start=False))
        self.facilitation_changed()

    def action_timer_add_minute(self) -> None:
        """Give the group one more minute."""
        live, step = self._current()
        if step:
            from ..model import operations as ops

            self._submit_live(ops.AddMinute(step, live.planned_default(step), actor=live.contributor))
            self.facilitation_changed()

    def _submit_live(self, op: "Operation", *, record: bool = True) -> None:
        """Apply `op` through the session's dispatcher (undoable like any edit unless `record` is False)."""
        from ..dispatch import Dispatcher

        Dispatcher.of(self.facilitation_live().session).submit(op, record=record)

    def action_timer_reset(self) -> None:
        """Stop the timer and restore the step's full timebox (time spent stays recorded)."""
        live, step = self._current()
        if step:
            from ..model import operations as ops

            self._submit_live(ops.reset_timer(live, step, actor=live.contributor))
            self.facilitation_changed()

    def on_timer_display_expired(self, message: TimerDisplay.Expired) -> None:
        """Ring the bell and notify when a step's time is up (nothing is blocked)."""
        message.stop()
        from ..widgets.timer import announce_expired

        announce_expired(
            self._screen, self.facilitation_live().step_title(message.step_id), message.key
        )

    # ---------------------------------------------------------------- people
    def action_next_contributor(self) -> None:
        """Credit what comes next to the next person (anonymous after the last)."""
        live, _ = self._current()
        if not live.participants:
            self._say(f"The roster is empty: {key_for(self._screen, 'roster', 'alt+o')} adds people.", warn=True)
            return
        from ..dispatch import Dispatcher
        from ..model import operations as ops

        name = live.next_contributor()
        Dispatcher.of(live.session).submit(ops.SetContributor(name, actor=live.contributor))
        self.facilitation_changed()
        from ..model.live import display_name

        self._say(f"Now contributing: {display_name(name)}", timeout=2)

    def action_roster(self) -> None:
        """Manage the roster and pick the current contributor."""
        from .roster import RosterScreen

        live, _ = self._current()
        self._screen.app.push_screen(RosterScreen(live, self.facilitation_changed))

    # ---------------------------------------------------------------- ideas
    def action_add_idea(self) -> None:
        """Capture ideas for this step, credited to the current contributor."""
        live, step = self._current()
        if live.collect_field(step) is None:
            self._say("This step has no list to collect ideas in.", warn=True)
            return
        self.facilitation_open_capture()

    def action_start_round(self) -> None:
        """Start a silent round: new ideas stay hidden until revealed."""
        from ..model import operations as ops

        live, step = self._current()
        try:
            self._submit_live(ops.start_round(live, step, actor=live.contributor))
        except ops.OperationError as error:
            self._say(error.reason.capitalize() + ".", warn=True)
            return
        self.facilitation_changed()
        self._say(f"Silent round started: ideas stay hidden until {key_for(self._screen, 'reveal_round', 'alt+r')} reveals them.")
        self.facilitation_open_capture()

    async def action_reveal_round(self) -> None:
        """Reveal the silent round: its ideas join the list."""
        from ..widgets.typeahead import handle_typeahead

        # A priority key: keys typed before it may still be queued in the answer box,
        # and would overwrite the list the reveal adds to once handled.
        await handle_typeahead(self._screen.app)
        from ..model import operations as ops

        live, step = self._current()
        reveal = ops.reveal_round(live, step, actor=live.contributor)
        if reveal is None:
            self._say(f"No silent round is running on this step ({key_for(self._screen, 'start_round', 'alt+s')} starts one).", warn=True)
            return
        count = len(live.hidden_ideas(step))
        self._submit_live(reveal)
        self.facilitation_changed(answers=True)
        self._say(f"{count} ideas revealed." if count else "The round ended with no ideas.")

    # ---------------------------------------------------------------- votes
    def action_voting(self) -> None:
        """Dot-vote on this step's candidates (or see the kept result)."""
        from .voting import VotingScreen, open_vote

        live, step = self._current()
        try:
            vote = open_vote(live, step)
        except ValueError as error:
            self._say(str(error).capitalize() + ".", warn=True)
            return
        self.facilitation_changed()
        self._screen.app.push_screen(
            VotingScreen(live, vote, lambda: self.facilitation_changed(answers=True)),
            self._back_from_view,
        )

    # ---------------------------------------------------------------- lists
    def action_park_item(self) -> None:
        """Park an off-topic point (with this step and the current contributor)."""
        from .parking_lot import park_prompt

        live, step = self._current()

        def parked(text: str | None) -> None:
            if text:
                from ..dispatch import Dispatcher
                from ..model import operations as ops

                Dispatcher.of(live.session).submit(ops.park(text, step, author=live.contributor))
                self.facilitation_changed()
                self._say(f"Parked ({len(live.state.parking_lot)} in the parking lot, {key_for(self._screen, 'parking_lot', 'alt+l')}).")

        self._screen.app.push_screen(park_prompt(live, step), parked)

    def action_parking_lot(self) -> None:
        """Review and edit the parking lot."""
        from .parking_lot import ParkingLotScreen

        live, step = self._current()
        self._screen.app.push_screen(ParkingLotScreen(live, step, self.facilitation_changed))

    def action_decision_log(self) -> None:
        """Review and edit the decision log."""
        from .decisions import DecisionLogScreen

        live, step = self._current()
        self._screen.app.push_screen(DecisionLogScreen(live, step, self.facilitation_changed))

    def action_log_decision(self) -> None:
        """Record a decision straight away."""
        from .decisions import DecisionDialog, DecisionForm

        live, step = self._current()

        def logged(form: DecisionForm | None) -> None:
            if form is not None:
                from ..dispatch import Dispatcher
                from .decisions import decision_op

                Dispatcher.of(live.session).submit(decision_op(form, step, actor=live.contributor))
                self.facilitation_changed()
                self._say(f"Decision logged ({key_for(self._screen, 'decision_log', 'alt+d')} shows the log).")

        self._screen.app.push_screen(DecisionDialog(list(live.participants)), logged)

    def action_agenda(self) -> None:
        """Planned vs actual time for every step."""
        from .agenda import AgendaScreen

        live, step = self._current()
        self._screen.app.push_screen(
            AgendaScreen(live, step, self.facilitation_changed), self.facilitation_go_to
        )

    # ---------------------------------------------------------------- palette
    def facilitation_commands(self) -> Iterable[SystemCommand]:
        """The palette commands for every facilitation action."""
        yield SystemCommand("Start timer", "Start or resume this step's timebox", self.action_timer_start)
        yield SystemCommand("Pause timer", "Pause this step's timebox", self.action_timer_pause)
        yield SystemCommand("Add a minute", f"One more minute for this step ({key_for(self._screen, 'timer_add_minute', 'alt+m')})", self.action_timer_add_minute)
        yield SystemCommand(
            "Reset timer", f"Stop and restore the full timebox; time spent stays recorded ({key_for(self._screen, 'timer_reset', 'alt+x')})",
            self.action_timer_reset,
        )
        yield SystemCommand(
            "Next contributor", f"Credit what comes next to the next person ({key_for(self._screen, 'next_contributor', 'ctrl+o')})",
            self.action_next_contributor,
        )
        yield SystemCommand(
            "Roster", f"Add, rename or remove participants; pick who contributes ({key_for(self._screen, 'roster', 'alt+o')})",
            self.action_roster,
        )
        yield SystemCommand("Add ideas", f"Capture ideas for this step, credited by name ({key_for(self._screen, 'add_idea', 'alt+i')})", self.action_add_idea)
        yield SystemCommand(
            "Start silent round", f"Ideas stay hidden until revealed ({key_for(self._screen, 'start_round', 'alt+s')})", self.action_start_round
        )
        yield SystemCommand("Reveal ideas", f"End the silent round and show its ideas ({key_for(self._screen, 'reveal_round', 'alt+r')})", self.action_reveal_round)
        yield SystemCommand("Dot-vote", f"Vote on this step's candidates ({key_for(self._screen, 'voting', 'alt+v')})", self.action_voting)
        yield SystemCommand("Park an item", f"Put an off-topic point in the parking lot ({key_for(self._screen, 'park_item', 'ctrl+l')})", self.action_park_item)
        yield SystemCommand("Parking lot", f"Review and edit parked points ({key_for(self._screen, 'parking_lot', 'alt+l')})", self.action_parking_lot)
        yield SystemCommand("Log a decision", "What, one-way or two-way door, owner, date", self.action_log_decision)
        yield SystemCommand("Decision log", f"Review and edit decisions ({key_for(self._screen, 'decision_log', 'alt+d')})", self.action_decision_log)
        yield SystemCommand("Agenda", f"Planned vs actual time for every step ({key_for(self._screen, 'agenda', 'alt+a')})", self.action_agenda)
        yield SystemCommand(
            "Presenter mode", f"Large question, timer and items for the shared screen ({key_for(self._screen, 'presenter_mode', 'f7')})",
            self.action_presenter_mode,
        )


def _timer_op(live: "LiveSession", step: str, *, start: bool) -> "Operation":
    """Start (with the step's timebox) or pause a step's timer, as an operation."""
    from ..model import operations as ops

    if start:
        return ops.StartTimer(step, live.planned_default(step), actor=live.contributor)
    return ops.PauseTimer(step, actor=live.contributor)
