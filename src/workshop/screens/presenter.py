"""Provides PresenterScreen: the shared-screen view — large question, timer and items, no clutter."""

from __future__ import annotations

from typing import Callable, Iterable

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ..dispatch import Change, Dispatcher
from ..keys import key_for
from ..model import operations as ops
from ..model.live import LiveSession, display_name
from ..model.template import FieldType
from ..model.text import plural
from ..safe import shown
from ..widgets.brainstorm import IdeaCapture, IdeaList
from ..widgets.session_footer import SessionFooter
from ..widgets.timer import TimerDisplay
from .changes import UNDO_BINDINGS, UndoInView
from .dismiss_once import DismissOnce
from .facilitation import FACILITATION_BINDINGS, FacilitationPart
from .idea_merge import IdeaMergeMixin

_PRESENTER_KEYS = {"presenter_mode"}


class PresenterScreen(IdeaMergeMixin, DismissOnce, UndoInView, Screen["str | None"]):
    """What the room sees: the step's question, big; the countdown; the items.

    No guidance, examples or facilitator notes. Ideas can still be typed
    (credited to the current contributor; masked in a silent round), and the
    timer, rounds, votes and parking lot keys all work. F7 (or Esc) goes
    back to facilitator mode on the step shown here.
    """

    CSS_PATH = "facilitation.tcss"
    BINDINGS = [
        Binding("f7,alt+p,escape", "presenter_mode", "Facilitator", id="presenter_mode", priority=True),
        Binding("f6,alt+right", "step(1)", "Next", id="next_step"),
        Binding("f5,alt+left", "step(-1)", "Prev", id="previous_step"),
        *[b for b in FACILITATION_BINDINGS if b.id not in _PRESENTER_KEYS],
        *UNDO_BINDINGS,  # an idea, a round, a timer, or any other change to the session
    ]

    def __init__(self, live: LiveSession, step_id: str, on_change: Callable[[], None]) -> None:
        """Create the screen.

        Args:
            live: The session's facilitation operations.
            step_id: The step to present.
            on_change: Called after every change (the host refreshes and saves).
        """
        super().__init__()
        self.live = live
        """The session's facilitation operations."""
        self.step_id = step_id
        """The step on screen."""
        self.on_change = on_change
        """Tells the host something changed."""
        self.dispatcher = Dispatcher.of(live.session)
        """Applies and records the changes made here (undo with ctrl+z)."""
        self.facilitation = PresenterFacilitation(self)
        """Timer, rounds, votes, parking lot… on the presented step (screens/facilitation.py)."""

    # ------------------------------------------------------------ facilitation
    async def action_facilitation(self, name: str) -> None:
        """Run the facilitation action `name` (FACILITATION_BINDINGS)."""
        await self.facilitation.run(name)

    def on_timer_display_expired(self, message: TimerDisplay.Expired) -> None:
        message.stop()
        self.facilitation.timer_expired(message)

    def shows_change(self, change: Change) -> bool:
        return change.part in ("facilitation", "roster", "answers", "faq")

    def redraw_after_undo(self, change: Change) -> None:
        self.facilitation.changed(answers=True)

    def action_presenter_mode(self) -> None:
        """Back to facilitator mode, on the step shown here."""
        self.dismiss(self.step_id)

    # ------------------------------------------------------------ layout
    def merge_target(self) -> tuple[LiveSession, str]:
        """Ideas in the presenter's list are merged on the step presented."""
        return self.facilitation.live(), self.facilitation.step()

    def merged(self) -> None:
        """Redraw after a merge (and save)."""
        self.facilitation.changed(answers=True)

    def compose(self) -> ComposeResult:
        with Vertical(id="presenter"):
            with Horizontal(id="presenter-head"):
                with Vertical(id="presenter-heading"):
                    yield Static("", id="presenter-where", markup=False)
                    yield Static("", id="presenter-question", markup=False)
                yield TimerDisplay(self.live, self.step_id, id="presenter-timer")
            yield Static("", id="presenter-round", markup=False)
            yield IdeaList(id="presenter-items", markup=False)
            with VerticalScroll(id="presenter-answer-box"):
                yield Static("", id="presenter-answer", markup=False)
            yield IdeaCapture(self.live, self.step_id, id="presenter-capture")
        yield SessionFooter()

    def on_mount(self) -> None:
        self.refresh_view()
        capture = self.query_one(IdeaCapture)
        if capture.display:
            capture.input.focus()

    def refresh_view(self) -> None:
        """Redraw everything for the current step from the model."""
        live, step_id = self.live, self.step_id
        step = live.step(step_id)
        template = live.template
        where = ""
        if template is not None and step is not None:
            stage = template.stage_of(step_id)
            number = template.step_index(step_id) + 1
            where = f"{stage.title if stage else ''} · step {number} of {len(template.steps)}"
        self.query_one("#presenter-where", Static).update(shown(where))
        self.query_one("#presenter-question", Static).update(
            shown(step.question if step is not None else live.step_title(step_id))
        )
        timer = self.query_one(TimerDisplay)
        timer.step_id = step_id
        timer.tick()

        collects = live.collect_field(step_id) is not None
        active = live.active_round(step_id)
        banner = self.query_one("#presenter-round", Static)
        banner.display = active is not None
        if active is not None:
            counts = live.round_counts(active)
            total = sum(n for _, n in counts)
            people = " · ".join(f"{display_name(name)} {n}" for name, n in counts) or "none yet"
            banner.update(shown(f"Silent round — {plural(total, 'idea')} hidden until the reveal: {people}"))
        items = self.query_one(IdeaList)
        items.display = collects
        if collects:
            items.show(live, step_id, with_dots=True)
        answer_box = self.query_one("#presenter-answer-box")
        answer_text = self._answer_text()
        answer_box.display = bool(answer_text) or not collects
        self.query_one("#presenter-answer", Static).update(shown(answer_text) or "(nothing written yet)")
        capture = self.query_one(IdeaCapture)
        capture.display = collects
        capture.step_id = step_id
        if collects:
            capture.refresh_state()

    def _answer_text(self) -> str:
        """The step's written answers (text fields only), label by label."""
        step = self.live.step(self.step_id)
        if step is None:
            return ""
        parts = []
        text_fields = [f for f in step.fields if f.type in (FieldType.TEXT, FieldType.LONG_TEXT)]
        labelled = len(text_fields) > 1 or self.live.collect_field(step.id) is not None
        for item in text_fields:
            value = self.live.session.get_text(step.id, item.id).strip()
            if value:
                parts.append(f"{item.label}: {value}" if labelled else value)
        return "\n\n".join(parts)

    # ------------------------------------------------------------ actions
    def go_to(self, step_id: str) -> None:
        """Present another step (a running clock follows)."""
        if step_id == self.step_id:
            return
        follow = ops.follow(self.live, self.step_id, step_id, actor=self.live.contributor)
        if follow is not None:  # the clock follows: saved, but not an edit to undo
            self.dispatcher.submit(follow, record=False)
        self.live.session.go_to(step_id)
        self.step_id = step_id
        self.on_change()
        self.refresh_view()
        capture = self.query_one(IdeaCapture)
        if capture.display:
            capture.input.focus()

    def action_step(self, offset: int) -> None:
        """Go to the next (or previous) step."""
        template = self.live.template
        if template is None:
            return
        steps = template.steps
        index = template.step_index(self.step_id) + offset
        if 0 <= index < len(steps):
            self.go_to(steps[index].id)

    @on(IdeaCapture.Submitted)
    def _idea(self, event: IdeaCapture.Submitted) -> None:
        event.stop()
        try:
            self.dispatcher.submit(ops.add_idea(self.live, self.step_id, event.text))
        except ops.OperationError as error:
            self.notify(error.reason.capitalize() + ".", severity="warning", markup=False)
            event.capture.put_back(event.text)
            return
        event.capture.accepted()
        self.facilitation.changed(answers=True)
        self.facilitation.note_repeat(event.text)

    def commands(self) -> Iterable[SystemCommand]:
        """Palette commands in presenter mode."""
        yield SystemCommand("Next step", f"Present the next step ({key_for(self, 'next_step', 'f6')})", lambda: self.action_step(1))
        yield SystemCommand("Previous step", f"Present the previous step ({key_for(self, 'previous_step', 'f5')})", lambda: self.action_step(-1))
        yield SystemCommand(
            "Facilitator mode", f"Back to the full view with notes and fields ({key_for(self, 'presenter_mode', 'f7')})",
            self.action_presenter_mode,
        )
        for command in self.facilitation.commands():
            if command.title != "Presenter mode":
                yield command


