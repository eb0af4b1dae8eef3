"""Pilot tests of issue 14's smaller facilitation slips: the step header's timebox, the Decisions step."""

from __future__ import annotations

from pathlib import Path

from session_helpers import SIZE, session_screen, settle
from textual.widgets import Static

from workshop.screens.agenda import AgendaScreen


def _where(app) -> str:
    return str(session_screen(app).step_view.query_one("#step-where", Static).render())


async def test_step_header_follows_the_timebox_changed_in_the_agenda(make_app, sample_session: Path) -> None:
    app = make_app(session_path=sample_session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "⏱ 10 min suggested" in _where(app)
        await pilot.press("alt+a")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("plus", "plus")
        await pilot.press("escape")
        await settle(pilot)
        assert "⏱ 12 min planned" in _where(app)
        await pilot.press("alt+m")  # one more minute, from the facilitation keys
        await settle(pilot)
        assert "⏱ 13 min planned" in _where(app)
        await pilot.press("ctrl+z")  # undoing it brings the header back too
        await settle(pilot)
        assert "⏱ 12 min planned" in _where(app)


async def test_the_decisions_step_shows_and_edits_the_decision_log(make_app, make_session) -> None:
    from datetime import date

    from textual.widgets import DataTable, Input

    from workshop.screens.decisions import DecisionDialog
    from workshop.widgets.decision_panel import DecisionLogPanel

    path = make_session("Decide", participants=["Caro"], current_step="review-decisions")
    app = make_app(session_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        panel = screen.step_view.query_one(DecisionLogPanel)
        table = panel.query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()] == ["Decision", "Why", "Door", "Owner", "Date"]
        table.focus()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, DecisionDialog)
        dialog = app.screen
        dialog.query_one("#decision-what", Input).value = "Launch in one city first"
        dialog.query_one("#decision-why", Input).value = "we can support one city's riders"
        dialog.query_one("#decision-owner", Input).value = "Caro"
        dialog.query_one("#decision-date", Input).value = "2026-01-20"
        dialog.query_one("#decision-what", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        [decision] = screen.session.facilitation.decisions
        assert (decision.what, decision.why, decision.owner, decision.date, decision.step) == (
            "Launch in one city first", "we can support one city's riders", "Caro", date(2026, 1, 20),
            "review-decisions",
        )
        assert table.row_count == 1  # shown on the step at once
        assert str(table.get_row_at(0)[1]).startswith("we can supp")  # cut to fit: door, owner, date stay
        assert [str(c) for c in table.get_row_at(0)[2:]] == ["two-way door", "Caro", "2026-01-20"]
        table.focus()
        await pilot.press("enter")  # edits the row under the cursor
        await pilot.pause()
        assert isinstance(app.screen, DecisionDialog)
        app.screen.query_one("#decision-why", Input).value = "support is local"
        app.screen.query_one("#decision-what", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.session.facilitation.decisions[0].why == "support is local"
        assert str(table.get_row_at(0)[1]).startswith("support is")
        table.focus()
        await pilot.press("d")
        await settle(pilot)
        assert screen.session.facilitation.decisions == [] and table.row_count == 0
        await pilot.press("ctrl+z")  # the one undo history brings it back, on the step too
        await settle(pilot)
        assert len(screen.session.facilitation.decisions) == 1 and table.row_count == 1
