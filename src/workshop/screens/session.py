"""Provides SessionScreen: run one workshop session step by step, with autosave and export."""

from __future__ import annotations

import asyncio
import os
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Collapsible, Footer, Header
from textual.worker import Worker, WorkerState

from .. import autosave
from ..autosave import Autosave
from ..document import OpenDocument, SaveResult
from ..export import markdown
from ..export.write import write_snapshot
from ..keys import key_for
from ..model import clock
from ..model.session import Session
from ..model.template import FieldType, StageKind, Step, Template
from ..model.text import normalise
from ..storage import listing
from ..widgets.fields import FieldEditor
from ..widgets.safe_text import shown
from ..widgets.session_footer import SessionFooter
from ..widgets.status_bar import SessionStatusBar
from ..widgets.step_view import PANELS, StepContext, StepView
from ..widgets.typeahead import handle_typeahead
from .changes import UNDO_BINDINGS, ChangesMixin
from .coach import COACH_BINDINGS, CoachMixin
from .facilitation import FACILITATION_BINDINGS, FacilitationMixin
from .outside_edit import OutsideEditMixin

if TYPE_CHECKING:  # mounted after the first frame, imported then (start-up, issue 7)
    from ..widgets.faq_list import FaqPanel
    from ..widgets.navigator import StepNavigator

