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
