"""Tests that the new-session form offers both built-in templates and makes a Feature PR/FAQ session (issue 14 §4)."""

from __future__ import annotations

from pathlib import Path

from session_helpers import SIZE, settle
from textual.widgets import Input, Select, Static

from workshop import store
from workshop.screens.new_session import NewSessionScreen


async def test_the_new_session_form_offers_both_templates(make_app, sessions_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, NewSessionScreen)
        select = form.query_one("#template", Select)
        offered = {template.id for template in form.templates}  # what the Select lists
        assert {"working-backwards", "feature-prfaq"} <= offered
        assert select.value == "working-backwards"
        select.value = "feature-prfaq"
        await pilot.pause()
        help_text = str(form.query_one("#template-help", Static).render())
        assert "one-hour" in help_text and "9 steps" in help_text
        form.query_one("#title", Input).value = "Swap check"
        form.query_one("#title", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        [path] = sessions_dir.glob("*.toml")
        session = store.load(path)
        assert session.template_id == "feature-prfaq"
        assert app.screen.document.template.id == "feature-prfaq"