class SessionScreen(ChangesMixin, CoachMixin, FacilitationMixin, OutsideEditMixin, Screen):
    """One session: navigator, the current step, status line; saves itself.

    Data flow: widgets post messages (`FieldEditor.Changed`, `FaqPanel.Added`
    and its siblings, `StepNavigator.JumpRequested`); this screen submits
    operations to the document's dispatcher, whose change event comes back as
    one `SessionChanged` message that refreshes and schedules a save
    (screens/changes.py). The save snapshots
    the session here, on the UI thread, and writes it in a thread worker,
    `autosave.SAVE_DELAY` seconds after the last change (a restarted timer), so
    typing never waits for the disk.
    """

    CSS_PATH = ["session.tcss", "coach.tcss"]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (150, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        # priority: TextArea binds f6 to "select line"; moving on matters more here.
        Binding("f6,alt+right", "next_step", "Next", id="next_step", tooltip="Next step",
                priority=True),
        Binding("f5,alt+left", "previous_step", "Prev", id="previous_step",
                tooltip="Previous step"),
        Binding("f4", "steps", "Steps", id="show_steps",
                tooltip="Show the list of steps and jump to one"),
        Binding("f2,ctrl+s", "save", "Save", id="save_session", tooltip="Save now"),
        Binding("f3", "export", "Export", id="export_markdown",
                tooltip="Export the PR/FAQ to Markdown next to the session"),
        Binding("f8,alt+g", "toggle_panel('guidance')", "Guidance", id="toggle_guidance",
                show=False, priority=True, tooltip="Show or hide the guidance"),
        Binding("f9,alt+e", "toggle_panel('example')", "Example", id="toggle_example",
                show=False, priority=True, tooltip="Show or hide the worked example"),
        Binding("f10,alt+n", "toggle_panel('notes')", "Notes", id="toggle_notes", show=False,
                priority=True, tooltip="Show or hide the facilitator notes"),
        # priority: a focused text box would otherwise take the key first.
        Binding("alt+w", "edit_external", "Edit in editor", id="edit_external", show=False,
                priority=True, tooltip="Edit the focused box in $VISUAL / $EDITOR"),
        *COACH_BINDINGS,  # writing coach, practice, readiness, review (screens/coach.py)
        *FACILITATION_BINDINGS,  # timer, contributor, rounds, votes, parking lot, presenter
        *UNDO_BINDINGS,  # ctrl+z / ctrl+y: session-wide undo and redo (screens/changes.py)
    ]

    nav_open: reactive[bool] = reactive(False)
    """On narrow screens: the step list is shown."""

    def __init__(self, document: OpenDocument) -> None:
        """Create the screen.

        Args:
            document: The open session (model, template, file).
        """
        super().__init__()
        self.document = document
        """The open session; the app saves every screen's `document` on quit."""
        self.set_reactive(Screen.title, shown(document.session.title))  # in the first frame
        self.open_panels: set[str] = set()
        """Help panels the user keeps open (remembered from step to step)."""
        self.last_export: Path | None = None
        """Where the last export went."""
        self.autosave = Autosave()
        """When to save and what to say about it (workshop.autosave; the timers are here)."""
        self._save_timer: Timer | None = None
        self._retry_timer: Timer | None = None
        self._switching = asyncio.Lock()

    # ------------------------------------------------------------ shortcuts
    @property
    def session(self) -> Session:
        """The session being edited."""
        return self.document.session

    @property
    def template(self) -> Template:
        """The template it follows."""
        return self.document.template

    @property
    def current_step(self) -> Step | None:
        """The step on screen."""
        return self.template.step(self.session.current_step)

    @property
    def step_view(self) -> StepView | None:
        """The view of the step on screen (None while switching)."""
        # Look in the host only (a query of the whole screen costs ~5 ms per key
        # with a long press release preview on screen).
        host = self.query_one_optional("#step-host", Container)
        if host is None:
            return None
        for child in host.children:
            if isinstance(child, StepView):
                return child
        return None

    @property
    def status_bar(self) -> SessionStatusBar:
        """The progress / words / save line."""
        return self.query_one(SessionStatusBar)

    @property
    def navigator(self) -> StepNavigator | None:
        """The list of steps (None until it is mounted, just after the first frame)."""
        return self.query_one_optional("#navigator")  # type: ignore[return-value]

    def key(self, binding_id: str, default: str) -> str:
        """How the key of a binding is shown now (the user's remaps included)."""
        return key_for(self, binding_id, default)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: str = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notify, with any control characters (from file names or answers) made visible."""
        super().notify(
            shown(message), title=shown(title), severity=severity,  # type: ignore[arg-type]
            timeout=timeout, markup=markup,
        )

    # ------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        """Header, the step, status line, footer (the rest comes after the first frame)."""
        yield Header()
        with Horizontal(id="session-main"):
            yield Container(id="step-host")
        yield SessionStatusBar(id="status")

    async def on_mount(self) -> None:
        """Show the step the session was left on, with its answers.

        The first frame holds what a person needs to start typing: where they
        are, the question and the answer boxes. The step list and the
        facilitation bar are mounted right after it (`_mount_rest`), which
        keeps start-up close to a bare Textual app's (issue 7).
        """
        self.title = shown(self.session.title)
        self._refresh_progress()
        self._refresh_words()
        steps = self.template.steps
        start = self.session.current_step
        if self.template.step(start) is None and steps:
            start = steps[0].id
        if start:
            await self.show_step(start, quick=True)
        for warning in self.document.warnings:
            self.notify(warning, title="Note", severity="warning", timeout=12, markup=False)
        if self.document.read_only:
            self._show_read_only()
        # Via the app's queue: at start-up this runs inside the app's own mount,
        # where Textual holds back painting and runs "after refresh" callbacks
        # at once; from the app's queue it waits until the first frame is out.
        self.app.call_later(self._start_rest)

    def _start_rest(self) -> None:
        """Mount the rest in a worker (so `workers.wait_for_complete()` covers start-up)."""
        if self.is_attached:
            self.run_worker(self._mount_rest(), name="session-start", group="session-start")

    async def _mount_rest(self) -> None:
        """Mount what the first frame left out, one piece per frame, then start the coach.

        One piece at a time, with a frame between, so a key typed meanwhile is
        shown after at most one piece's work rather than after all of it.
        """
        from ..widgets.facilitation_bar import FacilitationBar
        from ..widgets.navigator import StepNavigator

        async def settle_document() -> None:
            # The backup (a file copy) and the lock (`OpenDocument.open(..., later=True)`),
            # in a thread: file work stays off the UI thread, keys typed meanwhile show.
            before = len(self.document.warnings)
            await asyncio.to_thread(self.document.settle)
            for warning in self.document.warnings[before:]:
                self.notify(warning, title="Note", severity="warning", timeout=12, markup=False)
            if self.document.read_only and not self.status_bar.read_only:
                self._show_read_only()

        async def step_extras() -> None:
            view = self.step_view
            if view is not None:
                await view.add_rest()

        async def navigator() -> None:
            steps = StepNavigator(
                self.template,
                {step.id: self.session.step_status(step) for step in self.template.steps},
                self.session.current_step,
                id="navigator",
            )
            await self.query_one("#session-main", Horizontal).mount(steps, before=0)
            steps.set_current(self.session.current_step)  # and highlight it

        async def bars() -> None:
            await self.mount(  # roster, silent round, session time, countdown
                FacilitationBar(
                    self.facilitation_live(), self.session.current_step, id="facilitation-bar"
                ),
                before=self.status_bar,
            )
            footer = SessionFooter()
            footer.compact = self.size.width < 100
            await self.mount(footer)
            self.refresh_bindings()  # a Footer shows keys once bindings are announced

        async def finish() -> None:
            # The bars took rows from the step: bring the answer box back into view.
            view = self.step_view
            if view is not None:
                view.scroll_to_focus()
            # Changes made in pushed views reach this screen (and its autosave).
            self.listen_for_changes()
            # Last: the first check (a thread) would otherwise compete with
            # drawing for the interpreter (about +80 ms on the large session).
            self.coach_start()

        for piece in (settle_document, step_extras, navigator, bars, finish):
            await self.wait_for_refresh()  # a frame first (before the first piece: the first frame)
            if not self.is_attached:
                return
            await piece()

    # ------------------------------------------------------------ steps
    async def show_step(self, step_id: str, *, focus: bool = True, quick: bool = False) -> None:
        """Show a step (rebuilt from the model), remember it as the current position.

        Args:
            step_id: The step to show.
            focus: Put the cursor in the step's first answer box.
            quick: Only the question and answer boxes for now (the first frame);
                `StepView.add_rest` adds the others.
        """
        step = self.template.step(step_id)
        stage = self.template.stage_of(step_id)
        if step is None or stage is None:
            return
        await handle_typeahead(self.app)  # keys typed before the switch reach their box first
        self.flush_edits()  # and what they typed reaches the session
        if step_id != self.session.current_step:
            previous = self.session.current_step
            self.session.go_to(step_id)
            self.facilitation_step_changed(previous, step_id)  # a running clock follows
        if step_id != self.document.resume_step:  # moving is no edit: not saved to the file
            self._remember_step(step_id)
        steps = self.template.steps
        index = self.template.step_index(step_id)
        context = StepContext(
            number=index + 1,
            total=len(steps),
            next_title=steps[index + 1].title if index + 1 < len(steps) else "",
            open_panels=frozenset(self.open_panels),
            panel_keys={
                "guidance": self.key("toggle_guidance", "f8"),
                "example": self.key("toggle_example", "f9"),
                "notes": self.key("toggle_notes", "f10"),
            },
            next_key=self.key("next_step", "f6"),
            quick=quick,
        )
        if stage.kind is StageKind.PRESS_RELEASE:
            context.pr_markdown = markdown.press_release(self.session, self.template)
            context.pr_words = markdown.press_release_words(self.session, self.template)
        host = self.query_one("#step-host", Container)
        async with self._switching:  # one switch at a time: never two views at once
            with self.app.batch_update():
                await host.remove_children()
                view = StepView(stage, step, self.session, context)
                await host.mount(view)
        navigator = self.navigator
        if navigator is not None:
            navigator.set_current(step_id)
        self.sub_title = shown(f"{stage.title} · {step.title}")
        self.refresh_bindings()
        self.coach_step_changed(step_id)
        if focus:
            view.focus_first()

    async def action_next_step(self) -> None:
        """Go to the next step."""
        steps = self.template.steps
        index = self.template.step_index(self.session.current_step)
        if index + 1 < len(steps):
            await self.show_step(steps[index + 1].id)
        else:
            self.notify(
                f"This is the last step. Press {self.key('export_markdown', 'f3')} (or ctrl+p → "
                "Export to Markdown) to write the PR/FAQ.",
                title="Last step",
            )

    async def action_previous_step(self) -> None:
        """Go to the previous step."""
        steps = self.template.steps
        index = self.template.step_index(self.session.current_step)
        if index > 0:
            await self.show_step(steps[index - 1].id)
        else:
            self.notify("This is the first step.", title="First step")

    def action_steps(self) -> None:
        """Show the step list and put the cursor in it (again: back to the answer)."""
        navigator = self.navigator
        if navigator is None:  # still starting up
            return
        if navigator.has_focus:
            self.nav_open = False
            if self.step_view is not None:
                self.step_view.focus_first()
            return
        self.nav_open = True
        self.call_after_refresh(navigator.focus)

    def on_resize(self) -> None:
        """Use the compact footer when the screen is narrow, so more keys fit."""
        footer = self.query_one_optional(Footer)
        if footer is not None:
            footer.compact = self.size.width < 100

    def watch_nav_open(self, nav_open: bool) -> None:
        """Show the step list on narrow screens while it is open."""
        self.set_class(nav_open, "-nav-open")

    async def on_step_navigator_jump_requested(self, event: StepNavigator.JumpRequested) -> None:
        """Go to the step picked in the step list."""
        event.stop()
        self.nav_open = False
        await self.show_step(event.step_id)

    def on_step_navigator_leave_requested(self, event: StepNavigator.LeaveRequested) -> None:
        """Back from the step list to the answer."""
        event.stop()
        self.nav_open = False
        if self.step_view is not None:
            self.step_view.focus_first()

    @on(Button.Pressed, "#next-step")
    async def _next_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        index = self.template.step_index(self.session.current_step)
        if index + 1 < len(self.template.steps):
            await self.action_next_step()
        else:
            self.action_export()

    # ------------------------------------------------------------ help panels
    def action_toggle_panel(self, panel_id: str) -> None:
        """Expand or collapse guidance, the worked example or facilitator notes."""
        view = self.step_view
        if view is None or panel_id not in PANELS:
            return
        if not view.has_panel(panel_id):
            self.notify(f"This step has no {PANELS[panel_id].lower()}.", title=PANELS[panel_id])
            return
        open_ = not view.panel_open(panel_id)
        view.set_panel(panel_id, open_)
        self._remember_panel(panel_id, open_)

    def _remember_panel(self, panel_id: str, open_: bool) -> None:
        if open_:
            self.open_panels.add(panel_id)
        else:
            self.open_panels.discard(panel_id)

    @on(Collapsible.Expanded)
    @on(Collapsible.Collapsed)
    def _panel_toggled(self, event: Collapsible.Toggled) -> None:
        panel_id = event.collapsible.id or ""
        if panel_id in PANELS:
            self._remember_panel(panel_id, not event.collapsible.collapsed)

    # ------------------------------------------------------------ answers
    @on(FieldEditor.Changed)
    def _answer_changed(self, event: FieldEditor.Changed) -> None:
        from ..model import operations as ops  # after the first frame (start-up)

        event.stop()
        self.submit(ops.SetAnswer(event.step_id, event.field_id, event.value, actor=self.actor()))

    def _after_change(self) -> None:
        """Update marks, progress and preview, and schedule a save."""
        self._refresh_marks()
        self._refresh_progress()
        self._refresh_words()
        self._schedule_save()
        self.coach_changed()

    def _refresh_marks(self) -> None:
        navigator = self.navigator
        if navigator is None:  # mounted just after the first frame, with fresh marks
            return
        for step in self.template.steps:
            navigator.set_status(step.id, self.session.step_status(step))

    def _refresh_progress(self) -> None:
        answered, total = self.session.progress(self.template)
        bar = self.status_bar
        bar.answered, bar.total = answered, total

    def _refresh_words(self) -> None:
        words = markdown.press_release_words(self.session, self.template)
        self.status_bar.words = words
        view = self.step_view
        preview = (
            view.query_one_optional("#pr-preview")
            if view is not None and view.is_press_release
            else None
        )
        if preview is not None:
            # Built when the preview's debounce timer fires, not on every key.
            preview.show(lambda: markdown.press_release(self.session, self.template), words)

    # ------------------------------------------------------------ FAQ
    # Named handlers: FaqPanel is imported after the first frame (start-up), too late for @on.
    def on_faq_panel_added(self, event: FaqPanel.Added) -> None:
        """Add a question typed in the new-question box or picked from the suggestions."""
        from ..model import operations as ops  # after the first frame (start-up)

        event.stop()
        add = ops.add_faq(event.question, event.kind, actor=self.actor())
        # Typed in the box: one step adds the question and empties the box (undo puts the text back).
        draft = ops.SetFaqDraft(event.kind, "", actor=add.actor, at=add.at)
        if self.submit(ops.Batch(steps=(add, draft), actor=add.actor, at=add.at)
                       if event.from_box else add) is not None:
            event.panel.set_items(self.session.faq_items(event.kind), select=str(add.item["id"]))

    def on_faq_panel_edited(self, event: FaqPanel.Edited) -> None:
        """Change an item's question, answer or answered mark."""
        from ..model import operations as ops  # after the first frame (start-up)

        event.stop()
        item = self.session.find_faq(event.item_id)
        if item is None:
            return
        changes = {
            name: value for name, value in event.changes.items()
            if getattr(item, name) != normalise(value)
        }
        if changes.get("status") == "answered" and not changes.get("answer", item.answer).strip():
            self.notify(
                "Type the answer first, then mark the question answered.",
                title="No answer yet",
                severity="warning",
            )
            event.panel.refresh_item(item)
            return
        if changes and self.submit(ops.EditFaq(item.id, changes, actor=self.actor())):
            event.panel.refresh_item(item)

    def on_faq_panel_deleted(self, event: FaqPanel.Deleted) -> None:
        """Delete an item (undo brings it back)."""
        from ..model import operations as ops  # after the first frame (start-up)

        event.stop()
        item = self.session.find_faq(event.item_id)
        if item is None or not self.submit(ops.DeleteFaq(item.id, actor=self.actor())):
            return
        event.panel.set_items(self.session.faq_items(event.kind))
        self.notify(
            f"Deleted “{shown(item.question)}”. Press {self.key('undo', 'ctrl+z')} "
            "(or run Undo from the command palette) to bring it back.",
            title="Question deleted",
            markup=False,
        )

    def on_faq_panel_moved(self, event: FaqPanel.Moved) -> None:
        """Move an item up or down."""
        from ..model import operations as ops  # after the first frame (start-up)

        event.stop()
        if self.submit(ops.MoveFaq(event.item_id, event.offset, actor=self.actor())) is None:
            self.app.bell()
            return
        event.panel.set_items(self.session.faq_items(event.kind), select=event.item_id)

    def on_faq_panel_draft_changed(self, event: FaqPanel.DraftChanged) -> None:
        """Keep the new-question box's text (saved like any answer)."""
        from ..model import operations as ops  # after the first frame (start-up)

        event.stop()
        self.submit(ops.SetFaqDraft(event.kind, event.question, actor=self.actor()))

    async def on_faq_panel_undo_requested(self, event: FaqPanel.UndoRequested) -> None:
        """The list's undo key: undo the last change, like ctrl+z."""
        event.stop()
        await self.action_undo()

    async def _faq_panel(self, *, go_there: bool = True) -> FaqPanel | None:
        view = self.step_view
        panel = view.faq_panel() if view is not None else None
        if panel is None and go_there:
            target = next(
                (s for s in self.template.steps if any(f.type is FieldType.FAQ for f in s.fields)),
                None,
            )
            if target is None:
                self.notify("This workshop has no FAQ step.", title="No FAQ")
                return None
            await self.show_step(target.id, focus=False)
            view = self.step_view
            panel = view.faq_panel() if view is not None else None
        return panel

    async def action_add_question(self) -> None:
        """Put the cursor in the new-question box (going to the FAQ step if needed)."""
        panel = await self._faq_panel()
        if panel is not None:
            panel.focus_new_question()
            self.call_after_refresh(panel.focus_new_question)

    async def action_use_suggestion(self) -> None:
        """Add a suggested question to the FAQ on screen (going there if needed)."""
        panel = await self._faq_panel()
        if panel is not None:
            panel.action_use_suggestion()

    def _panel_on_screen(self) -> FaqPanel | None:
        view = self.step_view
        panel = view.faq_panel() if view is not None else None
        if panel is None:
            self.notify(f"Go to an FAQ step first ({self.key('command_palette', 'ctrl+p')} → Add question).", title="No FAQ here")
        return panel

    def action_toggle_answered(self) -> None:
        """Mark the selected question answered (or open again)."""
        panel = self._panel_on_screen()
        if panel is not None:
            panel.action_toggle_answered()

    def action_delete_question(self) -> None:
        """Delete the selected question (undo brings it back)."""
        panel = self._panel_on_screen()
        if panel is not None and panel.highlighted_id:
            panel.post_message(type(panel).Deleted(panel, panel.kind, panel.highlighted_id))

    def action_move_question(self, offset: int) -> None:
        """Move the selected question up or down."""
        panel = self._panel_on_screen()
        if panel is not None and panel.highlighted_id:
            panel.post_message(type(panel).Moved(panel, panel.kind, panel.highlighted_id, offset))

    def action_answer_question(self) -> None:
        """Put the cursor in the selected question's answer."""
        panel = self._panel_on_screen()
        if panel is not None:
            panel.focus_answer()
            self.call_after_refresh(panel.focus_answer)

    def action_edit_question(self) -> None:
        """Put the cursor in the selected question's text."""
        panel = self._panel_on_screen()
        if panel is not None:
            panel.focus_question_editor()
            self.call_after_refresh(panel.focus_question_editor)

    def action_edit_external(self) -> None:
        """Edit the focused box in the user's own editor (screens/external_editor.py)."""
        from .external_editor import edit_focused

        edit_focused(self)

    # ------------------------------------------------------------ saving
    def flush_edits(self) -> None:
        """Copy keystrokes the boxes show but have not reported yet into the session.

        The app calls this before saving on quit or after a crash, and a step
        change calls it before the boxes go away, because the messages of the
        last keys may still be queued. Boxes whose text was already reported
        are left alone, so a model change made elsewhere is never overwritten.
        """
        from ..model import operations as ops  # after the first frame (start-up)

        view = self.step_view
        if view is None:
            return
        actor = self.actor()
        for editor in view.editors():
            value = editor.unreported()
            if value is not None:
                self.submit(ops.SetAnswer(editor.step_id, editor.field.id, value, actor=actor))
        panel = view.faq_panel()
        draft = panel.unreported_draft() if panel is not None else None
        if panel is not None and draft is not None:
            self.submit(ops.SetFaqDraft(panel.kind, draft, actor=actor))
        pending = panel.unreported_edit() if panel is not None else None
        if pending is not None:
            item_id, question, answer = pending
            item = self.session.find_faq(item_id)
            if item is not None:
                changes: dict[str, str] = {}
                if question.strip() and normalise(question) != item.question:
                    changes["question"] = question
                if normalise(answer) != item.answer:
                    changes["answer"] = answer
                if changes:
                    self.submit(ops.EditFaq(item_id, changes, actor=actor))

    @work(thread=True, exclusive=True, group="resume-point", exit_on_error=False)
    def _remember_step(self, step_id: str) -> None:
        """Keep the step as the resume point in the state folder (workshop.resume)."""
        self.document.remember_step(step_id)

    def _schedule_save(self) -> None:
        """(Re)start the autosave timer when `self.autosave` says so (workshop.autosave)."""
        state = self.autosave.state_after_change
        if state is not None:
            self.status_bar.save_state = state
        delay = self.autosave.schedule(time.monotonic())
        if delay is None:
            return
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(delay, self._autosave_due, name="autosave")

    def _stop_save_timers(self, *, retry: bool = True) -> None:
        """Stop the save timer (and the retry timer)."""
        timers = (self._save_timer, self._retry_timer) if retry else (self._save_timer,)
        for timer in timers:
            if timer is not None:
                timer.stop()
        self._save_timer = None
        self.autosave.stop_timers(retry=retry)
        if retry:
            self._retry_timer = None

    def _autosave_due(self) -> None:
        self._save_timer = None
        self.autosave.timer_fired()
        self.save_in_background()

    def save_in_background(self) -> None:
        """Snapshot the session here and write it in a thread worker (one at a time)."""
        request = self.autosave.request(
            dirty=self.document.dirty, outside=self.document.outside_change is not None
        )
        if request.state is not None:
            self.status_bar.save_state = request.state
        if request.action == "outside":  # paused until the user decides
            self.show_outside_change(again=request.announce)
            return
        if request.action == "clean":
            if request.announce:
                self.notify(str(self.document.path), title="Already saved", markup=False)
            return
        if request.action == "queued":
            return
        revision, data = self.document.snapshot()
        self.run_worker(
            partial(self.document.write, revision, data),
            name="autosave",
            group="autosave",
            thread=True,
            exit_on_error=False,
        )

    def action_save(self) -> None:
        """Save now (changes also save by themselves)."""
        self._stop_save_timers(retry=False)
        self.autosave.save_now()
        self.save_in_background()

    def _save_finished(self, result: SaveResult) -> None:
        finished = self.autosave.finished(
            ok=result.ok, outside=result.outside is not None, dirty=self.document.dirty
        )
        if finished.outcome == "closed":
            return
        if finished.outcome == "outside":  # the file changed outside: ask (outside_edit.py)
            self.show_outside_change()
            return
        if finished.outcome == "failed":
            self._save_failed(result.error or "unknown error")
            return
        bar = self.status_bar
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
        bar.save_detail = clock.now().astimezone().strftime("%H:%M")
        if finished.state is not None:
            bar.save_state = finished.state
        if finished.recovered:
            self.notify(
                f"Everything is on disk again: {result.path}",
                title="Saved",
                markup=False,
            )
        elif finished.announce:
            self.notify(str(result.path), title="Saved", markup=False)
        if finished.again:
            self.save_in_background()

    def _save_failed(self, reason: str) -> None:
        bar = self.status_bar
        failure = self.autosave.failed(reason)
        bar.save_detail = reason
        bar.save_state = "failed"
        if failure.notify:
            self.notify(
                f"{reason}\nYour work is kept in memory and saving is retried every "
                f"{autosave.RETRY_DELAY:g} seconds. To keep it somewhere else now, use "
                f"{self.key('command_palette', 'ctrl+p')} → “Save session as…”.",
                title="NOT SAVED",
                severity="error",
                timeout=15,
                markup=False,
            )
        if failure.start_retry or self._retry_timer is None:
            if self._retry_timer is not None:
                self._retry_timer.stop()
            self._retry_timer = self.set_interval(
                autosave.RETRY_DELAY, self._retry_save, name="save-retry"
            )

    def _retry_save(self) -> None:
        if not self.autosave.retry_due():
            if self._retry_timer is not None:
                self._retry_timer.stop()
                self._retry_timer = None
            return
        self.save_in_background()

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        state = event.state
        if state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        if worker.group == "autosave":
            if state is WorkerState.SUCCESS and isinstance(worker.result, SaveResult):
                self._save_finished(worker.result)
            else:
                self._save_finished(
                    SaveResult(False, 0, self.document.path, str(worker.error or "cancelled"))
                )
        elif worker.group == "export":
            self._export_finished(worker, state)

    # ------------------------------------------------------------ save as
    def _writable_folder(self, folder: Path) -> Path:
        return folder if os.access(folder, os.W_OK | os.X_OK) else Path.home()

    def action_save_as(self) -> None:
        """Ask for a new file and save the session there (later saves go there too)."""
        from .dialogs import PathDialog

        path = self.document.path
        folder = self._writable_folder(path.parent)
        initial = listing.unique_path(folder, f"{path.stem}-copy") if folder.is_dir() else (
            folder / f"{path.stem}-copy.toml"
        )
        self.app.push_screen(
            PathDialog(
                "Save session as…",
                initial,
                must_not_exist=True,
                message="From now on this session saves to the new file.",
            ),
            callback=self._save_as_chosen,
        )

    def _save_as_chosen(self, path: Path | None) -> None:
        """Write the session to `path` and keep editing there.

        Runs on the UI thread: `OpenDocument.save_as` moves the session lock
        and the file name together, and a one-off save of a small file is
        quick; autosaves stay in the worker.
        """
        if path is None:
            return
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".toml")
        self._stop_save_timers(retry=False)
        result = self.document.save_as(path)
        if not result.ok:
            self.notify(
                f"{result.error}\nChoose another place ({self.key('command_palette', 'ctrl+p')} → Save session as…).",
                title="Not saved there",
                severity="error",
                timeout=12,
                markup=False,
            )
            return
        was_failing = self.autosave.failing
        self.autosave.resume()
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
        bar = self.status_bar
        bar.read_only = self.document.read_only
        bar.save_detail = clock.now().astimezone().strftime("%H:%M")
        bar.save_state = "saved"
        if self.document.dirty:
            self._schedule_save()
        self.notify(
            f"{result.path}\nFrom now on this session saves there."
            + (" Your work is safe." if was_failing else ""),
            title="Saved as",
            markup=False,
        )

    # ------------------------------------------------------------ read-only
    def _show_read_only(self) -> None:
        holder = self.document.holder
        where = holder.describe() if holder is not None else "another workshop window"
        self.status_bar.read_only = True
        self.notify(
            f"{self.document.path} is open in {where}, so nothing you type here is saved to it. "
            f"Close it there and use {self.key('command_palette', 'ctrl+p')} → “Take over session”, or keep a copy with "
            "“Save session as…”.",
            title="Read-only",
            severity="warning",
            timeout=20,
            markup=False,
        )

    def action_take_over(self) -> None:
        """Make a session opened read-only editable (once the other window closed it)."""
        if not self.document.read_only:
            self.notify("This window can already save the session.", title="Not read-only")
            return
        if self.document.dirty:
            from .dialogs import ConfirmDialog

            self.app.push_screen(
                ConfirmDialog(
                    "Take over and reload the file?",
                    "The session is reloaded from the file, so what you typed in this "
                    "read-only window is replaced. Cancel and use “Save session as…” first "
                    "to keep it.",
                    confirm_label="Take over",
                ),
                callback=lambda yes: self._take_over() if yes else None,
            )
            return
        self._take_over()

    def _take_over(self) -> None:
        from ..storage.tomlio import FileProblem

        try:
            holder = self.document.take_over()
        except FileProblem as problem:
            self.notify(problem.describe(), title="Can't take over", severity="error", markup=False)
            return
        if holder is not None:
            self.notify(
                f"It is still open in {holder.describe()}. Close it there first.",
                title="Still open elsewhere",
                severity="warning",
                markup=False,
            )
            return
        self.status_bar.read_only = False
        self.autosave.resume()
        self.status_bar.save_state = "saved"
        navigator = self.navigator
        if navigator is not None:
            navigator.statuses.clear()
        self._refresh_marks()
        self._refresh_progress()
        self._refresh_words()
        self.run_worker(self.show_step(self.session.current_step), group="take-over")
        self.notify("This window now saves the session.", title="Taken over")

    def action_presenter_mode(self) -> None:
        """Switch to presenter mode (the shared screen); the same key comes back."""
        from .presenter import open_presenter  # loaded when first asked for (start-up)

        open_presenter(self)

    # ------------------------------------------------------------ export
    def default_export_path(self) -> Path:
        """`<session file stem>.md` next to the session file."""
        return self.document.path.with_suffix(".md")

    def action_export(self) -> None:
        """Export the PR/FAQ as Markdown next to the session file."""
        self.export_markdown(self.default_export_path())

    def action_export_as(self) -> None:
        """Ask where to write the Markdown, then export there."""
        from .dialogs import PathDialog

        default = self.default_export_path()
        folder = self._writable_folder(default.parent)
        self.app.push_screen(
            PathDialog("Export to Markdown", folder / default.name, confirm_label="Export"),
            callback=lambda path: self.export_markdown(Path(path)) if path else None,
        )

    def export_markdown(self, path: Path) -> None:
        """Snapshot the session here; build the Markdown and write it in a thread worker.

        The worker only sees the snapshot (plain data copied on this thread),
        never the live session that keeps changing while the user types.
        """
        template = None if self.document.template_missing else self.template
        _revision, data = self.document.snapshot()
        self.run_worker(
            partial(write_snapshot, data, template, path, session_path=self.document.path),
            name=str(path),
            group="export",
            thread=True,
            exit_on_error=False,
        )

    def _export_finished(self, worker: Worker, state: WorkerState) -> None:
        if state is WorkerState.SUCCESS:
            self.last_export = Path(worker.name)
            self.notify(str(self.last_export), title="Exported to Markdown", markup=False, timeout=10)
            return
        self.notify(
            f"{worker.error}\nUse {self.key('command_palette', 'ctrl+p')} → “Export to Markdown as…” to choose another place.",
            title="Export failed",
            severity="error",
            timeout=15,
            markup=False,
        )

    # ------------------------------------------------------------ close
    async def action_close(self) -> None:
        """Save and go back to the list of sessions."""
        self._stop_save_timers()
        if self.document.dirty:
            result = self.document.save_now()
            if result.outside is not None:  # choose first: reload, keep mine or both
                self.show_outside_change()
                return
            if not result.ok:
                from .dialogs import ConfirmDialog

                self._save_failed(result.error)
                self.app.push_screen(
                    ConfirmDialog(
                        "Close without saving?",
                        f"{result.error}\nClosing now loses the changes since the last save. "
                        "Cancel and use “Save session as…” to keep them.",
                        confirm_label="Close without saving",
                    ),
                    callback=lambda yes: self._close_now() if yes else None,
                )
                return
        self._close_now()

    def _close_now(self) -> None:
        self._stop_save_timers()
        self.autosave.close()
        self.document.close()
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    # ------------------------------------------------------------ palette
    def commands(self) -> Iterable[SystemCommand]:
        """This screen's command-palette commands (the app adds them to ctrl+p)."""
        export_to = self.default_export_path()
        yield SystemCommand("Next step", "Go to the next step (F6)", self.action_next_step)
        yield SystemCommand(
            "Previous step", "Go back to the previous step (F5)", self.action_previous_step
        )
        yield SystemCommand("Show steps", "The list of steps, to jump to any (F4)", self.action_steps)
        yield SystemCommand(
            "Save session", "Save now (F2); changes also save by themselves", self.action_save
        )
        yield SystemCommand(
            "Save session as…",
            "Write the session to another file and keep working there",
            self.action_save_as,
        )
        yield SystemCommand(
            "Export to Markdown", f"Write the PR/FAQ to {export_to} (F3)", self.action_export
        )
        yield SystemCommand(
            "Export to Markdown as…", "Choose where the Markdown PR/FAQ goes", self.action_export_as
        )
        yield SystemCommand(
            "Add question", "Type a new FAQ question (ctrl+n on an FAQ step)", self.action_add_question
        )
        yield SystemCommand(
            "Use suggested question",
            "Add one of the template's starter questions (ctrl+g)",
            self.action_use_suggestion,
        )
        view = self.step_view
        if view is not None and view.faq_panel() is not None:
            yield SystemCommand(
                "Answer question", "Type the answer of the selected question", self.action_answer_question
            )
            yield SystemCommand(
                "Edit question", "Change the wording of the selected question", self.action_edit_question
            )
            yield SystemCommand(
                "Mark question answered",
                "Mark the selected question answered, or open again (ctrl+t)",
                self.action_toggle_answered,
            )
            yield SystemCommand(
                "Delete question", "Delete the selected question (undo brings it back)",
                self.action_delete_question,
            )
            yield SystemCommand(
                "Move question up", "Move the selected question up (shift+↑)",
                partial(self.action_move_question, -1),
            )
            yield SystemCommand(
                "Move question down", "Move the selected question down (shift+↓)",
                partial(self.action_move_question, 1),
            )
        yield from self.undo_commands()
        yield SystemCommand(
            "Edit in external editor",
            f"Open the focused box in $VISUAL / $EDITOR ({self.key('edit_external', 'alt+w')})",
            self.action_edit_external,
        )
        yield SystemCommand(
            "Toggle guidance", "Show or hide how to answer this step (F8)",
            partial(self.action_toggle_panel, "guidance"),
        )
        yield SystemCommand(
            "Toggle worked example", "Show or hide an example answer (F9)",
            partial(self.action_toggle_panel, "example"),
        )
        yield SystemCommand(
            "Toggle facilitator notes", "Show or hide notes for the person running the session (F10)",
            partial(self.action_toggle_panel, "notes"),
        )
        yield from self.coach_commands()
        yield from self.facilitation_commands()
        yield from self.outside_commands()
        if self.document.read_only:
            yield SystemCommand(
                "Take over session",
                "Edit and save here once the other window has closed it",
                self.action_take_over,
            )
        yield SystemCommand(
            "Close session", "Save and go back to the list of sessions", self.action_close
        )
        for stage in self.template.stages:
            if stage.steps:
                yield SystemCommand(
                    f"Go to stage: {stage.title}",
                    f"First step: {stage.steps[0].title}",
                    partial(self.show_step, stage.steps[0].id),
                    discover=False,
                )
        for number, (stage, step) in enumerate(self.template.iter_steps(), start=1):
            yield SystemCommand(
                f"Go to step: {step.title}",
                f"{stage.title} · step {number}",
                partial(self.show_step, step.id),
                discover=False,
            )
