"""Provides session_commands: the session screen's command-palette commands.

The screen's `commands()` yields them (the app adds them to ctrl+p); each
runs one of the screen's actions, or a part's (coach, outside edits,
facilitation). The screen passes itself as a `PaletteHost` (the Protocol below).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Protocol

from textual.app import SystemCommand

if TYPE_CHECKING:
    from ..document import OpenDocument
    from ..model.template import Template
    from ..widgets.step_view import StepView
    from .changes import ChangesPart
    from .coach import CoachPart
    from .facilitation import FacilitationPart
    from .outside_edit import OutsideEditPart


class PaletteHost(Protocol):
    """What the palette commands run on the screen (its actions and parts)."""

    def action_add_question(self, *args: Any) -> Any: ...
    def action_answer_question(self, *args: Any) -> Any: ...
    def action_close(self, *args: Any) -> Any: ...
    def action_delete_question(self, *args: Any) -> Any: ...
    def action_edit_external(self, *args: Any) -> Any: ...
    def action_edit_question(self, *args: Any) -> Any: ...
    def action_export(self, *args: Any) -> Any: ...
    def action_export_as(self, *args: Any) -> Any: ...
    def action_move_question(self, *args: Any) -> Any: ...
    def action_next_step(self, *args: Any) -> Any: ...
    def action_previous_step(self, *args: Any) -> Any: ...
    def action_save(self, *args: Any) -> Any: ...
    def action_save_as(self, *args: Any) -> Any: ...
    def action_steps(self, *args: Any) -> Any: ...
    def action_take_over(self, *args: Any) -> Any: ...
    def action_toggle_answered(self, *args: Any) -> Any: ...
    def action_toggle_panel(self, *args: Any) -> Any: ...
    def action_use_suggestion(self, *args: Any) -> Any: ...
    @property
    def coach(self) -> CoachPart: ...
    def default_export_path(self, *args: Any) -> Any: ...
    @property
    def document(self) -> OpenDocument: ...
    @property
    def facilitation(self) -> FacilitationPart: ...
    def key(self, *args: Any) -> Any: ...
    @property
    def outside(self) -> OutsideEditPart: ...
    def show_step(self, *args: Any) -> Any: ...
    @property
    def step_view(self) -> StepView | None: ...
    @property
    def template(self) -> Template: ...
    @property
    def changes(self) -> ChangesPart: ...
    @property
    def last_export(self) -> Path | None: ...
    def action_copy_prfaq(self, *args: Any) -> Any: ...


def session_commands(host: PaletteHost) -> Iterable[SystemCommand]:
    """The session screen's command-palette commands (the app adds them to ctrl+p)."""
    export_to = host.last_export or host.default_export_path()
    yield SystemCommand("Next step", f"Go to the next step ({host.key('next_step', 'f6')})", host.action_next_step)
    yield SystemCommand(
        "Previous step", f"Go back to the previous step ({host.key('previous_step', 'f5')})", host.action_previous_step
    )
    yield SystemCommand("Show steps", f"The list of steps, to jump to any ({host.key('show_steps', 'f4')})", host.action_steps)
    yield SystemCommand(
        "Save session", f"Save now ({host.key('save_session', 'f2')}); changes also save by themselves", host.action_save
    )
    yield SystemCommand(
        "Save session as…",
        "Write the session to another file and keep working there",
        host.action_save_as,
    )
    yield SystemCommand(
        "Export PR/FAQ", f"Write the PR/FAQ to {export_to} ({host.key('export_markdown', 'f3')})", host.action_export
    )
    yield SystemCommand(
        "Export PR/FAQ as…",
        "Markdown, HTML page or Word; a clean copy or everything; choose the file",
        host.action_export_as,
    )
    yield SystemCommand(
        "Copy PR/FAQ", "Put the PR/FAQ in Markdown on the clipboard", host.action_copy_prfaq
    )
    yield SystemCommand(
        "Add question", f"Type a new FAQ question ({host.key('add_question', '^n')} on an FAQ step)", host.action_add_question
    )
    yield SystemCommand(
        "Use suggested question",
        f"Add one of the template's starter questions ({host.key('use_suggestion', '^g')})",
        host.action_use_suggestion,
    )
    view = host.step_view
    if view is not None and view.faq_panel() is not None:
        yield SystemCommand(
            "Answer question", "Type the answer of the selected question", host.action_answer_question
        )
        yield SystemCommand(
            "Edit question", "Change the wording of the selected question", host.action_edit_question
        )
        yield SystemCommand(
            "Mark question answered",
            f"Mark the selected question answered, or open again ({host.key('mark_answered', '^t')})",
            host.action_toggle_answered,
        )
        yield SystemCommand(
            "Delete question", "Delete the selected question (undo brings it back)",
            host.action_delete_question,
        )
        yield SystemCommand(
            "Move question up", f"Move the selected question up ({host.key('faq_move_up', 'shift+↑')})",
            partial(host.action_move_question, -1),
        )
        yield SystemCommand(
            "Move question down", f"Move the selected question down ({host.key('faq_move_down', 'shift+↓')})",
            partial(host.action_move_question, 1),
        )
    yield from host.changes.undo_commands()
    yield SystemCommand(
        "Edit in external editor",
        f"Open the focused box in $VISUAL / $EDITOR ({host.key('edit_external', 'alt+w')})",
        host.action_edit_external,
    )
    yield SystemCommand(
        "Toggle guidance", f"Show or hide how to answer this step ({host.key('toggle_guidance', 'f8')})",
        partial(host.action_toggle_panel, "guidance"),
    )
    yield SystemCommand(
        "Toggle worked example", f"Show or hide an example answer ({host.key('toggle_example', 'f9')})",
        partial(host.action_toggle_panel, "example"),
    )
    yield SystemCommand(
        "Toggle facilitator notes", f"Show or hide notes for the person running the session ({host.key('toggle_notes', 'f10')})",
        partial(host.action_toggle_panel, "notes"),
    )
    yield from host.coach.commands()
    yield from host.facilitation.commands()
    yield from host.outside.commands()
    if host.document.read_only:
        yield SystemCommand(
            "Take over session",
            "Edit and save here once the other window has closed it",
            host.action_take_over,
        )
    yield SystemCommand(
        "Close session", "Save and go back to the list of sessions", host.action_close
    )
    for stage in host.template.stages:
        if stage.steps:
            yield SystemCommand(
                f"Go to stage: {stage.title}",
                f"First step: {stage.steps[0].title}",
                partial(host.show_step, stage.steps[0].id),
                discover=False,
            )
    for number, (stage, step) in enumerate(host.template.iter_steps(), start=1):
        yield SystemCommand(
            f"Go to step: {step.title}",
            f"{stage.title} · step {number}",
            partial(host.show_step, step.id),
            discover=False,
        )
