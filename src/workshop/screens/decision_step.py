"""Provides DecisionStepMixin: the session screen's side of the decision log shown on the Decisions step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..keys import key_for

if TYPE_CHECKING:  # the panel is imported when a Decisions step is first shown (start-up)
    from ..widgets.decision_panel import DecisionLogPanel
    from .decisions import DecisionForm


class DecisionStepMixin:
    """Opens the decision form for the panel's requests and submits the operations.

    Mixed into a screen that has a `facilitation` part (`FacilitationPart`:
    the live session, the current step and `changed()`). Named handlers
    (`on_…`): a plain mixin's `@on`-decorated ones are never registered.
    """

    def on_decision_log_panel_add_requested(self, event: "DecisionLogPanel.AddRequested") -> None:
        """Log a new decision on this step."""
        event.stop()
        self.facilitation.log_decision()  # type: ignore[attr-defined]  # the screen's FacilitationPart

    def on_decision_log_panel_edit_requested(self, event: "DecisionLogPanel.EditRequested") -> None:
        """Edit a decision in the form."""
        from .decisions import DecisionDialog, replace_op

        event.stop()
        live = self.facilitation.live()  # type: ignore[attr-defined]
        decision = live.find_decision(event.decision_id)
        if decision is None:
            return

        def edited(form: "DecisionForm | None") -> None:
            if form is not None:
                self.facilitation._submit_live(replace_op(decision, form, actor=live.contributor))  # type: ignore[attr-defined]
                self.facilitation.changed()  # type: ignore[attr-defined]
            for panel in self.query("DecisionLogPanel"):  # type: ignore[attr-defined]
                panel.table.focus()  # back where the user was (the form had the focus)

        self.app.push_screen(DecisionDialog(list(live.participants), decision), edited)  # type: ignore[attr-defined]

    def on_decision_log_panel_delete_requested(self, event: "DecisionLogPanel.DeleteRequested") -> None:
        """Delete a decision (undo brings it back)."""
        from ..model import operations as ops

        event.stop()
        live = self.facilitation.live()  # type: ignore[attr-defined]
        if live.find_decision(event.decision_id) is None:
            return
        self.facilitation._submit_live(ops.DeleteDecision(event.decision_id, actor=live.contributor))  # type: ignore[attr-defined]
        self.facilitation.changed()  # type: ignore[attr-defined]
        self.notify(  # type: ignore[attr-defined]
            f"Decision deleted. Press {key_for(self, 'undo', 'ctrl+z')} to undo.",  # type: ignore[arg-type]
            title="Deleted",
        )