class PresenterFacilitation(FacilitationPart):
    """Presenter mode's facilitation: the presented step of the live session it was given."""

    def __init__(self, host: PresenterScreen) -> None:
        """Create the part for presenter screen `host`."""
        super().__init__(host)
        self.presenter = host
        """The presenter screen."""

    def live(self) -> LiveSession:
        """The session's facilitation operations."""
        return self.presenter.live

    def step(self) -> str:
        """The presented step."""
        return self.presenter.step_id

    def changed(self, answers: bool = False) -> None:
        """Tell the host screen (it saves) and redraw."""
        self.presenter.on_change()
        self.presenter.refresh_view()

    def open_capture(self) -> None:
        """Put the cursor in the presenter's own idea box."""
        if self.presenter.query_one(IdeaCapture).display:
            self.presenter.query_one(IdeaCapture).input.focus()

    def go_to(self, step_id: str | None) -> None:
        """Present `step_id`."""
        if step_id:
            self.presenter.go_to(step_id)


def open_presenter(part: FacilitationPart) -> None:
    """Show presenter mode over the screen of facilitation `part`; the step it is left on comes back to it.

    The host's `action_presenter_mode` calls this (the session screen's, say):
    the facilitation module can't, since it never imports the presenter.
    """
    live, step = part.current()
    part.host.app.push_screen(PresenterScreen(live, step, part.changed), part.go_to)
