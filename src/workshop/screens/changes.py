"""Provides ChangesPart: the session screen's end of the one change path (submit, undo, redo).

Widgets post messages; the screen turns them into operations and calls
`submit`; the document's dispatcher applies and records them and calls the
listener installed here, which posts one `SessionChanged` message to the
screen; the screen hands it to `ChangesPart.session_changed`, which refreshes
marks, progress and preview and schedules the save: the one place a change is
saved from. The screen passes itself as the part's `ChangesHost` (a Protocol). ctrl+z / ctrl+y (and the
palette's "Undo" / "Redo") undo and redo the last change wherever it was
made, and show it: the box or list on screen is set from the model, or the
step it is on comes up, or (for changes no step shows) a notification says
what was undone. See docs/architecture.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Iterable, Iterator, Protocol

from textual.app import SystemCommand
from textual.binding import Binding
from textual.message import Message

from ..model.template import FieldType
from ..model.text import normalise
from ..widgets.typeahead import handle_typeahead

if TYPE_CHECKING:  # imported after the first frame (start-up: ~10 ms of dataclasses)
    from textual.screen import Screen

    from ..dispatch import Change, Dispatcher
    from ..document import OpenDocument
    from ..model import operations as ops
    from ..model.session import Session
    from ..widgets.step_view import StepView
    from .facilitation import SessionFacilitation
    from .session_files import SessionFiles

UNDO_BINDINGS = [
    # Priority: TextArea binds ctrl+z / ctrl+y to its own undo; there is one undo here.
    Binding("ctrl+z", "undo", "Undo", id="undo", show=False, priority=True,
            tooltip="Undo the last change, wherever it was made"),
    Binding("ctrl+y", "redo", "Redo", id="redo", show=False, priority=True,
            tooltip="Redo the last undone change"),
]
"""Session-wide undo and redo (remappable by their ids)."""


def undo_in_view(
    view: "Screen[Any]", dispatcher: "Dispatcher", *, undo: bool,
    redraw: "Callable[[Change], None]", shows: "Callable[[Change], bool]",
) -> "Change | None":
    """Undo (or redo) the last change to the session from a pushed view (readiness, voting, roster…).

    The view is redrawn from the model (`redraw`); a change it does not show
    (`shows` is False: a change made elsewhere) is named in a notification,
    and "nothing to undo" is said too.
    """
    change = dispatcher.undo() if undo else dispatcher.redo()
    what = "undo" if undo else "redo"
    if change is None:
        view.notify(f"There is nothing to {what}.", title=f"Nothing to {what}")
        return None
    redraw(change)
    if not shows(change):
        view.notify(f"{'Undone' if undo else 'Redone'}: {change.step.forward.describe()}.",
                    title=what.capitalize())
    return change


class UndoInView:
    """ctrl+z / ctrl+y (`UNDO_BINDINGS`) in a pushed view (readiness, voting, roster…): the session's one history.

    The view provides `dispatcher`, `redraw_after_undo(change)` (redraw from
    the model) and `shows_change(change)` (False: a change made elsewhere,
    named in a notification).
    """

    dispatcher: "Dispatcher"

    def redraw_after_undo(self, change: "Change") -> None:
        """Redraw the view from the model after an undo or redo."""
        raise NotImplementedError

    def shows_change(self, change: "Change") -> bool:
        """True when the view itself shows what `change` changed."""
        raise NotImplementedError

    def action_undo(self) -> None:
        """Undo the last change to the session, wherever it was made."""
        undo_in_view(self, self.dispatcher, undo=True,  # type: ignore[arg-type]
                     redraw=self.redraw_after_undo, shows=self.shows_change)

    def action_redo(self) -> None:
        """Redo the last undone change."""
        undo_in_view(self, self.dispatcher, undo=False,  # type: ignore[arg-type]
                     redraw=self.redraw_after_undo, shows=self.shows_change)


@dataclass
class SessionChanged(Message):
    """The session changed (an edit, an undo or a redo): the one change message."""

    change: "Change"
    """What the dispatcher applied."""


class ChangesHost(Protocol):
    """What the changes part may ask of its screen (the session screen)."""

    document: OpenDocument
    """The open session (its dispatcher)."""
    files: SessionFiles
    """Saving (a draft's change only schedules a save)."""
    facilitation: SessionFacilitation
    """The facilitation bar follows an undone live change."""

    @property
    def app(self) -> Any: ...
    @property
    def session(self) -> Session: ...
    @property
    def step_view(self) -> StepView | None: ...
    def show_step(self, step_id: str, *, focus: bool = True) -> Awaitable[None]: ...
    def after_change(self) -> None: ...
    def key(self, binding_id: str, default: str) -> str: ...
    def notify(self, message: str, **kwargs: Any) -> None: ...
    def post_message(self, message: Message) -> bool: ...


class ChangesPart:
    """Submitting operations, the change listener, undo and redo, for the session screen."""

    def __init__(self, host: ChangesHost) -> None:
        """Create the part; `host` is the screen (it satisfies ChangesHost)."""
        self.host = host
        """The screen this is part of."""
        self._change_listener: Callable[[Change], None] | None = None

    @property
    def document(self) -> OpenDocument:
        """The open session."""
        return self.host.document

    def actor(self) -> str:
        """Who makes changes from this window: the current contributor, else the facilitator."""
        session = self.document.session
        return session.facilitation.current_contributor or session.facilitator

    def submit(self, op: ops.Operation) -> Change | None:
        """Apply `op` through the document's dispatcher (None: it changed nothing)."""
        self.listen_for_changes()
        return self.document.dispatcher.submit(op)

    def listen_for_changes(self) -> None:
        """Post `SessionChanged` to this screen for every change of its document (once)."""
        if self._change_listener is None:
            def listener(change: Change) -> None:
                self.host.post_message(SessionChanged(change))

            self._change_listener = listener
            self.document.dispatcher.listeners.append(listener)

    def stop_listening(self) -> None:
        """Stop hearing the document's changes (the screen is going away)."""
        if self._change_listener is not None:
            listeners = self.document.dispatcher.listeners
            if self._change_listener in listeners:
                listeners.remove(self._change_listener)
            self._change_listener = None

    def session_changed(self, event: SessionChanged) -> None:
        """Refresh what shows progress and schedule the save (the one place a change saves from)."""
        from ..model import operations as ops

        if isinstance(event.change.op, ops.SetFaqDraft):
            self.host.files.schedule_save()  # nothing else shows a draft
        else:
            self.host.after_change()

    def flush_edits(self) -> None:
        """Copy keystrokes the boxes show but have not reported yet into the session.

        The app calls this before saving on quit or after a crash, and a step
        change calls it before the boxes go away, because the messages of the
        last keys may still be queued. Boxes whose text was already reported
        are left alone, so a model change made elsewhere is never overwritten.
        """
        view = self.host.step_view
        if view is None:
            return
        # The first step's show_step calls this before the first frame, when
        # nothing is unreported: importing the operations then cost ~15 ms of
        # start-up (their ~140 dataclasses), so they load only when needed.
        pending_values = [(e, e.unreported()) for e in view.editors()]
        panel = view.faq_panel()
        draft = panel.unreported_draft() if panel is not None else None
        pending = panel.unreported_edit() if panel is not None else None
        if draft is None and pending is None and all(v is None for _, v in pending_values):
            return
        from ..model import operations as ops  # after the first frame (start-up)

        actor = self.actor()
        for editor, value in pending_values:
            if value is not None:
                self.submit(ops.SetAnswer(editor.step_id, editor.field.id, value, actor=actor))
        if panel is not None and draft is not None:
            self.submit(ops.SetFaqDraft(panel.kind, draft, actor=actor))
        if pending is not None:
            item_id, question, answer = pending
            item = self.host.session.find_faq(item_id)
            if item is not None:
                changes: dict[str, str] = {}
                if question.strip() and normalise(question) != item.question:
                    changes["question"] = question
                if normalise(answer) != item.answer:
                    changes["answer"] = answer
                if changes:
                    self.submit(ops.EditFaq(item_id, changes, actor=actor))

    # ------------------------------------------------------------ undo / redo
    async def undo(self) -> None:
        """Undo the last change to the session, wherever it was made."""
        await self._undo_or_redo(undo=True)

    async def redo(self) -> None:
        """Redo the last undone change."""
        await self._undo_or_redo(undo=False)

    async def _undo_or_redo(self, *, undo: bool) -> None:
        await handle_typeahead(self.host.app)  # keys typed before ctrl+z count
        self.flush_edits()
        self.listen_for_changes()
        dispatcher = self.document.dispatcher
        change = dispatcher.undo() if undo else dispatcher.redo()
        if change is None:
            what = "undo" if undo else "redo"
            self.host.notify(f"There is nothing to {what}.", title=f"Nothing to {what}")
            return
        await self._show_change(change, undo=undo)

    def _faq_kind(self, change: Change) -> str:
        from ..model import operations as ops

        session = self.document.session
        for op in _flat((change.op, change.step.forward, change.step.inverse)):
            if isinstance(op, ops.SetFaqDraft):
                return op.faq_kind
            if isinstance(op, ops.AddFaq):
                return str(op.item.get("kind", "customer"))
            if isinstance(op, ops.AddIdea) and op.idea.get("faq_kind"):
                return str(op.idea["faq_kind"])  # an idea that became a question
            item_id = getattr(op, "item_id", "")
            item = session.find_faq(item_id) if item_id else None
            if item is not None:
                return item.kind
        return ""

    def _step_of(self, change: Change) -> str:
        """The step that shows the change ("" when no step does)."""
        from ..model import operations as ops

        flat = list(_flat([change.op]))
        answer = next((op for op in flat if isinstance(op, ops.SetAnswer)), None)
        if answer is not None:  # also an idea's list, inside a batch
            return answer.step_id
        if change.part == "faq" or any(op.PART == "faq" for op in flat):
            kind = self._faq_kind(change)
            for step in self.document.template.steps:
                if any(f.type is FieldType.FAQ and f.faq_kind == kind for f in step.fields):
                    return step.id
        return ""

    async def _show_change(self, change: Change, *, undo: bool) -> None:
        """Bring what was undone or redone into view, set from the model."""
        from ..model import operations as ops

        session = self.document.session
        target = self._step_of(change)
        if not target or self.document.template.step(target) is None:
            words = change.step.forward.describe()
            self.host.notify(
                f"{'Undone' if undo else 'Redone'}: {words}.", title="Undo" if undo else "Redo"
            )
            if change.part == "facilitation":
                self.host.facilitation.refresh()
            return
        if change.part == "facilitation":
            self.host.facilitation.refresh()
        if target != session.current_step:
            await self.host.show_step(target, focus=False)
        view = self.host.step_view
        if view is None:
            return
        flat = list(_flat([change.op]))
        op = next((o for o in flat if isinstance(o, ops.SetAnswer)), flat[0] if flat else change.op)
        if isinstance(op, ops.SetAnswer):
            for editor in view.editors():
                if editor.field.id == op.field_id:
                    editor.show_answer(session.get_answer(op.step_id, op.field_id))
                    editor.focus_box()
            return
        panel = view.faq_panel()
        kind = self._faq_kind(change)
        if panel is not None and panel.kind == kind:
            select = getattr(op, "item_id", "") or (
                str(op.item.get("id", "")) if isinstance(op, ops.AddFaq) else None
            )
            if isinstance(op, ops.DeleteFaq):
                select = None
            panel.reload(session.faq_items(kind), session.faq_drafts.get(kind, ""),
                         select=select or None)

    def undo_commands(self) -> Iterable[SystemCommand]:
        """The palette's "Undo" and "Redo" (with the keys they are on now)."""
        dispatcher = self.document.dispatcher
        if dispatcher.can_undo:
            yield SystemCommand(
                "Undo", f"Undo the last change, wherever it was made ({self.host.key('undo', 'ctrl+z')})",
                self.undo,
            )
        if dispatcher.can_redo:
            yield SystemCommand(
                "Redo", f"Redo the last undone change ({self.host.key('redo', 'ctrl+y')})",
                self.redo,
            )


def _flat(operations: Iterable[ops.Operation]) -> Iterator[ops.Operation]:
    """The operations, with every batch replaced by its steps."""
    from ..model import operations as ops

    for op in operations:
        if isinstance(op, ops.Batch):
            yield from _flat(op.steps)
        else:
            yield op
