"""Provides StepsPart: the session screen's steps and navigation (show a step, next, previous, the step list, help panels).

The session screen makes one `StepsPart(self)`, passing itself as the part's
`StepsHost` (the Protocol below); its `show_step` and its step actions, the
step list's messages and the help panels' toggles come here.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Protocol

from textual.containers import Container

from ..model.template import StageKind
from ..widgets.safe_text import shown
from ..widgets.step_view import PANELS, StepContext, StepView
from ..widgets.typeahead import handle_typeahead
from .session_host import SessionBasics

if TYPE_CHECKING:
    from textual.widgets import Button, Collapsible

    from ..document import OpenDocument
    from ..widgets.navigator import StepNavigator
    from .coach import CoachPart
    from .facilitation import SessionFacilitation


class StepsHost(SessionBasics, Protocol):
    """What the steps part may ask of its screen (the session screen)."""

    document: OpenDocument
    """The open session."""
    coach: CoachPart
    """The coach (it follows the step on screen)."""
    facilitation: SessionFacilitation
    """The facilitation (a running clock follows the step on screen)."""
    nav_open: bool
    """On narrow screens: the step list is shown."""
    sub_title: Any
    """The screen's subtitle (stage and step)."""

    @property
    def navigator(self) -> StepNavigator | None: ...
    def key(self, binding_id: str, default: str) -> str: ...
    def flush_edits(self) -> None: ...
    def show_step(self, step_id: str, *, focus: bool = True) -> Awaitable[None]: ...
    def action_export(self) -> None: ...
    def notify(self, message: str, **kwargs: Any) -> None: ...
    def query_one(self, selector: Any, expect_type: Any = None) -> Any: ...
    def refresh_bindings(self) -> None: ...
    def run_worker(self, work: Any, **kwargs: Any) -> Any: ...
    def call_after_refresh(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool: ...


class StepsPart:
    """Steps and navigation of a session screen (see the module docstring).

    Moving to another step goes through the screen's `show_step` (which
    hands over to `StepsPart.show_step`), so a screen that extends it (the
    team host publishes every move) sees every move.
    """

    def __init__(self, host: StepsHost) -> None:
        """Create the part; `host` is the screen (it satisfies StepsHost)."""
        self.host = host
        """The screen this is part of."""
        self.open_panels: set[str] = set()
        """Help panels the user keeps open (remembered from step to step)."""
        self._switching = asyncio.Lock()

    def _remember_step(self, step_id: str) -> None:
        """Keep the step as the resume point in the state folder (workshop.resume), in a thread."""
        self.host.run_worker(
            partial(self.host.document.remember_step, step_id),
            thread=True, exclusive=True, group="resume-point", exit_on_error=False,
        )

    async def show_step(self, step_id: str | None = None, *, focus: bool = True, quick: bool = False) -> None:
        """Show a step (rebuilt from the model), remember it as the current position.

        Args:
            step_id: The step to show; None: the one current when this runs (a redraw
                asked for now and run later keeps a step change typed in between).
            focus: Put the cursor in the step's first answer box.
            quick: Only the question and answer boxes for now (the first frame);
                `StepView.add_rest` adds the others.
        """
        if step_id is None:
            step_id = self.host.session.current_step
        step = self.host.template.step(step_id)
        stage = self.host.template.stage_of(step_id)
        if step is None or stage is None:
            return
        await handle_typeahead(self.host.app)  # keys typed before the switch reach their box first
        self.host.flush_edits()  # and what they typed reaches the session
        if step_id != self.host.session.current_step:
            previous = self.host.session.current_step
            self.host.session.go_to(step_id)
            self.host.facilitation.step_changed(previous, step_id)  # a running clock follows
        if step_id != self.host.document.resume_step:  # moving is no edit: not saved to the file
            self._remember_step(step_id)
        steps = self.host.template.steps
        index = self.host.template.step_index(step_id)
        context = StepContext(
            number=index + 1,
            total=len(steps),
            next_title=steps[index + 1].title if index + 1 < len(steps) else "",
            open_panels=frozenset(self.open_panels),
            panel_keys={
                "guidance": self.host.key("toggle_guidance", "f8"),
                "example": self.host.key("toggle_example", "f9"),
                "notes": self.host.key("toggle_notes", "f10"),
            },
            next_key=self.host.key("next_step", "f6"),
            quick=quick,
        )
        if stage.kind is StageKind.PRESS_RELEASE:
            from ..export import markdown  # press release steps only (start-up)

            context.pr_markdown = markdown.press_release(self.host.session, self.host.template)
            context.pr_words = markdown.press_release_words(self.host.session, self.host.template)
        host = self.host.query_one("#step-host", Container)
        async with self._switching:  # one switch at a time: never two views at once
            with self.host.app.batch_update():
                for old in host.query_children(StepView):
                    old.leaving = True  # its parts go first: late work must skip it
                await host.remove_children()
                view = StepView(stage, step, self.host.session, context)
                await host.mount(view)
        navigator = self.host.navigator
        if navigator is not None:
            navigator.set_current(step_id)
        self.host.sub_title = shown(f"{stage.title} · {step.title}")
        self.host.refresh_bindings()
        if not quick:  # the first frame's step: the coach starts after it (QuickStart), on this step
            self.host.coach.step_changed(step_id)
        if focus:
            view.focus_first()

    async def next_step(self) -> None:
        """Go to the next step."""
        steps = self.host.template.steps
        index = self.host.template.step_index(self.host.session.current_step)
        if index + 1 < len(steps):
            await self.host.show_step(steps[index + 1].id)
        else:
            self.host.notify(
                f"This is the last step. Press {self.host.key('export_markdown', 'f3')} (or {self.host.key('command_palette', 'ctrl+p')} → "
                "Export PR/FAQ as…) to write the PR/FAQ.",
                title="Last step",
            )

    async def previous_step(self) -> None:
        """Go to the previous step."""
        steps = self.host.template.steps
        index = self.host.template.step_index(self.host.session.current_step)
        if index > 0:
            await self.host.show_step(steps[index - 1].id)
        else:
            self.host.notify("This is the first step.", title="First step")

    def steps(self) -> None:
        """Show the step list and put the cursor in it (again: back to the answer)."""
        navigator = self.host.navigator
        if navigator is None:  # still starting up
            return
        if navigator.has_focus:
            self.host.nav_open = False
            if self.host.step_view is not None:
                self.host.step_view.focus_first()
            return
        self.host.nav_open = True
        self.host.call_after_refresh(navigator.focus)

    async def jump_requested(self, event: StepNavigator.JumpRequested) -> None:
        """Go to the step picked in the step list."""
        self.host.nav_open = False
        await self.host.show_step(event.step_id)

    def leave_requested(self, event: StepNavigator.LeaveRequested) -> None:
        """Back from the step list to the answer."""
        self.host.nav_open = False
        if self.host.step_view is not None:
            self.host.step_view.focus_first()

    async def next_pressed(self, event: Button.Pressed) -> None:
        index = self.host.template.step_index(self.host.session.current_step)
        if index + 1 < len(self.host.template.steps):
            await self.next_step()
        else:
            self.host.action_export()

    def toggle_panel(self, panel_id: str) -> None:
        """Expand or collapse guidance, the worked example or facilitator notes."""
        view = self.host.step_view
        if view is None or panel_id not in PANELS:
            return
        if not view.has_panel(panel_id):
            self.host.notify(f"This step has no {PANELS[panel_id].lower()}.", title=PANELS[panel_id])
            return
        open_ = not view.panel_open(panel_id)
        view.set_panel(panel_id, open_)
        self.remember_panel(panel_id, open_)

    def remember_panel(self, panel_id: str, open_: bool) -> None:
        if open_:
            self.open_panels.add(panel_id)
        else:
            self.open_panels.discard(panel_id)

    def panel_toggled(self, event: Collapsible.Toggled) -> None:
        panel_id = event.collapsible.id or ""
        if panel_id in PANELS:
            self.remember_panel(panel_id, not event.collapsible.collapsed)
