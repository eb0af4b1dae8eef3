"""Provides FindingActions: what the coach does with one finding: jump to its words, dismiss it, restore it.

A piece of `CoachPart` (screens/coach.py), made on first use with
`FindingActions(coach)`; the findings panel's requests (jump, dismiss,
restore) reach the screen, which hands them to the coach, which hands them
here. Dismissing and restoring are operations through the session's
dispatcher, so they are undoable like any edit.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from .coach_piece import CoachPiece

if TYPE_CHECKING:
    from ..coach import Finding
    from ..model.session import Session


class FindingActions(CoachPiece):
    """Jumping to, dismissing and restoring findings for one coach."""

    async def jump(self, finding: "Finding") -> None:
        """Show a finding's step, put the cursor in its box and select the offending words."""
        if not finding.step_id:
            self.host.notify(
                "This finding is about the session's title. Rename the session from the "
                "home screen, or dismiss the finding (d).",
                title="Session title",
                markup=False,
            )
            return
        show_step = self.host.show_step
        await show_step(finding.step_id, focus=False)
        view = self.host.step_view
        if view is None:
            return
        target: Any = None
        if finding.item_id:
            panel = view.faq_panel()
            if panel is not None:
                if any(item.id == finding.item_id for item in panel.items):
                    panel.set_items(panel.items, select=finding.item_id)
                widget_id = "#edit-answer" if finding.part == "answer" else "#edit-question"
                found = panel.query(widget_id)
                target = found.first() if found else None
        elif finding.field_id:
            found = view.query(f"#field-{finding.field_id}")
            if found:
                target = found.first().box
        if target is None:
            view.focus_first()
            return
        self.host.set_focus(target)
        from .coach_text import reveal_cursor, select_words

        select_words(target, finding)
        self.host.call_after_refresh(target.scroll_visible, animate=False)
        self.host.set_timer(0.05, partial(reveal_cursor, target), name="coach-reveal")

    def ask_dismiss(self, finding: "Finding") -> None:
        """Ask why, then dismiss the finding for this session."""
        from .prompt import TextPrompt, not_blank

        self.host.app.push_screen(
            TextPrompt(
                "Dismiss this finding — why doesn't it apply?",
                placeholder="e.g. JOIN is the keyword riders text, not an acronym",
                hint=f"{finding.rule_id}: {finding.message}",
                check=not_blank("Say why (it is kept in the session, so others see it)."),
                id="dismiss-prompt",
            ),
            callback=lambda reason: self.dismiss(finding, reason) if reason else None,
        )

    def dismiss(self, finding: "Finding", reason: str) -> bool:
        """Dismiss `finding` with `reason` (kept in the session); return True if it worked."""
        from ..coach.dismissed import dismiss_operation
        from ..dispatch import Dispatcher

        session = self.host.document.session
        try:
            _item, op = dismiss_operation(session, finding, reason, actor=_actor(session))
            Dispatcher.of(session).submit(op)  # undoable like any edit
        except ValueError as error:
            self.host.notify(str(error), title="Not dismissed", severity="warning", markup=False)
            return False
        self.coach.after_edit()
        self.host.notify(
            f"{finding.rule_id} dismissed. v on the findings list shows dismissed ones (d brings one back).",
            title="Dismissed",
            markup=False,
        )
        return True

    def restore(self, finding: "Finding") -> None:
        """Bring back a dismissed finding."""
        from ..coach.dismissed import undismiss_operation
        from ..dispatch import Dispatcher

        session = self.host.document.session
        op = undismiss_operation(session, finding.fingerprint, actor=_actor(session))
        if op is not None and Dispatcher.of(session).submit(op) is not None:
            self.coach.after_edit()
            self.host.notify(f"{finding.rule_id} is back.", title="Restored", markup=False)


def _actor(session: "Session") -> str:
    """Who makes a change: the current contributor, else the facilitator."""
    return session.facilitation.current_contributor or session.facilitator
