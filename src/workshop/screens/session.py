"""Provides SessionScreen: run one workshop session step by step, with autosave and export."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Header
from textual.worker import Worker

from ..document import OpenDocument
from ..export import words
from ..keys import key_for
from ..model.session import Session
from ..model.template import Step, Template
from ..widgets.fields import FieldEditor
from ..widgets.safe_text import shown
from ..widgets.status_bar import SessionStatusBar
from ..widgets.step_view import StepView
from .breakpoints import start_breakpoints
from .changes import UNDO_BINDINGS, ChangesPart, SessionChanged
from .coach_keys import COACH_BINDINGS
from .decision_step import DecisionStepMixin
from .facilitation_keys import FACILITATION_BINDINGS
from .session_files import SessionFiles
from .session_start import QuickStart
from .session_steps import StepsPart
from .typing import stray_typing

if TYPE_CHECKING:  # mounted after the first frame, imported then (start-up, issue 7)
    from textual.widgets import Collapsible

    from ..autosave import Autosave
    from ..dispatch import Change
    from ..export.write import ExportOptions
    from ..model.operations import Operation
    from ..widgets.faq_list import FaqPanel
    from ..widgets.findings import FindingsPanel
    from ..widgets.navigator import StepNavigator
    from ..widgets.timer import TimerDisplay
    from .coach import CoachPart, CoachState
    from .facilitation import SessionFacilitation
    from .outside_edit import OutsideEditPart
    from .session_faq import FaqPart

class SessionScreen(DecisionStepMixin, Screen):
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

    CSS_PATH = ["session.tcss"]
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
                tooltip="Export the PR/FAQ (Markdown next to the session, or your last choice)"),
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
        # Starts with the breakpoint classes of the terminal it opens in, so its
        # first resize doesn't restyle every widget a second time.
        super().__init__(classes=" ".join(start_breakpoints(type(self), self.app, self.app.size)))
        self.document = document
        """The open session; the app saves every screen's `document` on quit."""
        self.set_reactive(Screen.title, shown(document.session.title))  # in the first frame
        self.changes = ChangesPart(self)
        """Submitting operations, the change listener, undo and redo (screens/changes.py)."""
        self.steps = StepsPart(self)
        """Steps and navigation: show a step, next, previous, the step list (screens/session_steps.py)."""
        self.files = SessionFiles(self)
        """Autosave, save as, read-only, export and close (screens/session_files.py)."""
        self.quick_start = QuickStart(self)
        """The first step in the first frame, the rest right after (screens/session_start.py)."""
        self._resumed = False
        """Whether the screen has been on top (its first `ScreenResume` seen; see `post_message`)."""

    # ------------------------------------------------------------ parts made (and loaded) after the first frame
    @cached_property
    def faq(self) -> FaqPart:
        """FAQ lists: questions added, edited, moved, deleted (screens/session_faq.py)."""
        from .session_faq import FaqPart

        return FaqPart(self)

    @cached_property
    def coach(self) -> CoachPart:
        """The writing coach, practice mode, review and readiness (screens/coach.py)."""
        from .coach import CoachPart

        return CoachPart(self)

    @cached_property
    def outside(self) -> OutsideEditPart:
        """What happens when the file changed outside workshop (screens/outside_edit.py)."""
        from .outside_edit import OutsideEditPart

        return OutsideEditPart(self)

    @cached_property
    def facilitation(self) -> SessionFacilitation:
        """Timer, roster, rounds, votes, parking lot, decisions, agenda (screens/facilitation.py)."""
        from .facilitation import SessionFacilitation

        return SessionFacilitation(self)

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

    def on_key(self, event: events.Key) -> None:
        """A printable key nobody took (focus on a button, a panel title, a list): see screens/typing.py."""
        view = self.step_view
        stray_typing(self, event, view.focus_first if view is not None else lambda: None)

    @property
    def step_view(self) -> StepView | None:
        """The view of the step on screen (None while switching)."""
        # Look in the host only (a query of the whole screen costs ~5 ms per key
        # with a long press release preview on screen).
        host = self.query_one_optional("#step-host", Container)
        if host is None:
            return None
        for child in host.children:
            if isinstance(child, StepView) and not child.leaving:  # not one being taken down
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

    def post_message(self, message: Message) -> bool:
        """Post `message`; the first `ScreenResume` doesn't restyle widgets styled as they were mounted (start-up)."""
        if isinstance(message, events.ScreenResume) and not self._resumed:
            self._resumed = True
            message.refresh_styles = False
        return super().post_message(message)

    async def on_mount(self) -> None:
        """Show the step the session was left on, with its answers.

        The first frame holds what a person needs to start typing: where they
        are, the question and the answer boxes. The step list and the
        facilitation bar are mounted right after it (`QuickStart.mount_rest`), which
        keeps start-up close to a bare Textual app's (issue 7).
        """
        self.title = shown(self.session.title)
        # Before anything else can change the session (a team host serving it starts
        # right after the first frame): every change must reach this screen's autosave.
        self.changes.listen_for_changes()
        self._refresh_progress()
        self._refresh_words()
        await self.quick_start.first_step()

    # ------------------------------------------------------------ steps (screens/session_steps.py)
    @property
    def open_panels(self) -> set[str]:
        """Help panels the user keeps open (remembered from step to step)."""
        return self.steps.open_panels

    async def show_step(self, step_id: str | None = None, *, focus: bool = True, quick: bool = False) -> None:
        """Show a step (rebuilt from the model; None: the one current when this runs)."""
        await self.steps.show_step(step_id, focus=focus, quick=quick)

    async def action_next_step(self) -> None:
        """Go to the next step."""
        await self.steps.next_step()

    async def action_previous_step(self) -> None:
        """Go to the previous step."""
        await self.steps.previous_step()

    def action_steps(self) -> None:
        """Show the step list and put the cursor in it (again: back to the answer)."""
        self.steps.steps()

    def action_toggle_panel(self, panel_id: str) -> None:
        """Expand or collapse guidance, the worked example or facilitator notes."""
        self.steps.toggle_panel(panel_id)

    async def on_step_navigator_jump_requested(self, event: StepNavigator.JumpRequested) -> None:
        event.stop()
        await self.steps.jump_requested(event)

    def on_step_navigator_leave_requested(self, event: StepNavigator.LeaveRequested) -> None:
        event.stop()
        self.steps.leave_requested(event)

    @on(Button.Pressed, "#next-step")
    async def _next_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.steps.next_pressed(event)

    def on_collapsible_expanded(self, event: Collapsible.Toggled) -> None:
        """A help panel opened or closed (by name: Collapsible loads after the first frame)."""
        self.steps.panel_toggled(event)
    on_collapsible_collapsed = on_collapsible_expanded

    def on_resize(self) -> None:
        """Use the compact footer when the screen is narrow, so more keys fit."""
        for footer in self.query("Footer"):  # by name: it is imported after the first frame
            footer.compact = self.size.width < 100  # type: ignore[attr-defined]

    def watch_nav_open(self, nav_open: bool) -> None:
        """Show the step list on narrow screens while it is open."""
        self.set_class(nav_open, "-nav-open")

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
        self.coach.changed()

    def action_resolve_outside_change(self) -> None:
        """Bring back the dialog about the file changed outside workshop."""
        self.outside.resolve()

    def refresh_status(self) -> None:
        """Refresh the step marks, progress and word count (after the session was replaced)."""
        self._refresh_marks()
        self._refresh_progress()
        self._refresh_words()

    def after_change(self) -> None:
        """Update marks, progress and preview, and schedule a save (for the screen's parts)."""
        self._after_change()

    # ------------------------------------------------------------ coach (screens/coach.py)
    @property
    def coach_state(self) -> CoachState:
        """The coach's state (checks run, findings, practice mode)."""
        return self.coach.state

    def action_toggle_findings(self) -> None:
        """Show the findings panel; again: back to the answer."""
        self.coach.toggle_findings()

    def action_toggle_practice(self) -> None:
        """Turn practice mode on or off."""
        self.coach.practice.toggle()

    def action_next_hint(self) -> None:
        """Open the next hint of this step."""
        self.coach.practice.next_hint()

    def action_review_meeting(self) -> None:
        """Open review mode."""
        self.coach.views.review_meeting()

    def action_readiness(self) -> None:
        """Open the readiness view."""
        self.coach.views.readiness()

    def action_export_with_comments(self) -> None:
        """Export the PR/FAQ with the open comments appended."""
        self.coach.views.export_with_comments()

    # By name, not @on: the coach is loaded after the first frame (start-up).
    def on_coach_part_checked(self, message: CoachPart.Checked) -> None:
        message.stop()
        self.coach.checked(message)

    # By name, not @on: FindingsPanel is imported when first shown (start-up).
    def on_findings_panel_leave_requested(self, event: FindingsPanel.LeaveRequested) -> None:
        event.stop()
        self.coach.leave_requested(event)

    async def on_findings_panel_jump_requested(self, event: FindingsPanel.JumpRequested) -> None:
        event.stop()
        await self.coach.jump_requested(event)

    def on_findings_panel_dismiss_requested(self, event: FindingsPanel.DismissRequested) -> None:
        event.stop()
        self.coach.dismiss_requested(event)

    def on_findings_panel_restore_requested(self, event: FindingsPanel.RestoreRequested) -> None:
        event.stop()
        self.coach.restore_requested(event)

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
        count = words.press_release_words(self.session, self.template)
        self.status_bar.words = count
        view = self.step_view
        preview = (
            view.query_one_optional("#pr-preview")
            if view is not None and view.is_press_release
            else None
        )
        if preview is not None:
            # Built when the preview's debounce timer fires, not on every key.
            from ..export import markdown  # once a preview shows (start-up)

            preview.show(lambda: markdown.press_release(self.session, self.template), count)

    # ------------------------------------------------------------ FAQ (screens/session_faq.py)
    # Named handlers: FaqPanel is imported after the first frame (start-up), too late for @on.
    def on_faq_panel_added(self, event: FaqPanel.Added) -> None:
        event.stop()
        self.faq.added(event)

    def on_faq_panel_edited(self, event: FaqPanel.Edited) -> None:
        event.stop()
        self.faq.edited(event)

    def on_faq_panel_deleted(self, event: FaqPanel.Deleted) -> None:
        event.stop()
        self.faq.deleted(event)

    def on_faq_panel_moved(self, event: FaqPanel.Moved) -> None:
        event.stop()
        self.faq.moved(event)

    def on_faq_panel_draft_changed(self, event: FaqPanel.DraftChanged) -> None:
        event.stop()
        self.faq.draft_changed(event)

    async def on_faq_panel_undo_requested(self, event: FaqPanel.UndoRequested) -> None:
        event.stop()
        await self.faq.undo_requested(event)

    async def action_add_question(self) -> None:
        """Put the cursor in the new-question box (going to the FAQ step if needed)."""
        await self.faq.add_question()

    async def action_use_suggestion(self) -> None:
        """Add a suggested question to the FAQ on screen (going there if needed)."""
        await self.faq.use_suggestion()

    def action_toggle_answered(self) -> None:
        """Mark the selected question answered (or open again)."""
        self.faq.toggle_answered()

    def action_delete_question(self) -> None:
        """Delete the selected question (undo brings it back)."""
        self.faq.delete_question()

    def action_move_question(self, offset: int) -> None:
        """Move the selected question up or down."""
        self.faq.move_question(offset)

    def action_answer_question(self) -> None:
        """Put the cursor in the selected question's answer."""
        self.faq.answer_question()

    def action_edit_question(self) -> None:
        """Put the cursor in the selected question's text."""
        self.faq.edit_question()

    def action_edit_external(self) -> None:
        """Edit the focused box in the user's own editor (screens/external_editor.py)."""
        from .external_editor import edit_focused

        edit_focused(self)

    # ------------------------------------------------------------ saving
    def flush_edits(self) -> None:
        """Copy keystrokes the boxes show but have not reported yet into the session (quit, crash)."""
        self.changes.flush_edits()

    # ------------------------------------------------------------ changes (screens/changes.py)
    def actor(self) -> str:
        """Who makes changes from this window: the current contributor, else the facilitator."""
        return self.changes.actor()

    def submit(self, op: Operation) -> Change | None:
        """Apply `op` through the document's dispatcher (None: it changed nothing)."""
        return self.changes.submit(op)

    @on(SessionChanged)
    def _session_changed(self, event: SessionChanged) -> None:
        event.stop()
        self.changes.session_changed(event)

    def on_unmount(self) -> None:
        """Stop hearing the document once the screen is gone."""
        self.changes.stop_listening()

    async def action_undo(self) -> None:
        """Undo the last change to the session, wherever it was made."""
        await self.changes.undo()

    async def action_redo(self) -> None:
        """Redo the last undone change."""
        await self.changes.redo()

    def action_presenter_mode(self) -> None:
        """Switch to presenter mode (the shared screen); the same key comes back."""
        from .presenter import open_presenter  # loaded when first asked for (start-up)

        open_presenter(self.facilitation)

    # ------------------------------------------------------------ facilitation (screens/facilitation.py)
    async def action_facilitation(self, name: str) -> None:
        """Run the facilitation action `name` (FACILITATION_BINDINGS)."""
        await self.facilitation.run(name)

    def on_timer_display_expired(self, message: TimerDisplay.Expired) -> None:
        message.stop()
        self.facilitation.timer_expired(message)

    # ------------------------------------------------------------ files (screens/session_files.py)
    @property
    def autosave(self) -> Autosave:
        """The autosave state (workshop.autosave)."""
        return self.files.autosave

    @property
    def last_export(self) -> Path | None:
        """Where the last export went."""
        return self.files.last_export

    def _schedule_save(self) -> None:
        self.files.schedule_save()

    def stop_save_timers(self, *, retry: bool = True) -> None:
        """Stop the save timer (and the retry timer)."""
        self.files.stop_save_timers(retry=retry)

    def save_in_background(self) -> None:
        """Snapshot the session here and write it in a thread worker (one at a time)."""
        self.files.save_in_background()

    def default_export_path(self) -> Path:
        """`<session file stem>.md` next to the session file."""
        return self.files.default_export_path()

    def export_markdown(self, path: Path) -> None:
        """Export the Markdown PR/FAQ to `path` (in a thread worker; never replacing a file)."""
        self.files.export_markdown(path)

    def export_to(self, path: Path, options: ExportOptions, force: bool) -> None:
        """Export to `path` with `options` (in a thread worker)."""
        self.files.export_to(path, options, force)

    @property
    def export_options(self) -> ExportOptions:
        """The last export's choices (format, clean copy): F3 exports again with them."""
        return self.files.export_options

    @export_options.setter
    def export_options(self, options: ExportOptions) -> None:
        self.files.export_options = options

    def action_copy_prfaq(self) -> None:
        """Put the PR/FAQ in Markdown on the clipboard."""
        self.files.copy_prfaq()

    def action_save(self) -> None:
        """Save now (changes also save by themselves)."""
        self.files.save()

    def action_save_as(self) -> None:
        """Ask for a new file and save the session there."""
        self.files.save_as()

    def action_take_over(self) -> None:
        """Make a session opened read-only editable."""
        self.files.take_over()

    def _export_template(self) -> Template | None:
        return None if self.document.template_missing else self.template

    def action_export(self) -> None:
        """Export the PR/FAQ as Markdown next to the session file."""
        self.files.export()

    def action_export_as(self) -> None:
        """Ask where to write the Markdown, then export there."""
        self.files.export_as()

    async def action_close(self) -> None:
        """Save and go back to the list of sessions."""
        await self.files.close()

    def _show_read_only(self) -> None:
        self.files.show_read_only()

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        self.files.worker_changed(event)

    # ------------------------------------------------------------ palette
    def commands(self) -> Iterable[SystemCommand]:
        """This screen's command-palette commands (screens/session_palette.py)."""
        from .session_palette import (
            session_commands,  # when the palette opens (start-up)
        )

        return session_commands(self)
