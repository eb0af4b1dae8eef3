"""Provides CoachViews: the coach's pushed views (review meeting, readiness) and the export with comments.

A piece of `CoachPart` (screens/coach.py), which makes one `CoachViews(self)`;
the screen's `review_meeting`, `readiness` and `export_with_comments` actions
come here.
"""

from __future__ import annotations

from .coach_piece import CoachPiece


class CoachViews(CoachPiece):
    """Review meeting, readiness and the export with comments of one coach."""

    def review_meeting(self) -> None:
        """Open review mode: the whole PR/FAQ to read, then comments."""
        from .review import ReviewScreen

        document = self.host.document
        template = None if document.template_missing else document.template
        self.host.app.push_screen(
            ReviewScreen(document.session, template, on_change=self._coach_review_changed,
                         dispatcher=document.dispatcher),
            callback=self._coach_review_closed,
        )

    def _coach_review_changed(self) -> None:
        # The document's change event already refreshed and saved (SessionChanged).
        self.coach.paint_badges()

    def _coach_review_closed(self, _result: object = None) -> None:
        """Back from review: FAQ lists on screen show any question a comment became."""
        view = self.host.step_view
        panel = view.faq_panel() if view is not None else None
        if panel is not None:
            panel.set_items(self.host.document.session.faq_items(panel.kind))
        self.coach.paint_badges()
        self.coach.check_now()

    def readiness(self) -> None:
        """Open the readiness view: each stage's checklist and check results."""
        from ..widgets.navigator import (
            StepNavigator,  # mounted after the first frame (start-up)
        )
        from .readiness import ReadinessScreen

        for navigator in self.host.query(StepNavigator):
            navigator.show_all_marks()  # asked for: every step's marks, visited or not
        document = self.host.document
        self.host.app.push_screen(
            ReadinessScreen(
                document.session,
                document.template,
                report=self.state.report,
                on_change=self.coach.after_edit,
                dispatcher=document.dispatcher,
            ),
            callback=self._coach_readiness_closed,
        )

    async def _coach_readiness_closed(self, result: object = None) -> None:
        """Back from readiness: go to the finding or step picked there, if any."""
        if isinstance(result, str) and result:
            show_step = self.host.show_step
            await show_step(result)
        elif result is not None and hasattr(result, "rule_id"):
            await self.coach.jump(result)  # type: ignore[arg-type]


    def export_with_comments(self) -> None:
        """Export the PR/FAQ with the open comments appended, next to the session file (asking before a replace).

        The session screen's `export_to` writes it (from a snapshot, in a worker), as every export of the app.
        """
        from ..export.write import ExportOptions
        from .export_dialog import ExportRequest, confirm_replace

        path = self.host.default_export_path()
        request = ExportRequest(path, ExportOptions(with_comments=True))
        session_path = self.host.document.path
        confirm_replace(self.host, request, self.host.export_to, session_path=session_path)
