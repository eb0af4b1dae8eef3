"""Provides FaqPart: the session screen's part for FAQ lists (questions added, edited, moved, deleted).

`FaqPanel` posts one message per event (`Added`, `Edited`, `Deleted`, `Moved`,
`DraftChanged`, `UndoRequested`); the session screen hands each to this part,
which submits the operation (screens/changes.py) and redraws the list. The
screen's FAQ actions (keys and palette commands) come here too. The screen
passes itself as the part's `FaqHost` (the Protocol below).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Awaitable, Callable, Protocol

from ..model.template import FieldType
from ..model.text import normalise
from ..widgets.safe_text import shown
from .session_host import SessionBasics

if TYPE_CHECKING:

    from ..model.operations import Operation
    from ..widgets.faq_list import FaqPanel


class FaqHost(SessionBasics, Protocol):
    """What the FAQ part may ask of its screen (the session screen)."""

    def submit(self, op: Operation) -> Any: ...
    def actor(self) -> str: ...
    def key(self, binding_id: str, default: str) -> str: ...
    def show_step(self, step_id: str, *, focus: bool = True) -> Awaitable[None]: ...
    def action_undo(self) -> Awaitable[None]: ...
    def notify(self, message: str, **kwargs: Any) -> None: ...
    def call_after_refresh(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool: ...


class FaqPart:
    """FAQ lists of a session screen (see the module docstring)."""

    def __init__(self, host: FaqHost) -> None:
        """Create the part; `host` is the screen (it satisfies FaqHost)."""
        self.host = host
        """The screen this is part of."""

    def added(self, event: FaqPanel.Added) -> None:
        """Add a question typed in the new-question box or picked from the suggestions."""
        from ..model import operations as ops  # after the first frame (start-up)

        add = ops.add_faq(event.question, event.kind, actor=self.host.actor())
        # Typed in the box: one step adds the question and empties the box (undo puts the text back).
        draft = ops.SetFaqDraft(event.kind, "", actor=add.actor, at=add.at)
        if self.host.submit(ops.Batch(steps=(add, draft), actor=add.actor, at=add.at)
                       if event.from_box else add) is not None:
            event.panel.set_items(self.host.session.faq_items(event.kind), select=str(add.item["id"]))

    def edited(self, event: FaqPanel.Edited) -> None:
        """Change an item's question, answer or answered mark."""
        from ..model import operations as ops  # after the first frame (start-up)

        item = self.host.session.find_faq(event.item_id)
        if item is None:
            return
        changes = {
            name: value for name, value in event.changes.items()
            if getattr(item, name) != normalise(value)
        }
        if changes.get("status") == "answered" and not changes.get("answer", item.answer).strip():
            self.host.notify(
                "Type the answer first, then mark the question answered.",
                title="No answer yet",
                severity="warning",
            )
            event.panel.refresh_item(item)
            return
        if changes and self.host.submit(ops.EditFaq(item.id, changes, actor=self.host.actor())):
            event.panel.refresh_item(item)

    def deleted(self, event: FaqPanel.Deleted) -> None:
        """Delete an item (undo brings it back)."""
        from ..model import operations as ops  # after the first frame (start-up)

        item = self.host.session.find_faq(event.item_id)
        if item is None or not self.host.submit(ops.DeleteFaq(item.id, actor=self.host.actor())):
            return
        event.panel.set_items(self.host.session.faq_items(event.kind))
        self.host.notify(
            f"Deleted “{shown(item.question)}”. Press {self.host.key('undo', 'ctrl+z')} "
            "(or run Undo from the command palette) to bring it back.",
            title="Question deleted",
            markup=False,
        )

    def moved(self, event: FaqPanel.Moved) -> None:
        """Move an item up or down."""
        from ..model import operations as ops  # after the first frame (start-up)

        if self.host.submit(ops.MoveFaq(event.item_id, event.offset, actor=self.host.actor())) is None:
            self.host.app.bell()
            return
        event.panel.set_items(self.host.session.faq_items(event.kind), select=event.item_id)

    def draft_changed(self, event: FaqPanel.DraftChanged) -> None:
        """Keep the new-question box's text (saved like any answer)."""
        from ..model import operations as ops  # after the first frame (start-up)

        self.host.submit(ops.SetFaqDraft(event.kind, event.question, actor=self.host.actor()))

    async def undo_requested(self, event: FaqPanel.UndoRequested) -> None:
        """The list's undo key: undo the last change, like ctrl+z."""
        await self.host.action_undo()

    async def _faq_panel(self, *, go_there: bool = True) -> FaqPanel | None:
        view = self.host.step_view
        panel = view.faq_panel() if view is not None else None
        if panel is None and go_there:
            target = next(
                (s for s in self.host.template.steps if any(f.type is FieldType.FAQ for f in s.fields)),
                None,
            )
            if target is None:
                self.host.notify("This workshop has no FAQ step.", title="No FAQ")
                return None
            await self.host.show_step(target.id, focus=False)
            view = self.host.step_view
            panel = view.faq_panel() if view is not None else None
        return panel

    async def add_question(self) -> None:
        """Put the cursor in the new-question box (going to the FAQ step if needed)."""
        panel = await self._faq_panel()
        if panel is not None:
            panel.focus_new_question()
            self.host.call_after_refresh(panel.focus_new_question)

    async def use_suggestion(self) -> None:
        """Add a suggested question to the FAQ on screen (going there if needed)."""
        panel = await self._faq_panel()
        if panel is not None:
            panel.action_use_suggestion()

    def _panel_on_screen(self) -> FaqPanel | None:
        view = self.host.step_view
        panel = view.faq_panel() if view is not None else None
        if panel is None:
            self.host.notify(f"Go to an FAQ step first ({self.host.key('command_palette', 'ctrl+p')} → Add question).", title="No FAQ here")
        return panel

    def toggle_answered(self) -> None:
        """Mark the selected question answered (or open again)."""
        panel = self._panel_on_screen()
        if panel is not None:
            panel.action_toggle_answered()

    def delete_question(self) -> None:
        """Delete the selected question (undo brings it back)."""
        panel = self._panel_on_screen()
        if panel is not None and panel.highlighted_id:
            panel.post_message(type(panel).Deleted(panel, panel.kind, panel.highlighted_id))

    def move_question(self, offset: int) -> None:
        """Move the selected question up or down."""
        panel = self._panel_on_screen()
        if panel is not None and panel.highlighted_id:
            panel.post_message(type(panel).Moved(panel, panel.kind, panel.highlighted_id, offset))

    def answer_question(self) -> None:
        """Put the cursor in the selected question's answer."""
        panel = self._panel_on_screen()
        if panel is not None:
            panel.focus_answer()
            self.host.call_after_refresh(panel.focus_answer)

    def edit_question(self) -> None:
        """Put the cursor in the selected question's text."""
        panel = self._panel_on_screen()
        if panel is not None:
            panel.focus_question_editor()
            self.host.call_after_refresh(panel.focus_question_editor)
